"""Search settings: one frozen dataclass built once from Pelican's settings."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .analyzer import TOKEN_MARK_STEP


class SearchConfigError(ValueError):
    """A SEARCH_* setting has an invalid value; the message names the setting."""


@dataclass(frozen=True)
class SearchConfig:
    index_dir: Path
    """Whoosh index folder (one sub-folder per language); never inside the output."""
    output_dir: str = "search"
    """Folder of the browser index inside the output."""
    whoosh: bool = True
    """Build the Whoosh index (for `invoke search`); the browser index is always built."""
    background: bool = True
    """Build both indexes in a forked child process while Pelican writes the pages."""
    vocab_prefix: int = 2
    """Vocabulary shards: terms grouped by their first characters."""
    postings_bytes: int = 12_000
    """Postings shards: consecutive terms packed up to this many bytes (a larger term alone)."""
    doc_chunk: int = 8
    """Document records per file."""
    excerpt_tokens: int = 200
    """Excerpt text files: one per run of this many analysed tokens of a document."""
    title_boost: float = 3.0
    tag_boost: float = 2.0
    heading_boost: float = 1.5

    @classmethod
    def from_settings(cls, settings: dict) -> SearchConfig:
        defaults = cls(index_dir=Path("."))
        index_dir = resolve_index_dir(settings)
        values = {"index_dir": index_dir}
        for name, field in (
            ("SEARCH_OUTPUT_DIR", "output_dir"),
            ("SEARCH_WHOOSH", "whoosh"),
            ("SEARCH_BACKGROUND", "background"),
            ("SEARCH_POSTINGS_BYTES", "postings_bytes"),
            ("SEARCH_DOC_CHUNK", "doc_chunk"),
            ("SEARCH_EXCERPT_TOKENS", "excerpt_tokens"),
            ("SEARCH_TITLE_BOOST", "title_boost"),
            ("SEARCH_TAG_BOOST", "tag_boost"),
        ):
            if name in settings:
                values[field] = _checked(name, settings[name], type(getattr(defaults, field)))
        excerpt = values.get("excerpt_tokens", defaults.excerpt_tokens)
        if excerpt <= 0 or excerpt % TOKEN_MARK_STEP:
            raise SearchConfigError(
                f"SEARCH_EXCERPT_TOKENS={excerpt!r}: expected a positive multiple of "
                f"{TOKEN_MARK_STEP} (the content index marks every {TOKEN_MARK_STEP}th token)"
            )
        output_dir = values.get("output_dir", defaults.output_dir)
        if not output_dir or output_dir.startswith(("/", ".")) or "\\" in output_dir:
            raise SearchConfigError(
                f"SEARCH_OUTPUT_DIR={output_dir!r}: expected a folder name inside the output, "
                "such as 'search'"
            )
        return cls(**values)


def _checked(name: str, value, kind):
    if kind is bool:
        if not isinstance(value, bool):
            raise SearchConfigError(f"{name}={value!r}: expected True or False")
        return value
    if kind is float and isinstance(value, int | float) and not isinstance(value, bool):
        if value <= 0:
            raise SearchConfigError(f"{name}={value!r}: expected a positive number")
        return float(value)
    if kind is int and isinstance(value, int) and not isinstance(value, bool):
        if value <= 0:
            raise SearchConfigError(f"{name}={value!r}: expected a positive integer")
        return value
    if kind is str and isinstance(value, str):
        return value
    raise SearchConfigError(f"{name}={value!r}: expected a {kind.__name__}")


def resolve_index_dir(settings: dict) -> Path:
    """SEARCH_INDEX_DIR, made absolute against the folder that holds the content folder.

    That folder is the project root when PATH is "content". Resolving against the
    content's parent (not the current directory) keeps each site's cache beside it: a
    tiny test site or a benchmark corpus built in /tmp never overwrites the project's index.
    """
    value = settings.get("SEARCH_INDEX_DIR") or os.path.join(".cache", "whoosh")
    if not isinstance(value, str | os.PathLike):
        raise SearchConfigError(f"SEARCH_INDEX_DIR={value!r}: expected a folder path")
    path = Path(value)
    if path.is_absolute():
        return path
    content = Path(settings.get("PATH") or os.curdir).resolve()
    return (content.parent / path).resolve()
