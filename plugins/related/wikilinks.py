"""Python-Markdown extension: `[[slug]]`, `[[Title]]`, `[[slug|text]]`, `[[slug#part]]`.

Markdown renders each article before the list of all slugs and titles exists, so a
wikilink cannot be resolved here. It renders to a placeholder link instead
(`links.placeholder`), resolved once every article has been read (`links.rewrite_placeholders`,
called from the plugin's glue). Code spans and code blocks are left alone: Markdown handles
backticks before this pattern runs.
"""

from __future__ import annotations

from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor

from .links import WIKILINK_PATTERN, parse_wikilink, placeholder

# Above Markdown's own link and reference patterns (160, 170), below backticks (190).
PRIORITY = 175


class WikilinkInlineProcessor(InlineProcessor):
    REQUIRED_TEXT = ("[[",)
    """Every match holds it: Markdown need not try the pattern elsewhere (pelican_speedups)."""

    def handleMatch(self, m, data):  # noqa: N802 (Markdown's API)
        link = parse_wikilink(m.group(1), m.group(2))
        if not link.target:
            return None, None, None
        # Stashed raw HTML reaches the output byte for byte, so the placeholder keeps the
        # exact form that links.rewrite_placeholders looks for.
        return self.md.htmlStash.store(placeholder(link)), m.start(0), m.end(0)


class WikilinkExtension(Extension):
    """Registered by the related plugin through `settings["MARKDOWN"]["extensions"]`."""

    def extendMarkdown(self, md):  # noqa: N802 (Markdown's API)
        md.inlinePatterns.register(
            WikilinkInlineProcessor(WIKILINK_PATTERN, md), "related_wikilink", PRIORITY
        )
