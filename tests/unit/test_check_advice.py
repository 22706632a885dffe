"""What the content checks tell an author to do: plain image paths, untranslated pages.

(A file of its own: tests/unit/test_checks.py holds the checks' other tests.)
"""

from __future__ import annotations

import re
from datetime import datetime

from plugins.content_checks.checks import Document, check_links, check_translations

INTRASITE = re.compile(r"^[{|](?P<what>.*?)[|}]")


def doc(id: str, **fields) -> Document:
    slug = id.rsplit("/", 1)[-1][:-3]
    values = dict(
        path=f"content/{id}",
        kind="page" if id.startswith("kb/") else "article",
        lang=id.split("/")[1],
        slug=slug,
        title=slug,
        translation_key=slug,
        explicit_key=False,
        date=datetime(2012, 1, 1),
    )
    values.update(fields)
    return Document(id=id, **values)


def image_messages(*images: str, files: set[str]) -> list[str]:
    page = doc("articles/fr/a.md", images=images)
    problems = check_links(
        [page], {}, {"articles/fr/a.md": page}, set(files), INTRASITE, files.__contains__
    )
    return [p.message for p in problems]


def test_a_plain_image_path_to_an_existing_image_says_it_exists_and_what_to_write():
    hrefs = ("images/x.png", "../images/x.png", "x.png")
    assert image_messages(*hrefs, files={"images/x.png"}) == [
        f"image {href}: a plain path is resolved from the page's URL, not from content/; write "
        "![description]({static}/images/x.png) (content/images/x.png exists)"
        for href in hrefs
    ]


def test_a_plain_image_path_to_a_missing_image_says_where_to_put_it():
    assert image_messages("images/y.png", files={"images/x.png"}) == [
        "missing image images/y.png: a plain path is resolved from the page's URL, not from "
        "content/, and there is no content/images/y.png; put the file in content/images/ and "
        "write ![description]({static}/images/y.png)"
    ]


def notes(docs: list[Document]) -> list[str]:
    problems, _ = check_translations(docs, ("fr", "en"), "fr", {})
    return sorted(p.format() for p in problems)


def test_an_untranslated_page_is_told_its_sections_folder_in_the_other_language():
    docs = [
        doc("kb/fr/glossaire/index.md", slug="glossaire", translation_key="glossaire"),
        doc(
            "kb/en/glossary/index.md",
            slug="glossary",
            translation_key="glossaire",
            explicit_key=True,
        ),
        doc("kb/fr/glossaire/taylorisme.md"),
        doc("kb/fr/nouveau/page.md", slug="page-sans-section", translation_key="page-sans-section"),
        doc("kb/fr/outils/index.md", slug="outils", translation_key="outils"),
        doc("kb/fr/outils/wiki.md", slug="wiki", translation_key="wiki"),
        doc("kb/fr/a-propos.md"),
    ]
    # Paths as every message gives them (content/...); a folder that has no index.md in
    # the other language yet is a new section, whose index page it needs (author review 18).
    assert notes(docs) == [
        "content/kb/fr/a-propos.md: note: no 'en' translation yet (en: to translate): copy it "
        "into content/kb/en/, translate it, and set 'Translation_key: a-propos'",
        "content/kb/fr/glossaire/taylorisme.md: note: no 'en' translation yet (en: to "
        "translate): copy it into content/kb/en/glossary/, translate it, and set "
        "'Translation_key: taylorisme'",
        "content/kb/fr/nouveau/page.md: note: no 'en' translation yet (en: to translate): copy "
        "it into content/kb/en/nouveau/, translate it, and set 'Translation_key: "
        "page-sans-section'; content/kb/en/nouveau/ is a new folder: it needs its index.md",
        "content/kb/fr/outils/index.md: note: no 'en' translation yet (en: to translate): copy "
        "it into content/kb/en/outils/, translate it, and set 'Translation_key: outils'",
        "content/kb/fr/outils/wiki.md: note: no 'en' translation yet (en: to translate): copy "
        "it into content/kb/en/outils/, translate it, and set 'Translation_key: wiki'; "
        "content/kb/en/outils/ is a new folder: it needs its index.md, the translation of "
        "content/kb/fr/outils/index.md",
    ]
