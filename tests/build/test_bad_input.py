"""Author mistakes on real builds, all reported in one run.

Each is reported on its file and line with a clear message and no traceback; the build
fails as documented and the previous site stays.

Builds go through the safe-build entry point (`tasks.build_safely`), like `invoke build`.
"""

from __future__ import annotations

import json
import os
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from invoke import Context

import tasks
from tests.build.test_tags import TINY_TAXONOMY
from tests.conftest import ROOT, build_site, parse

GOOD_FR = "Title: Bonjour\nDate: 2012-01-01\nCategory: Essais\nTags: intranet\nSlug: bonjour\n\nTexte.\n\n## Étapes\n\nSuite.\n"
GOOD_EN = "Title: Hello\nDate: 2012-01-02\nCategory: Tests\nTags: intranet\nSlug: hello\nTranslation_key: bonjour\n\nText.\n"

# Every kind of mistake, one site: the whole list must come out of one build.
BAD_FILES: dict[str, str | bytes] = {
    "articles/fr/bonjour.md": GOOD_FR,
    "articles/en/hello.md": GOOD_EN,
    "articles/fr/latin1.md": "Title: Un café\nDate: 2012-01-01\nCategory: Essais\n\nDéjà.\n".encode(
        "latin-1"
    ),
    "articles/fr/vide.md": "",
    "articles/fr/date.md": "Title: Date\nDate: 2012-13-45\nCategory: Essais\n\nx\n",
    "articles/fr/sans-titre.md": "Date: 2012-01-01\nCategory: Essais\n\nx\n",
    "articles/fr/faute.md": "Tittle: Faute\nDate: 2012-01-01\nCategory: Essais\nTag: intranet\n\nx\n",
    "articles/fr/code.md": "Title: Code\nDate: 2012-01-01\nCategory: Essais\n\nAvant.\n\n```python\nprint(1)\n",
    "articles/fr/yaml.md": "---\ntitle: Yaml\ndate: 2012-01-01\ncategory: Essais\ntags:\n  - intranet\n---\n\nx\n",
    "articles/fr/gros.md": "Title: Gros\nDate: 2012-01-01\nCategory: Essais\n\n"
    + "Un mot. " * 4000
    + "\n",
    "articles/fr/un.md": "Title: Un\nDate: 2012-02-01\nCategory: Essais\nSlug: meme\n\nx\n",
    "articles/fr/deux.md": "Title: Deux\nDate: 2012-02-02\nCategory: Essais\nSlug: meme\n\nx\n",
    "articles/de/hallo.md": "Title: Hallo\nDate: 2012-01-01\nCategory: Essais\n\nx\n",
    "articles/en/lost.md": "Title: Lost\nDate: 2012-01-01\nCategory: Tests\nTranslation_key: bonjuor\n\nx\n",
    "articles/fr/liens.md": (
        "Title: Liens\nDate: 2012-01-01\nCategory: Essais\nTags: intranet, nimportequoi\n\n"
        "Voir [l'autre]({filename}absent.md),\n"
        "[la section]({filename}bonjour.md#etapes) et [rien]({filename}bonjour.md#etape).\n\n"
        "![schéma]({static}/images/schema.png)\n\n"
        "Et [[bonjour#etape]], [l'anglais](../en/hello.md).\n"
    ),
    # Never closed: the next block's closing fence closes it, and lines 5-12 show as code.
    "articles/fr/ferme-plus-loin.md": "Title: Plus loin\nDate: 2012-01-01\nCategory: Essais\n\n"
    "```python\nprint(1)\n\nTexte.\n\n```text\nsortie\n```\n",
    "articles/fr/date-ambigue.md": "Title: Ambigu\nDate: 03/04/2012\nCategory: Essais\n\nx\n",
    "articles/fr/langue.md": "Title: Langue\nDate: 2012-01-01\nCategory: Essais\nLang: en\n\nx\n",
    # Two English versions of one French article; the translation of one that cannot be built.
    "articles/fr/paire.md": "Title: Paire\nDate: 2012-01-01\nCategory: Essais\n\nx\n",
    "articles/en/pair-one.md": "Title: One\nDate: 2012-01-02\nCategory: Tests\nTranslation_key: paire\n\nx\n",
    "articles/en/pair-two.md": "Title: Two\nDate: 2012-01-02\nCategory: Tests\nTranslation_key: paire\n\nx\n",
    "articles/en/of-date.md": "Title: Of date\nDate: 2012-01-02\nCategory: Tests\nTranslation_key: date\n\nx\n",
    "articles/fr/bom.md": b"\xef\xbb\xbfTitle: Avec BOM\r\nDate: 2012-01-01\r\nCategory: Essais\r\n\r\nTexte.\r\n",
    # Addresses that would break out of the links to them, or run script from search.
    "articles/fr/slug-html.md": "Title: S\nDate: 2012-01-01\nCategory: Essais\n"
    'Slug: x"><img src=x onerror=alert(1)>\n\nx\n',
    "articles/fr/vers-slug.md": "Title: Vers\nDate: 2012-01-01\nCategory: Essais\n\n"
    "Voir [ici]({filename}slug-html.md).\n",
    "articles/fr/url-script.md": "Title: U\nDate: 2012-01-01\nCategory: Essais\n"
    "URL: javascript:alert(document.domain)//\nSave_as: fr/u/index.html\n\nx\n",
    "articles/fr/nul.md": "Title: Nul\nDate: 2012-01-01\nCategory: Essais\n\nUn \x00 nul.\n",
    # Values Pelican takes as given, then crashes on or skips.
    "articles/fr/sans-categorie.md": "Title: Sans\nDate: 2012-01-01\nCategory:  \n\nx\n",
    "articles/fr/gabarit.md": "Title: Gabarit\nDate: 2012-01-01\nCategory: Essais\nTemplate: page-speciale\n\nx\n",
    "articles/fr/statut.md": "Title: Statut\nDate: 2012-01-01\nCategory: Essais\nStatus: brouillon\n\nx\n",
    "articles/fr/deux-titres.md": "Title: Un\nTitle: Deux\nDate: 2012-01-01\nCategory: Essais\n\nx\n",
    "kb/fr/guide/index.md": "Title: Guide\nOrder: un\n\nx\n",
    "kb/fr/guide/etape.md": "Title: Étape\nOrder: 2\n\nx\n",
}

