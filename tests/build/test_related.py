"""Related articles, backlinks, wikilinks and the graph, on real builds."""

from __future__ import annotations

import json
import math
import tomllib
from pathlib import Path

import pytest

from tests.build.test_search import read_index
from tests.build.test_site import LANGS, article_pages, resolve
from tests.conftest import ROOT, build_site, parse

UI = {
    lang: tomllib.loads((ROOT / f"theme/translations/{lang}.toml").read_text("utf-8"))
    for lang in LANGS
}


def content_pages(site: Path, lang: str) -> list[Path]:
    """Article and knowledge-base pages of a language tree."""
    return article_pages(site, lang) + sorted((site / lang / "kb").rglob("index.html"))


def twins(page: Path, site: Path) -> set[Path]:
    """The page and its translations (from its hreflang alternates)."""
    found = {page.resolve()}
    for link in parse(page).find_all("link", rel="alternate", hreflang=True):
        if link["hreflang"] != "x-default":
            target = resolve(page, link["href"].removeprefix("/"), site)
            if target is not None and target.is_file():
                found.add(target.resolve())
    return found


def body_links(page: Path, site: Path) -> set[Path]:
    """Pages the body of an article or knowledge-base page links to."""
    soup = parse(page)
    body = soup.select_one(".article__body") or soup.select_one(".kb-page > .prose")
    targets = set()
    for a in body.find_all("a", href=True) if body else ():
        target = resolve(page, a["href"], site)
        if target is not None and target.is_file() and target.resolve() != page.resolve():
            targets.add(target.resolve())
    return targets


@pytest.fixture(scope="module")
def written_links(site):
    """{page: pages its body links to} for every article and page of both languages."""
    return {
        page.resolve(): body_links(page, site)
        for lang in LANGS
        for page in content_pages(site, lang)
    }


@pytest.mark.parametrize("lang", LANGS)
def test_every_article_lists_related_articles_with_reasons(site, lang):
    for page in article_pages(site, lang):
        section = parse(page).select_one("section.related-posts")
        assert section, f"{page}: no related articles"
        items = section.select("li")
        assert 1 <= len(items) <= 5
        forbidden = twins(page, site)
        for item in items:
            link = item.find("a")
            target = resolve(page, link["href"], site)
            assert target.is_file(), f"{page}: related link to missing {target}"
            assert target.resolve() not in forbidden, f"{page}: lists itself or its translation"
            reason = item.select_one(".related-reason")
            assert reason and reason.get_text(strip=True), f"{page}: related entry without a reason"


def test_reasons_are_in_the_page_language(site):
    for lang in LANGS:
        phrases = [
            UI[lang][k].split("{")[0].strip()
            for k in (
                "related_reason_links_to",
                "related_reason_linked_from",
                "related_reason_terms",
            )
        ] + [UI[lang]["related_reason_tags_other"].split("}", 1)[1].split(":")[0].strip()]
        seen = " ".join(
            r.get_text(" ", strip=True)
            for p in article_pages(site, lang)
            for r in parse(p).select(".related-reason")
        )
        assert any(phrase in seen for phrase in phrases), (lang, seen[:200])
        other = "en" if lang == "fr" else "fr"
        for key in ("related_reason_links_to", "related_reason_linked_from"):
            assert UI[other][key] not in seen


def test_an_article_in_the_other_language_only_carries_its_badge(site):
    badges = [
        item
        for p in article_pages(site, "en")
        for item in parse(p).select(".related-posts li")
        if item.find("a").get("lang") == "fr"
    ]
    assert badges, "the French-only article should appear on some English page"
    for item in badges:
        assert item.select_one(".badge--lang").get_text(strip=True) == UI["en"]["only_in_fr"]


