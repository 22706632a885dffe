"""Content checks as pure functions: source text, metadata, site-wide checks, the format."""

from __future__ import annotations

import logging
import re
from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plugins.content_checks.checks import (
    Document,
    check_body,
    check_categories,
    check_duplicates,
    check_encoding,
    check_header,
    check_languages,
    check_links,
    check_site_paths,
    check_translations,
    parse_link,
    site_path_links,
)
from plugins.content_checks.config import ChecksConfig, ChecksConfigError
from plugins.content_checks.problems import (
    ContentProblemsExit,
    Problem,
    fails,
    ordered,
    parse_problem,
)
from plugins.content_checks.runner import PelicanLogCollector, _from_exit
from plugins.content_checks.source import parse_header, read_source, unclosed_fence
from plugins.content_checks.summary import _Sanitiser, escape_author_html

INTRASITE = re.compile(r"^[{|](?P<what>.*?)[|}]")


def parse_date(text: str) -> datetime:
    return datetime.strptime(text.strip(), "%Y-%m-%d %H:%M" if ":" in text else "%Y-%m-%d")


def source(text: str | bytes, id: str = "articles/fr/a.md"):
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return read_source(raw, id, f"content/{id}")


def header_problems(text: str, kind: str = "article", draft: bool = False) -> list[str]:
    return [p.format() for p in check_header(source(text), kind, parse_date, draft=draft)]


GOOD = "Title: T\nDate: 2012-01-01\nCategory: C\nTags: a, b\n\nBody.\n"


# --- The problem format ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("problem", "line"),
    [
        (Problem("content/a.md", 3, "error", "bad"), "content/a.md:3: error: bad"),
        (Problem("content/a.md", None, "warning", "w"), "content/a.md: warning: w"),
        (Problem("", None, "note", "site"), "note: site"),
        (Problem("a.md", 1, "error", "two\nlines  joined"), "a.md:1: error: two lines joined"),
    ],
)
def test_problem_is_one_line_and_reads_back(problem, line):
    assert problem.format() == line
    assert parse_problem(line) == Problem(
        problem.path, problem.line, problem.severity, " ".join(problem.message.split())
    )


def test_taxonomy_lines_parse_as_problems():
    line = "/x/articles/fr/a.md:4: warning: unknown tag 'x'. Did you mean 'y'?"
    assert parse_problem(line) == Problem(
        "/x/articles/fr/a.md", 4, "warning", "unknown tag 'x'. Did you mean 'y'?"
    )
    assert parse_problem("Writing /tmp/x.html") is None


@pytest.mark.parametrize(
    ("severities", "strict", "failing"),
    [
        ([], False, False),
        (["note"], True, False),
        (["warning"], False, False),
        (["warning"], True, True),
        (["error"], False, True),
    ],
)
def test_errors_fail_warnings_only_when_strict_notes_never(severities, strict, failing):
    assert fails([Problem("a", 1, s, "m") for s in severities], strict) is failing


def test_problems_are_sorted_by_file_line_and_deduplicated():
    a2 = Problem("a.md", 2, "warning", "x")
    problems = [Problem("b.md", 1, "error", "y"), a2, Problem("a.md", None, "note", "z"), a2]
    assert [p.format() for p in ordered(problems)] == [
        "a.md: note: z",
        "a.md:2: warning: x",
        "b.md:1: error: y",
    ]


def test_exit_lists_errors_and_warnings_without_traceback():
    exit_ = ContentProblemsExit(
        [Problem("a.md", 1, "error", "e"), Problem("a.md", 2, "note", "n")], False
    )
    assert isinstance(exit_, SystemExit)
    assert str(exit_.code).splitlines() == [
        "a.md:1: error: e",
        "error: the content has 1 error, 0 warnings, 1 note; nothing was written.",
    ]


# --- Source text ----------------------------------------------------------------------------


def test_header_fields_keep_their_lines_and_continuations():
    fields, front, stop, body = parse_header(
        ["Title: T", "Summary: one", "    two", "Tags: a", "", "Body"]
    )
    assert [(f.key, f.value, f.line) for f in fields] == [
        ("Title", "T", 1),
        ("Summary", "one\ntwo", 2),
        ("Tags", "a", 4),
    ]
    assert (front, stop, body) == (False, None, 6)


def test_bom_and_windows_line_ends_are_read_like_pelican_reads_them():
    text = source(b"\xef\xbb\xbfTitle: T\r\nDate: 2012-01-01\r\n\r\nBody\r\n")
    assert text.encoding_problem is None
    assert text.get("title").value == "T" and text.get("date").line == 2
    assert text.body_line == 4


@pytest.mark.parametrize(
    ("raw", "line", "guess"),
    [
        ("Title: Café\n".encode("latin-1"), 1, "Latin-1"),
        (b"Title: ok\nDate: 2012\nText: \x93quoted\x94\n", 3, "Windows-1252"),
        ("Title: T\n".encode("utf-16"), 1, "UTF-16"),
    ],
)
def test_file_not_in_utf8_is_one_error_naming_line_encoding_and_fix(raw, line, guess):
    (problem,) = check_encoding(source(raw))
    assert problem.line == line and problem.severity == "error"
    assert guess in problem.message and "save the file as UTF-8" in problem.message


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["```python", "x", "```", "", "~~~~", "y", "~~~"], (5, "~~~~", None, None)),
        (["```", "code", "````", "text"], None),
        (["````", "```", "still code"], (1, "````", None, None)),
        # Never closed, but a later block's closing fence closes it: 1-7 show as code.
        (["```python", "x", "", "text", "```text", "y", "```", "after"], (1, "```", 5, 7)),
        (["```python", "x", "```text", "y"], (1, "```", 3, None)),
        # A Markdown example: fences shorter than the block's, or of the other kind, are text.
        (["````markdown", "```python", "x", "```", "````"], None),
        (["~~~", "```text", "~~~"], None),
    ],
)
def test_unclosed_fence_points_at_its_opening_line(lines, expected):
    found = unclosed_fence(lines)
    assert (found and (found.line, found.fence, found.reopened, found.closed)) == expected


def test_a_block_closed_only_by_the_next_one_names_both_lines():
    text = GOOD + "```python\nprint(1)\n\nTexte.\n\n```text\nsortie\n```\n"
    (problem,) = check_body(source(text), max_bytes=10_000)
    assert problem.format().startswith(
        "content/articles/fr/a.md:7: warning: the code block opened here (```) is not closed "
        "before line 12 (```text), which opens another one: everything up to line 14 shows "
        "as code; add a line ``` where this code ends"
    )


# --- Metadata -------------------------------------------------------------------------------


