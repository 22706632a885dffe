"""Settings of the bilingual plugin, read once per build and checked."""

from __future__ import annotations

import re
from dataclasses import dataclass


class BilingualConfigError(ValueError):
    """A setting of the bilingual site is missing or wrong; the message names it."""


_LANG = re.compile(r"^[a-z]{2}$")


@dataclass(frozen=True)
class BilingualConfig:
    languages: tuple[str, ...] = ("fr", "en")
    """Site languages; the first one is the original language of the content."""
    default_lang: str = "fr"
    """Language of the originals and of `x-default` alternates."""
    show_untranslated: bool = True
    """List articles that exist in another language only, with a badge."""
    offline_urls: bool = True
    """URLs end in index.html so the site works from file:// (see pelicanconf.py)."""
    feed_max_items: int = 20

    @classmethod
    def from_settings(cls, settings) -> BilingualConfig:
        languages = tuple(settings.get("SITE_LANGUAGES") or (settings.get("DEFAULT_LANG", "fr"),))
        for lang in languages:
            if not _LANG.match(str(lang)):
                raise BilingualConfigError(
                    f"SITE_LANGUAGES: {lang!r} is not a two-letter language code (e.g. 'fr')"
                )
        default = settings.get("DEFAULT_LANG", languages[0])
        if default not in languages:
            raise BilingualConfigError(
                f"DEFAULT_LANG {default!r} must be one of SITE_LANGUAGES {list(languages)}"
            )
        return cls(
            languages=languages,
            default_lang=default,
            show_untranslated=bool(settings.get("SHOW_UNTRANSLATED", True)),
            offline_urls=bool(settings.get("OFFLINE_URLS", False)),
            feed_max_items=int(settings.get("FEED_MAX_ITEMS") or 20),
        )