@pytest.mark.parametrize("lang", LANGS)
def test_backlinks_match_the_links_actually_written(site, written_links, lang):
    checked = 0
    for page in content_pages(site, lang):
        group = twins(page, site)
        listed = set()
        for a in parse(page).select("section.backlinks a"):
            source = resolve(page, a["href"], site).resolve()
            listed.add(source)
            # The page listed links here (or to this page's translation): not only its
            # translation, whose text the reader of this one does not see.
            assert written_links.get(source, set()) & group, (
                f"{page}: backlink from {source}, which links to none of {group}"
            )
        # Every page of this language whose body links here is listed.
        for source, targets in written_links.items():
            if page.resolve() in targets and source.is_relative_to((site / lang).resolve()):
                assert source in listed, f"{page}: {source} links here but is not listed"
                checked += 1
    assert checked >= 10


@pytest.mark.parametrize("lang", LANGS)
def test_link_reasons_are_true_of_the_pages_shown(site, written_links, lang):
    cited_by, cites = UI[lang]["related_reason_links_to"], UI[lang]["related_reason_linked_from"]
    both = UI[lang]["related_reason_links_both"]
    checked = mutual = 0
    for page in article_pages(site, lang):
        for item in parse(page).select(".related-posts li"):
            listed = resolve(page, item.find("a")["href"], site).resolve()
            reasons = item.select_one(".related-reason").get_text(" ", strip=True)
            # A link both ways is one reason, never "cited by this article · cites this article".
            assert not (cited_by in reasons and cites in reasons), (page, reasons)
            if both in reasons:
                assert written_links[page.resolve()] & twins(listed, site), (page, listed)
                assert written_links[listed] & twins(page, site), (page, listed)
                mutual += 1
            if cited_by in reasons:  # this page's text links to the article listed
                assert written_links[page.resolve()] & twins(listed, site), (page, listed)
                checked += 1
            if cites in reasons:  # the article listed links to this page
                assert written_links[listed] & twins(page, site), (page, listed)
                checked += 1
        # The local graph says the same with its kinds of nodes.
        for node in parse(page).select("a.local-graph__node--link"):
            target = resolve(page, node["href"], site).resolve()
            assert written_links[page.resolve()] & twins(target, site), (page, target)
        for node in parse(page).select("a.local-graph__node--backlink"):
            source = resolve(page, node["href"], site).resolve()
            assert written_links[source] & twins(page, site), (page, source)
            assert not written_links[page.resolve()] & twins(source, site), (page, source)
        # A link both ways is a node of its own kind, described as such.
        for node in parse(page).select("a.local-graph__node--mutual"):
            other = resolve(page, node["href"], site).resolve()
            assert written_links[other] & twins(page, site), (page, other)
            assert written_links[page.resolve()] & twins(other, site), (page, other)
            described = parse(page).select_one(f"#{node['aria-describedby']}")
            assert described.get_text(strip=True) == both
            mutual += 1
    assert checked >= 3
    assert mutual >= 2  # the sample's portal and "Social business: useful or profitable?"


def test_kb_pages_show_backlinks_in_their_language(site):
    page = site / "en/kb/glossary/enterprise-social-network/index.html"
    heading = parse(page).select_one("section.backlinks h2")
    assert heading and heading.get_text(strip=True) == UI["en"]["backlinks_title"]


def test_articles_show_a_local_graph_whose_nodes_are_named_links(site):
    for page in article_pages(site, "fr"):
        svg = parse(page).select_one(".local-graph svg")
        assert svg, page
        links = svg.find_all("a")
        assert links
        for a in links:
            assert a.get("aria-label") and a.find("title").get_text(strip=True)
            assert resolve(page, a["href"], site).is_file()


def test_the_local_graph_legend_names_each_kind_of_node_drawn_once(site):
    seen = set()
    for page in article_pages(site, "fr"):
        graph = parse(page).select_one(".local-graph")
        drawn = {
            c.removeprefix("local-graph__node--")
            for node in graph.select(".local-graph__node")
            for c in node["class"]
            if c.startswith("local-graph__node--") and c != "local-graph__node--self"
        }
        legend = [
            s["id"].removeprefix("local-graph-kind-")
            for s in graph.select(".local-graph__legend li span[id]")
        ]
        order = [k for k in ("mutual", "link", "backlink", "related") if k in drawn]
        assert legend == order, page
        seen |= drawn
    assert len(seen) >= 2  # the site shows more than one kind