EXPECTED = [
    ("articles/fr/latin1.md:1: error:", "not saved as UTF-8", "save the file as UTF-8"),
    ("articles/fr/vide.md: error:", "the file is empty", ""),
    ("articles/fr/date.md:2: error:", "'2012-13-45' is not a valid date", "YYYY-MM-DD"),
    ("articles/fr/sans-titre.md:1: error:", "no 'Title:'", "add a line 'Title: ...'"),
    ("articles/fr/faute.md:1: error:", "'Tittle:' is not a metadata key", "did you mean 'Title:'?"),
    ("articles/fr/faute.md:4: warning:", "unknown metadata key 'Tag:'", "did you mean 'Tags:'?"),
    ("articles/fr/code.md:7: warning:", "code block opened here", "add a line ```"),
    (
        "articles/fr/yaml.md:6: error:",
        "'- intranet' is YAML syntax",
        "'Tags: intranet, collaboration'",
    ),
    ("articles/fr/gros.md: warning:", "the file is 32 KB (more than 20 KB)", "split it"),
    (
        "articles/fr/un.md:4: error:",
        "slug 'meme' is already used by articles/fr/deux.md",
        "change 'Slug:'",
    ),
    ("articles/de/hallo.md: error:", "language 'de' is not a site language", "move the file"),
    (
        "articles/en/lost.md:4: warning:",
        "Translation_key 'bonjuor' matches no other article",
        "did you mean 'bonjour'?",
    ),
    ("articles/fr/liens.md:6: warning:", "broken link {filename}absent.md", "fix the file name"),
    (
        "articles/fr/liens.md:7: warning:",
        "no heading or anchor '#etape' in articles/fr/bonjour.md",
        "did you mean #etapes?",
    ),
    (
        "articles/fr/liens.md:9: warning:",
        "missing file for image {static}/images/schema.png",
        "add the file",
    ),
    ("articles/fr/liens.md:4: warning:", "unknown tag 'nimportequoi'", "add the tag"),
    (
        "articles/fr/liens.md:11: warning:",
        "link [[bonjour#etape]]: there is no heading or anchor '#etape' in articles/fr/bonjour.md",
        "did you mean #etapes?",
    ),
    (
        "articles/fr/liens.md:11: warning:",
        "link ../en/hello.md points to a source file",
        "write {filename}../en/hello.md",
    ),
    (
        "articles/fr/ferme-plus-loin.md:5: warning:",
        "code block opened here (```) is not closed before line 10 (```text)",
        "up to line 12 shows as code",
    ),
    (
        "articles/fr/date-ambigue.md:2: error:",
        "Date: '03/04/2012' is ambiguous",
        "'Date: 2012-04-03' if the day comes first",
    ),
    (
        "articles/fr/langue.md:4: error:",
        "'Lang: en' contradicts the folder articles/fr/",
        "remove the line, or move the file to articles/en/",
    ),
    *[
        (
            f"articles/en/pair-{n}.md:4: error:",
            "articles/en/pair-one.md and articles/en/pair-two.md both claim to be the 'en' "
            "version of 'paire'",
            "keep 'Translation_key: paire' only in the translation of articles/fr/paire.md",
        )
        for n in ("one", "two")
    ],
    (
        "articles/fr/slug-html.md:4: error:",
        "holds characters a slug cannot",
        "e.g. 'Slug: x-img-src",
    ),
    ("articles/fr/url-script.md:4: error:", "is not an address in this site", "link from the text"),
    (
        "articles/fr/nul.md:5: error:",
        "invisible control character U+0000 is at column 4",
        "delete it",
    ),
    (
        "articles/fr/sans-categorie.md:3: error:",
        "'Category:' is empty",
        "write the article's category",
    ),
    (
        "articles/fr/gabarit.md:4: error:",
        "Template: 'page-speciale' is not a template",
        "add theme/templates/page-speciale.html",
    ),
    (
        "articles/fr/statut.md:4: error:",
        "Status: 'brouillon' is not a status",
        "write draft, hidden or published",
    ),
    (
        "articles/fr/deux-titres.md:2: error:",
        "'Title:' is written twice (also line 1)",
        "delete one of them",
    ),
    ("kb/fr/guide/index.md:2: error:", "Order: 'un' is not a whole number", "e.g. 'Order: 2'"),
    (
        "articles/en/of-date.md:4: warning:",
        "Translation_key 'date': its original articles/fr/date.md could not be built",
        "fix that file first",
    ),
]


