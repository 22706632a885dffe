"""`invoke suggest-tags PATH`: ranked known tags with reasons; the file is never changed."""

from __future__ import annotations

import json
from pathlib import Path

from plugins.taxonomy.cli import main
from plugins.taxonomy.model import load_taxonomy, resolve_tags
from tests.conftest import ROOT, SAMPLE_CONTENT

ARTICLE = SAMPLE_CONTENT / "articles/fr/social-business-utile-ou-rentable.md"


def sample_settings(folder: Path) -> Path:
    """The project's settings with the sample site as content."""
    settings = folder / "sample.py"
    settings.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\n"
        f"exec(open({str(ROOT / 'pelicanconf.py')!r}, encoding='utf-8').read())\n"
        f"PATH = {str(SAMPLE_CONTENT)!r}\nTHEME = {str(ROOT / 'theme')!r}\n"
        f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n",
        encoding="utf-8",
    )
    return settings


def test_suggestions_are_known_new_concepts_with_reasons(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the command moves to the settings' folder
    before = ARTICLE.read_bytes()
    assert main([str(ARTICLE), "--json", "--settings", str(sample_settings(tmp_path))]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows, "the sample article should get suggestions"
    taxonomy = load_taxonomy(SAMPLE_CONTENT / "taxonomy.toml", ("fr", "en"))
    header = ARTICLE.read_text("utf-8").split("\n\n", 1)[0]
    tags = next(line for line in header.splitlines() if line.startswith("Tags:"))[5:].split(",")
    own = {c.id for c in resolve_tags(tags, taxonomy)[0]}
    for row in rows:
        assert taxonomy.get(row["id"]) is not None
        assert row["id"] not in own, "already-tagged concepts are not suggested"
        assert row["reason"]
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)
    assert ARTICLE.read_bytes() == before


def test_missing_file_is_a_clear_error(capsys, tmp_path):
    assert main([str(tmp_path / "nope.md")]) == 2
    assert "no such file" in capsys.readouterr().err
