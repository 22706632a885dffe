"""The chosen Whoosh fork imports as `whoosh` and compiles without warnings."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

COMPILE = (
    "import compileall, sys, warnings; warnings.simplefilter('error'); "
    "sys.exit(0 if compileall.compile_dir(sys.argv[1], quiet=1, force=True, legacy=True, ddir='w') else 1)"
)


def whoosh_dir() -> Path:
    import whoosh

    return Path(whoosh.__file__).parent


def find_python(version: str) -> str | None:
    """An interpreter of that version that really runs (pyenv shims may not)."""
    candidates = [shutil.which(f"python{version}")]
    candidates += sorted(
        str(p) for p in Path.home().glob(f".pyenv/versions/{version}.*/bin/python")
    )
    for candidate in filter(None, candidates):
        check = subprocess.run([candidate, "-c", "import sys; print(sys.version_info[:2])"],
                               capture_output=True, text=True)  # fmt: skip
        if check.returncode == 0 and check.stdout.strip() == str(
            tuple(map(int, version.split(".")))
        ):
            return candidate
    return None


@pytest.mark.parametrize("version", ["3.11", "3.12", "3.13"])
def test_whoosh_compiles_without_warnings(version, tmp_path):
    executable = (
        sys.executable
        if version == "3.11" and sys.version_info[:2] == (3, 11)
        else find_python(version)
    )
    if executable is None:
        pytest.skip(f"no Python {version} on this machine")
    copy = tmp_path / "whoosh"
    shutil.copytree(whoosh_dir(), copy, ignore=shutil.ignore_patterns("__pycache__"))
    result = subprocess.run([executable, "-c", COMPILE, str(copy)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_whoosh_is_the_maintained_fork():
    from importlib.metadata import distribution

    assert distribution("whoosh3").version == "3.54.0"
    import whoosh.analysis  # noqa: F401  (imports under the classic name)
