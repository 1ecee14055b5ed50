"""The audit on Dask's LocalCluster gives the same outputs as the local processes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from jixiao.services.audit import AuditOptions, run_audit
from tests.services.test_audit import OUTPUTS, make_batch

distributed = pytest.importorskip("distributed")


def test_the_cluster_path_gives_the_same_outputs(tmp_path: Path) -> None:
    batch = make_batch(tmp_path)
    local, remote = tmp_path / "local", tmp_path / "remote"
    options = {"paths": (str(batch),), "profile": "shanghai-2024", "sample": 5, "seed": 2}
    alone = run_audit(AuditOptions(out=str(local), jobs=2, **options))  # type: ignore[arg-type]
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        summary = run_audit(AuditOptions(out=str(remote), cluster=cluster.scheduler_address,
                                         **options))  # type: ignore[arg-type]
        assert summary.forms == alone.forms > 20 and summary.reused == 0
        again = run_audit(AuditOptions(out=str(remote), cluster=cluster.scheduler_address,
                                       resume=True, **options))  # type: ignore[arg-type]
        assert again.reused == again.files  # the workers found every part done
        cli = subprocess.run([sys.executable, "-m", "jixiao.cli", "audit", str(batch), "--out",
                              str(remote), "--profile", "shanghai-2024", "--sample", "5",
                              "--seed", "2", "--cluster", cluster.scheduler_address],
                             capture_output=True, text=True)
        assert cli.returncode == 0, cli.stderr
        assert f"沿用上次结果 {again.files}）" in cli.stderr
    for name in OUTPUTS:
        assert (remote / name).read_bytes() == (local / name).read_bytes(), name
