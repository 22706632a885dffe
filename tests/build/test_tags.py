"""Tag concepts on real builds: variant spellings merge, pages in both languages, errors."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.build.test_site import UI, resolve
from tests.conftest import ROOT, SAMPLE_CONTENT, build_site, parse

TAXONOMY = tomllib.loads((SAMPLE_CONTENT / "taxonomy.toml").read_text("utf-8"))


def test_variant_spellings_merge_into_one_tag_page_per_language(site):
    page = site / "fr/tags/reseaux-sociaux/index.html"
    listed = {a["href"].split("/")[-2] for a in parse(page).select(".article-card__title a")}
    # Sources spell it 'réseaux sociaux', 'Réseaux Sociaux', 'reseaux-sociaux', 'Social Networks'.
    spellings = set()
    for source in (SAMPLE_CONTENT / "articles/fr").glob("*.md"):
        header = source.read_text("utf-8").split("\n\n", 1)[0]
        tags_line = next(
            (line for line in header.splitlines() if line.lower().startswith("tags:")), ""
        )
        for tag in tags_line.split(":", 1)[-1].split(","):
            if tag.strip().lower().replace("é", "e").replace("-", " ") in {
                "reseaux sociaux",
                "social networks",
            }:
                spellings.add(tag.strip())
                slug = next(
                    line for line in header.splitlines() if line.lower().startswith("slug:")
                )
                assert slug.split(":", 1)[1].strip() in listed, f"{source.name} missing from {page}"
    assert len(spellings) >= 3, spellings
    assert not (site / "fr/tags/social-networks").exists()


def test_every_tag_page_exists_in_both_languages_with_cross_links(site):
    count = 0
    for lang, other in (("fr", "en"), ("en", "fr")):
        for page in sorted((site / lang / "tags").glob("*/index.html")):
            twin_link = parse(page).select_one(f'a[data-tag-twin="{other}"]')
            assert twin_link, f"{page}: no link to the same tag in {other}"
            twin = resolve(page, twin_link["href"], site)
            assert twin.is_file()
            back = parse(twin).select_one(f'a[data-tag-twin="{lang}"]')
            assert resolve(twin, back["href"], site) == page.resolve()
            # The link is worded in the language it leads to, and names that language.
            name = UI[other]["language_name"].lower()
            assert name in twin_link.get_text().lower(), f"{page}: {twin_link.get_text()}"
            count += 1
    assert count >= 2 * 10


def test_articles_show_tags_in_the_page_language(site):
    labels_en = {t["label"]["en"] for t in TAXONOMY["tag"]}
    for page in (site / "en").glob("20*/*/index.html"):
        shown = [a.get_text(strip=True) for a in parse(page).select(".article__header .tag")]
        assert shown, page
        assert set(shown) <= labels_en, f"{page}: {shown}"


def test_tags_index_has_cloud_and_a_to_z_with_counts(site):
    soup = parse(site / "fr/tags/index.html")
    cloud = soup.select(".tag-cloud a")
    assert len(cloud) >= 10
    weights = {c for a in cloud for c in a["class"] if c.startswith("tag-cloud__tag--w")}
    assert len(weights) >= 2, "a weighted cloud uses several sizes"
    assert soup.select(".tag-letter .count")


def test_tag_feeds_parse(site):
    feeds = sorted((site / "fr/feeds/tag").glob("*.atom.xml"))
    assert feeds
    for feed in feeds:
        entries = ET.parse(feed).getroot().findall("{http://www.w3.org/2005/Atom}entry")
        assert entries, feed


def test_tag_page_shows_hierarchy(site):
    soup = parse(site / "fr/tags/intranet/index.html")
    assert soup.select_one(".tag--parent"), "intranet has a parent concept"


# --- tiny sites ---------------------------------------------------------------------------

TINY_TAXONOMY = """
[[tag]]
id = "intranet"
label = { fr = "Intranet", en = "Intranet" }

