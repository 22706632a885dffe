"""Pages rendered on two cores: a forked child renders every other page.

Rendering templates is most of the writing time. For each page-writing generator
(Pelican's articles generator, the language trees, the tag pages), this plugin forks a
child (parallel.ForkedCall in plugins/content_index) that runs the same `generate_output`
with a writer that writes nothing, and renders one template call in two; this process
runs `generate_output` as usual and, for those calls, takes the child's text instead of
rendering. The child streams its pages through a pipe as it goes, so neither process
holds them all.

Everything else stays in this process: writing the files, the writer's checks for files
written twice, feeds, `content_written` (the sitemap), the order of writes. The child
starts from a fork of this process, so from exactly the same context, and each page it
sends carries its file name: should the two ever be out of step, this process renders
the rest itself. The output is byte for byte that of one process
(tests/build/test_parallel_build.py).

With plugins/incremental_pages (after this plugin in PLUGINS, so its template wrapper is
the inner one), each process fingerprints only its own share of the pages; the child
hands its fingerprints and counts back when it ends (`Incremental.adopt`). When the last
build's pages are there to be reused, the pages are written in this process alone (they
are hard-linked by its writer, and few are left to render).

Settings: `PARALLEL_PAGES_MIN_ARTICLES` (default 200): smaller sites are written in one
process, where forking would cost more than it saves; 0 always forks (tests).
`PARALLEL_BUILD = False` (pelicanconf.py) keeps the whole build in one process.
"""

from __future__ import annotations

import contextlib
import copy
import importlib
import io
import logging
import os
import struct
from functools import partial

from pelican import signals

try:
    import fcntl
except ImportError:  # Windows: no fork either, so no pipe to size
    fcntl = None
from pelican.generators import ArticlesGenerator

# Generators whose output is pages rendered from templates (by class name, so that the
# plugins owning them need not be imported here).
PAGE_GENERATORS = {"ArticlesGenerator", "LanguageTreesGenerator", "TagPagesGenerator"}

_HEADER = struct.Struct("<II")
INCREMENTAL_KEY = "_INCREMENTAL_PAGES"
"""Where plugins/incremental_pages keeps its per-build record (in the settings)."""
PIPE_BYTES = 1 << 20
"""Pipe buffer: the child may be this far ahead before it waits for this process."""


def _parallel():
    """content_index's parallel module, from the package the build imported plugins as."""
    base = __package__.rpartition(".")[0]
    name = f"{base}.content_index.parallel" if base else "content_index.parallel"
    return importlib.import_module(name)


class Split:
    """Which template renders are the child's: every second one, counted in both processes."""

    def __init__(self, mode: str, stream) -> None:
        self.mode = mode  # "child": render the child's share and send it; "parent": take it
        self.stream = stream
        self.count = 0
        self.in_step = True

    def render(self, template, context) -> str:
        self.count += 1
        theirs = self.count % 2 == 0
        name = context.get("output_file", "")
        if self.mode == "child":
            if not theirs:
                return ""  # the parent renders this one; the child's writer writes nothing
            text = template.render(context).encode("utf-8")
            data = name.encode("utf-8")
            self.stream.write(_HEADER.pack(len(data), len(text)) + data + text)
            return ""
        if theirs and self.in_step:
            sent = self._receive()
            if sent is not None and sent[0] == name:
                return sent[1]
            self.in_step = False  # out of step (or the child stopped): render from here on
        return template.render(context)

    def _receive(self) -> tuple[str, str] | None:
        header = self.stream.read(_HEADER.size)
        if len(header) < _HEADER.size:
            return None
        name_size, text_size = _HEADER.unpack(header)
        name = self.stream.read(name_size).decode("utf-8")
        return name, self.stream.read(text_size).decode("utf-8")


class SplitTemplate:
    """A Jinja template whose render goes through a Split."""

    def __init__(self, template, split: Split) -> None:
        self.template, self.split = template, split

    def render(self, context) -> str:
        return self.split.render(self.template, context)

    def __getattr__(self, name):
        return getattr(self.template, name)


def _silent_writer(writer):
    """The child's writer: renders through the same code, writes no file and no feed."""

    @contextlib.contextmanager
    def discard(*_args, **_kwargs):
        yield io.StringIO()

    silent = copy.copy(writer)
    silent._open_w = discard
    silent.write_feed = lambda *args, **kwargs: None
    return silent


def _child_output(generator, generate_output, writer, write_end: int):
    """In the child: the generator's output, rendering only the child's share.

    Returns what plugins/incremental_pages recorded of the child's pages, if it is on.
    """
    logging.getLogger("pelican.writers").setLevel(logging.WARNING)  # no "Writing ..." twice
    incremental = generator.settings.get(INCREMENTAL_KEY)
    before = incremental.snapshot() if incremental is not None else None
    with os.fdopen(write_end, "wb") as stream:
        split = Split("child", stream)
        generator.get_template = _split_templates(generator, split)
        generate_output(_silent_writer(writer))
    return incremental.since(before) if incremental is not None else None


def _split_templates(generator, split: Split):
    get_template = generator.get_template  # Pelican's, or another plugin's wrapper of it

    def split_get_template(name):
        return SplitTemplate(get_template(name), split)

    return split_get_template


def generate_output_on_two_cores(generator, generate_output, writer) -> None:
    minimum = generator.settings.get("PARALLEL_PAGES_MIN_ARTICLES", 200)
    articles = generator.context.get("articles") or ()
    if not generator.settings.get("PARALLEL_BUILD", True) or len(articles) < max(1, minimum):
        return generate_output(writer)
    if generator.context.get("incremental_pages", {}).get("recorded"):
        # Most pages will be linked from the last build (plugins/incremental_pages), which
        # only this process's writer does; the few left to render are not worth a child.
        return generate_output(writer)
    read_end, write_end = os.pipe()
    with contextlib.suppress(AttributeError, OSError):  # Linux only: room for a few pages
        fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    job = _parallel().ForkedCall(
        partial(_child_output, generator, generate_output, writer, write_end)
    )
    os.close(write_end)
    if not job.forked:
        os.close(read_end)
        return generate_output(writer)
    had_own = "get_template" in vars(generator)
    own = generator.get_template
    with os.fdopen(read_end, "rb") as stream:
        split = Split("parent", stream)
        generator.get_template = _split_templates(generator, split)
        try:
            generate_output(writer)
        finally:
            if had_own:
                generator.get_template = own
            else:
                del generator.get_template
            stream.close()  # a child still writing gets EPIPE and stops
            done = None
            with contextlib.suppress(RuntimeError):
                done = job.join()
            incremental = generator.settings.get(INCREMENTAL_KEY)
            if incremental is not None and done is not None:
                incremental.adopt(done)
    return None


def install(generator) -> None:
    if type(generator).__name__ in PAGE_GENERATORS or isinstance(generator, ArticlesGenerator):
        generate_output = generator.generate_output
        generator.generate_output = partial(
            generate_output_on_two_cores, generator, generate_output
        )


def register():
    signals.generator_init.connect(install)
