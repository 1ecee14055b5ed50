"""LibreOffice for the tests: find it, and convert files with it in a private profile.

Locally a test that needs LibreOffice is skipped when it is not installed; in CI (`CI` set)
it fails instead, because CI installs LibreOffice (scripts/system-deps.sh).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def require_soffice() -> str:
    """The LibreOffice executable; skips the test without it (fails it in CI)."""
    if SOFFICE is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is not installed (scripts/system-deps.sh installs it)")
        pytest.skip("LibreOffice is not installed")
    return SOFFICE


def convert(sources: list[Path], target: str, outdir: Path) -> list[Path]:
    """Each source converted by LibreOffice to `target` (`xls`, `ods`, `doc`, `odt`, `rtf`,
    `pdf`, …) in `outdir`, in one LibreOffice run; returns the converted files in order."""
    soffice = require_soffice()
    profile = outdir / f".profile-{target}"
    subprocess.run([soffice, "--headless", "--norestore",
                    f"-env:UserInstallation={profile.as_uri()}",
                    "--convert-to", target, "--outdir", str(outdir), *map(str, sources)],
                   check=True, capture_output=True, timeout=300)
    out = [outdir / f"{source.stem}.{target.partition(':')[0]}" for source in sources]
    missing = [p.name for p in out if not p.is_file()]
    assert not missing, f"LibreOffice did not write {missing}"
    return out