[[tag]]
id = "social-networks"
label = { fr = "Réseaux sociaux", en = "Social networks" }
aliases = ["médias sociaux"]
"""


def write_site(root: Path, tags: str, taxonomy: str = TINY_TAXONOMY) -> Path:
    content = root / "content"
    (content / "articles/fr").mkdir(parents=True)
    (content / "articles/en").mkdir(parents=True)
    (content / "articles/fr/bonjour.md").write_text(
        f"Title: Bonjour\nDate: 2012-01-01\nCategory: Essais\nTags: {tags}\n\nTexte.\n", "utf-8"
    )
    (content / "articles/en/hello.md").write_text(
        "Title: Hello\nDate: 2012-01-02\nCategory: Tests\nTags: Social Networks\n"
        "Translation_key: bonjour\n\nText.\n",
        "utf-8",
    )
    (content / "taxonomy.toml").write_text(taxonomy, "utf-8")
    return content


def test_unknown_tag_is_a_warning_naming_file_line_and_closest_tags(tmp_path):
    content = write_site(tmp_path, "intranet, reseaux socials")
    result = build_site(content, tmp_path / "out")
    log = " ".join((result.stdout + result.stderr).split())
    assert result.returncode == 0, log
    assert "bonjour.md:4: warning:" in log and "unknown tag 'reseaux socials'" in log
    assert "Did you mean 'Réseaux sociaux'" in log


def test_unknown_tag_fails_the_build_in_strict_mode(tmp_path):
    content = write_site(tmp_path, "intranet, nonsense")
    result = build_site(content, tmp_path / "out", extra_settings={"TAXONOMY_STRICT": True})
    assert result.returncode != 0
    assert "nonsense" in result.stdout + result.stderr


def build_here(root: Path) -> subprocess.CompletedProcess:
    """`invoke build` run from the site's own folder: messages name `content/...`."""
    command = [
        sys.executable, "-m", "plugins.content_checks.runner",
        "--settings", str(ROOT / "pelicanconf.py"), "--content", "content",
        "--output", "output", "--cache-dir", "cache",
    ]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)


def test_taxonomy_with_a_bom_builds_and_messages_name_it_as_every_other_file(tmp_path):
    content = write_site(tmp_path, "intranet, nonsense")
    taxonomy = content / "taxonomy.toml"
    taxonomy.write_bytes(b"\xef\xbb\xbf" + taxonomy.read_bytes())
    result = build_here(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "output/fr/tags/intranet/index.html").is_file()
    unknown = [line for line in result.stdout.splitlines() if "'nonsense'" in line]
    assert unknown == [
        "content/articles/fr/bonjour.md:4: warning: unknown tag 'nonsense'. "
        "Fix the spelling or add the tag to content/taxonomy.toml."
    ], result.stdout
    taxonomy.write_bytes(b"\xef\xbb\xbf[[tag]\nid = 'x'\n")
    result = build_here(tmp_path)
    errors = [line for line in result.stdout.splitlines() if ": error: " in line]
    assert result.returncode == 1 and len(errors) == 1, result.stdout + result.stderr
    assert errors[0].startswith("content/taxonomy.toml:1: error: invalid TOML: Expected ']]'")


@pytest.mark.parametrize(
    ("taxonomy", "expected"),
    [
        ("[[tag]\nid = 'x'", "taxonomy.toml:1"),
        (
            TINY_TAXONOMY + '\n[[tag]]\nid = "intranet"\nlabel = { fr = "Intra", en = "Intra" }\n',
            "intranet",
        ),
        (TINY_TAXONOMY + '\n[[tag]]\nid = "portal"\nlabel = { fr = "Portail" }\n', "portal"),
        (
            TINY_TAXONOMY
            + '\n[[tag]]\nid = "media"\nlabel = { fr = "Médias", en = "Media" }\naliases = ["medias sociaux"]\n',
            "media",
        ),
    ],
    ids=["syntax-error", "duplicate-id", "missing-label", "alias-in-two-concepts"],
)
def test_bad_taxonomy_stops_the_build_with_one_clear_error(tmp_path, taxonomy, expected):
    content = write_site(tmp_path, "intranet", taxonomy)
    output = tmp_path / "out"
    result = build_site(content, output)
    log = " ".join((result.stdout + result.stderr).split())
    assert result.returncode != 0
    assert "taxonomy.toml" in log and expected in log, log
    assert not list(output.rglob("*.html")), "nothing is written when the taxonomy is wrong"


# --- review fixes: hierarchy, pagination, feeds, slugs, messages ----------------------------