def write_site(root: Path, files: dict[str, str | bytes], taxonomy: str = TINY_TAXONOMY) -> Path:
    content = root / "content"
    for name, text in files.items():
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    (content / "taxonomy.toml").write_text(taxonomy, "utf-8")
    return content


def previous_site(root: Path) -> Path:
    """An output/ folder as a previous good build left it."""
    output = root / "output"
    output.mkdir()
    (output / "index.html").write_text("<p>previous site</p>", "utf-8")
    return output


def build(root: Path, content: Path, output: Path, **options):
    outcome = tasks.build_safely(
        ROOT / "pelicanconf.py",
        output,
        content=content,
        cache_dir=root / "cache",
        capture=True,
        **options,
    )
    return outcome.code, outcome.log.splitlines()


@pytest.fixture(scope="module")
def bad_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad")
    content = write_site(root, BAD_FILES)
    output = previous_site(root)
    code, lines = build(root, content, output, overrides={"CONTENT_CHECKS_MAX_FILE_BYTES": 20_000})
    return code, lines, output, content


def test_errors_fail_the_build_and_leave_the_previous_site(bad_build):
    code, lines, output, _ = bad_build
    assert code == 1, "\n".join(lines)
    assert sorted(p.name for p in output.iterdir()) == ["index.html"]
    assert (output / "index.html").read_text("utf-8") == "<p>previous site</p>"
    assert lines[-1].startswith("Build failed: ") and "left as it was" in lines[-1]
    assert not list(output.parent.glob(".output-build-*")), "the staging folder is removed"


def test_no_traceback_for_author_mistakes(bad_build):
    _, lines, _, _ = bad_build
    text = "\n".join(lines)
    assert "Traceback" not in text and "Could not process" not in text and "Skipping" not in text


@pytest.mark.parametrize(
    ("where", "what", "fix"), EXPECTED, ids=[e[0].split(":")[0] + e[1][:12] for e in EXPECTED]
)
def test_each_mistake_is_one_line_on_its_file_and_line(bad_build, where, what, fix):
    _, lines, _, content = bad_build
    prefix = f"{content}/{where}"
    found = [line for line in lines if line.startswith(prefix) and what in line]
    assert len(found) == 1, f"{prefix} ... {what}\n" + "\n".join(lines)
    assert fix in found[0]


def test_bom_and_windows_line_ends_are_fine(bad_build):
    _, lines, _, content = bad_build
    assert not [
        line
        for line in lines
        if line.startswith(f"{content}/articles/fr/bom.md") and ": note:" not in line
    ]


