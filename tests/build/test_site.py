"""The sample site, built once: both language trees complete, linked and localised."""

from __future__ import annotations

import re
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from plugins.bilingual import load_ui_strings
from tests.conftest import ROOT, SAMPLE_CONTENT, html_files, parse

LANGS = ("fr", "en")
# The interface strings as pages show them: French ones with French spacing.
UI = load_ui_strings(str(ROOT / "theme"), LANGS, narrow=("fr",))


def resolve(page: Path, href: str, site: Path) -> Path | None:
    """The output file an internal href points to, or None for external links."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("mailto:", "#")) or not parts.path:
        return None
    target = (page.parent / unquote(parts.path)).resolve()
    if href.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


def article_pages(site: Path, lang: str) -> list[Path]:
    return [p for p in sorted((site / lang).glob("[0-9][0-9][0-9][0-9]/*/index.html"))]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "path",
    [
        "index.html",
        "archives/index.html",
        "categories/index.html",
        "404.html",
        "feeds/all.atom.xml",
        "kb/index.html",
    ],
)
def test_each_language_tree_is_complete(site, lang, path):
    assert (site / lang / path).is_file(), f"missing {lang}/{path}"


def test_root_is_a_language_chooser_without_javascript(site):
    soup = parse(site / "index.html")
    links = {a["data-lang"]: a["href"] for a in soup.select("[data-language-chooser] a[data-lang]")}
    assert set(links) == set(LANGS)
    for lang, href in links.items():
        assert resolve(site / "index.html", href, site) == (site / lang / "index.html").resolve()


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_declares_language_canonical_and_hreflang(site, lang):
    for page in html_files(site / lang):
        soup = parse(page)
        assert soup.html["lang"] == lang, page
        canonical = soup.find("link", rel="canonical")
        assert canonical and canonical["href"], f"{page}: no canonical URL"
        if page.name == "404.html" or "page" in page.relative_to(site).parts[:-2]:
            continue  # a list's later pages: test_later_pages_of_a_list_are_their_own_hreflang
        hreflangs = {
            link["hreflang"] for link in soup.find_all("link", rel="alternate", hreflang=True)
        }
        assert lang in hreflangs and "x-default" in hreflangs, f"{page}: {hreflangs}"


@pytest.mark.parametrize("lang", LANGS)
def test_later_pages_of_a_list_are_their_own_hreflang(site, lang):
    later = sorted((site / lang).rglob("page/*/index.html"))
    assert later, "the sample site should have a second home page"
    for page in later:
        soup = parse(page)
        canonical = soup.find("link", rel="canonical")["href"]
        hreflangs = {
            link["hreflang"]: link["href"]
            for link in soup.find_all("link", rel="alternate", hreflang=True)
        }
        assert hreflangs == {lang: canonical}, page
    # The sitemap says the same: no alternates for a later page.
    sitemap = ET.parse(site / "sitemap.xml").getroot()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    later_urls = [
        u for u in sitemap.findall("s:url", ns) if "/page/" in u.findtext("s:loc", "", ns)
    ]
    assert later_urls and all(not u.findall("x:link", ns) for u in later_urls)


def test_translated_articles_link_to_their_twin_and_back(site):
    pairs = 0
    for page in article_pages(site, "fr"):
        soup = parse(page)
        switch = soup.select_one('a[data-lang-switch="en"]')
        if switch.has_attr("data-untranslated"):
            continue
        twin = resolve(page, switch["href"], site)
        assert twin.is_file(), f"{page}: switcher points to missing {twin}"
        back = parse(twin).select_one('a[data-lang-switch="fr"]')
        assert resolve(twin, back["href"], site) == page.resolve()
        pairs += 1
    assert pairs >= 5


def test_untranslated_article_switches_to_other_home_with_a_note(site):
    found = False
    for page in article_pages(site, "fr"):
        soup = parse(page)
        switch = soup.select_one('a[data-lang-switch="en"]')
        if switch.has_attr("data-untranslated"):
            found = True
            assert resolve(page, switch["href"], site) == (site / "en/index.html").resolve()
            note = soup.select_one(".language-switcher__note")
            assert note and note.get_text(strip=True) == UI["fr"]["not_translated_note"]
    assert found, "the sample site should have a French-only article"


@pytest.mark.parametrize(("lang", "other"), [("en", "fr"), ("fr", "en")])
def test_one_language_articles_are_listed_in_the_other_tree_with_a_badge(site, lang, other):
    soup = parse(site / lang / "archives/index.html")
    badges = [b.get_text(strip=True) for b in soup.select(".badge--lang")]
    assert UI[lang][f"only_in_{other}"] in badges


def test_hreflang_targets_and_internal_links_exist(site):
    broken = []
    for page in html_files(site):
        soup = parse(page)
        refs = [a.get("href") for a in soup.find_all("a", href=True)]
        refs += [link.get("href") for link in soup.find_all("link", href=True)]
        refs += [s.get("src") for s in soup.find_all(["script", "img"], src=True)]
        for href in refs:
            target = resolve(page, href, site)
            if target is not None and not target.exists():
                broken.append(f"{page.relative_to(site)} -> {href}")
    assert not broken, "broken internal links:\n" + "\n".join(broken[:40])


def test_feeds_and_sitemap_parse_as_xml(site):
    feeds = sorted(site.rglob("*.xml"))
    assert len(feeds) >= 6
    for feed in feeds:
        ET.parse(feed)  # raises on malformed XML


@pytest.mark.parametrize("lang", LANGS)
def test_feeds_say_their_language_and_link_absolutely_to_built_pages(site, lang):
    settings = {}
    exec((ROOT / "pelicanconf.py").read_text("utf-8"), settings)
    atom = "{http://www.w3.org/2005/Atom}"
    feeds = sorted((site / lang / "feeds").rglob("*.atom.xml"))
    assert len(feeds) >= 5
    ids = set()
    for feed in feeds:
        root = ET.parse(feed).getroot()
        assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == lang, feed
        title = root.findtext(f"{atom}title")
        assert title.count(settings["SITENAME"]) == 1, f"{feed}: {title}"
        assert root.findtext(f"{atom}subtitle") == settings["SITESUBTITLE"][lang], feed
        ids.add(root.findtext(f"{atom}id"))
        for entry in root.iter(f"{atom}entry"):
            href = entry.find(f"{atom}link").get("href")
            assert urlsplit(href).path.startswith(f"/{lang}/"), f"{feed}: {href}"
        for link in root.iter(f"{atom}link"):
            parts = urlsplit(link.get("href"))
            assert parts.scheme == "http" and parts.netloc, f"{feed}: {link.get('href')}"
            target = site / unquote(parts.path).lstrip("/")
            if parts.path.endswith("/"):
                target = target / "index.html"
            assert target.exists() or parts.path == "/", f"{feed}: {link.get('href')}"
    assert len(ids) == len(feeds), "each feed has its own id"


@pytest.mark.parametrize("lang", LANGS)
def test_feed_entries_list_the_tags_as_the_pages_show_them_and_no_heading_links(site, lang):
    atom = "{http://www.w3.org/2005/Atom}"
    root = ET.parse(site / lang / "feeds/all.atom.xml").getroot()
    alternate = next(a for a in root.findall(f"{atom}link") if a.get("rel") == "alternate")
    assert urlsplit(alternate.get("href")).path == f"/{lang}/"  # the language's home
    entries = root.findall(f"{atom}entry")
    assert entries
    for entry in entries:
        href = entry.find(f"{atom}link").get("href")
        path = site / unquote(urlsplit(href).path).lstrip("/")
        page = parse(path if path.is_file() else path / "index.html")
        shown = [a.get_text(strip=True) for a in page.select("article ul.tag-list a.tag")]
        terms = [c.get("term") for c in entry.findall(f"{atom}category")]
        assert len(terms) == len(set(terms)), terms  # no tag twice in two spellings
        # The category, then the tags as the page shows them (a tag named as the category once).
        assert set(shown) <= set(terms) and len(terms) <= len(shown) + 1, (href, terms, shown)
        content = entry.findtext(f"{atom}content") or ""
        assert "headerlink" not in content, href


def test_sitemap_lists_translations_with_hreflang_alternates(site):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(site / "sitemap.xml").getroot()
    urls = root.findall("s:url", ns)
    assert len(urls) > 20
    with_alternates = 0
    for url in urls:
        links = url.findall("x:link", ns)
        if not links:
            continue
        with_alternates += 1
        langs = {link.get("hreflang") for link in links}
        assert {"fr", "en", "x-default"} <= langs
    assert with_alternates >= 10
    robots = (site / "robots.txt").read_text()
    assert "Sitemap: " in robots and "sitemap.xml" in robots


@pytest.mark.parametrize(
    ("lang", "pattern"),
    [
        (
            "fr",
            r"^\d{1,2} (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4}$",
        ),
        (
            "en",
            r"^(January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, \d{4}$",
        ),
    ],
)
def test_dates_are_localised(site, lang, pattern):
    for page in article_pages(site, lang):
        time = parse(page).select_one(".article-meta time")
        assert re.match(pattern, time.get_text()), f"{page}: {time.get_text()!r}"
    assert "14 mars 2012" in (site / "fr/archives/index.html").read_text("utf-8")


def test_english_chrome_has_no_french_interface_words(site):
    french_only = {
        v
        for k, v in UI["fr"].items()
        if isinstance(v, str) and v != UI["en"].get(k) and len(v) > 3 and k not in {"switch_to"}
    }
    for page in html_files(site / "en"):
        soup = parse(page)
        for region in soup.select("header.site-header, footer.site-footer, nav, .article-meta"):
            for foreign in region.select('[lang]:not([lang="en"])'):
                foreign.decompose()
            text = region.get_text(" ", strip=True)
            leaks = [word for word in french_only if word in text]
            assert not leaks, f"{page}: French UI text in English chrome: {leaks}"


def test_home_page_is_paginated_and_lists_summaries(site):
    soup = parse(site / "fr/index.html")
    cards = soup.select(".article-card")
    assert cards and all(
        card.select_one(".article-card__summary").get_text(strip=True) for card in cards
    )


def test_articles_have_reading_time_toc_and_open_graph(site):
    page = article_pages(site, "fr")[0]
    soup = parse(page)
    assert soup.find("meta", property="og:title")["content"]
    assert soup.find("meta", property="og:type")["content"] == "article"
    assert soup.select_one(".reading-time")
    long_articles = [p for p in article_pages(site, "fr") if parse(p).select_one("nav.toc")]
    assert long_articles, "long articles should show a table of contents"
    for p in long_articles:
        soup = parse(p)
        for link in soup.select("nav.toc a"):
            assert soup.find(id=link["href"][1:]), f"{p}: TOC anchor {link['href']} missing"


def test_headings_that_number_themselves_get_no_second_number_in_the_contents(site):
    lists = []
    for page in article_pages(site, "fr") + article_pages(site, "en"):
        lists += parse(page).select("nav.toc ol")
    numbered = [ol for ol in lists if "toc__own-numbers" in (ol.get("class") or [])]
    assert numbered, "the sample site has numbered headings (### 1. ...)"
    for ol in lists:
        texts = [li.a.get_text() for li in ol.find_all("li", recursive=False)]
        assert (ol in numbered) == all(t[:1].isdigit() for t in texts), texts


@pytest.mark.parametrize("lang", LANGS)
def test_knowledge_base_sections_have_index_and_breadcrumbs(site, lang):
    # Folders of content/kb/<lang>/ with an index.md are sections.
    folders = [
        d.name for d in (SAMPLE_CONTENT / "kb" / lang).iterdir() if (d / "index.md").is_file()
    ]
    assert len(folders) >= 2, folders
    sections = [site / lang / "kb" / name for name in folders]
    for section in sections:
        listing = parse(section / "index.html").select(".section-pages__list a")
        assert listing, f"{section}: section index lists no pages"
        child = resolve(section / "index.html", listing[0]["href"], site)
        crumbs = parse(child).select("nav.breadcrumbs a")
        assert [resolve(child, a["href"], site) for a in crumbs][-1] == (
            section / "index.html"
        ).resolve()


@pytest.mark.parametrize(("lang", "other"), [("fr", "en"), ("en", "fr")])
def test_category_pages_list_the_other_languages_untranslated_articles(site, lang, other):
    # As the archives do: each tree lists every article with no translation in it.
    def badges(page: Path) -> list[str]:
        return [b.get_text(strip=True) for b in parse(page).select(".badge--lang")]

    badge = UI[lang][f"only_in_{other}"]
    in_categories = sum(
        badges(page).count(badge) for page in (site / lang / "category").glob("*/index.html")
    )
    in_archives = badges(site / lang / "archives/index.html").count(badge)
    assert in_archives >= 1 and in_categories == in_archives


def test_category_pages_have_feeds_and_cross_language_twins(site):
    soup = parse(site / "fr/categories/index.html")
    assert len(soup.select(".term-list a")) >= 3
    category = site / "fr/category/intranet/index.html"
    soup = parse(category)
    feed = soup.select_one("a.feed-link")
    assert resolve(category, feed["href"], site).is_file()
    twin = soup.select_one('a[data-lang-switch="en"]')
    assert not twin.has_attr("data-untranslated")


@pytest.mark.parametrize("lang", LANGS)
def test_home_pagination_links_pages_both_ways(site, lang):
    first = site / lang / "index.html"
    next_link = parse(first).select_one('nav.pagination a[rel="next"]')
    assert next_link, "the sample site has more articles than one page holds"
    # The development build opens from disk: a folder URL would show a file listing.
    assert next_link["href"].endswith("/page/2/index.html"), next_link["href"]
    second = resolve(first, next_link["href"], site)
    assert second.is_file() and second.parent.name == "2"
    canonical = parse(second).select_one('link[rel="canonical"]')["href"]
    assert canonical.endswith("/page/2/index.html"), canonical
    back = parse(second).select_one('nav.pagination a[rel="prev"]')
    assert resolve(second, back["href"], site) == first.resolve()
    listed = [a["href"] for p in (first, second) for a in parse(p).select(".article-card__title a")]
    assert (
        len(listed)
        == len(set(listed))
        == len(parse(site / lang / "archives/index.html").select(".archive-list li"))
    )


def test_every_image_has_alt_text_and_pages_have_landmarks(site):
    for page in html_files(site):
        soup = parse(page)
        for img in soup.find_all("img"):
            assert img.has_attr("alt"), f"{page}: <img src={img.get('src')}> has no alt attribute"
        assert soup.find("main") and soup.find("header") and soup.find("footer"), page
        assert soup.select_one("a.skip-link[href='#main']"), page


# --- invoke serve on another port ------------------------------------------------------------


def test_serve_on_another_port_builds_feeds_and_sitemap_linking_to_it(tmp_path, monkeypatch):
    import invoke

    import authoring.preview
    import tasks
    from tests.build.test_bad_input import GOOD_EN, GOOD_FR, write_site

    called = {}

    def serve_site(output, build, watched, bind, port, quick=None):  # not started
        called.update(port=port, build=build)

    def build_safely(settings, **options):  # the task's build, sent to a folder of this test
        return real_build_safely(
            settings, tmp_path / "output", content=content, cache_dir=tmp_path / "cache", **options
        )

    real_build_safely = tasks.build_safely
    content = write_site(
        tmp_path, {"articles/fr/bonjour.md": GOOD_FR, "articles/en/hello.md": GOOD_EN}
    )
    monkeypatch.setattr(authoring.preview, "serve_site", serve_site)
    monkeypatch.setattr(tasks, "build_safely", build_safely)
    tasks.serve(invoke.Context(), port="8123")
    assert called["port"] == 8123 and called["build"]()  # the build the preview runs
    output = tmp_path / "output"
    feed = ET.parse(output / "fr/feeds/all.atom.xml").getroot()
    hrefs = [link.get("href") for link in feed.iter("{http://www.w3.org/2005/Atom}link")]
    assert hrefs and all(h.startswith("http://localhost:8123/") for h in hrefs), hrefs
    assert "<loc>http://localhost:8123/" in (output / "sitemap.xml").read_text("utf-8")


@pytest.mark.parametrize("lang", LANGS)
def test_heading_permalinks_are_titled_in_the_page_language(site, lang):
    wanted = tomllib.loads((ROOT / f"theme/translations/{lang}.toml").read_text("utf-8"))
    titles = {
        a.get("title")
        for page in html_files(site / lang)
        for a in parse(page).select(".prose a.headerlink, article a.headerlink")
    }
    assert titles == {wanted["permalink_title"]}


def test_french_pages_use_french_spacing_and_english_pages_do_not(site):
    # "Social business : utile ou rentable ?" in the sample content, typed with spaces.
    page = parse(site / "fr/2012/social-business-utile-ou-rentable/index.html")
    assert page.select_one("h1").get_text() == "Social business\u00a0: utile ou rentable\u202f?"
    assert (
        page.find("title").get_text().startswith("Social business\u00a0: utile ou rentable\u202f?")
    )
    assert "investissement\u202f?" in page.find("meta", attrs={"name": "description"})["content"]
    assert "\u202f" in page.select_one(".prose").get_text()
    for code in page.select("pre, code"):
        assert "\u202f" not in code.get_text() and "\u00a0" not in code.get_text()
    # The table of contents and the search excerpts too (the one a reader sees the page by).
    portal = parse(site / "fr/2012/portail-intranet-collaboratif-ville/index.html")
    assert "collaboratif\u202f?" in portal.select_one("nav.toc").get_text()
    excerpts = " ".join(p.read_text("utf-8") for p in (site / "search/x").rglob("*.js"))
    assert "rentable\u202f?" in excerpts and "rentable ?" not in excerpts
    english = parse(site / "en/2012/social-business-useful-or-profitable/index.html")
    assert english.select_one("h1").get_text() == "Social business: useful or profitable?"
    assert "\u202f" not in english.select_one(".prose").get_text()