@pytest.mark.parametrize("lang", LANGS)
def test_graph_json_schema_and_edges_join_existing_nodes(site, lang):
    data = json.loads((site / lang / "graph.json").read_text("utf-8"))
    assert data["version"] == 1 and data["lang"] == lang
    assert data["width"] > 0 and data["height"] > 0
    ids = [n["id"] for n in data["nodes"]]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    kinds = {n["kind"] for n in data["nodes"]}
    assert kinds == {"article", "page", "tag"}
    for node in data["nodes"]:
        assert set(node) == {"id", "url", "title", "kind", "lang", "category", "x", "y", "degree"}
        assert (site / node["url"]).is_file() or (site / node["url"] / "index.html").is_file(), node
        assert 0 <= node["x"] <= data["width"] and 0 <= node["y"] <= data["height"]
    edges = data["edges"]
    assert edges == sorted(edges, key=lambda e: (e["source"], e["target"], e["kind"]))
    assert {e["kind"] for e in edges} == {"link", "related", "tag"}
    known = set(ids)
    degree = dict.fromkeys(ids, 0)
    for edge in edges:
        assert edge["source"] in known and edge["target"] in known, edge
        degree[edge["source"]] += 1
        degree[edge["target"]] += 1
    assert {n["id"]: n["degree"] for n in data["nodes"]} == degree
    # A post and its translation are one node.
    titles = [n["title"] for n in data["nodes"] if n["kind"] == "article"]
    assert len(titles) == len(set(titles))
    # Tags sit among their articles, not on the rim (1.7 times as far out before).
    cx = sum(n["x"] for n in data["nodes"]) / len(data["nodes"])
    cy = sum(n["y"] for n in data["nodes"]) / len(data["nodes"])
    reach = {"tag": [], "other": []}
    for n in data["nodes"]:
        reach["tag" if n["kind"] == "tag" else "other"].append(math.hypot(n["x"] - cx, n["y"] - cy))
    mean = {kind: sum(values) / len(values) for kind, values in reach.items()}
    assert mean["tag"] < 1.3 * mean["other"], mean


@pytest.mark.parametrize("lang", LANGS)
def test_graph_page_draws_every_node_and_lists_clusters(site, lang):
    page = site / lang / "graph/index.html"
    soup = parse(page)
    data = json.loads((site / lang / "graph.json").read_text("utf-8"))
    nodes = soup.select("svg[data-graph] a.graph-node")
    assert len(nodes) == len(data["nodes"])
    for a in nodes:
        assert a.find("title").get_text(strip=True)
        assert resolve(page, a["href"], site).is_file()
    listed = soup.select(".graph-clusters .graph-cluster__list a")
    assert len(listed) == sum(1 for n in data["nodes"] if n["kind"] != "tag")
    assert soup.select_one("form[data-graph-tools]").has_attr("hidden")  # shown by graph.js
    # A page only in the other language carries its badge in the lists, as everywhere else.
    for a in listed:
        badge = a.find_next_sibling("span", class_="badge--lang")
        if a.get("lang"):
            assert badge and badge.get_text(strip=True) == UI[lang][f"only_in_{a['lang']}"], a
        else:
            assert badge is None, a
    assert any(a.get("lang") for a in listed) or lang == "fr"
    # The tags the drawing shows are in the text too, under the groups whose pages have them.
    tags = {a["href"] for a in soup.select(".graph-cluster__tags a[rel=tag]")}
    drawn = {a["href"] for a in nodes if "graph-node--tag" in a["class"]}
    assert tags == drawn and drawn


