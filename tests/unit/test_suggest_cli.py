"""`invoke suggest-tags PATH`: ranked known tags with reasons; the file is never changed."""

from __future__ import annotations

import json

from plugins.taxonomy.cli import main
from plugins.taxonomy.model import load_taxonomy, resolve_tags
from tests.conftest import ROOT

ARTICLE = ROOT / "content/articles/fr/social-business-utile-ou-rentable.md"


def test_suggestions_are_known_new_concepts_with_reasons(capsys):
    before = ARTICLE.read_bytes()
    assert main([str(ARTICLE), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows, "the sample article should get suggestions"
    taxonomy = load_taxonomy(ROOT / "content/taxonomy.toml", ("fr", "en"))
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
