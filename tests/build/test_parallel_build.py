"""Building on every core gives the very same site, and the very same report, as one process."""

from __future__ import annotations

import shutil

import pytest

from plugins.content_index.parallel import can_fork
from tests.build.test_bad_input import BAD_FILES, build, previous_site, write_site
from tests.conftest import SAMPLE_CONTENT, build_site

pytestmark = pytest.mark.skipif(not can_fork(), reason="no fork on this platform")

# Read ahead in two workers, build search and the graph layout in forked children and
# render every other page in another, whatever the size of the site; or one process.
PARALLEL = {
    "CONTENT_INDEX_WORKERS": 2,
    "CONTENT_INDEX_PARALLEL_MIN_FILES": 0,
    "PARALLEL_PAGES_MIN_ARTICLES": 0,
}
SERIAL = {"PARALLEL_BUILD": False}


def test_parallel_and_serial_builds_write_identical_sites(tmp_path):
    outputs = {}
    for name, settings in (("parallel", PARALLEL), ("serial", SERIAL)):
        output = tmp_path / name / "output"
        output.parent.mkdir()
        result = build_site(SAMPLE_CONTENT, output, extra_settings=settings)
        assert result.returncode == 0, result.stdout + result.stderr
        outputs[name] = output
    files = {
        name: sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
        for name, out in outputs.items()
    }
    assert files["parallel"] == files["serial"] and len(files["serial"]) > 100
    different = [
        str(rel)
        for rel in files["serial"]
        if (outputs["parallel"] / rel).read_bytes() != (outputs["serial"] / rel).read_bytes()
    ]
    assert different == []


def test_parallel_reading_reports_every_mistake_like_a_serial_build(tmp_path):
    reports = {}
    for name, settings in (("parallel", PARALLEL), ("serial", SERIAL)):
        root = tmp_path / name
        root.mkdir()
        content = write_site(root, BAD_FILES)
        output = previous_site(root)
        code, lines = build(
            root, content, output, overrides={"CONTENT_CHECKS_MAX_FILE_BYTES": 20_000, **settings}
        )
        assert code == 1
        assert (output / "index.html").read_text("utf-8") == "<p>previous site</p>"
        reports[name] = sorted(
            line.replace(str(root), "ROOT")
            for line in lines
            if ": error:" in line or ": warning:" in line
        )
    assert reports["parallel"] == reports["serial"]
    assert len(reports["serial"]) >= 15
    shutil.rmtree(tmp_path)