@pytest.mark.parametrize("lang", LANGS)
def test_navigation_links_to_the_graph_page(site, lang):
    nav = parse(site / lang / "index.html").select_one("nav.site-nav ul")
    link = next(a for a in nav.select("li > a") if a.get_text(strip=True) == UI[lang]["graph_nav"])
    assert (
        resolve(site / lang / "index.html", link["href"], site)
        == (site / lang / "graph/index.html").resolve()
    )


# --- tiny sites: wikilinks ----------------------------------------------------------------------

TAXONOMY = '[[tag]]\nid = "intranet"\nlabel = { fr = "Intranet", en = "Intranet" }\n'
FILES = {
    "articles/fr/source.md": (
        "Title: Source\nSlug: source\nDate: 2012-01-01\nCategory: Essais\nTags: intranet\n\n"
        "Par slug : [[cible]].\n\n"
        "Par titre : [[la CIBLE élégante]].\n\n"
        "Avec un texte : [[cible|mon texte]] et une ancre [[cible#suite|la suite]].\n\n"
        "Vers l'anglais seulement : [[english-only]].\n\n"
        "Introuvable : [[nulle-part]].\n\n"
        "En code : `[[pas-un-lien]]`.\n"
    ),
    "articles/fr/cible.md": (
        "Title: La cible élégante\nSlug: cible\nDate: 2012-01-02\nCategory: Essais\nTags: intranet\n\n"
        "## Suite\n\nTexte.\n"
    ),
    "articles/en/english-only.md": (
        "Title: English only\nSlug: english-only\nDate: 2012-01-03\nCategory: Tests\nTags: intranet\n\nText.\n"
    ),
    "articles/fr/sommaire.md": (
        "Title: Un sommaire\nSlug: sommaire\nDate: 2012-01-04\nCategory: Essais\nTags: intranet\n\n"
        "## Lire [[english-only]]\n\nLe texte de [[english-only]] et de [[english-only|sa traduction]].\n\n"
        "## Deux\n\nUn.\n\n## Trois\n\nDeux.\n\n"
        "Plus : [[cachee]], [[brouillon]] et [[Doublon]].\n"
    ),
    "articles/fr/cachee.md": (
        "Title: Une page cachée\nSlug: cachee\nDate: 2012-01-05\nCategory: Essais\nStatus: hidden\n\nx\n"
    ),
    "articles/fr/brouillon.md": (
        "Title: Un brouillon\nSlug: brouillon\nDate: 2012-01-05\nCategory: Essais\nStatus: draft\n\nx\n"
    ),
    "articles/fr/doublon-a.md": (
        "Title: Doublon\nSlug: doublon-a\nDate: 2012-01-06\nCategory: Essais\n\nx\n"
    ),
    "articles/fr/doublon-b.md": (
        "Title: Doublon\nSlug: doublon-b\nDate: 2012-01-07\nCategory: Essais\n\nx\n"
    ),
    "taxonomy.toml": TAXONOMY,
}


@pytest.fixture(scope="module")
def wiki_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("wikilinks")
    for name, text in FILES.items():
        path = root / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    output = root / "out"
    result = build_site(root / "content", output)
    log = " ".join((result.stdout + result.stderr).split())
    assert result.returncode == 0, log
    return output, log


def source_page(output: Path) -> Path:
    return output / "fr/2012/source/index.html"


def test_wikilinks_resolve_by_slug_title_and_language(wiki_site):
    output, _ = wiki_site
    page = source_page(output)
    links = parse(page).select(".article__body a.wikilink")
    found = [(a.get_text(strip=True), resolve(page, a["href"], output)) for a in links]
    cible = (output / "fr/2012/cible/index.html").resolve()
    english = (output / "en/2012/english-only/index.html").resolve()
    assert found == [
        ("La cible élégante", cible),  # [[slug]] shows the target's title
        ("La cible élégante", cible),
        ("mon texte", cible),
        ("la suite", cible),
        ("English only", english),
    ]
    assert links[3]["href"].endswith("#suite")