def test_a_correct_header_has_no_problem():
    assert header_problems(GOOD) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ["content/articles/fr/a.md: error: the file is empty"]),
        (
            "Tittle: T\nDate: 2012-01-01\nCategory: C\n\nx",
            [
                "content/articles/fr/a.md:1: error: 'Tittle:' is not a metadata key, did you mean 'Title:'?"
            ],
        ),
        (
            "Title: T\nDate: 2012-01-01\nCategory: C\nTag: a\n\nx",
            [
                "content/articles/fr/a.md:4: warning: unknown metadata key 'Tag:', did you mean 'Tags:'?"
            ],
        ),
        ("Title: T\nCategory: C\n\nx", ["content/articles/fr/a.md:1: error: no 'Date:'"]),
        (
            "Title: T\nDate: 2012-13-45\nCategory: C\n\nx",
            [
                "content/articles/fr/a.md:2: error: Date: '2012-13-45' is not a valid date: write it as YYYY-MM-DD"
            ],
        ),
        (
            "Title: T\nDate: 2012-01-02\nModified: 2012-01-01\nCategory: C\n\nx",
            ["content/articles/fr/a.md:3: warning: Modified (2012-01-01 00:00) is before Date"],
        ),
        (
            "Title: T\nTitle: U\nDate: 2012-01-01\nCategory: C\n\nx",
            [
                "content/articles/fr/a.md:2: error: 'Title:' is written twice (also line 1): both "
                "values would be read as a list and shown so"
            ],
        ),
        (
            "Title: <script>alert(1)</script>\nDate: 2012-01-01\nCategory: C\n\nx",
            ["content/articles/fr/a.md:1: note: Title: <script> is shown as written, as text"],
        ),
        (
            "Title: T\nDate: 2012-01-01\nCategory: C\nSummary: [TODO] write\n\nx",
            ["content/articles/fr/a.md:4: warning: Summary still has the [TODO] placeholder"],
        ),
        (
            GOOD + "<!-- TRANSLATE: below -->\ntexte\n",
            ["content/articles/fr/a.md:7: warning: the translation is not finished"],
        ),
        (
            "Title: T\nSeries: s\n\nx",
            ["content/articles/fr/a.md:2: note: metadata key 'Series:' is not one the site uses"],
        ),
    ],
    ids=[
        "empty",
        "title-typo",
        "tag-typo",
        "no-date",
        "bad-date",
        "modified-before-date",
        "twice",
        "html-in-title",
        "todo",
        "translate-marker",
        "unknown-key",
    ],
)
def test_header_mistakes_name_line_and_fix(text, expected):
    kind = "page" if "Series" in text else "article"
    found = header_problems(text, kind)
    assert len(found) == len(expected), found
    for line, start in zip(found, expected, strict=True):
        assert line.startswith(start), (line, start)


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("Category: C\n", "4: warning: 'Category:' is written twice (also line 3); only the first one is used"),
        ("Summary: a\nSummary: b\n", "5: warning: 'Summary:' is written twice (also line 4); the two are joined into one"),
        ("Lang: fr\nLang: fr\n", "5: error: 'Lang:' is written twice (also line 4): both values would be read as a list"),
        ("Save_as:\n", "4: error: 'Save_as:' is empty: write a value, or delete the line"),
        ("Template: \n", "4: error: 'Template:' is empty: write a value, or delete the line"),
        ("Order: un\n", "4: error: Order: 'un' is not a whole number: write the page's place in its section"),
        ("Order: 1.5\n", "4: error: Order: '1.5' is not a whole number"),
        ("Status: brouillon\n", "4: error: Status: 'brouillon' is not a status: write draft, hidden or published"),
        ("Status: drafts\n", "4: error: Status: 'drafts' is not a status (did you mean 'draft'?)"),
    ],
    ids=["first-kept", "joined", "list", "empty-save-as", "empty-template", "order-word", "order-decimal",
         "status-unknown", "status-typo"],
)  # fmt: skip
def test_values_the_site_cannot_build_from_are_named_at_their_line(extra, expected):
    found = header_problems("Title: T\nDate: 2012-01-01\nCategory: C\n" + extra + "\nx")
    assert len(found) == 1 and found[0].startswith(f"content/articles/fr/a.md:{expected}"), found


def test_an_empty_title_or_category_says_what_to_write():
    found = header_problems("Title:\nDate: 2012-01-01\nCategory:  \n\nx")
    assert found == [
        "content/articles/fr/a.md:1: error: 'Title:' is empty: write the article's title",
        "content/articles/fr/a.md:3: error: 'Category:' is empty: write the article's category",
    ]
    assert header_problems("Title: T\nOrder: 3\nStatus: hidden\n\nx", "page") == []
    assert header_problems("Title: T\nStatus: Draft\n\nx", "page") == []  # Pelican lowercases it


@pytest.mark.parametrize("slug", ["..", ".", ".cache"])
def test_a_slug_starting_with_a_dot_is_an_error(slug):
    (found,) = header_problems(f"Title: T\nDate: 2012-01-01\nCategory: C\nSlug: {slug}\n\nx")
    assert found.startswith(f"content/articles/fr/a.md:4: error: Slug: '{slug}' starts with a dot")


def test_placeholders_are_allowed_in_drafts():
    text = (
        "Title: [TRANSLATE] T\nDate: 2012-01-01\nCategory: C\nStatus: draft\n\n<!-- TRANSLATE -->\n"
    )
    assert header_problems(text, draft=True) == []


def test_extra_metadata_keys_from_settings_are_known():
    text = source("Title: T\nSeries: s\n\nx")
    assert check_header(text, "page", parse_date, extra_keys=["series"]) == []


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (
            "Date: 03/04/2012",
            ":2: error: Date: '03/04/2012' is ambiguous: the site would read it month first, as "
            "2012-03-04; write it as YYYY-MM-DD: 'Date: 2012-04-03' if the day comes first",
        ),
        ("Date: 14/03/2012 09:30", ":2: error: Date: '14/03/2012 09:30' is not written YYYY-MM-DD: write 'Date: 2012-03-14 09:30'"),
        ("Date: March 14, 2012", ":2: error: Date: 'March 14, 2012' is not written YYYY-MM-DD: write 'Date: 2012-03-14'"),
        ("Date: 2012/3/14", ":2: error: Date: '2012/3/14' is not written YYYY-MM-DD: write 'Date: 2012-03-14'"),
        ("Date: 14/03/2012 9h30", ":2: error: Date: '14/03/2012 9h30' is not written YYYY-MM-DD: write 'Date: 2012-03-14 09:30'"),
        ("Date: 04/2012", ":2: error: Date: '04/2012' is not a valid date: write it as YYYY-MM-DD"),
        ("Date: 2012-01-01\nModified: 2/5/2012", ":3: error: Modified: '2/5/2012' is ambiguous"),
    ],
)  # fmt: skip
def test_a_date_not_written_yyyy_mm_dd_is_an_error_with_its_iso_reading(header, expected):
    (found,) = header_problems(f"Title: T\n{header}\nCategory: C\n\nx")
    assert found.startswith("content/articles/fr/a.md" + expected), found


@pytest.mark.parametrize(
    "value",
    ["2012-03-14", "2012-03-14 09:30", "2012-03-14T09:30:05", "2012-03-14 09:30+01:00", "2012-03-14T09:30Z"],
)  # fmt: skip
def test_iso_dates_with_a_time_and_an_offset_pass(value):
    from pelican.utils import get_date

    assert (
        check_header(source(f"Title: T\nDate: {value}\nCategory: C\n\nx"), "article", get_date)
        == []
    )


