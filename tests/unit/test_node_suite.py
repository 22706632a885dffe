"""The Node tests (pure browser modules: analyzer, search core) run with the Python suite."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.conftest import ROOT


def test_node_test_suite_passes():
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is required for the browser-module tests (apt-get install nodejs)")
    files = sorted(str(p) for p in (ROOT / "tests/node").glob("*.test.mjs"))
    assert files, "no Node tests found"
    result = subprocess.run([node, "--test", *files], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