def test_contents_and_search_excerpts_show_the_title_a_wikilink_names(wiki_site):
    output, _ = wiki_site
    page = parse(output / "fr/2012/sommaire/index.html")
    heading = page.select_one(".article__body h2")
    assert " ".join(heading.get_text(" ", strip=True).split()[:3]) == "Lire English only"
    assert [a.get_text(strip=True) for a in page.select(".toc a")] == [
        "Lire English only",
        "Deux",
        "Trois",
    ]
    files = read_index(output)
    numbers = [
        n for n, d in enumerate(files["d/0"]) if d["u"].endswith("fr/2012/sommaire/index.html")
    ]
    excerpt = "".join(files[f"x/0/{numbers[0]}"])
    assert (
        "Lire English only" in excerpt
        and "Le texte de English only et de sa traduction." in excerpt
    )
    assert "english-only" not in excerpt


def test_wikilinks_to_hidden_draft_and_ambiguous_content(wiki_site):
    output, log = wiki_site
    page = output / "fr/2012/sommaire/index.html"
    body = parse(page).select_one(".article__body")
    hidden = body.find("a", string="Une page cachée")  # hidden content has a page
    assert resolve(page, hidden["href"], output) == (output / "fr/2012/cachee/index.html").resolve()
    missing = [span.get_text() for span in body.select(".wikilink--missing")]
    assert missing == ["brouillon"]  # never a link to a page that is not published
    assert (
        "sommaire.md:19: warning: wikilink [[brouillon]] names articles/fr/brouillon.md, which "
        "is not published (Status: draft)" in log
    )
    assert (
        "sommaire.md:19: warning: wikilink [[Doublon]] names 2 pieces of content: "
        "articles/fr/doublon-a.md, articles/fr/doublon-b.md; it links to the first" in log
    )
    doublon = body.find("a", string="Doublon")
    assert (
        resolve(page, doublon["href"], output)
        == (output / "fr/2012/doublon-a/index.html").resolve()
    )
    assert "[[cachee]]" not in log


def test_unresolved_wikilink_is_visible_text_and_a_warning_with_file_and_line(wiki_site):
    output, log = wiki_site
    missing = parse(source_page(output)).select(".article__body .wikilink--missing")
    assert [m.name for m in missing] == ["span"]
    assert missing[0].get_text() == "nulle-part" and "nulle-part" in missing[0]["title"]
    assert "source.md:15: warning: unresolved wikilink [[nulle-part]]" in log
    assert "pas-un-lien" not in log  # code is not a wikilink


def test_wikilinks_count_as_links_for_backlinks_and_related(wiki_site):
    output, _ = wiki_site
    target = parse(output / "fr/2012/cible/index.html")
    assert [a.get_text(strip=True) for a in target.select("section.backlinks a")] == ["Source"]
    reasons = target.select_one(".related-posts li .related-reason").get_text(" ", strip=True)
    assert UI["fr"]["related_reason_linked_from"] in reasons


def write_files(root: Path) -> Path:
    for name, text in FILES.items():
        path = root / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return root / "content"


def test_settings_shorten_the_list_and_switch_the_graph_off(tmp_path):
    content = write_files(tmp_path)
    output = tmp_path / "out"
    result = build_site(content, output, extra_settings={"RELATED_MAX": 1, "RELATED_GRAPH": False})
    assert result.returncode == 0, result.stdout + result.stderr
    page = parse(output / "fr/2012/source/index.html")
    assert len(page.select(".related-posts li")) == 1
    assert not (output / "fr/graph.json").exists() and not (output / "fr/graph").exists()
    nav = page.select_one("nav.site-nav").get_text(" ", strip=True)
    assert UI["fr"]["graph_nav"] not in nav