def test_summary_counts_every_problem(bad_build):
    _, lines, _, _ = bad_build
    errors = sum(": error: " in line for line in lines)
    warnings = sum(": warning: " in line for line in lines)
    assert lines[-1].startswith(f"Build failed: {errors} errors, {warnings} warnings")


# --- Warnings, strict mode, check only ------------------------------------------------------------

WARNINGS_ONLY = {
    "articles/fr/bonjour.md": GOOD_FR.replace("Texte.", "Texte et [lien]({filename}absent.md)."),
    "articles/en/hello.md": GOOD_EN,
}


def test_warnings_build_in_development(tmp_path):
    content = write_site(tmp_path, WARNINGS_ONLY)
    output = previous_site(tmp_path)
    code, lines = build(tmp_path, content, output)
    assert code == 0, "\n".join(lines)
    assert any(
        line.endswith("fix the file name (relative to this file, or starting with / from content/)")
        and ":7: warning: broken link" in line
        for line in lines
    )
    assert (output / "fr/2012/bonjour/index.html").is_file()
    assert lines[-1].startswith(
        f"Built {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}/: fr 1 article, 0 pages; en 1 article, 0 pages · 0 errors, 1 warning"
    )


def test_strict_mode_fails_on_warnings_with_the_full_list(tmp_path):
    content = write_site(tmp_path, WARNINGS_ONLY)
    output = previous_site(tmp_path)
    code, lines = build(tmp_path, content, output, strict=True)
    assert code == 1
    assert any(":7: warning: broken link {filename}absent.md" in line for line in lines)
    assert "(--strict: warnings count)" in lines[-1]
    assert (output / "index.html").read_text("utf-8") == "<p>previous site</p>"


def test_a_plain_link_to_no_page_of_the_site_fails_a_strict_build(tmp_path):
    # Checked once the pages are written: the home page exists, /fr/2012/ailleurs/ does not.
    text = "Texte, [accueil](/fr/), [ici](../bonjour/) et [ailleurs](/fr/2012/ailleurs/)."
    files = {**WARNINGS_ONLY, "articles/fr/bonjour.md": GOOD_FR.replace("Texte.", text)}
    content = write_site(tmp_path, files)
    output = previous_site(tmp_path)
    code, lines = build(tmp_path, content, output, strict=True)
    assert code == 1
    broken = [line for line in lines if "broken link" in line]
    assert (
        len(broken) == 1
        and ":7: warning: broken link /fr/2012/ailleurs/: the site has no " in broken[0]
    )
    assert (output / "index.html").read_text("utf-8") == "<p>previous site</p>"


def test_a_plain_link_to_a_page_the_last_build_wrote_is_checked_against_this_one(tmp_path):
    # A plain `pelican` build writes over the last one (tidy_output), whose leftovers are
    # removed at the end: the check comes after that.
    content = write_site(tmp_path, WARNINGS_ONLY)
    output = tmp_path / "output"
    assert build_site(content, output).returncode == 0
    assert (output / "en/2012/hello/index.html").is_file()
    # The English article goes; a French one links to where it was.
    (content / "articles/en/hello.md").unlink()
    bonjour = content / "articles/fr/bonjour.md"
    bonjour.write_text(GOOD_FR.replace("Texte.", "Voir [hello](/en/2012/hello/)."), "utf-8")
    result = build_site(content, output)
    assert result.returncode == 0
    assert not (output / "en/2012/hello/index.html").exists()
    log = " ".join((result.stdout + result.stderr).split())
    assert "bonjour.md:7: warning: broken link /en/2012/hello/" in log, log


def test_a_strict_pelican_command_stops_on_a_plain_link_to_no_page(tmp_path):
    # Without the build runner, the check after writing ends the build itself.
    text = "Texte et [ailleurs](/fr/2012/ailleurs/)."
    files = {**WARNINGS_ONLY, "articles/fr/bonjour.md": GOOD_FR.replace("Texte.", text)}
    content = write_site(tmp_path, files)
    result = build_site(content, tmp_path / "out", extra_settings={"CONTENT_CHECKS_STRICT": True})
    log = " ".join((result.stdout + result.stderr).split())
    assert result.returncode == 1, log
    assert "bonjour.md:7: warning: broken link /fr/2012/ailleurs/" in log
    assert "the pages were written, but are not fit to publish" in log


