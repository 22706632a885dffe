"""Templates compiled once per build, and kept compiled between builds.

Pelican gives each generator its own Jinja environment, and each environment compiles
the templates it uses: at 1,000 article pairs, 44 compilations of 23 templates (base.html
five times), 0.3 s of every build. This plugin gives every environment of a build one
Jinja bytecode cache: a template is compiled once. With Pelican's content cache on
(`CACHE_CONTENT`), the compiled code is also kept in `CACHE_PATH/jinja/`, so a rebuild
compiles only the templates whose source changed (Jinja checks each file's source
checksum and its own bytecode version).

Environments whose compiled code would differ (extensions, delimiters, whitespace
options, autoescape, finalize) never share a compilation: they are part of the key.

Each environment also loads a template file once per build (`auto_reload` off: Jinja
would otherwise check the file's time at every include, import and extends).

No settings. The compiled code is Jinja's own (`jinja2.BytecodeCache`); what a page
renders does not change (tests/unit/test_template_cache.py).
"""

from __future__ import annotations

import os

from jinja2 import BytecodeCache, FileSystemBytecodeCache
from jinja2.bccache import Bucket
from pelican import signals

_KEY = "_TEMPLATE_CACHE"
"""Settings key of this build's cache (private: the generators share the settings)."""


def _name(value) -> str:
    if value is None or isinstance(value, bool | str):
        return repr(value)
    return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', repr(value))}"


def environment_signature(environment) -> str:
    """What, besides a template's source, decides the code Jinja compiles for it."""
    options = (
        sorted(environment.extensions),
        environment.block_start_string, environment.block_end_string,
        environment.variable_start_string, environment.variable_end_string,
        environment.comment_start_string, environment.comment_end_string,
        environment.line_statement_prefix, environment.line_comment_prefix,
        environment.trim_blocks, environment.lstrip_blocks,
        environment.newline_sequence, environment.keep_trailing_newline,
        environment.optimized, environment.is_async,
        _name(environment.autoescape), _name(environment.finalize),
    )  # fmt: skip
    return repr(options)


class SharedBytecodeCache(BytecodeCache):
    """One bytecode cache for every environment of a build.

    In memory, and on disk too when given a folder.
    """

    def __init__(self, directory: str | None = None) -> None:
        self.memory: dict[str, bytes] = {}
        self.disk = None
        if directory:
            os.makedirs(directory, exist_ok=True)
            self.disk = FileSystemBytecodeCache(directory)

    def get_bucket(self, environment, name: str, filename: str | None, source: str) -> Bucket:
        key = self.get_cache_key(f"{environment_signature(environment)}\n{name}", filename)
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        data = self.memory.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)  # resets the bucket if the source changed
        elif self.disk is not None:
            self.disk.load_bytecode(bucket)
            if bucket.code is not None:
                self.memory[bucket.key] = bucket.bytecode_to_string()

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.memory[bucket.key] = bucket.bytecode_to_string()
        if self.disk is not None:
            self.disk.dump_bytecode(bucket)  # atomic: a temporary file, then a rename


def share_compiled_templates(generator) -> None:
    """generator_init: the generator's environment uses the build's bytecode cache."""
    settings = generator.settings
    cache = settings.get(_KEY)
    if cache is None:
        directory = None
        if settings.get("CACHE_CONTENT") and settings.get("CACHE_PATH"):
            directory = os.path.join(settings["CACHE_PATH"], "jinja")
        cache = settings[_KEY] = SharedBytecodeCache(directory)
    environment = getattr(generator, "env", None)
    if environment is not None and environment.bytecode_cache is None:
        environment.bytecode_cache = cache
    if environment is not None:
        # A build's templates do not change while it runs: without this, Jinja asks the
        # file's modification time each time a page includes, imports or extends one
        # (about 40,000 `stat` calls at 1,000 pairs).
        environment.auto_reload = False


def register():
    signals.generator_init.connect(share_compiled_templates)