def test_the_sample_content_and_the_benchmark_corpus_write_iso_dates(tmp_path):
    from pelican.utils import get_date

    from bench.make_corpus import make_corpus
    from tests.conftest import SAMPLE_CONTENT

    make_corpus(tmp_path, 10, seed=1)
    files = sorted(SAMPLE_CONTENT.rglob("*.md")) + sorted(tmp_path.rglob("*.md"))
    assert len(files) > 40
    for path in files:
        text = read_source(path.read_bytes(), path.name, str(path))
        kind = "article" if "articles" in path.parts else "page"
        assert not [
            p
            for p in check_header(text, kind, get_date)
            if p.message.startswith(("Date", "Modified"))
        ], path


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("---\ntitle: T\ndate: 2012-01-01\ncategory: C\n---\n\nx", []),
        (
            "---\ntitle: T\ndate: 2012-01-01\ncategory: C\ntags:\n  - a\n---\n\nx",
            ["content/articles/fr/a.md:6: error: '- a' is YAML syntax"],
        ),
        (
            '---\ntitle: "T"\ndate: 2012-01-01\ncategory: C\ntags: [a, b]\n---\n\nx',
            [
                "content/articles/fr/a.md:2: warning: the quotes around title's value",
                "content/articles/fr/a.md:5: warning: 'tags: [a, b]' is a YAML list",
            ],
        ),
    ],
    ids=["simple-front-matter-works", "yaml-list", "yaml-quotes-and-flow-list"],
)
def test_front_matter_is_accepted_when_it_is_key_value_lines(text, expected):
    found = header_problems(text)
    assert len(found) == len(expected), found
    for line, start in zip(found, expected, strict=True):
        assert line.startswith(start)


def test_big_file_is_a_warning_with_its_size():
    (problem,) = check_body(source(GOOD + "x" * 3000), max_bytes=2000)
    assert (
        problem.severity == "warning" and "0.0 MB" not in problem.message or "MB" in problem.message
    )


# --- The whole site ---------------------------------------------------------------------------


def doc(id: str, **fields) -> Document:
    lang = id.split("/")[1]
    slug = id.rsplit("/", 1)[-1][:-3]
    values = dict(
        path=f"content/{id}",
        kind="article",
        lang=lang,
        slug=slug,
        title=slug,
        translation_key=slug,
        explicit_key=False,
        date=datetime(2012, 1, 1),
    )
    values.update(fields)
    return Document(id=id, **values)


def test_unknown_language_folder_is_an_error():
    (problem,) = check_languages([doc("articles/de/x.md")], ("fr", "en"), {})
    assert problem.severity == "error" and "language 'de'" in problem.message
    assert "articles/fr/ or articles/en/" in problem.message


def test_a_lang_line_that_contradicts_the_folder_is_an_error_at_that_line():
    folder_lang = lambda id: id.split("/")[1]  # noqa: E731
    sources = {
        "articles/fr/x.md": source("Title: X\nLang: en\n\nx", "articles/fr/x.md"),
        "kb/fr/guide/y.md": source("Title: Y\nLang: en\n\nx", "kb/fr/guide/y.md"),
        "articles/en/z.md": source("Title: Z\nLang: en\n\nx", "articles/en/z.md"),
    }
    docs = [doc("articles/fr/x.md", lang="en"), doc("kb/fr/guide/y.md", lang="en", kind="page")]
    docs.append(doc("articles/en/z.md"))
    found = [p.format() for p in check_languages(docs, ("fr", "en"), sources, folder_lang)]
    assert found == [
        "content/articles/fr/x.md:2: error: 'Lang: en' contradicts the folder articles/fr/ (the "
        "folder gives the language): remove the line, or move the file to articles/en/",
        "content/kb/fr/guide/y.md:2: error: 'Lang: en' contradicts the folder kb/fr/guide/ (the "
        "folder gives the language): remove the line, or move the file to kb/en/guide/",
    ]


def test_a_file_in_no_language_folder_is_an_error_unless_it_says_its_language():
    pattern = re.compile(r"(?:articles|kb)/(?P<lang>[a-z]{2})/.*")

    def folder_lang(id):
        match = pattern.match(id)
        return match["lang"] if match else None

    ids = ["articles/EN/a.md", "articles/english/b.md", "articles/c.md", "kb/misc/d.md"]
    sources = {id: source("Title: X\n\nx", id) for id in ids}
    sources["articles/misc/e.md"] = source("Title: E\nLang: en\n\nx", "articles/misc/e.md")
    docs = [doc(id, lang="fr") for id in ids] + [doc("articles/misc/e.md", lang="en")]
    docs.append(doc("articles/fr/f.md"))
    found = [p.format() for p in check_languages(docs, ("fr", "en"), sources, folder_lang, True)]
    published_as = "this file is in no language folder, so it would be published in the default language (fr) whatever its text"
    assert found == [
        f"content/articles/EN/a.md: error: {published_as}: rename the folder articles/EN/ to "
        "articles/en/ (language folders are written in lowercase)",
        f"content/articles/english/b.md: error: {published_as}: move it to articles/fr/ or articles/en/",
        f"content/articles/c.md: error: {published_as}: move it to articles/fr/ or articles/en/",
        f"content/kb/misc/d.md: error: {published_as}: move it to kb/fr/ or kb/en/",
    ]
    assert check_languages(docs, ("fr", "en"), sources, folder_lang) == []  # no language folders


def test_an_unknown_language_in_a_lang_line_says_to_remove_the_line():
    sources = {"articles/fr/x.md": source("Title: X\nLang: de\n\nx", "articles/fr/x.md")}
    docs = [doc("articles/fr/x.md", lang="de")]
    found = [p.format() for p in check_languages(docs, ("fr", "en"), sources, lambda id: "fr")]
    assert found == [
        "content/articles/fr/x.md:2: error: language 'de' is not a site language (fr, en): "
        "remove the 'Lang: de' line (the folder gives the language), or add the language to "
        "SITE_LANGUAGES"
    ]


def test_duplicate_slug_in_one_language_names_the_other_file():
    docs = [
        doc("articles/fr/a.md", slug="s"),
        doc("articles/fr/b.md", slug="s"),
        doc("articles/en/c.md", slug="s"),
    ]
    (problem,) = check_duplicates(docs, {})
    assert problem.path == "content/articles/fr/b.md" and "articles/fr/a.md" in problem.message


def test_translations_missing_unmatched_and_stale():
    docs = [
        doc("articles/fr/orig.md", modified=datetime(2012, 5, 2)),
        doc(
            "articles/en/twin.md",
            translation_key="orig",
            explicit_key=True,
            date=datetime(2012, 3, 20),
        ),
        doc("articles/fr/alone.md"),
        doc("articles/en/lost.md", translation_key="orgi", explicit_key=True),
    ]
    problems, stale = check_translations(docs, ("fr", "en"), "fr", {})
    lines = sorted(p.format() for p in problems)
    assert stale == {"articles/en/twin.md": "articles/fr/orig.md"}
    assert any(
        line.startswith("content/articles/fr/alone.md: note: no 'en' translation yet")
        and "invoke translate alone --lang en" in line
        for line in lines
    )
    assert any(
        "lost.md: warning: Translation_key 'orgi' matches no other article (did you mean 'orig'?)"
        in line
        for line in lines
    )
    assert any(
        "twin.md: note: translation out of date: its original articles/fr/orig.md was "
        "updated on 2012-05-02" in line
        for line in lines
    )


def test_two_translations_in_one_language_are_an_error_naming_both_and_the_key():
    key = dict(translation_key="orig", explicit_key=True)
    docs = [
        doc("articles/fr/orig.md"),
        doc("articles/en/b.md", **key),
        doc("articles/en/a.md", **key),
    ]
    sources = {
        "articles/en/a.md": source("Title: A\nTranslation_key: orig\n\nx", "articles/en/a.md"),
        "articles/en/b.md": source(
            "Title: B\nSlug: b\nTranslation_key: orig\n\nx", "articles/en/b.md"
        ),
    }
    problems, _ = check_translations(docs, ("fr", "en"), "fr", sources)
    errors = sorted(p.format() for p in problems if p.severity != "note")
    message = (
        "error: articles/en/a.md and articles/en/b.md both claim to be the 'en' version of "
        "'orig': each article has one version per language; keep 'Translation_key: orig' only "
        "in the translation of articles/fr/orig.md"
    )
    assert [e.split(message)[0] for e in errors] == [
        "content/articles/en/a.md:2: ",
        "content/articles/en/b.md:3: ",
    ], errors


