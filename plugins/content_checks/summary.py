"""Author-written summaries keep their inline formatting; any other HTML is shown as text.

`Summary:` is a Markdown field, and Markdown lets raw HTML through: a `<script>` written in
a summary would reach the Atom feeds (`<summary type="html">`) and every consumer of
`article.summary`. Templates print summaries through `striptags` and autoescape, so only the
feeds were exposed; escaping at the source protects every consumer at once.

Automatic summaries (no `Summary:`, cut by Pelican from the body) lose the headings'
permalinks the same way, at the source: `without_permalinks`.
"""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser

_INLINE = {
    "p": (), "em": (), "strong": (), "b": (), "i": (), "code": (), "br": (), "sup": (),
    "sub": (), "abbr": ("title",), "a": ("href", "title", "hreflang"),
}  # fmt: skip
_SAFE_SCHEMES = ("http", "https", "mailto", "ftp", "tel")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_URL_BLANKS = str.maketrans("", "", "\t\n\r")


def safe_href(value: str) -> bool:
    """A link address that cannot run script: relative, or http(s), mailto, ftp, tel.

    Read as a browser reads it: tabs and new lines removed anywhere, control characters
    and spaces at the ends ignored ("java&#9;script:" is "javascript:" to a browser).
    """
    url = value.translate(_URL_BLANKS).strip("".join(map(chr, range(33))))
    scheme = _SCHEME.match(url)
    return scheme is None or scheme.group(1).lower() in _SAFE_SCHEMES


class _Sanitiser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []

    def _allowed(self, tag: str, attrs) -> bool:
        if tag not in _INLINE:
            return False
        for name, value in attrs:
            if name not in _INLINE[tag]:
                return False
            if name == "href" and not safe_href(value or ""):
                return False
        return True

    def handle_starttag(self, tag, attrs):
        if self._allowed(tag, attrs):
            rendered = "".join(f' {n}="{escape(v or "")}"' for n, v in attrs)
            self.out.append(f"<{tag}{rendered}>")
        else:
            self.out.append(escape(self.get_starttag_text() or f"<{tag}>"))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        self.out.append(f"</{tag}>" if tag in _INLINE else escape(f"</{tag}>"))

    def handle_data(self, data):
        self.out.append(escape(data, quote=False))

    def handle_entityref(self, name):
        self.out.append(f"&{name};")

    def handle_charref(self, name):
        self.out.append(f"&#{name};")

    def handle_comment(self, data):
        pass


_ALREADY_SAFE = re.compile(
    r"(?:</?(?:p|em|strong|b|i|code|br|sup|sub)>|[^<>&]|&[a-zA-Z][-.a-zA-Z0-9]*;|&#[0-9]+;)*"
)
"""HTML the sanitiser gives back as it is: allowed tags without attributes, text without
`<`, `>` or a bare `&` (entities are kept): most summaries, a `<p>` and words."""


def escape_author_html(html: str) -> str:
    """Keep inline formatting (em, strong, code, links...); escape every other tag."""
    if "<" not in html or _ALREADY_SAFE.fullmatch(html):
        return html
    parser = _Sanitiser()
    parser.feed(html)
    parser.close()
    return "".join(parser.out)


_PERMALINK = re.compile(
    r"""<a\s[^>]*\bclass=["'][^"']*\bheaderlink\b[^"']*["'][^>]*>.*?</a>""",
    re.DOTALL | re.IGNORECASE,
)
"""The Markdown toc extension's heading permalink (`<a class="headerlink" …>#</a>`)."""


# As Markdown's toc extension writes them: a third of the general pattern's time.
_MARKDOWN_PERMALINK = re.compile(r'<a class="headerlink" href="#[^"<>]*" title="[^"<>]*">[^<]*</a>')


def strip_permalinks(html: str) -> str:
    """`html` without heading permalinks: text reads "Contexte", not "Contexte#"."""
    if "headerlink" not in html:
        return html
    html = _MARKDOWN_PERMALINK.sub("", html)
    return _PERMALINK.sub("", html) if "headerlink" in html else html


def without_permalinks(strip_toc):
    """Pelican's `strip_toc_elements_from_html` that also drops the toc permalinks.

    Pelican cleans its automatic summaries (cut from the body) of its own table-of-contents
    links only; the permalinks of our Markdown headings would show as "#" in descriptions,
    cards and feed summaries, and link to anchors that are not on those pages.
    """
    if getattr(strip_toc, "__strips_permalinks__", False):
        return strip_toc

    def strip(html: str) -> str:
        return strip_permalinks(strip_toc(html))

    strip.__strips_permalinks__ = True
    strip.__wrapped__ = strip_toc
    return strip
