"""Write `src/jixiao/core/traditional.py`'s table from OpenCC (t2s, character by character).

    .venv/bin/python scripts/traditional_table.py

Run it after upgrading opencc; `tests/core/test_traditional.py` fails while the committed table
and OpenCC's disagree.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

TARGET = Path(__file__).resolve().parent.parent / "src" / "jixiao" / "core" / "traditional.py"
_PAIRS = re.compile(r'(_TRADITIONAL = \(\n)(.*?)(\)\n_SIMPLIFIED = \(\n)(.*?)(\)\n)', re.S)
PER_LINE = 40


def opencc_pairs() -> tuple[str, str]:
    """(traditional-only characters, their simplified ones): characters that are also simplified
    (后, 干, 里 …) and those OpenCC turns into several characters are left out, so that a
    conversion never changes a text's length."""
    import opencc

    chars = [chr(c) for c in (*range(0x3400, 0x4DC0), *range(0x4E00, 0xA000))]
    converted = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    simplified = set(converted)
    pairs = [(c, s) for c, s in zip(chars, converted, strict=True)
             if s != c and len(s) == 1 and c not in simplified]
    return "".join(c for c, _ in pairs), "".join(s for _, s in pairs)


def _lines(text: str) -> str:
    return "".join(f'    "{text[i:i + PER_LINE]}"\n' for i in range(0, len(text), PER_LINE))


def main() -> int:
    traditional, simplified = opencc_pairs()
    source = TARGET.read_text(encoding="utf-8")
    new, count = _PAIRS.subn(lambda m: m[1] + _lines(traditional) + m[3] + _lines(simplified)
                             + m[5], source)
    if count != 1:
        print(f"{TARGET}: table not found", file=sys.stderr)
        return 1
    TARGET.write_text(new, encoding="utf-8")
    print(f"{TARGET}: {len(traditional)} characters")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
