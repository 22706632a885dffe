"""Settings of the content checks, read once per build and checked."""

from __future__ import annotations

from dataclasses import dataclass

from .problems import SEVERITIES


class ChecksConfigError(ValueError):
    """A CONTENT_CHECKS_* setting is unknown or wrong; the message names it."""


_SETTINGS = {
    "CONTENT_CHECKS_STRICT",
    "CONTENT_CHECKS_EXTRA_METADATA",
    "CONTENT_CHECKS_MAX_FILE_BYTES",
    "CONTENT_CHECKS_TRANSLATION_SEVERITY",
}


@dataclass(frozen=True)
class ChecksConfig:
    languages: tuple[str, ...] = ("fr", "en")
    """SITE_LANGUAGES; the first is the language of the originals."""
    default_lang: str = "fr"
    strict: bool = False
    """CONTENT_CHECKS_STRICT: warnings fail the build (publishconf.py and `--strict`)."""
    extra_metadata: tuple[str, ...] = ()
    """CONTENT_CHECKS_EXTRA_METADATA: metadata keys a plugin reads, besides the standard ones."""
    max_file_bytes: int = 1_000_000
    """CONTENT_CHECKS_MAX_FILE_BYTES: bigger source files get a warning."""
    translation_severity: str = "note"
    """CONTENT_CHECKS_TRANSLATION_SEVERITY: how missing and out-of-date translations are
    reported. 'note' by default: they are the translator's to-do list, not mistakes, and
    must not block publishing a fix to an original."""

    @classmethod
    def from_settings(cls, settings) -> ChecksConfig:
        for name in settings:
            if name.startswith("CONTENT_CHECKS_") and name not in _SETTINGS:
                raise ChecksConfigError(
                    f"{name}: unknown setting of the content checks (known: {', '.join(sorted(_SETTINGS))})"
                )
        languages = tuple(settings.get("SITE_LANGUAGES") or (settings.get("DEFAULT_LANG", "fr"),))
        severity = settings.get("CONTENT_CHECKS_TRANSLATION_SEVERITY", "note")
        if severity not in SEVERITIES:
            raise ChecksConfigError(
                f"CONTENT_CHECKS_TRANSLATION_SEVERITY: {severity!r} is not one of {SEVERITIES}"
            )
        max_bytes = settings.get("CONTENT_CHECKS_MAX_FILE_BYTES", 1_000_000)
        if not isinstance(max_bytes, int) or max_bytes <= 0:
            raise ChecksConfigError(
                f"CONTENT_CHECKS_MAX_FILE_BYTES: {max_bytes!r} must be a positive number of bytes"
            )
        extra = settings.get("CONTENT_CHECKS_EXTRA_METADATA", ())
        if isinstance(extra, str) or not all(isinstance(k, str) for k in extra):
            raise ChecksConfigError(
                "CONTENT_CHECKS_EXTRA_METADATA: must be a list of metadata keys, e.g. ['series']"
            )
        return cls(
            languages=languages,
            default_lang=settings.get("DEFAULT_LANG", languages[0]),
            strict=bool(settings.get("CONTENT_CHECKS_STRICT", False)),
            extra_metadata=tuple(k.lower() for k in extra),
            max_file_bytes=max_bytes,
            translation_severity=severity,
        )