def test_two_originals_with_one_key_are_told_to_keep_it_in_one_of_them():
    key = dict(translation_key="k", explicit_key=True)
    docs = [doc("articles/fr/a.md", **key), doc("articles/fr/b.md", **key)]
    sources = {d.id: source("Title: T\nTranslation_key: k\n\nx", d.id) for d in docs}
    problems, _ = check_translations(docs, ("fr", "en"), "fr", sources)
    errors = [p.message for p in problems if p.severity == "error"]
    assert len(errors) == 2 and all("only in one of them" in e for e in errors), errors


def test_the_translation_of_an_original_that_could_not_be_built_is_told_so():
    docs = [doc("articles/en/twin.md", translation_key="orig", explicit_key=True)]
    sources = {"articles/en/twin.md": source("Title: T\nTranslation_key: orig\n\nx")}
    unbuilt = {("article", "orig"): ("articles/fr/orig.md", "fr")}
    problems, _ = check_translations(docs, ("fr", "en"), "fr", sources, unbuilt=unbuilt)
    assert [p.format() for p in problems] == [
        "content/articles/en/twin.md:2: warning: Translation_key 'orig': its original "
        "articles/fr/orig.md could not be built (see its own error); fix that file first"
    ]


def test_a_translation_newer_than_its_original_is_not_stale():
    docs = [
        doc("articles/fr/o.md"),
        doc("articles/en/t.md", translation_key="o", date=datetime(2012, 2, 1)),
    ]
    assert check_translations(docs, ("fr", "en"), "fr", {}) == ([], {})


def test_an_english_original_stays_the_original_once_translated_into_french():
    docs = [
        doc("articles/en/note.md", lang="en", date=datetime(2012, 12, 10)),
        doc(
            "articles/fr/une-note.md",
            translation_key="note",
            explicit_key=True,
            date=datetime(2026, 12, 6),
        ),
    ]
    # The French translation is newer than its original: nothing is out of date.
    assert check_translations(docs, ("fr", "en"), "fr", {}) == ([], {})
    docs[0] = doc("articles/en/note.md", lang="en", modified=datetime(2027, 1, 2))
    problems, stale = check_translations(docs, ("fr", "en"), "fr", {})
    assert stale == {"articles/fr/une-note.md": "articles/en/note.md"}
    assert [p.format() for p in problems] == [
        "content/articles/fr/une-note.md: note: translation out of date: its original "
        "articles/en/note.md was updated on 2027-01-02 00:00, after this translation "
        "(2026-12-06 00:00); update it, then set 'Modified:' to today's date"
    ]


def test_translations_of_unpublished_content_are_told_so_not_to_be_written_again():
    original_draft = [
        doc("articles/fr/orig.md", status="draft"),
        doc("articles/en/twin.md", translation_key="orig", explicit_key=True),
    ]
    sources = {"articles/en/twin.md": source("Title: T\nTranslation_key: orig\n\nx")}
    problems, _ = check_translations(original_draft, ("fr", "en"), "fr", sources)
    assert [p.format() for p in problems] == [
        "content/articles/en/twin.md:2: note: Translation_key 'orig': its original "
        "articles/fr/orig.md is not published (Status: draft); the two are paired once it is"
    ]
    translation_draft = [
        doc("articles/fr/orig.md"),
        doc("articles/en/twin.md", translation_key="orig", explicit_key=True, status="draft"),
    ]
    problems, _ = check_translations(translation_draft, ("fr", "en"), "fr", {})
    assert [p.format() for p in problems] == [
        "content/articles/fr/orig.md: note: the 'en' translation articles/en/twin.md is not "
        "published yet (Status: draft): finish it, then remove its 'Status:' line"
    ]
    translation_hidden = [
        doc("articles/fr/orig.md"),
        doc("articles/en/twin.md", translation_key="orig", explicit_key=True, status="hidden"),
    ]
    problems, _ = check_translations(translation_hidden, ("fr", "en"), "fr", {})
    assert [p.format() for p in problems] == [
        "content/articles/fr/orig.md: note: the 'en' translation articles/en/twin.md is hidden "
        "(Status: hidden): written but listed nowhere, and not shown as this page's translation"
    ]


@pytest.mark.parametrize(
    ("href", "kind", "target", "fragment"),
    [
        ("{filename}b.md", "filename", "articles/fr/b.md", ""),
        ("{filename}../../kb/fr/x.md#part", "filename", "kb/fr/x.md", "part"),
        ("{static}/images/a%20b.png", "static", "images/a b.png", ""),
        ("|filename|b.md", "filename", "articles/fr/b.md", ""),
        ("#top", "fragment", "", "top"),
        ("https://example.org/x", "other", "", ""),
        ("{wikilink}Some%20page", "wikilink", "Some page", ""),
        ("{wikilink}Some%20page%23part", "wikilink", "Some page", "part"),
        ("{other}x", "other", "", ""),
        ("../images/x.png", "path", "articles/images/x.png", ""),
    ],
)
def test_links_resolve_like_pelican(href, kind, target, fragment):
    link = parse_link(href, "articles/fr/a.md", INTRASITE)
    assert (link.kind, link.target, link.fragment) == (kind, target, fragment)


def test_link_checks():
    page = doc(
        "articles/fr/a.md",
        links=(
            "{filename}b.md",
            "{filename}b.md#yes",
            "{filename}b.md#no",
            "{filename}c.md",
            "{filename}gone.md",
            "#here",
            "#nowhere",
            "{static}/images/ok.png",
            "https://x.org",
        ),
        images=("{static}/images/missing.png", "../../images/ok.png"),
        anchors=frozenset({"here"}),
    )
    target = doc("articles/fr/b.md", anchors=frozenset({"yes"}))
    built = {"articles/fr/a.md": page, "articles/fr/b.md": target, "articles/fr/gone.md": None}
    text = source("Title: a\n\n[x]({filename}b.md#no) [y]({filename}c.md)\n")
    problems = check_links(
        [page],
        {"articles/fr/a.md": text},
        built,
        {"images/ok.png"},
        INTRASITE,
        lambda rel: rel == "images/ok.png",
    )
    messages = sorted(p.message for p in problems)
    assert len(messages) == 6, messages
    assert any(
        "broken link {filename}c.md: there is no article or page articles/fr/c.md" in m
        for m in messages
    )
    assert any(
        "{filename}b.md#no: there is no heading or anchor '#no' in articles/fr/b.md" in m
        for m in messages
    )
    assert any("#nowhere" in m and "in this page" in m for m in messages)
    assert any("articles/fr/gone.md could not be built" in m for m in messages)
    assert any("missing file for image {static}/images/missing.png" in m for m in messages)
    assert any("write {static}/images/ok.png" in m for m in messages)
    lines = {p.message.split(":")[0]: p.line for p in problems}
    assert lines["broken link {filename}c.md"] == 3


