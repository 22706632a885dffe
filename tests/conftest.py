"""Shared fixtures: the sample site built once per test session, and HTML helpers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import settings as hypothesis_settings

# No per-example time limit: on a slow, shared machine one example can stall past
# Hypothesis's 200 ms default, which would fail a test that found nothing wrong.
hypothesis_settings.register_profile("no-deadline", deadline=None)
hypothesis_settings.load_profile("no-deadline")

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_CONTENT = ROOT / "tests" / "site" / "content"
"""The sample site the tests build: a frozen copy of the content the project started
with, so that authors writing in content/ never change what the tests expect
(tests/build/test_real_content.py checks content/ itself, on rules true of any site)."""


def build_site(
    content: Path,
    output: Path,
    settings: Path = ROOT / "pelicanconf.py",
    extra_settings: dict | None = None,
) -> subprocess.CompletedProcess:
    """Build `content` with the project's settings into `output`, in a child process.

    `extra_settings` override settings (written to a small settings file that imports
    the project's own), so a test can build a tiny site with one option changed.
    """
    settings_file = settings
    if extra_settings:
        settings_file = output.parent / f"{output.name}-settings.py"
        lines = [
            "import sys",
            f"sys.path.insert(0, {str(ROOT)!r})",
            f"exec(open({str(settings)!r}, encoding='utf-8').read())",
        ]
        lines += [f"{key} = {value!r}" for key, value in extra_settings.items()]
        lines.append("globals().update(url_settings(OFFLINE_URLS))")
        settings_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    command = [
        sys.executable, "-m", "pelican", str(content), "-o", str(output),
        "-s", str(settings_file), "--fatal", "errors",
        "-e", f'THEME="{ROOT / "theme"}"', f'PLUGIN_PATHS=["{ROOT / "plugins"}"]',
    ]  # fmt: skip
    # A wide console keeps Pelican's (rich) log lines whole, so messages can be searched.
    env = {**os.environ, "COLUMNS": "1000", "TERM": "dumb"}
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env)
    return result


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The sample site (tests/site/content/), built once for the whole session."""
    output = tmp_path_factory.mktemp("site") / "output"
    result = build_site(SAMPLE_CONTENT, output)
    assert result.returncode == 0, f"build failed:\n{result.stdout}\n{result.stderr}"
    return output


def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def html_files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))
