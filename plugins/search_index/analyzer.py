"""The content index's analyzer and wikilink text markers, however plugins are loaded.

Pelican loads each plugin as a top-level package (`content_index`, `search_index`),
while tests and the command line import them as `plugins.content_index`...; a relative
import works only in the second case, the plain one only in the first (content_index is
listed before search_index in PLUGINS, so it is already imported).
"""

from __future__ import annotations

try:
    from ..content_index import analysis
    from ..content_index.model import TOKEN_MARK_STEP, offsets_kept
    from ..content_index.names import AUTO_TEXT_START, auto_text_spans
except ImportError:  # loaded by Pelican as the top-level package `search_index`
    import content_index.analysis as analysis  # type: ignore[no-redef]
    from content_index.model import TOKEN_MARK_STEP, offsets_kept  # type: ignore[no-redef]
    from content_index.names import AUTO_TEXT_START, auto_text_spans  # type: ignore[no-redef]

__all__ = ["AUTO_TEXT_START", "TOKEN_MARK_STEP", "analysis", "auto_text_spans", "offsets_kept"]