HIERARCHY_TAXONOMY = """
[[tag]]
id = "collaboration"
label = { fr = "Collaboration", en = "Collaboration" }

[[tag]]
id = "intranet"
parent = "collaboration"
label = { fr = "Intranet", en = "Intranet" }
slug = { fr = "portail", en = "intranet-portal" }

[[tag]]
id = "enterprise-social-network"
parent = "collaboration"
label = { fr = "Réseau social d'entreprise", en = "Enterprise social network" }
"""


@pytest.fixture(scope="module")
def hierarchy_site(tmp_path_factory) -> tuple[Path, str]:
    """21 French articles tagged only with narrower tags: two pages of a tag and category."""
    root = tmp_path_factory.mktemp("hierarchy")
    content = root / "content"
    (content / "articles/fr").mkdir(parents=True)
    (content / "articles/en").mkdir(parents=True)
    for n in range(21):
        tags = "portail" if n % 2 else "reseau-social-dentreprise, réseau social d'entrepise"
        (content / f"articles/fr/a{n:02}.md").write_text(
            f"Title: Article {n}\nDate: 2012-01-{n + 1:02}\nCategory: Essais\nTags: {tags}\n\n"
            "Texte.\n",
            "utf-8",
        )
    (content / "taxonomy.toml").write_text(HIERARCHY_TAXONOMY, "utf-8")
    result = build_site(content, root / "out")
    log = " ".join((result.stdout + result.stderr).split())
    assert result.returncode == 0, log
    return root / "out", log


def test_a_tags_own_slug_resolves_and_pinned_slugs_make_its_url(hierarchy_site):
    out, log = hierarchy_site
    # `portail` is the pinned slug of Intranet, `reseau-social-dentreprise` the slug of
    # "Réseau social d'entreprise" as its URL shows it: both are the tags, not unknown.
    assert "unknown tag 'portail'" not in log and "'reseau-social-dentreprise'" not in log
    assert (out / "fr/tags/portail/index.html").is_file()
    assert not (out / "fr/tags/intranet").exists()
    # Suggestions quote every label alike, even one with an apostrophe.
    assert "unknown tag 'réseau social d'entrepise'." in log
    assert "Did you mean 'Réseau social d'entreprise'?" in log, log


def test_a_broader_tag_lists_its_narrower_tags_articles_and_says_so(hierarchy_site):
    out, _ = hierarchy_site
    page = parse(out / "fr/tags/collaboration/index.html")
    assert len(page.select(".article-card")) == 20  # 21 articles, 20 a page
    note = page.select_one(".tag-includes-narrower").get_text()
    assert "aucun n'a celle-ci elle-même" in note
    index = parse(out / "fr/tags/index.html")
    counts = {
        li.a.get_text(): li.select_one(".count").get_text() for li in index.select(".term-list li")
    }
    assert counts["Collaboration"] == "(21 articles, avec les étiquettes plus précises)", counts
    assert counts["Intranet"] == "(10 articles)"
    assert "(0 article" not in index.get_text()
    assert "Collaboration" in [a.get_text() for a in index.select(".tag-cloud a")]


def test_later_pages_of_tag_and_category_lists_say_which_page_they_are(hierarchy_site):
    out, _ = hierarchy_site
    first = parse(out / "fr/tags/collaboration/index.html").title.get_text()
    second = parse(out / "fr/tags/collaboration/page/2/index.html").title.get_text()
    assert "Page" not in first and first.startswith("Étiquette\u00a0: Collaboration · ")
    assert second.startswith("Étiquette\u00a0: Collaboration · Page 2 sur 2 · "), second
    category = parse(out / "fr/category/essais/page/2/index.html").title.get_text()
    assert "Page 2 sur 2" in category, category


def test_a_tag_feed_links_back_to_its_tag_page_and_is_named_after_the_tag(hierarchy_site):
    out, _ = hierarchy_site
    page = parse(out / "fr/tags/portail/index.html")
    discovery = page.select_one('head link[type="application/atom+xml"][href*="/feeds/tag/"]')
    assert "Intranet" in discovery["title"], discovery
    assert "Intranet" in page.select_one(".feed-link").get_text()
    feed = ET.parse(out / "fr/feeds/tag/portail.atom.xml").getroot()
    link = feed.find("{http://www.w3.org/2005/Atom}link[@rel='alternate']")
    assert link.get("href").endswith("/fr/tags/portail/index.html"), link.get("href")


