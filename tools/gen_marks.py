"""Write plugins/content_index/analysis_marks.json: the BMP's combining marks.

The analyzer's word pattern needs the code points of Unicode category M in the Basic
Multilingual Plane. Asking `unicodedata` about all 65,536 of them takes about 20 ms,
at the start of every build process; the file keeps the answer for the Unicode version
of the Python that wrote it (analysis.py asks again when its own version differs).

    python tools/gen_marks.py           # rewrite the file
    python tools/gen_marks.py --check   # exit 1 if it is not this Python's answer

tests/unit/test_analysis.py runs the check.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from plugins.content_index import analysis  # noqa: E402


def text() -> str:
    ranges = analysis.bmp_mark_ranges()
    lines = ",\n".join(f"    [{a}, {b}]" for a, b in ranges)
    return (
        "{\n"
        '  "_comment": "BMP combining marks (category M) as code point ranges, written by '
        "tools/gen_marks.py for the Unicode version below; read by "
        'plugins/content_index/analysis.py.",\n'
        f'  "unicode": {json.dumps(unicodedata.unidata_version)},\n'
        f'  "ranges": [\n{lines}\n  ]\n'
        "}\n"
    )


def main(argv: list[str]) -> int:
    expected = text()
    if "--check" in argv:
        current = analysis.MARKS_PATH.read_text(encoding="utf-8")
        if current != expected:
            print(f"{analysis.MARKS_PATH} is out of date: run python tools/gen_marks.py")
            return 1
        return 0
    analysis.MARKS_PATH.write_text(expected, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
