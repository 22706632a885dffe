"""Drafts are previewed, never published; categories spelled two ways are one category."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, build_site, html_files, parse

TAXONOMY = """
[[tag]]
id = "intranet"
label = { fr = "Intranet", en = "Intranet" }
"""


def article(title: str, category: str, extra: str = "") -> str:
    return (
        f"Title: {title}\nDate: 2012-01-01\nCategory: {category}\nTags: intranet\n{extra}\nTexte.\n"
    )


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    content = tmp_path_factory.mktemp("drafts") / "content"
    fr, en, kb = content / "articles/fr", content / "articles/en", content / "kb/fr"
    for folder in (fr, en, kb):
        folder.mkdir(parents=True)
    (fr / "portail.md").write_text(article("Portail", "Intranet"), "utf-8")
    (fr / "annuaire.md").write_text(article("Annuaire", "intranet"), "utf-8")
    (fr / "wiki.md").write_text(article("Wiki", "Intranet"), "utf-8")
    (fr / "brouillon.md").write_text(
        article("Travail en cours", "Intranet", "Status: draft\n"), "utf-8"
    )
    (en / "portal.md").write_text(
        article("Portal", "intranet", "Translation_key: portail\n"), "utf-8"
    )
    (kb / "index.md").write_text("Title: Base\n\nTexte.\n", "utf-8")  # lists the sections
    (kb / "page-en-cours.md").write_text("Title: Page en cours\nStatus: draft\n\nTexte.\n", "utf-8")
    # A draft keeps its section; a draft may say where it goes.
    for section in ("guides", "glossaire"):
        (kb / section).mkdir()
        (kb / section / "index.md").write_text(f"Title: {section}\n\nTexte.\n", "utf-8")
        (kb / section / "intro.md").write_text(
            f"Title: Intro {section}\nStatus: draft\n\nTexte.\n", "utf-8"
        )
    (fr / "ailleurs.md").write_text(
        article(
            "Ailleurs", "Intranet", "Status: draft\nURL: ailleurs.html\nSave_as: ailleurs.html\n"
        ),
        "utf-8",
    )
    (content / "taxonomy.toml").write_text(TAXONOMY, "utf-8")
    return content


def build(content: Path, output: Path, settings: str) -> Path:
    result = build_site(content, output, settings=ROOT / settings)
    assert result.returncode == 0, result.stdout + result.stderr
    return output


@pytest.fixture(scope="module")
def preview(content, tmp_path_factory) -> Path:
    return build(content, tmp_path_factory.mktemp("preview") / "output", "pelicanconf.py")


@pytest.fixture(scope="module")
def published(content, tmp_path_factory) -> Path:
    # Publishing is strict: the category spelled another way (a warning) is fixed first.
    folder = tmp_path_factory.mktemp("published")
    shutil.copytree(content, folder / "content")
    annuaire = folder / "content/articles/fr/annuaire.md"
    annuaire.write_text(article("Annuaire", "Intranet"), "utf-8")
    return build(folder / "content", folder / "output", "publishconf.py")


def test_the_preview_shows_drafts_in_their_tree_marked_and_not_indexed(preview):
    for page, title in (
        ("fr/drafts/travail-en-cours/index.html", "Travail en cours"),
        ("fr/drafts/kb/page-en-cours/index.html", "Page en cours"),
        ("fr/drafts/kb/guides/intro-guides/index.html", "Intro guides"),
        ("fr/drafts/kb/glossaire/intro-glossaire/index.html", "Intro glossaire"),
    ):
        soup = parse(preview / page)
        assert soup.h1.get_text(strip=True) == title
        assert soup.find("meta", attrs={"name": "robots", "content": "noindex"}), page
        assert "Status: draft" in soup.select_one("[data-draft]").get_text(), page
    assert "drafts" not in (preview / "sitemap.xml").read_text("utf-8")


def test_publishing_writes_no_draft_and_never_mentions_one(published):
    assert not list(published.rglob("drafts"))
    assert not (published / "ailleurs.html").exists()
    for page in html_files(published):
        text = page.read_text("utf-8")
        for title in ("Travail en cours", "Page en cours", "Intro guides", "Ailleurs"):
            assert title not in text, page
        assert "data-draft" not in text, page
    assert "drafts" not in (published / "sitemap.xml").read_text("utf-8")


def test_categories_differing_in_case_are_one_page_under_the_usual_spelling(preview):
    # "Intranet" twice, "intranet" once in French: one page, all three listed.
    soup = parse(preview / "fr/category/intranet/index.html")
    assert soup.h1.get_text(" ", strip=True).endswith("Intranet")
    listed = {a.get_text(strip=True) for a in soup.select("article h2 a, .article-list a")}
    assert {"Portail", "Annuaire", "Wiki"} <= listed, listed
    assert "Travail en cours" not in listed
    names = [
        a.get_text(strip=True) for a in parse(preview / "fr/categories/index.html").select("main a")
    ]
    assert names.count("Intranet") == 1 and "intranet" not in names, names
    # One name everywhere: the article's own page, and the search page's category filter.
    page = next((preview / "fr").glob("20*/annuaire/index.html"))
    assert "intranet" not in [a.get_text(strip=True) for a in parse(page).select("a")]
    assert "Intranet" in [a.get_text(strip=True) for a in parse(page).select("a")]
    options = parse(preview / "fr/search/index.html").select("select[name=cat] option")
    assert [o["value"] for o in options if o["value"]] == ["Intranet"]
    # The English tree has its own page, linked as the French one's twin.
    english = parse(preview / "en/category/intranet/index.html")
    assert english.find("link", rel="alternate", hreflang="fr")


def test_two_drafts_with_one_slug_are_an_error_before_they_collide(tmp_path):
    content = tmp_path / "content"
    (content / "articles/fr").mkdir(parents=True)
    (content / "taxonomy.toml").write_text(TAXONOMY, "utf-8")
    for name in ("a", "b"):
        (content / f"articles/fr/{name}.md").write_text(
            article(name, "Intranet", "Slug: meme\nStatus: draft\n"), "utf-8"
        )
    result = build_site(content, tmp_path / "out")
    assert result.returncode != 0
    log = " ".join(result.stderr.split())
    assert "b.md:5: error: slug 'meme' is already used by articles/fr/a.md" in log, log