def test_check_only_reports_and_writes_nothing(tmp_path):
    files = {**WARNINGS_ONLY, "articles/en/hello.md": GOOD_EN.replace("Text.", "See [[nowhere]].")}
    content = write_site(tmp_path, files)
    output = previous_site(tmp_path)
    code, lines = build(tmp_path, content, output, check_only=True)
    assert code == 0
    assert lines[-1].startswith(
        "Check passed: fr 1 article, 0 pages; en 1 article, 0 pages · 0 errors, 2 warnings"
    )
    assert any("warning: unresolved wikilink [[nowhere]]" in line for line in lines)
    assert sorted(p.name for p in output.iterdir()) == ["index.html"]
    # What only the output needs is not made: no search index (the authors' Whoosh index
    # would be in .cache/), no related posts (their cache beside the content cache), no
    # temporary output folder.
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == ["cache", "content", "output"]
    assert not list((tmp_path / "cache").rglob("related_*.pickle"))


def test_a_bad_taxonomy_is_one_line_and_keeps_the_site(tmp_path):
    content = write_site(tmp_path, WARNINGS_ONLY, taxonomy="[[tag]\nid = 'x'")
    output = previous_site(tmp_path)
    code, lines = build(tmp_path, content, output)
    assert code == 1
    problems = [line for line in lines if ": error: " in line]
    assert len(problems) == 1 and "taxonomy.toml:1: error:" in problems[0]
    assert "Traceback" not in "\n".join(lines)
    assert (output / "index.html").read_text("utf-8") == "<p>previous site</p>"


def test_a_killed_build_leaves_nothing_the_next_build_or_clean_keeps(tmp_path, monkeypatch):
    """A killed build's staging folder goes at the next build, unless its build runs.

    A build killed with kill -9 cannot remove its staging folder (a partial site);
    `invoke clean` removes every leftover.
    """
    import os
    import subprocess
    import sys

    content = write_site(tmp_path, WARNINGS_ONLY)
    output = previous_site(tmp_path)
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)  # fmt: skip
    leftovers = {
        "killed": tmp_path / f".output-build-{ended.stdout.strip()}-k1ll3d_x",
        "no owner": tmp_path / ".output-build-x1y2z3w4",  # named before pids were
        "retired": tmp_path / ".output-retired-x1y2z3w4",
    }
    running = tmp_path / f".output-build-{os.getpid()}-running"  # a build at work
    for folder in (*leftovers.values(), running):
        (folder / "site").mkdir(parents=True)
        (folder / "site/index.html").write_text("<p>partial</p>", "utf-8")
    code, lines = build(tmp_path, content, output)
    assert code == 0, "\n".join(lines)
    assert [name for name, folder in leftovers.items() if folder.exists()] == []
    assert (running / "site/index.html").is_file(), "a running build's folder is its own"
    assert [p.name for p in tmp_path.glob(".output-build-*")] == [running.name]

    monkeypatch.setattr(tasks, "ROOT", tmp_path)
    monkeypatch.setattr(tasks, "OUTPUT", output)
    tasks.clean(Context())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "content"]


def test_clean_waits_for_a_retiring_process_and_removes_what_it_keeps(tmp_path, monkeypatch):
    """The process retiring a replaced site leaves its folders as a spare when it ends."""
    import subprocess
    import sys

    output = tmp_path / "output"
    output.mkdir()
    retired = tmp_path / ".output-retired-1-x"
    retired.mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import fcntl, os, sys, time; h = os.open(sys.argv[1], os.O_RDONLY); "
         "fcntl.flock(h, fcntl.LOCK_EX); print('locked', flush=True); time.sleep(0.5); "
         "os.mkdir(sys.argv[2]); os.rmdir(sys.argv[1])",
         str(retired), str(tmp_path / ".output-spare")],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "locked"
        monkeypatch.setattr(tasks, "ROOT", tmp_path)
        monkeypatch.setattr(tasks, "OUTPUT", output)
        tasks.clean(Context())
    finally:
        holder.wait()
    assert list(tmp_path.iterdir()) == []