def test_a_missing_static_file_names_the_closest_file_of_its_folder():
    # Author review 18: `{static}/images/shema.png` for schema.png said only "does not exist".
    page = doc(
        "articles/fr/a.md",
        images=("{static}/images/shema.png", "{static}/images/zzz.png"),
    )
    static = {"images/schema.png", "images/logo.svg", "other/shema.png", "images/shema.png"}
    present = {"images/schema.png", "images/logo.svg", "other/shema.png"}
    problems = check_links(
        [page], {}, {"articles/fr/a.md": page}, static, INTRASITE, present.__contains__
    )
    assert sorted(p.message for p in problems) == [
        "missing file for image {static}/images/shema.png: content/images/shema.png does not "
        "exist; did you mean {static}/images/schema.png? Else add the file or fix the path",
        "missing file for image {static}/images/zzz.png: content/images/zzz.png does not exist; "
        "add the file or fix the path (relative to this file, or starting with / from content/)",
    ]


def test_a_wikilink_to_a_missing_heading_is_reported_like_a_filename_link():
    page = doc(
        "articles/fr/a.md",
        links=("{wikilink}b%23nope", "{wikilink}b%23yes", "{wikilink}b", "{wikilink}gone%23x"),
        anchors=frozenset(),
    )
    target = doc("articles/fr/b.md", anchors=frozenset({"yes"}))
    built = {"articles/fr/a.md": page, "articles/fr/b.md": target}
    text = source("Title: a\n\nVoir [[b#yes]],\net [[b#nope|ici]].\n")
    problems = check_links(
        [page], {"articles/fr/a.md": text}, built, set(), INTRASITE, lambda rel: False,
        # Given the target with its #section, as the content index's resolver is.
        lambda target, lang: {("b", "fr"): "articles/fr/b.md"}.get((target.partition("#")[0], lang)),
    )  # fmt: skip
    assert [p.format() for p in problems] == [
        "content/articles/fr/a.md:4: warning: link [[b#nope]]: there is no heading or anchor "
        "'#nope' in articles/fr/b.md; fix the anchor (headings get the id of their text, e.g. "
        "'## Les étapes' -> #les-etapes)"
    ]


def test_a_broken_link_suggests_the_twin_in_the_page_language_never_the_page_itself():
    # A link copied from the English version: its French twin is the one meant.
    page = doc(
        "articles/fr/une-note.md",
        links=("{filename}collaborative-portal.md", "{filename}une-notes.md"),
    )
    english = doc("articles/en/collaborative-portal.md", lang="en", translation_key="portail")
    french = doc("articles/fr/portail.md", translation_key="portail")
    # A file that could not be built is None; met before the twin, it must be skipped.
    built = {"kb/en/x/y.md": None} | {d.id: d for d in (page, english, french)}
    text = source(
        "Title: N\n\n[a]({filename}collaborative-portal.md), [b]({filename}une-notes.md)\n",
        "articles/fr/une-note.md",
    )
    problems = check_links([page], {page.id: text}, built, set(), INTRASITE, lambda rel: False)
    messages = [p.message.split(";")[0] for p in problems]
    assert messages[0] == (
        "broken link {filename}collaborative-portal.md: there is no article or page "
        "articles/fr/collaborative-portal.md (did you mean articles/fr/portail.md?)"
    )
    assert messages[1].startswith("broken link {filename}une-notes.md: there is no article")
    assert "une-note.md?" not in messages[1]  # the closest name is the page itself


def test_a_plain_link_to_a_markdown_file_among_the_static_files_is_fine():
    page = doc("articles/fr/a.md", links=("../../images/notes.md", "/images/notes.md"))
    built = {"articles/fr/a.md": page}
    problems = check_links(
        [page], {}, built, {"images/notes.md"}, INTRASITE, lambda rel: rel == "images/notes.md"
    )
    assert problems == []


def test_plain_links_to_the_sites_addresses_are_resolved_from_the_page():
    page = doc(
        "articles/fr/a.md",
        save_as="fr/2012/a/index.html",
        links=("/blog/fr/", "../b/#part", "/elsewhere/", "../../../../x", "b.md", "https://x.org")
        + ("../../../", "/blog/.well-known/x", "../../../plan.pdf"),
    )
    text = source("Title: a\n\n[x](/blog/fr/)\n\n[y](../b/#part)\n\n[z](../../../plan.pdf)\n")
    links = site_path_links([page], {"articles/fr/a.md": text}, INTRASITE, "/blog")
    assert [(link.href, link.site_path) for link in links] == [
        ("/blog/fr/", "fr"),
        ("../b/#part", "fr/2012/b"),
        ("/elsewhere/", None),
        ("../../../../x", None),
        ("../../../", ""),
        ("/blog/.well-known/x", ".well-known/x"),
        ("../../../plan.pdf", "plan.pdf"),
    ]
    found = check_site_paths(links, lambda path: path in ("fr", ""), "/blog")
    assert [(p.line, p.message) for p in found] == [
        (
            5,
            "broken link ../b/#part: the site has no page or file at /blog/fr/2012/b; link to "
            "an article or page as {filename}path/to/file.md, which follows it when its "
            "address changes",
        ),
        (
            None,
            "broken link /elsewhere/: the site's pages are under /blog/; link to an article "
            "or page as {filename}path/to/file.md, which follows it when its address changes",
        ),
        (
            None,
            "broken link ../../../../x: the site's pages are under /blog/; link to an "
            "article or page as {filename}path/to/file.md, which follows it when its address "
            "changes",
        ),
        (
            None,
            "broken link /blog/.well-known/x: the site has no page or file at "
            "/blog/.well-known/x; link to an article or page as {filename}path/to/file.md, which "
            "follows it when its address changes",
        ),
        (
            7,
            "broken link ../../../plan.pdf: the site has no page or file at /blog/plan.pdf; "
            "link to a file of content/ as {static}path/to/file",
        ),
    ]


def test_a_plain_link_to_a_source_file_says_to_write_filename():
    page = doc("articles/fr/a.md", links=("../en/b.md#part", "c.md", "../../output/x.html", "b/"))
    built = {"articles/fr/a.md": page, "articles/en/b.md": doc("articles/en/b.md")}
    text = source("Title: a\n\n[x](../en/b.md#part)\n\n[y](c.md)\n")
    problems = check_links(
        [page], {"articles/fr/a.md": text}, built, set(), INTRASITE, lambda rel: False
    )
    assert [p.format() for p in problems] == [
        "content/articles/fr/a.md:3: warning: link ../en/b.md#part points to a source file, "
        "which the site does not publish: write {filename}../en/b.md#part so it becomes the "
        "page's address",
        "content/articles/fr/a.md:5: warning: broken link c.md: there is no article or page "
        "articles/fr/c.md (did you mean articles/en/b.md?); link to a source file as {filename}path/to/file.md (relative to "
        "this file, or starting with / from content/)",
    ]


def test_a_link_from_a_published_article_to_a_draft_is_reported():
    page = doc("articles/fr/a.md", links=("{filename}wip.md",))
    draft = doc("articles/fr/wip.md", status="draft", links=("{filename}wip2.md",))
    other = doc("articles/fr/wip2.md", status="draft")
    built = {d.id: d for d in (page, draft, other)}
    texts = {"articles/fr/a.md": source("Title: a\n\nVoir [ici]({filename}wip.md).\n")}
    problems = check_links([page, draft], texts, built, set(), INTRASITE, lambda rel: False)
    # A draft may link to another draft: both are left out together.
    assert [p.format() for p in problems] == [
        "content/articles/fr/a.md:3: warning: link {filename}wip.md: articles/fr/wip.md is a "
        "draft (Status: draft), which the preview shows and publishing leaves out: this link "
        "would lead nowhere on the published site; publish that file first, or remove the link"
    ]


