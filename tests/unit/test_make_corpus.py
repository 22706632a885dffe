"""Tests for bench/make_corpus.py (synthetic bilingual corpus generator)."""

from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from datetime import datetime
from pathlib import Path

import pytest

from bench.make_corpus import CorpusManifest, main, make_corpus

N = 40
REQUIRED = ("title", "date", "category", "tags", "slug", "summary", "cluster")
LINK_RE = re.compile(r"\]\(\{filename\}([^)]+)\)")
WIKI_RE = re.compile(r"\[\[([^\]]+)\]\]")


def norm(text: str) -> str:
    """Local tag normalisation: lowercase, no accents, space/-/_ equivalent."""
    text = "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    ).lower()
    return " ".join(re.split(r"[\s_-]+", text)).strip()


def parse(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    head, sep, body = text.partition("\n\n")
    assert sep, f"{path}: no blank line after header"
    meta = {}
    for line in head.splitlines():
        key, colon, value = line.partition(":")
        assert colon and key.strip(), f"{path}: bad header line {line!r}"
        meta[key.strip().lower()] = value.strip()
    return meta, body


def files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, CorpusManifest]:
    out = tmp_path_factory.mktemp("corpus")
    return out, make_corpus(out, N, seed=1)


@pytest.fixture(scope="module")
def articles(corpus) -> dict[str, dict[str, tuple[dict, str]]]:
    root, _ = corpus
    return {
        lang: {p.stem: parse(p) for p in sorted((root / "articles" / lang).glob("*.md"))}
        for lang in ("fr", "en")
    }


@pytest.fixture(scope="module")
def taxonomy(corpus) -> list[dict]:
    root, _ = corpus
    return tomllib.loads((root / "taxonomy.toml").read_text(encoding="utf-8"))["tag"]


@pytest.fixture(scope="module")
def concept_index(taxonomy) -> dict[str, str]:
    index = {}
    for tag in taxonomy:
        for name in [*tag["label"].values(), *tag["aliases"]]:
            index[norm(name)] = tag["id"]
    return index


# --- determinism -------------------------------------------------------------


def test_same_seed_is_byte_identical(corpus, tmp_path):
    root, _ = corpus
    make_corpus(tmp_path, N, seed=1)
    assert files(tmp_path) == files(root)


def test_different_seed_differs(corpus, tmp_path):
    root, _ = corpus
    make_corpus(tmp_path, N, seed=2)
    a, b = files(root), files(tmp_path)
    assert a["taxonomy.toml"] == b["taxonomy.toml"]
    assert a != b
    assert set(a) != set(b)  # titles/slugs differ


def test_units_are_stable_whatever_n(tmp_path):
    small, big = tmp_path / "small", tmp_path / "big"
    make_corpus(small, 15, seed=3, clusters=8)
    make_corpus(big, 45, seed=3, clusters=8)
    fs, fb = files(small / "articles"), files(big / "articles")
    assert fs and all(fb.get(rel) == data for rel, data in fs.items())


def test_rerun_into_same_dir_removes_stale_articles(tmp_path):
    make_corpus(tmp_path, 30, seed=1)
    make_corpus(tmp_path, 10, seed=1)
    mapping = json.loads((tmp_path / "clusters.json").read_text(encoding="utf-8"))
    on_disk = {p.relative_to(tmp_path).as_posix() for p in tmp_path.glob("articles/*/*.md")}
    assert on_disk == set(mapping)


# --- pairing -------------------------------------------------------------------


def test_pairing_and_manifest_counts(corpus, articles):
    _, man = corpus
    fr, en = articles["fr"], articles["en"]
    fr_slugs = {m["slug"] for m, _ in fr.values()}
    keyed = [m for m, _ in en.values() if "translation_key" in m]
    assert len(keyed) == N == man.pairs
    assert all(m["translation_key"] in fr_slugs for m in keyed)
    assert len({m["translation_key"] for m in keyed}) == N  # one EN per FR original
    assert man.fr_articles == len(fr) and man.en_articles == len(en)
    assert man.fr_only == len(fr) - N and man.en_only == len(en) - N
    assert len(man.translations) == N


def test_one_language_share(tmp_path):
    man = make_corpus(tmp_path, 60, seed=5, one_language_share=0.2)
    units = man.pairs + man.fr_only + man.en_only
    assert man.fr_only >= 1 and man.en_only >= 1
    assert abs((man.fr_only + man.en_only) / units - 0.2) < 0.03
    en_only = [p for p in tmp_path.glob("articles/en/*.md") if "translation_key" not in parse(p)[0]]
    assert len(en_only) == man.en_only
    none = make_corpus(tmp_path / "none", 20, seed=5, one_language_share=0.0)
    assert none.fr_only == none.en_only == 0


def test_default_share_is_about_five_percent(tmp_path):
    man = make_corpus(tmp_path, 60, seed=1)
    single = man.fr_only + man.en_only
    assert 2 <= single <= 5


# --- clusters --------------------------------------------------------------------


def test_clusters_json_matches_headers(corpus, articles):
    root, man = corpus
    text = (root / "clusters.json").read_text(encoding="utf-8")
    mapping = json.loads(text)
    assert list(mapping) == sorted(mapping)
    expected = {
        f"articles/{lang}/{stem}.md": meta["cluster"]
        for lang, arts in articles.items()
        for stem, (meta, _) in arts.items()
    }
    assert mapping == expected == man.clusters
    assert all(re.fullmatch(r"c\d\d", c) for c in mapping.values())
    assert len(set(mapping.values())) >= 5