def test_a_replaced_site_being_deleted_is_left_to_its_deleting_process(tmp_path):
    """A rebuild right after a build does not delete the last site again while it waits.

    The folder's deleting process holds its lock (as `_delete_in_background` hands it);
    once that process is gone, the next build removes what is left.
    """
    import subprocess
    import sys

    content = write_site(tmp_path, WARNINGS_ONLY)
    output = previous_site(tmp_path)
    retired = tmp_path / ".output-retired-d3l3t1ng"
    (retired / "replaced").mkdir(parents=True)
    (retired / "replaced/index.html").write_text("<p>old</p>", "utf-8")
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import fcntl, os, sys, time; h = os.open(sys.argv[1], os.O_RDONLY); "
         "fcntl.flock(h, fcntl.LOCK_EX); print('locked', flush=True); time.sleep(60)",
         str(retired)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "locked"
        code, lines = build(tmp_path, content, output)
        assert code == 0, "\n".join(lines)
        assert (retired / "replaced/index.html").is_file(), "its deleting process runs"
    finally:
        holder.kill()
        holder.wait()
    code, lines = build(tmp_path, content, output)
    assert code == 0, "\n".join(lines)
    assert not retired.exists()
    assert not list(tmp_path.glob(".output-build-*"))


# --- Stale translations -------------------------------------------------------------------------


def test_stale_translation_shows_a_notice_with_the_original_update_date(site):
    page = site / "en/2012/collaborative-intranet-portal-for-a-city/index.html"
    notice = parse(page).select_one("[data-stale-translation]")
    assert notice is not None
    assert (
        "The original has been updated since this translation (on May 2, 2012)."
        in notice.get_text(" ", strip=True)
    )
    link = notice.find("a")
    assert link["hreflang"] == "fr" and link["href"].endswith(
        "fr/2012/portail-intranet-collaboratif-ville/index.html"
    )
    others = [p for p in site.glob("*/20*/*/index.html") if p != page]
    assert others and not [p for p in others if parse(p).select_one("[data-stale-translation]")]


# --- Author HTML is escaped everywhere ------------------------------------------------------------

HOSTILE_TAXONOMY = """
[[tag]]
id = "evil"
label = { fr = "Mal <script>alert('tag')</script>", en = "Evil <img src=x onerror=alert('tag')>" }
aliases = ["evil"]
"""
HOSTILE = {
    "articles/fr/a.md": (
        "Title: Titre <script>alert('title')</script>\nDate: 2012-01-01\n"
        "Category: Catégorie <img src=x onerror=alert('category')>\nTags: evil\nSlug: a\n"
        "Summary: Résumé <script>alert('summary')</script> <img src=x onerror=alert('summary')>\n\nTexte.\n"
    ),
    "articles/en/b.md": (
        "Title: Title <img src=x onerror=alert('title')>\nDate: 2012-01-02\nCategory: Cat <b onmouseover=alert(1)>x</b>\n"
        "Tags: evil\nSlug: b\nTranslation_key: a\nSummary: <script>alert('summary')</script>\n\nText.\n"
    ),
    "articles/fr/c.md": (
        "Title: Q&A : 5 < 6 > 4, AT&amp;T\nDate: 2012-01-03\nCategory: Essais\nTags: evil\nSlug: c\n"
        "Summary: Voir [un](java&#9;script:alert(1)), [deux](jav&#x0A;ascript:alert(2)) et "
        "[trois](https://example.org/?a=1&b=2).\n\nTexte.\n"
    ),
}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    content = write_site(root, HOSTILE, HOSTILE_TAXONOMY)
    output = root / "output"
    code, lines = build(root, content, output)
    assert code == 0, "\n".join(lines)
    return output


def _theme_script(tag) -> bool:
    return (
        bool(tag.get("src"))
        and "/theme/js/" in tag["src"]
        or tag.get("type") == "application/ld+json"
    )


def test_author_html_never_becomes_markup_in_pages(hostile_site):
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        soup = parse(page)
        for script in soup.find_all("script"):
            assert _theme_script(script) or "alert(" not in script.get_text(), f"{page}: {script}"
        for tag in soup.find_all(True):
            assert not [a for a in tag.attrs if a.startswith("on")], f"{page}: {tag}"
    text = parse(hostile_site / "fr/2012/a/index.html").select_one("h1").get_text()
    assert text == "Titre <script>alert('title')</script>", "shown as text, not dropped"


def test_author_html_never_becomes_markup_in_feeds(hostile_site):
    feeds = sorted(hostile_site.rglob("*.xml"))
    assert feeds
    atom = "{http://www.w3.org/2005/Atom}"
    for feed in feeds:
        root = ET.parse(feed).getroot()
        for element in root.iter():
            if element.get("type") == "html" and element.text:
                html = BeautifulSoup(element.text, "html.parser")
                assert not html.find("script"), f"{feed}: {element.text}"
                assert not [
                    t for t in html.find_all(True) if any(a.startswith("on") for a in t.attrs)
                ], feed
        for title in root.iter(f"{atom}title"):
            assert "<script" not in (title.text or "") or title.get("type", "text") == "text"