def test_one_category_written_two_ways_is_a_warning_on_the_rarer_spelling():
    written = {"a": "Intranet", "b": "intranet", "c": "Intranet", "d": "Réseaux"}
    docs = [
        doc(f"articles/fr/{name}.md", category=category, category_slug=category.lower())
        for name, category in written.items()
    ]
    docs.append(doc("articles/en/e.md", category="intranet", category_slug="intranet"))
    texts = {d.id: source(f"Title: x\nCategory: {d.category}\n\nTexte.\n") for d in docs}
    assert [p.format() for p in check_categories(docs, texts)] == [
        "content/articles/fr/b.md:2: warning: category 'intranet' is written 'Intranet' in 2 "
        "other articles: they are one category, shown as 'Intranet'; write "
        "'Category: Intranet' here"
    ]


# --- Summaries and settings ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (
            "<p>Plain <em>text</em> &amp; <code>x</code></p>",
            "<p>Plain <em>text</em> &amp; <code>x</code></p>",
        ),
        ("<script>alert('x')</script>", "&lt;script&gt;alert('x')&lt;/script&gt;"),
        (
            '<p><img src=x onerror="alert(1)"></p>',
            "<p>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</p>",
        ),
        (
            '<a href="javascript:alert(1)">x</a>',
            "&lt;a href=&quot;javascript:alert(1)&quot;&gt;x</a>",
        ),
        (
            '<a href="https://x.org" onclick="y">x</a>',
            "&lt;a href=&quot;https://x.org&quot; onclick=&quot;y&quot;&gt;x</a>",
        ),
    ],
)
def test_summary_html_beyond_inline_formatting_is_escaped(html, expected):
    assert escape_author_html(html) == expected


@pytest.mark.parametrize(
    "href",
    [
        "java&#9;script:alert(1)",
        "jav&#x0A;ascript:alert(2)",
        "JaVa&Tab;ScRiPt:alert(3)",
        " &#1;javascript:alert(4)",
        "vbscript:x",
        "data:text/html,<script>x</script>",
        "file:///etc/passwd",
    ],
)
def test_summary_links_that_a_browser_reads_as_script_are_text(href):
    # Browsers drop tabs and new lines anywhere in an address, and controls at its ends.
    assert "<a" not in escape_author_html(f'<p><a href="{href}">x</a></p>')


@pytest.mark.parametrize(
    "href",
    ["https://x.org/a?b=1&amp;c", "http://x.org", "mailto:a@b.org", "../x/", "#part", "x.html"],
)
def test_summary_links_to_pages_and_mail_are_kept(href):
    assert escape_author_html(f'<p><a href="{href}">x</a></p>') == f'<p><a href="{href}">x</a></p>'


HEADER = "Title: T\nDate: 2012-01-01\nCategory: C\n"


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            'Slug: x"><img src=x onerror=alert(1)>\n',
            "4: error: Slug: 'x\"><img src=x onerror=alert(1)>' holds characters a slug cannot "
            "('\"', '>', '<', U+0020, '=', '(', ')'): it names the page's folder and goes into "
            "every link to it; use letters, digits and '-', e.g. 'Slug: x-img-src-x-onerror-alert-1'",
        ),
        (
            "Slug: mon article\n",
            "4: error: Slug: 'mon article' holds characters a slug cannot (U+0020)",
        ),
        (
            "URL: javascript:alert(document.domain)//\n",
            "4: error: URL: 'javascript:alert(document.domain)//' is not an address in this site",
        ),
        (
            "URL: //evil.example/x\n",
            "4: error: URL: '//evil.example/x' is not an address in this site",
        ),
        (
            "Save_as: /tmp/x.html\n",
            "4: error: Save_as: '/tmp/x.html' is not an address in this site",
        ),
        ('URL: fr/x"y/\n', "4: error: URL: 'fr/x\"y/' holds characters a web address cannot hold"),
        ("Slug: " + "a" * 201 + "\n", "4: error: the Slug would be about 201 bytes long"),
        (
            "Summary: Un titre \u202eexe.txt\n",
            "4: warning: Summary holds U+202E, an invisible character",
        ),
    ],
    ids=["html", "space", "javascript", "other-site", "absolute-save-as", "quote", "long", "bidi"],
)
def test_addresses_that_would_break_links_or_run_script_are_errors(extra, expected):
    found = header_problems(HEADER + extra + "\nx")
    assert len(found) == 1 and found[0].startswith(f"content/articles/fr/a.md:{expected}"), found


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("URL: fr/\nSave_as: fr/\n", "5: error: Save_as: 'fr/' names a folder, not a file"),
        (
            "URL: fr/qui/\nSave_as: fr/qui\n",
            "5: error: Save_as: 'fr/qui' names a folder, not a file",
        ),
        ("Save_as: fr/contact.html\n", "4: warning: Save_as: without URL: the page is saved there"),
    ],
    ids=["folder", "no-extension", "no-url"],
)
def test_a_save_as_must_name_a_file_that_links_reach(extra, expected):
    found = header_problems(HEADER + extra + "\nx")
    assert len(found) == 1 and found[0].startswith(f"content/articles/fr/a.md:{expected}"), found


def test_legitimate_addresses_titles_and_summaries_pass():
    fine = [
        "Slug: c++-et-rust\n",
        "Slug: Été-v2.0\n",
        "URL: fr/a-propos/\nSave_as: fr/a-propos/index.html\n",
        "URL: pages/about.html\nSave_as: pages/about.html\n",
        "Summary: Voir <https://example.org/x> et `<div>`.\n",
        # A French title of 190 letters, many accented: its slug drops the accents.
        "Title: " + "Réalité éphémère " * 11 + "\n",
    ]
    for extra in fine:
        text = (
            HEADER + extra + "\nx"
            if not extra.startswith("Title")
            else extra + "Date: 2012-01-01\nCategory: C\n\nx"
        )
        assert header_problems(text) == [], extra


def test_long_titles_categories_and_tags_that_cannot_name_a_folder_are_errors():
    word = "Antidisestablishmentarianism" * 8
    found = header_problems(
        f"Title: {word}\nDate: 2012-01-01\nCategory: {word}\nTags: a, {word}\n\nx"
    )
    assert [p.split(": ", 2)[1:] for p in found] == [
        ["error", "the slug made from the Title would be about 224 bytes long, more than a folder "
         "name can hold (200): add a shorter 'Slug: ...' line"],
        ["error", f"Category: '{word[:40]}...' is too long to name a page and its folder (more than "
         "200 bytes): shorten it"],
        ["error", f"Tags: '{word[:40]}...' is too long to name a page and its folder (more than "
         "200 bytes): shorten it"],
    ]  # fmt: skip
    assert header_problems(f"Title: {word}\nSlug: court\nDate: 2012-01-01\nCategory: C\n\nx") == []


def test_a_summary_may_show_a_tag_in_a_code_span():
    assert header_problems(HEADER + "Summary: Use `<div>` & *care*\n\nx") == []
    assert (
        header_problems(HEADER + "Summary: Use <div> here\n\nx")[0].split(": ", 2)[1] == "warning"
    )