def test_an_empty_taxonomy_is_one_error_not_a_warning_per_tag(tmp_path):
    content = write_site(tmp_path, "intranet, nonsense, autre", taxonomy="# no tags yet\n")
    result = build_site(content, tmp_path / "out")
    log = result.stdout + result.stderr
    assert result.returncode != 0
    assert "unknown tag" not in log
    assert log.count("the taxonomy has no [[tag]] entry") == 1, log
    assert "articles/en/hello.md:4)" in " ".join(log.split())  # the first, by path
    # A site without any tag needs no entry.
    for path in (content / "articles").rglob("*.md"):
        text = path.read_text("utf-8")
        path.write_text("\n".join(x for x in text.split("\n") if not x.startswith("Tags:")))
    result = build_site(content, tmp_path / "out2")
    assert result.returncode == 0, result.stdout + result.stderr


def test_strict_unknown_tags_are_errors_in_the_error_block(tmp_path):
    content = write_site(tmp_path, "intranet, nonsense")
    result = build_site(content, tmp_path / "out", extra_settings={"TAXONOMY_STRICT": True})
    log = " ".join((result.stdout + result.stderr).split())
    assert result.returncode != 0
    assert "bonjour.md:4: error: unknown tag 'nonsense'" in log, log
    assert "warning:" not in log.partition("with TAXONOMY_STRICT on")[2]  # the error block


def test_a_tag_whose_address_changes_is_a_note_naming_the_slug_that_keeps_it(tmp_path):
    content = write_site(tmp_path, "intranet")
    assert build_here(tmp_path).returncode == 0
    record = content / "tag-addresses.toml"
    assert 'intranet = "intranet"' in record.read_text("utf-8")  # the first build writes it
    taxonomy = content / "taxonomy.toml"
    original = taxonomy.read_text("utf-8")
    taxonomy.write_text(original.replace('fr = "Intranet"', 'fr = "Intranet municipal"'), "utf-8")
    result = build_here(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    notes = [line for line in result.stdout.splitlines() if "address of tag" in line]
    lines = record.read_text("utf-8").splitlines()
    line = lines.index('intranet = "intranet"', lines.index("[fr]")) + 1
    expected = (
        "content/taxonomy.toml:4: note: the 'fr' address of tag 'intranet' is not the one "
        "recorded in content/tag-addresses.toml: fr/tags/intranet/ is now "
        "fr/tags/intranet-municipal/ (its feed too), so links to the old address and feed "
        'subscriptions break; to keep it, write slug = { fr = "intranet" } in its entry; to '
        f"move it, delete line {line} of content/tag-addresses.toml (the next build records "
        "the new address)"
    )
    assert notes == [expected], result.stdout
    # Said on every build, as `invoke clean` or a fresh clone (no cache, no output/) would
    # build, and counted as a note, not an unknown tag (code review 6).
    for folder in ("cache", "output"):
        shutil.rmtree(tmp_path / folder)
    result = build_here(tmp_path)
    assert [x for x in result.stdout.splitlines() if "address of tag" in x] == [expected]
    assert "0 warnings, 1 note" in result.stdout, result.stdout
    # Pinned back: no note, and never advice to undo the pin (author review 8).
    taxonomy.write_text(
        original.replace('fr = "Intranet"', 'fr = "Intranet municipal"').replace(
            'id = "intranet"', 'id = "intranet"\nslug = { fr = "intranet" }'
        ),
        "utf-8",
    )
    result = build_here(tmp_path)
    assert "address of tag" not in result.stdout, result.stdout
    # Pinned to a new address: the author's choice, recorded, no note either.
    taxonomy.write_text(
        original.replace('id = "intranet"', 'id = "intranet"\nslug = { fr = "intranets" }'),
        "utf-8",
    )
    assert "address of tag" not in build_here(tmp_path).stdout
    assert 'intranet = "intranets"' in record.read_text("utf-8")
    # Moved on purpose: the line deleted, the next build records the label's address.
    taxonomy.write_text(original.replace('fr = "Intranet"', 'fr = "Intranet municipal"'), "utf-8")
    assert "address of tag" in build_here(tmp_path).stdout
    text = record.read_text("utf-8")
    record.write_text(text.replace('intranet = "intranets"\n', "", 1), "utf-8")
    assert "address of tag" not in build_here(tmp_path).stdout
    assert "address of tag" not in build_here(tmp_path).stdout
    assert 'intranet = "intranet-municipal"' in record.read_text("utf-8")