def test_a_misspelt_setting_stops_the_build_naming_it(tmp_path):
    content = write_files(tmp_path)
    result = build_site(content, tmp_path / "out", extra_settings={"RELATED_MAXIMUM": 3})
    log = " ".join((result.stdout + result.stderr).split())
    assert result.returncode != 0
    assert (
        "RELATED_MAXIMUM: unknown setting of the related plugin. Did you mean RELATED_MAX?" in log
    )
    assert "Traceback" not in log


def test_a_wikilink_to_the_other_language_leads_to_its_translation(tmp_path):
    """[[slug]] of a French article, in an English page: its English translation, if any."""
    files = {
        "articles/fr/cible.md": (
            "Title: La cible\nSlug: cible\nDate: 2012-01-02\nCategory: Essais\nTags: intranet\n\n"
            "## Suite\n\nTexte.\n"
        ),
        "articles/en/target.md": (
            "Title: The target\nSlug: target\nTranslation_key: cible\nDate: 2012-01-02\n"
            "Category: Essays\nTags: intranet\n\n## Next\n\nText.\n"
        ),
        "articles/fr/seule.md": (
            "Title: Seule\nSlug: seule\nDate: 2012-01-03\nCategory: Essais\nTags: intranet\n\nx\n"
        ),
        "articles/en/reader.md": (
            "Title: Reader\nSlug: reader\nDate: 2012-01-04\nCategory: Essays\nTags: intranet\n\n"
            "See [[cible]], [[cible#suite|its part]] and [[seule]].\n"
        ),
        "taxonomy.toml": TAXONOMY,
    }
    for name, text in files.items():
        path = tmp_path / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    output = tmp_path / "out"
    result = build_site(tmp_path / "content", output)
    assert result.returncode == 0, result.stdout + result.stderr
    page = output / "en/2012/reader/index.html"
    links = parse(page).select(".article__body a.wikilink")
    found = [(a.get_text(), resolve(page, a["href"], output)) for a in links]
    assert found == [
        ("The target", (output / "en/2012/target/index.html").resolve()),  # its translation
        ("its part", (output / "fr/2012/cible/index.html").resolve()),  # a French section
        ("Seule", (output / "fr/2012/seule/index.html").resolve()),  # French only
    ]
    # The link counts for the English page: "Articles that link here" lists the reader.
    backlinks = parse(output / "en/2012/target/index.html").select(".backlinks a")
    assert "Reader" in [a.get_text(strip=True) for a in backlinks]


@pytest.fixture(scope="module")
def large_graph_site(tmp_path_factory) -> Path:
    """A synthetic site whose graph is too large to print titles (more than 120 nodes)."""
    from bench.make_corpus import make_corpus

    root = tmp_path_factory.mktemp("large-graph")
    make_corpus(root / "content", 90, seed=1)
    result = build_site(root / "content", root / "output")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "output"


def test_a_large_graph_does_not_give_screen_readers_every_page_twice(large_graph_site):
    page = large_graph_site / "fr/graph/index.html"
    soup = parse(page)
    nodes = soup.select("svg[data-graph] a.graph-node")
    assert len(nodes) > 120 and not soup.select(".graph__labels")
    # The drawing's links are for the eye and the mouse: the lists below name every page.
    layer = soup.select_one("svg[data-graph] .graph__nodes")
    assert layer["aria-hidden"] == "true"
    assert all(a["tabindex"] == "-1" for a in nodes)
    svg = soup.select_one("svg[data-graph]")
    assert svg["role"] == "group" and svg["aria-labelledby"] == "graph-svg-title"
    listed = soup.select(".graph-clusters .graph-cluster__list a")
    assert len(listed) == sum(1 for a in nodes if "graph-node--tag" not in a["class"])
    # Groups are told apart: no two share a name.
    names = [
        s.get_text(" ", strip=True).rsplit("(", 1)[0] for s in soup.select(".graph-cluster summary")
    ]
    assert len(names) == len(set(names)), names