@pytest.mark.parametrize(
    ("body", "line", "column", "code"),
    [
        ("abc\x00def\n", 5, 4, "0000"),
        ("Texte.\n\n\x1b[31mrouge\n", 7, 1, "001B"),
        ("Un saut\x0c de page\n", 5, 8, "000C"),
    ],
)
def test_an_invisible_control_character_is_an_error_at_its_line_and_column(
    body, line, column, code
):
    found = [p.format() for p in check_body(source(HEADER + "\n" + body), 1_000_000)]
    assert found == [
        f"content/articles/fr/a.md:{line}: error: an invisible control character U+{code} is at "
        f"column {column} (often pasted with terminal output or from a broken copy): feeds "
        "cannot hold it; delete it"
    ]
    assert check_body(source(HEADER + "\nTab\there, CR\r\nfine.\n"), 1_000_000) == []


def test_config_rejects_unknown_and_wrong_settings():
    assert (
        ChecksConfig.from_settings({"SITE_LANGUAGES": ["fr", "en"]}).translation_severity == "note"
    )
    with pytest.raises(ChecksConfigError, match="CONTENT_CHECKS_STRIKT"):
        ChecksConfig.from_settings({"CONTENT_CHECKS_STRIKT": True})
    with pytest.raises(ChecksConfigError, match="CONTENT_CHECKS_TRANSLATION_SEVERITY"):
        ChecksConfig.from_settings({"CONTENT_CHECKS_TRANSLATION_SEVERITY": "loud"})


# --- The build runner's view of Pelican's log -------------------------------------------------


def _record(msg: str, args=(), level=logging.WARNING, **extra) -> logging.LogRecord:
    record = logging.LogRecord("pelican.x", level, __file__, 1, msg, args, None)
    record.__dict__.update(extra)
    return record


def test_an_image_without_description_is_reported_at_its_line(tmp_path):
    # Author review 18: Pelican names the image's file only; the warning gives the line.
    article = tmp_path / "x.md"
    article.write_text(
        "Title: x\n\n![Schéma](images/schema.png)\n\nVoir ![](images/schema.png).\n", "utf-8"
    )
    collector = PelicanLogCollector()
    collector.emit(_record("Empty alt attribute for image %s in %s", ("schema.png", str(article))))
    (problem,) = collector.problems
    assert problem.line == 5, problem
    assert problem.format().endswith(
        ":5: warning: image schema.png has no description: write ![what the image shows](...)"
    )


def test_pelican_log_lines_become_problems_or_are_dropped_when_the_checks_cover_them():
    collector = PelicanLogCollector()
    collector.emit(_record("Could not process %s", ("articles/fr/x.md",), logging.ERROR))
    collector.emit(
        _record("Skipping %s: could not find information about '%s'", ("x", "title"), logging.ERROR)
    )
    collector.emit(_record("content/a.md:3: warning: from a plugin", content_problem=object()))
    collector.emit(_record("/elsewhere/a.md:3: warning: unresolved wikilink [[x]]"))
    collector.emit(_record("Empty alt attribute for image %s in %s", ("a.png", "/elsewhere/a.md")))
    collector.emit(_record("Cannot load plugin `%s`\n%s", ("x", "no module"), logging.ERROR))
    assert [p.format() for p in collector.problems] == [
        "/elsewhere/a.md:3: warning: unresolved wikilink [[x]]",
        "/elsewhere/a.md: warning: image a.png has no description: write ![what the image shows](...)",
        "error: Cannot load plugin `x` no module",
    ]


def test_a_systemexit_message_becomes_problems():
    found = _from_exit(SystemExit("content/taxonomy.toml:1: error: bad TOML — fix it"))
    assert found == [Problem("content/taxonomy.toml", 1, "error", "bad TOML — fix it")]
    assert (
        _from_exit(SystemExit("error: SITE_LANGUAGES: 'xx1' is wrong"))[0].message
        == "SITE_LANGUAGES: 'xx1' is wrong"
    )


def test_the_last_sites_folders_are_made_again_and_empty_ones_removed(tmp_path):
    from plugins.content_checks.runner import _make_folders_like, remove_empty_folders

    old, new = tmp_path / "old", tmp_path / "new"
    for folder in ("fr/2012/a", "fr/2012/b", "en/2012/a", "search/x/0"):
        (old / folder).mkdir(parents=True)
        (old / folder / "index.html").write_text("page", "utf-8")
    assert _make_folders_like(old, new).wait() == 0
    made = sorted(p.relative_to(new).as_posix() for p in new.rglob("*"))
    assert made == sorted(p.relative_to(old).as_posix() for p in old.rglob("*") if p.is_dir())
    assert not [p for p in new.rglob("*") if p.is_file()], "folders only"
    # This build wrote fr/2012/a only: the others are folders of pages that are gone.
    (new / "fr/2012/a/index.html").write_text("page", "utf-8")
    assert remove_empty_folders(new) == 7
    assert sorted(p.relative_to(new).as_posix() for p in new.rglob("*")) == [
        "fr", "fr/2012", "fr/2012/a", "fr/2012/a/index.html"
    ]  # fmt: skip
    assert new.is_dir()


def test_only_the_listed_folders_no_page_was_written_to_are_looked_at(tmp_path):
    from plugins.content_checks.runner import remove_empty_folders

    site = tmp_path / "site"
    for folder in ("fr/a", "fr/b/c", "en/a", "search/x", "static"):
        (site / folder).mkdir(parents=True)
    (site / "fr/a/index.html").write_text("page", "utf-8")
    (site / "search/x/0.js").write_text("index", "utf-8")  # not Pelican's writer: not filled
    (site / "new").mkdir()  # made by this build, not listed: never looked at
    listed = ["fr", "fr/a", "fr/b", "fr/b/c", "en", "en/a", "search", "search/x", "gone"]
    filled = {str(site / "fr/a")}
    assert remove_empty_folders(site, listed, filled) == 4  # fr/b/c, fr/b, en/a, en
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == [
        "fr", "fr/a", "fr/a/index.html", "new", "search", "search/x", "search/x/0.js", "static"
    ]  # fmt: skip
    # A folder said to be filled is left as it is, even empty.
    (site / "fr/a/index.html").unlink()
    assert remove_empty_folders(site, ["fr", "fr/a"], {str(site / "fr/a")}) == 0
    assert remove_empty_folders(site, ["fr", "fr/a"]) == 2


# --- The header dates' fast path and the paths shown ------------------------------------------


def _outcome(parse, text):
    try:
        return parse(text)
    except ValueError:
        return ValueError


def test_header_dates_read_directly_are_the_dates_pelican_reads():
    """Every date the ISO fast path reads, right or wrong, is what Pelican's get_date says."""
    import random

    from pelican.utils import get_date

    from plugins.content_checks.checks import parse_header_date

    taken = []

    def fallback(text):
        taken.append(text)
        return get_date(text)

    generator = random.Random(7)
    samples = ["2024-02-29", "2023-02-29", "2012-09-16 24:00", "2012-09-16T12:30:45", "2012-9-16"]
    for _ in range(400):
        year, month, day = generator.choice(["0001", "1999", "2024"]), generator.randint(0, 13), generator.randint(0, 32)  # fmt: skip
        text = f"{year}-{month:02d}-{day:02d}"
        if generator.random() < 0.6:
            text += f"{generator.choice(' T')}{generator.randint(0, 25):02d}:{generator.randint(0, 61):02d}"
            if generator.random() < 0.5:
                text += f":{generator.randint(0, 61):02d}"
        samples.append(text)
    for text in samples:
        assert _outcome(lambda t: parse_header_date(t, fallback), text) == _outcome(
            get_date, text
        ), text
    assert "2012-9-16" in taken  # not ISO: dateutil decides
    assert len(taken) < len(samples) / 2  # the usual forms never reach dateutil


