"""Search on the sample site: both indexes complete, search pages, command lines."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from plugins.search_index import whoosh_index
from plugins.search_index.browser_index import decode_postings, file_key
from tests.conftest import ROOT, SAMPLE_CONTENT, build_site, html_files, parse

LANGS = ("fr", "en")
WHOOSH = SAMPLE_CONTENT.parent / ".cache" / "whoosh"  # the sample site's authors' index
CALL = re.compile(r'^__searchData\(("(?:[^"\\]|\\.)*"),(.*)\);\n\Z', re.S)


def read_index(site: Path) -> dict[str, object]:
    """Every browser index file of the site, parsed: {key: payload}."""
    files = {}
    for path in sorted((site / "search").rglob("*.js")):
        key = path.relative_to(site / "search").with_suffix("").as_posix()
        match = CALL.match(path.read_text(encoding="utf-8"))
        assert match, f"{path} is not one __searchData(key, data) call"
        assert json.loads(match.group(1)) == key, path
        files[key] = json.loads(match.group(2))
    return files


@pytest.fixture(scope="module")
def index(site):
    return read_index(site)


def published_sources() -> list[str]:
    """Source paths (relative to content/) of every article and page that is not a draft."""
    out = []
    for path in sorted(SAMPLE_CONTENT.rglob("*.md")):
        head = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
        if re.search(r"(?im)^status:\s*(draft|hidden)", head):
            continue
        out.append(path.relative_to(SAMPLE_CONTENT).as_posix())
    return out


def published_pages(site: Path) -> set[str]:
    """URLs (relative to the site root) of every article and knowledge-base page."""
    urls = set()
    for lang in LANGS:
        for page in html_files(site / lang):
            rel = page.relative_to(site).as_posix()
            if re.match(rf"{lang}/\d{{4}}/[^/]+/index\.html$", rel) or rel.startswith(
                f"{lang}/kb/"
            ):
                urls.add(rel)
    return urls


def records(index) -> list[dict]:
    chunks = sorted((k for k in index if k.startswith("d/")), key=lambda k: int(k[2:]))
    return [r for k in chunks for r in index[k]]


def test_every_article_and_page_is_in_the_browser_index_once(site, index):
    urls = [r["u"] for r in records(index)]
    assert len(urls) == len(set(urls))
    assert set(urls) == published_pages(site)
    assert len(urls) == len(published_sources())


def test_every_article_and_page_is_in_the_whoosh_index_once(site):
    # The sample site is built with the project's settings: the index is the project's.
    from whoosh import index as whoosh

    paths = []
    for lang in LANGS:
        folder = WHOOSH / lang
        version = json.loads((folder / whoosh_index.VERSION_FILE).read_text())
        assert version["source_root"] == str(SAMPLE_CONTENT.resolve())
        ix = whoosh.open_dir(str(folder), schema=whoosh_index.make_schema(lang, *version["boosts"]))
        with ix.searcher() as searcher:
            fields = list(searcher.all_stored_fields())
        ix.close()
        assert all(f["lang"] == lang for f in fields)
        paths += [f["path"] for f in fields]
    assert sorted(paths) == published_sources()


def test_browser_postings_cover_each_documents_terms(index):
    # The word "intranet" is in the title of the French intranet article: its postings say so.
    (article,) = [
        i
        for i, r in enumerate(records(index))
        if r["u"].endswith("portail-intranet-collaboratif-ville/index.html")
    ]
    vocab = index[f"fr/v/{file_key('in')}"]
    df, shard = vocab["intranet"]
    postings = {p[0]: p for p in decode_postings(index[f"fr/p/{shard}"]["intranet"])}
    assert len(postings) == df and article in postings
    _doc, tf, flags, pos = postings[article]
    assert tf >= 3 and flags & 1 and pos >= 0


def test_index_files_are_small_and_the_first_query_loads_little(site):
    sizes = [p.stat().st_size for p in (site / "search").rglob("*.js")]
    assert max(sizes) < 64_000
    result = node_cli(site, "fr", "intranet", "--stats")
    assert result["bytes"] < 100_000, result
    assert "fr/v/in" in result["files"] and not any(f.startswith("en/") for f in result["files"])


@pytest.mark.parametrize("lang", LANGS)
def test_search_page_exists_in_each_language(site, lang):
    soup = parse(site / lang / "search" / "index.html")
    assert soup.html["lang"] == lang
    form = soup.select_one("form[role=search][data-search-page]")
    assert form.select_one("input[type=search][name=q]")
    assert {i["value"] for i in form.select("input[name=langs]")} == {"", "all"}
    assert form.select("select[name=tag] option") and form.select("select[name=sort] option")
    # Filters in reading order, accents aside: "Événements" among the E's.
    for name in ("tag", "cat"):
        shown = [o.get_text() for o in form.select(f"select[name={name}] option")[1:]]
        folded = [
            "".join(
                c for c in unicodedata.normalize("NFD", label) if not unicodedata.combining(c)
            ).casefold()
            for label in shown
        ]
        assert folded == sorted(folded), shown
    assert soup.select_one("noscript").get_text(strip=True)
    assert soup.select_one('script[src$="theme/js/search-ui.js"]')
    assert soup.select_one("form[data-search-page]")["data-search-script"].endswith(
        "theme/js/search.js"
    )
    hreflangs = {link["hreflang"] for link in soup.select("link[rel=alternate][hreflang]")}
    assert set(LANGS) <= hreflangs


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_has_a_search_box_that_works_without_javascript(site, lang):
    for page in html_files(site / lang):
        if page.match("search/index.html"):
            continue
        soup = parse(page)
        form = soup.select_one("header form[role=search]")
        assert form is not None, page
        assert form["method"] == "get" and form.select_one("input[type=search][name=q]")
        target = (page.parent / form["action"]).resolve()
        assert target == (site / lang / "search" / "index.html").resolve(), page


@pytest.mark.parametrize("name", ["search.js", "search-ui.js"])
def test_search_scripts_are_classic_scripts(site, name):
    script = site / "theme" / "js" / name
    text = script.read_text(encoding="utf-8")
    assert not re.search(r"(?m)^\s*(import|export)\b", text)
    if shutil.which("node"):
        subprocess.run(["node", "--check", str(script)], check=True)


def test_whoosh_cli_finds_the_sample_article(site):
    result = subprocess.run(
        [sys.executable, "-m", "plugins.search_index.cli", "--index-dir", str(WHOOSH), "intranet", "--json"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    results = json.loads(result.stdout)
    top = [r["path"] for r in results[:3]]
    assert "tests/site/content/articles/fr/portail-intranet-collaboratif-ville.md" in top, top
    assert all({"path", "url", "title", "score"} <= set(r) for r in results)
    french = subprocess.run(
        [sys.executable, "-m", "plugins.search_index.cli", "--index-dir", str(WHOOSH), "intranet", "--lang", "fr"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "portail-intranet-collaboratif-ville.md" in french and "articles/en/" not in french
    # A tag alias is searchable in the authors' index too.
    alias = subprocess.run(
        [sys.executable, "-m", "plugins.search_index.cli", "--index-dir", str(WHOOSH), "sondage", "--lang", "fr", "--json"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    paths = [r["path"] for r in json.loads(alias)]
    assert (
        "tests/site/content/articles/fr/internautes-francais-reseaux-sociaux-maturite-lassitude.md"
        in paths
    )


def node_cli(site: Path, lang: str, query: str, *flags: str):
    if not shutil.which("node"):
        pytest.fail("Node.js is required (apt-get install nodejs)")
    result = subprocess.run(
        ["node", str(ROOT / "bench" / "search_cli.mjs"), str(site), lang, query, *flags],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("lang", "query", "expected"),
    [
        ("fr", "intranet", "fr/2012/portail-intranet-collaboratif-ville/index.html"),
        (
            "fr",
            "reseaux sociaux",
            "fr/2012/internautes-francais-reseaux-sociaux-maturite-lassitude/index.html",
        ),
        ("fr", "taylorisme", "fr/kb/glossaire/taylorisme/index.html"),
        ("en", "taylorism", "en/kb/glossary/taylorism/index.html"),
        ("en", "intarnet portal", "en/2012/collaborative-intranet-portal-for-a-city/index.html"),
        # A tag's aliases find its pages ("sondage" is how the French article's author
        # wrote the tag `survey`; "poll" and "teleworking" are aliases).
        (
            "fr",
            "sondage",
            "fr/2012/internautes-francais-reseaux-sociaux-maturite-lassitude/index.html",
        ),
        ("en", "poll", "en/2012/french-internet-users-and-social-networks/index.html"),
        ("en", "teleworking", "en/2012/social-business-useful-or-profitable/index.html"),
    ],
)
def test_browser_core_on_the_built_index(site, lang, query, expected):
    urls = node_cli(site, lang, query)
    assert expected in urls[:3], urls


def test_browser_index_is_deterministic(site, tmp_path):
    again = tmp_path / "again"
    result = build_site(SAMPLE_CONTENT, again)
    assert result.returncode == 0, result.stderr
    first = {p.relative_to(site): p.read_bytes() for p in (site / "search").rglob("*.js")}
    second = {p.relative_to(again): p.read_bytes() for p in (again / "search").rglob("*.js")}
    assert first.keys() == second.keys()
    assert first == second


@pytest.mark.parametrize("lang", LANGS)
def test_search_filters_count_the_pages_of_the_language(site, index, lang):
    """Each tag and category offered shows its number of pages in the page's language.

    One without pages in that language is not offered.
    """
    soup = parse(site / lang / "search" / "index.html")
    facets = index["f/index"]
    tags = {t[0]: t[2][lang] for t in facets["tags"]}
    offered = {o["value"]: o.get_text() for o in soup.select("select[name=tag] option")[1:]}
    assert offered and set(offered) == {t for t, n in tags.items() if n}
    for tag, text in offered.items():
        assert text.endswith(f" ({tags[tag]})"), text
    cats = {c[1]: c[3] for c in facets["cats"] if c[0] == lang}
    shown = {o["value"]: o.get_text() for o in soup.select("select[name=cat] option")[1:]}
    assert shown and set(shown) == set(cats)
    for name, text in shown.items():
        assert text == f"{name} ({cats[name]})"


def test_search_tags_carry_their_aliases(index):
    """A result found through an alias shows the tag: the page needs its aliases."""
    tags = {t[0]: t for t in index["f/index"]["tags"]}
    assert "sondage" in tags["survey"][3] and "poll" in tags["survey"][3]
