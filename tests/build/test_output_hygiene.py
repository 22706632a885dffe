"""What the written site must not carry: permalink "#" in summaries, junk files, raw URLs."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import ROOT, SAMPLE_CONTENT, build_site, html_files, parse

SITE_URL = "https://example.org"
TAXONOMY = """
[[tag]]
id = "intranet"
label = { fr = "Intranet", en = "Intranet" }
"""
# Longer than SUMMARY_MAX_LENGTH (50 words): the feed gets a summary beside the content.
WORDS = " ".join(["La ville a lancé son portail en 2012."] * 10)
HEADING_FIRST = (
    "Title: Un portail\nDate: 2012-03-14 09:30\nCategory: Intranet\nTags: intranet\n"
    "Slug: Été-Mon\n\n## Contexte\n\n" + WORDS + "\n\n## Suite\n\nEncore du texte.\n"
)
JUNK = [".DS_Store", "Thumbs.db", "desktop.ini", "logo.svg~", "#logo.svg#", "logo.svg.swp"]


def junk_article(title: str) -> str:
    return f"Title: {title}\nDate: 2013-01-01\nCategory: Intranet\nTags: intranet\n\nTexte.\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hygiene")
    content = root / "content"
    fr, en, kb, images = (
        content / "articles/fr", content / "articles/en", content / "kb/fr/guides",
        content / "images",
    )  # fmt: skip
    for folder in (fr, en, kb, images, images / ".thumbnails"):
        folder.mkdir(parents=True)
    (fr / "portail.md").write_text(HEADING_FIRST, "utf-8")
    (en / "hello.md").write_text(
        "Title: Hello\nDate: 2012-01-02\nCategory: Intranet\nTags: intranet\nSummary: Hi.\n\nText.\n",
        "utf-8",
    )
    # A hidden file and an Emacs lock (a regular file here) are not articles.
    (fr / ".cache.md").write_text(junk_article("Dotfile"), "utf-8")
    (fr / ".#portail.md").write_text(junk_article("Emacs lock"), "utf-8")
    (kb / "index.md").write_text("Title: Guides\n\nTexte.\n", "utf-8")
    (kb / "intro.md").write_text(
        "Title: Introduction\n\n## Avant de commencer\n\nLisez ceci.\n", "utf-8"
    )
    (images / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", "utf-8")
    for name in JUNK:
        (images / name).write_bytes(b"junk")
    (images / ".thumbnails/logo.png").write_bytes(b"junk")
    (content / "taxonomy.toml").write_text(TAXONOMY, "utf-8")
    output = root / "output"
    # Absolute URLs, as published, with the development build's other settings.
    result = build_site(
        content, output, extra_settings={"SITEURL": SITE_URL, "RELATIVE_URLS": False}
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return output


ARTICLE = "fr/2012/Été-Mon/index.html"
ENCODED = f"{SITE_URL}/fr/2012/%C3%89t%C3%A9-Mon/index.html"


def test_automatic_summaries_leave_out_the_heading_permalinks(site):
    soup = parse(site / ARTICLE)
    for selector in (
        'meta[name="description"]', 'meta[property="og:description"]',
        'meta[name="twitter:description"]',
    ):  # fmt: skip
        description = soup.select_one(selector)["content"]
        assert description.startswith("Contexte La ville"), f"{selector}: {description}"
        assert "#" not in description, f"{selector}: {description}"
    # Every list that shows the article's card, in both trees.
    for page in ("fr/index.html", "fr/category/intranet/index.html", "en/index.html"):
        cards = [
            card.get_text(" ", strip=True)
            for card in parse(site / page).select(".article-card__summary")
        ]
        assert any(card.startswith("Contexte La ville") for card in cards), f"{page}: {cards}"
        assert not [card for card in cards if "#" in card], f"{page}: {cards}"
    # A knowledge-base page without a summary, in its section's list and its description.
    listed = parse(site / "fr/kb/guides/index.html").select_one(".section-pages__summary")
    assert listed.get_text(strip=True) == "— Avant de commencer Lisez ceci."
    description = parse(site / "fr/kb/guides/introduction/index.html").select_one(
        'meta[name="description"]'
    )["content"]
    assert description == "Avant de commencer Lisez ceci."


def test_feed_summaries_have_no_permalinks_to_anchors_of_another_page(site):
    atom = "{http://www.w3.org/2005/Atom}"
    root = ET.parse(site / "fr/feeds/all.atom.xml").getroot()
    (entry,) = [e for e in root.iter(f"{atom}entry") if e.findtext(f"{atom}title") == "Un portail"]
    summary = BeautifulSoup(entry.findtext(f"{atom}summary"), "html.parser")
    assert summary.get_text(" ", strip=True).startswith("Contexte La ville")
    assert summary.select("a.headerlink") == []
    # Nor does the full content: a "#part" link would point into the feed, not the page.
    content = BeautifulSoup(entry.findtext(f"{atom}content"), "html.parser")
    assert content.select("h2") and content.select("a.headerlink") == []


def test_hidden_backup_and_system_files_are_not_published(site):
    images = sorted(p.relative_to(site).as_posix() for p in (site / "images").rglob("*"))
    assert images == ["images/logo.svg"]
    titles = {parse(p).select_one("h1").get_text(strip=True) for p in html_files(site / "fr")}
    assert "Un portail" in titles
    assert not {"Dotfile", "Emacs lock"} & titles
    assert not (site / "fr/2013").exists()


def test_sitemap_urls_are_percent_encoded(site):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [
        loc.text for loc in ET.parse(site / "sitemap.xml").getroot().iterfind("s:url/s:loc", ns)
    ]
    assert ENCODED in locs
    assert [loc for loc in locs if not loc.isascii()] == []


def test_canonical_and_hreflang_links_are_percent_encoded(site):
    head = parse(site / ARTICLE).head
    assert head.select_one('link[rel="canonical"]')["href"] == ENCODED
    assert head.select_one('meta[property="og:url"]')["content"] == ENCODED
    hreflang = {link["hreflang"]: link["href"] for link in head.select("link[hreflang]")}
    assert hreflang == {"fr": ENCODED, "x-default": ENCODED}


def test_the_theme_builds_with_the_sitemap_plugin_off(tmp_path):
    # Its URL encoding is also the theme's filter: installed with the theme's helpers.
    settings = {}
    exec((ROOT / "pelicanconf.py").read_text("utf-8"), settings)
    plugins = [p for p in settings["PLUGINS"] if p != "sitemap"]
    output = tmp_path / "out"
    result = build_site(SAMPLE_CONTENT, output, extra_settings={"PLUGINS": plugins})
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (output / "sitemap.xml").exists()
    page = parse(output / "fr/index.html")
    assert page.select_one('link[rel="canonical"]')["href"]