def test_paths_are_shown_relative_to_the_working_folder_when_inside_it(tmp_path, monkeypatch):
    from plugins.content_checks.problems import display_path

    (tmp_path / "site" / "content").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "site")
    inside = str(tmp_path / "site" / "content" / "a.md")
    assert display_path(inside) == "content/a.md"
    assert display_path("content/./a.md") == "content/a.md"
    assert display_path(str(tmp_path / "site-2" / "a.md")) == str(tmp_path / "site-2" / "a.md")
    assert display_path(str(tmp_path / "other.md")) == str(tmp_path / "other.md")
    assert display_path(str(tmp_path / "site")) == "."
    monkeypatch.chdir("/")
    assert display_path(inside) == inside.lstrip("/")


_FRAGMENTS = [
    "<p>", "</p>", "<em>", "</em>", "<br>", "<br/>", "</br>", "<P>", "<code>", "<b >",
    "&amp;", "&", "&#12;", "&#x41;", "&a-b;", "&nbsp", ";", "#", "<", ">", "a", " ", "\n",
    "é", "'", '"', "<a href='x'>", "</a>", "<script>", "<!-- c -->", "<sup>", "</sub>",
]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=12).map("".join))
def test_summaries_taken_as_they_are_are_what_the_sanitiser_gives(html):
    # The fast path (already safe: returned as it is) must agree with the parser, which
    # is run on anything with a tag.
    parser = _Sanitiser()
    parser.feed(html)
    parser.close()
    assert escape_author_html(html) == ("".join(parser.out) if "<" in html else html)


def test_the_runner_ends_without_teardown_yet_runs_its_exit_handlers(tmp_path):
    """`exit_now`: the exit code, exit handlers and buffered output kept; no teardown.

    The freeing of every object one by one at exit is skipped: a finalizer shows it (it
    runs when the script ends with `sys.exit` instead: checked first).
    """
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    script = f"""
import atexit, sys
sys.path.insert(0, {str(root)!r})
from plugins.content_checks.runner import exit_now
atexit.register(lambda: open({str(tmp_path / "handler")!r}, "w").write("ran"))
class Finalized:
    def __del__(self, _open=open):  # bound now: builtins are gone late in a teardown
        with _open({str(tmp_path / "teardown")!r}, "w") as marker:
            marker.write("ran")
kept = Finalized()
sys.stdout.write("buffered, never flushed by the script")
exit_now(3)
"""
    usual = subprocess.run([sys.executable, "-c", script.replace("exit_now(3)", "sys.exit(3)")])
    assert usual.returncode == 3
    assert (tmp_path / "teardown").read_text() == "ran"
    (tmp_path / "teardown").unlink()
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert run.returncode == 3, run.stderr
    assert run.stdout == "buffered, never flushed by the script"
    assert (tmp_path / "handler").read_text() == "ran"
    assert not (tmp_path / "teardown").exists()


def test_a_source_past_its_checks_keeps_only_what_finds_a_line(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("Title: A\nSummary: long words\n\nText with [a link](x.md).\n", "utf-8")
    source = read_source(path.read_bytes(), "a.md", str(path), str(path))
    assert source.get("summary").value == "long words"
    source.forget_text()
    source.forget_header()
    assert source.fields == () and source.text == "" and source.lines == []
    assert source.line_of("](x.md)") == 4  # read again from the file
    assert source.get("title") is None


def test_the_same_note_on_many_files_is_one_string():
    message = "metadata key 'Cluster:' is not one the site uses"
    first = Problem("a.md", 3, "note", "".join(message))
    second = Problem("b.md", 3, "note", "".join(list(message)))
    assert first.message is second.message


def test_the_checks_cache_records_pickle_to_equal_records(tmp_path):
    """Header fields, sources and problems round-trip through pickle, every field kept.

    They pickle as a call with their fields (`pickled_as_a_call`), not through the
    dataclasses' own state methods: a field left out would come back as its default.
    """
    import dataclasses
    import pickle
    import sys

    from plugins.content_checks.source import HeaderField, SourceText, pickled_as_a_call

    path = tmp_path / "a.md"
    path.write_bytes(b"Title: Un\nTags: a, b\n\nCorps avec \x01.\n")
    source = read_source(path.read_bytes(), "a.md", str(path), str(path))
    source.front_matter_stop = 7  # every field away from its default
    source.front_matter = True
    source.forget_text()
    problem = Problem("a.md", 3, "note", "une note")
    records = [source, problem, source.fields[0], HeaderField("Title", "Un", 1)]
    for record in records:
        defaults = {
            f.name for f in dataclasses.fields(record)
            if f.default is not dataclasses.MISSING and getattr(record, f.name) == f.default
        }  # fmt: skip
        if isinstance(record, SourceText):
            assert not defaults - {"encoding_problem"}, defaults  # the test sets the rest
        assert record.__reduce_ex__(pickle.HIGHEST_PROTOCOL)[0] is type(record)  # a call
        copy = pickle.loads(pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))
        assert type(copy) is type(record)
        assert all(
            getattr(copy, f.name) == getattr(record, f.name) for f in dataclasses.fields(record)
        )
    assert pickle.loads(pickle.dumps(problem)).message is sys.intern("une note")
    with pytest.raises(TypeError, match="two fields or more"):

        @pickled_as_a_call
        @dataclasses.dataclass
        class _One:
            only: int


# --- Link checks beside the build -------------------------------------------------------------


def test_links_are_checked_in_a_forked_child_only_under_the_build_runner():
    """A bare `pelican` build checks them in place: its errors stop it before writing."""
    from plugins.content_checks import _links_in_background
    from plugins.content_index.parallel import can_fork, usable_cpus

    found = ([], [], "", 0.0)
    assert _links_in_background({}, lambda: found) is None
    assert _links_in_background({"BUILD_RUNNER": True, "CHECK_ONLY": True}, lambda: found) is None
    assert (
        _links_in_background({"BUILD_RUNNER": True, "PARALLEL_BUILD": False}, lambda: found) is None
    )
    job = _links_in_background({"BUILD_RUNNER": True}, lambda: found)
    if not (can_fork() and usable_cpus() > 1):
        assert job is None
        return
    assert job is not None and job.join() == found


def test_a_failed_link_check_child_is_checked_again_here_and_still_stops_the_build():
    from types import SimpleNamespace

    from plugins.content_checks import _LINKS_JOB, finish_link_checks

    class Failed:
        def join(self):
            raise RuntimeError("the child's traceback")

    broken = Problem("articles/fr/a.md", 3, "error", "link to x.md: no such file")
    context = {"plugin_timings": {}}
    state = {"config": ChecksConfig.from_settings({}), "problems": [], "seconds": 0.01}
    settings = {_LINKS_JOB: (Failed(), lambda: ([broken], [], "", 0.02), context, state)}
    with pytest.raises(SystemExit):
        finish_link_checks(SimpleNamespace(settings=settings))
    assert context["content_problems"] == [broken]
    assert context["plugin_timings"]["content_checks"] == pytest.approx(0.03)
    assert _LINKS_JOB not in settings
    finish_link_checks(SimpleNamespace(settings=settings))  # nothing pending: nothing done