def test_feeds_show_titles_as_written_and_no_link_that_runs_script(hostile_site):
    atom = "{http://www.w3.org/2005/Atom}"
    root = ET.parse(hostile_site / "fr/feeds/all.atom.xml").getroot()
    titles = {e.findtext(f"{atom}title") for e in root.iter(f"{atom}entry")}
    # Plain text, as every page shows it (Pelican read titles as HTML: "5  4", "AT&T").
    # (French spacing: a no-break space before ":".)
    assert titles == {"Q&A\u00a0: 5 < 6 > 4, AT&amp;T", "Titre <script>alert('title')</script>"}
    category = ET.parse(hostile_site / "fr/feeds/category/categorie.atom.xml")
    assert (
        category.getroot()
        .findtext(f"{atom}title")
        .endswith(" - Catégorie <img src=x onerror=alert('category')>")
    )
    (summary,) = [
        e.findtext(f"{atom}summary")
        for e in root.iter(f"{atom}entry")
        if "AT&amp;T" in e.findtext(f"{atom}title")
    ]
    links = BeautifulSoup(summary, "html.parser").find_all("a")
    assert [a["href"] for a in links] == ["https://example.org/?a=1&b=2"], summary


def test_author_html_is_data_in_json_files(hostile_site):
    for path in sorted(hostile_site.rglob("*.json")):
        json.loads(
            path.read_text("utf-8")
        )  # strings in JSON are data; the page scripts insert them as text


SLOW_WHOOSH = """
import sys, time
# In the build's Whoosh process only (its input file is its first argument): a slow
# start, as when it indexes 10,000 articles, so it is still running when the build ends.
if any("whoosh-" in argument for argument in sys.argv[1:]):
    time.sleep(30)
"""


def _processes_naming(text: str) -> list[str]:
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            arguments = cmdline.read_bytes().decode("utf-8", "replace").split("\0")
        except OSError:  # ended meanwhile
            continue
        if any(text in argument for argument in arguments):
            found.append(" ".join(arguments))
    return found


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="lists processes in /proc")
@pytest.mark.parametrize("how", ["crash", "check-only"])
def test_a_build_that_stops_early_leaves_no_process_behind(tmp_path, how):
    """A build that stops after its search processes started stops them too.

    A template that fails while pages are written: the build fails (exit 2, the previous
    site kept) and its Whoosh process is stopped; so is the one a check (`--check-only`:
    stopped once every check ran) started. Left running, it would index a build that was
    thrown away and hold the index's lock when the next build wants it.
    """
    import os
    import shutil
    import subprocess
    import sys

    content = write_site(
        tmp_path, {"articles/fr/bonjour.md": GOOD_FR, "articles/en/hello.md": GOOD_EN}
    )
    output = previous_site(tmp_path)
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    article = theme / "templates" / "article.html"
    text = article.read_text(encoding="utf-8")
    if how == "crash":
        text = text.replace(
            "{% block body_class %}", "{% block body_class %}{{ no_such_function() }}"
        )
    article.write_text(text, encoding="utf-8")
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(SLOW_WHOOSH, encoding="utf-8")
    temporary = tmp_path / "tmp"  # the Whoosh process's input file is made here
    temporary.mkdir()
    env = {**os.environ, "PYTHONPATH": str(hooks), "TMPDIR": str(temporary)}
    command = [
        sys.executable, "-m", "plugins.content_checks.runner",
        "--settings", str(ROOT / "pelicanconf.py"), "--content", str(content),
        "--output", str(output), "--cache-dir", str(tmp_path / "cache"),
        "--set", f"THEME={str(theme)!r}", *(["--check-only"] if how == "check-only" else []),
    ]  # fmt: skip
    started = time.perf_counter()
    run = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if how == "crash":
        assert run.returncode == 2, run.stdout + run.stderr
        assert "no_such_function" in run.stdout + run.stderr
    else:
        assert run.returncode == 0, run.stdout + run.stderr
    assert (output / "index.html").read_text("utf-8") == "<p>previous site</p>"
    assert _processes_naming(str(temporary)) == []
    assert list(temporary.iterdir()) == [], "the Whoosh process's input left behind"
    assert time.perf_counter() - started < 30, "the build waited for its Whoosh process"