def test_twins_share_cluster_and_concepts(corpus, articles):
    _, man = corpus
    fr_by_slug = {m["slug"]: m for m, _ in articles["fr"].values()}
    for meta, _ in articles["en"].values():
        if "translation_key" in meta:
            twin = fr_by_slug[meta["translation_key"]]
            assert twin["cluster"] == meta["cluster"]
    for en_rel, fr_rel in man.translations.items():
        assert man.concepts[en_rel] == man.concepts[fr_rel]


# --- metadata --------------------------------------------------------------------


def test_metadata_validity(articles, concept_index, taxonomy):
    category_names = {norm(n) for t in taxonomy for n in t["label"].values()}
    variant_seen = False
    labels = {n for t in taxonomy for n in t["label"].values()}
    for lang, arts in articles.items():
        for stem, (meta, _) in arts.items():
            for key in REQUIRED:
                assert meta.get(key), f"{lang}/{stem}: missing {key}"
            assert meta["slug"] == stem
            date = datetime.strptime(meta["date"], "%Y-%m-%d %H:%M")
            assert 2010 <= date.year <= 2026
            if "modified" in meta:
                assert datetime.strptime(meta["modified"], "%Y-%m-%d %H:%M") >= date
            assert norm(meta["category"]) in category_names
            tags = [t.strip() for t in meta["tags"].split(",")]
            assert 2 <= len(tags) <= 6, meta["tags"]
            assert all(t and ";" not in t for t in tags)
            for tag in tags:
                assert norm(tag) in concept_index, f"{lang}/{stem}: unknown tag {tag!r}"
                variant_seen |= tag not in labels
            assert len({concept_index[norm(t)] for t in tags}) >= 2
    assert variant_seen


def test_slugs_unique_per_language(articles):
    for arts in articles.values():
        slugs = [m["slug"] for m, _ in arts.values()]
        assert len(slugs) == len(set(slugs))
        assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", s) for s in slugs)


def test_stale_translations(corpus, articles):
    root, man = corpus
    fmt = "%Y-%m-%d %H:%M"
    stale = set()
    for en_rel, fr_rel in man.translations.items():
        en = parse(root / en_rel)[0]
        fr = parse(root / fr_rel)[0]
        if "modified" in fr:
            en_latest = datetime.strptime(en.get("modified", en["date"]), fmt)
            if datetime.strptime(fr["modified"], fmt) > en_latest:
                stale.add(en_rel)
    assert stale == set(man.stale_translations)
    assert stale  # some stale pairs exist at N=40


# --- bodies ---------------------------------------------------------------------


def test_body_length_and_markdown_features(articles):
    bodies = [body for arts in articles.values() for _, body in arts.values()]
    for body in bodies:
        assert 400 <= len(body.split()) <= 1500
        assert "\n## " in body
    joined = "\n".join(bodies)
    assert "\n- " in joined  # bullet lists
    assert "\n| --- |" in joined  # tables
    assert "\n```" in joined  # fenced code
    assert re.search(r"[éèàçê]", "\n".join(b for _, b in articles["fr"].values()))


def test_internal_links_resolve(corpus, articles):
    root, man = corpus
    n_links = n_wiki = 0
    for lang, arts in articles.items():
        folder = root / "articles" / lang
        slugs = {m["slug"] for m, _ in arts.values()}
        for _stem, (_, body) in arts.items():
            targets = LINK_RE.findall(body)
            wikis = WIKI_RE.findall(body)
            assert len(targets) <= 3 and len(wikis) <= 2
            for target in targets:
                assert "/" not in target and (folder / target).is_file(), target
            for slug in wikis:
                assert slug in slugs
            n_links += len(targets)
            n_wiki += len(wikis)
    assert n_links == man.links > 0
    assert n_wiki == man.wikilinks > 0


def test_links_mostly_same_cluster(corpus, articles):
    _, man = corpus
    same = total = 0
    for lang, arts in articles.items():
        for _stem, (meta, body) in arts.items():
            for target in LINK_RE.findall(body):
                total += 1
                same += man.clusters[f"articles/{lang}/{target}"] == meta["cluster"]
    assert same / total > 0.6


# --- taxonomy ---------------------------------------------------------------------


def test_taxonomy(taxonomy):
    assert 40 <= len(taxonomy) <= 80
    ids = [t["id"] for t in taxonomy]
    assert len(ids) == len(set(ids))
    owner: dict[str, str] = {}
    for tag in taxonomy:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", tag["id"])
        assert set(tag["label"]) == {"fr", "en"}
        assert isinstance(tag["aliases"], list)
        if "parent" in tag:
            assert tag["parent"] in ids
        if "description" in tag:
            assert set(tag["description"]) == {"fr", "en"}
        for name in {*tag["label"].values(), *tag["aliases"]}:
            key = norm(name)
            assert owner.setdefault(key, tag["id"]) == tag["id"], (name, owner[key])
    fr_labels = {t["label"]["fr"] for t in taxonomy}
    assert {"Réseaux sociaux", "Sécurité", "Qualité de service"} <= fr_labels


def test_cli(tmp_path, capsys):
    assert main(["--pairs", "5", "--out", str(tmp_path), "--seed", "7"]) == 0
    assert "wrote" in capsys.readouterr().out
    assert len(list(tmp_path.glob("articles/en/*.md"))) >= 5
