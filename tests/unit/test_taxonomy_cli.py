"""`invoke suggest-tags PATH` on files it cannot read as an article: one line, no traceback."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from plugins.taxonomy.cli import main, suggest_for_file
from tests.conftest import ROOT, SAMPLE_CONTENT

EXPECTED = "expected a Markdown article under content/articles/<lang>/ or content/kb/<lang>/"


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("taxonomy.toml", None, "not a Markdown file; " + EXPECTED),
        ("outside.md", "Title: Ailleurs\n\nTexte.\n", "no `Lang:` line; " + EXPECTED),
        ("deutsch.md", "Title: Deutsch\nLang: de\n\nText.\n", "language 'de' is not one"),
        ("missing.md", "", "no such file"),
    ],
    ids=["not-markdown", "outside-content", "unknown-language", "missing"],
)
def test_a_file_that_is_not_an_article_is_a_one_line_error(tmp_path, capsys, name, text, message):
    path = tmp_path / name
    if text is None:
        shutil.copy(SAMPLE_CONTENT / "taxonomy.toml", path)
    elif text:
        path.write_text(text, "utf-8")
    assert main([str(path)]) == 2
    error = capsys.readouterr().err
    assert error.startswith(f"{path}: error: ") and message in error
    assert error.count("\n") == 1


def test_the_command_names_the_file_and_exits_without_a_traceback():
    done = subprocess.run(
        [sys.executable, "-m", "plugins.taxonomy.cli", "content/taxonomy.toml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("content/taxonomy.toml: error: not a Markdown file")
    assert "Traceback" not in done.stderr


def test_language_comes_from_the_folder_and_an_empty_tags_line_is_no_tags(tmp_path):
    settings = tmp_path / "pelicanconf.py"
    settings.write_text(
        'PATH = "content"\nARTICLE_PATHS = ["articles"]\nPAGE_PATHS = ["kb"]\n'
        'DEFAULT_LANG = "fr"\nSITE_LANGUAGES = ["fr", "en"]\n'
        'PATH_METADATA = r"(?:articles|kb)/(?P<lang>[a-z]{2})/.*"\n',
        "utf-8",
    )
    content = tmp_path / "content"
    (content / "articles/fr").mkdir(parents=True)
    shutil.copy(SAMPLE_CONTENT / "taxonomy.toml", content / "taxonomy.toml")
    for slug, tags in [("un", "intranet"), ("deux", "intranet"), ("nouveau", "")]:
        (content / f"articles/fr/{slug}.md").write_text(
            f"Title: {slug}\nTags: {tags}\n\nUn intranet pour la mairie.\n", "utf-8"
        )
    page = content / "kb/fr/guides/intranet.md"  # a subfolder: its name is not a language
    page.parent.mkdir(parents=True)
    page.write_text("Title: Guide\nTags:\n\nUn intranet pour la mairie.\n", "utf-8")
    lang, ranked = suggest_for_file(page, settings)
    assert lang == "fr"
    assert [s.concept_id for s, _ in ranked][:1] == ["intranet"]


def test_invoke_suggest_tags_works_from_a_subfolder_with_a_path_relative_to_it():
    # The project's own content folder, where authors run it (any article of theirs).
    articles = ROOT / "content" / "articles"
    found = sorted(articles.glob("*/*.md"))
    if not found:
        pytest.skip("no article in content/articles/ yet")
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "suggest-tags", found[0].relative_to(articles).as_posix()],
        cwd=articles,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith(
        ("1. ", f"{found[0].relative_to(articles).as_posix()}: no suggestion")
    ), result.stdout


def _invoke(*argv: str, cwd=ROOT):
    return subprocess.run(
        [sys.executable, "-m", "invoke", *argv],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_invoke_suggest_tags_takes_a_slug_and_says_what_a_folder_or_a_typo_needs():
    found = sorted((ROOT / "content/articles").glob("*/*.md"))
    if not found:
        pytest.skip("no article in content/articles/ yet")
    by_path = _invoke("suggest-tags", found[0].relative_to(ROOT).as_posix())
    by_slug = _invoke("suggest-tags", found[0].stem)
    assert by_slug.returncode == 0 and by_slug.stdout == by_path.stdout, by_slug.stderr
    folder = _invoke("suggest-tags", "content/articles")
    assert (folder.returncode, folder.stderr) == (
        2,
        "error: content/articles is a folder: give one article's file "
        "(invoke suggest-tags content/articles/fr/x.md) or its slug\n",
    )
    typo = _invoke("suggest-tags", "no-such-article-anywhere")
    assert typo.returncode == 2 and typo.stderr.startswith(
        "error: no file and no article's slug is 'no-such-article-anywhere'"
    )


def test_invoke_suggest_tags_piped_into_head_ends_quietly():
    found = sorted((ROOT / "content/articles").glob("*/*.md"))
    if not found:
        pytest.skip("no article in content/articles/ yet")
    result = subprocess.run(
        # `true` reads nothing and is gone before the first line: the pipe is closed.
        f"{sys.executable} -m invoke suggest-tags {found[0]} | true; "
        "echo status=${PIPESTATUS[0]}",
        shell=True, executable="/bin/bash", cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert (result.stdout, result.stderr) == ("status=0\n", "")