def test_a_save_as_taking_the_place_of_a_site_page_is_a_note_and_orphan_pages_a_warning(tmp_path):
    # Pelican lets a Save_as replace a page the site makes (a custom home page): say so.
    files = {
        "articles/fr/bonjour.md": GOOD_FR,
        "articles/en/hello.md": GOOD_EN,
        "articles/fr/accueil.md": GOOD_FR.replace("Slug: bonjour", "Slug: accueil")
        + "\n",  # fmt: skip
        "kb/fr/recherche.md": "Title: Recherche\nURL: fr/search/\nSave_as: fr/search/index.html\n\nx\n",
        "kb/fr/projets/index.md": "Title: Projets\nStatus: draft\n\nx\n",
        "kb/fr/projets/un.md": "Title: Un projet\n\nx\n",
    }
    files["articles/fr/accueil.md"] = files["articles/fr/accueil.md"].replace(
        "Tags: intranet\n", "Tags: intranet\nSave_as: fr/index.html\nURL: fr/\n"
    )
    content = write_site(tmp_path, files)
    for _ in range(2):  # from nothing, then over the last build (pages reused)
        code, lines = build(tmp_path, content, tmp_path / "output")
        assert code == 0, "\n".join(lines)
        notes = sorted(line for line in lines if "takes the place" in line)
        assert notes == [
            f"{content}/articles/fr/accueil.md: note: Save_as: fr/index.html takes the place of "
            "the page the site makes at that address; if that is not what you meant, change Save_as",
            f"{content}/kb/fr/recherche.md: note: Save_as: fr/search/index.html takes the place "
            "of the page the site makes at that address; if that is not what you meant, change Save_as",
        ]
        # No kb/fr/index.md: no page lists this one.
        assert sorted(line for line in lines if "so no page of the site lists" in line) == [
            f"{content}/kb/fr/projets/un.md: warning: kb/fr/projets/index.md is not "
            "published (a draft, or hidden), so no page of the site lists this one (only search "
            "and the graph find it): publish it",
            f"{content}/kb/fr/recherche.md: warning: the folder kb/fr/ has no index.md, so no "
            "page of the site lists this one (only search and the graph find it): add "
            "kb/fr/index.md with a 'Title:'",
        ]


def test_the_retiring_process_holds_the_replaced_site_from_its_start(tmp_path):
    """The lock is taken before the retiring process starts: no build sees it unowned.

    It keeps the replaced site's folders, emptied, for the next build (a spare), and
    only unlinks the files the new site shares with it.
    """
    from plugins.content_checks.runner import (
        FOLDER_LIST,
        _being_deleted,
        _retire_in_background,
        prepare_folders,
        spare_folder,
    )

    output = tmp_path / "output"
    (output / "0").mkdir(parents=True)
    staging = tmp_path / ".output-build-1-x"
    for folder in range(40):
        (staging / "replaced" / str(folder) / "deeper").mkdir(parents=True)
        for page in range(50):
            (staging / "replaced" / str(folder) / f"{page}.html").write_text("<p>old</p>")
    (staging / "replaced/0/link").symlink_to(staging / "replaced/1")
    os.link(staging / "replaced/0/0.html", output / "0/0.html")  # shared with the new site
    assert _retire_in_background(staging, spare_folder(output)) is None
    retired = tmp_path / ".output-retired-1-x"
    assert _being_deleted(retired)  # locked (or already gone), never free to take
    for _ in range(200):
        if not retired.exists():
            break
        time.sleep(0.05)
    assert not retired.exists()
    spare = spare_folder(output)
    assert [p.name for p in spare.rglob("*") if not p.is_dir() or p.is_symlink()] == [
        FOLDER_LIST
    ], "folders only, and the list of them"
    assert len(list(spare.glob("*/deeper"))) == 40
    assert (output / "0/0.html").read_text() == "<p>old</p>", "the new site's file stays"
    # The next build takes the folders, and has nothing to wait for; the site's own
    # folder is new (the preview tells sites apart by it).
    spare_inode = spare.stat().st_ino
    site = tmp_path / ".output-build-2-y/site"
    site.parent.mkdir()
    made = prepare_folders(output, site)
    assert made.wait() == 0
    assert not spare.exists() and len(list(site.glob("*/deeper"))) == 40
    assert site.stat().st_ino != spare_inode
    assert not (site / FOLDER_LIST).exists()
    assert sorted(made.listed) == sorted(
        p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_dir()
    )
    # None ready: a process makes the output's folders.
    other = tmp_path / ".output-build-3-z/site"
    other.parent.mkdir()
    assert prepare_folders(output, other).wait() == 0
    assert sorted(p.name for p in other.iterdir()) == ["0"]
