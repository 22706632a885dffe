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


def test_wikilink_targets_are_not_mentions(capsys, tmp_path, monkeypatch):
    # Author review 11: `[[collaborative-intranet-portal]]` showed "alias 'collaborative
    # intranet' appears 1×" (from the slug) though the author never wrote that phrase.
    content = tmp_path / "content"
    (content / "articles/en").mkdir(parents=True)
    (content / "taxonomy.toml").write_text(
        '[[tag]]\nid = "intranet"\nlabel = { fr = "Intranet", en = "Intranet" }\n'
        'aliases = ["collaborative intranet"]\n\n'
        '[[tag]]\nid = "wiki"\nlabel = { fr = "Wiki", en = "Wiki" }\n',
        "utf-8",
    )
    (content / "articles/en/portal.md").write_text(
        "Title: Collaborative intranet portal\nDate: 2012-01-01\nCategory: Tests\n"
        "Slug: collaborative-intranet-portal\nTags: intranet\n\nA collaborative intranet.\n",
        "utf-8",
    )
    article = content / "articles/en/new.md"
    article.write_text(
        "Title: Notes\nDate: 2012-01-02\nCategory: Tests\n\n"
        "See [[collaborative-intranet-portal]] and [[Collaborative intranet portal]].\n",
        "utf-8",
    )
    settings = sample_settings(tmp_path)
    settings.write_text(
        settings.read_text("utf-8").replace(repr(str(SAMPLE_CONTENT)), repr(str(content))),
        "utf-8",
    )
    monkeypatch.chdir(tmp_path)
    assert main([str(article), "--json", "--settings", str(settings)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert not [r for r in rows if "collaborative" in r["reason"]], rows


def test_the_text_read_keeps_a_wikilinks_own_text_and_drops_automatic_ones():
    from plugins.taxonomy.cli import _written

    assert _written("a [[slug-x]] b [[slug-y|my words]] c\x02target\x03d").split() == [
        "a", "b", "my", "words", "c", "d",
    ]  # fmt: skip
