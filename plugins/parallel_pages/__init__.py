"""Article pages rendered on two cores: a forked child renders the second half.

Article pages are most of what a build writes, and rendering their template is the
longest step once everything is read. Pelican's loop (`ArticlesGenerator.generate_articles`)
is replaced, on the generator instance, by one that forks a child (parallel.ForkedCall in
plugins/content_index) to render the second half of the articles' pages into a spool file
while this process renders and writes the first half; then this process writes the
child's pages through the same writer call as Pelican's loop, with a template that returns
the child's text. Everything else stays here: the writer's checks for files written twice,
`content_written` (the sitemap), `article_generator_write_article`, the order of writes.

The child renders from a fork of this process, so from exactly the same context: the
output is byte for byte that of the serial loop (tests/build/test_parallel_build.py).

Settings: `PARALLEL_PAGES_MIN_ARTICLES` (default 200): fewer articles than that are
rendered here, where forking would cost more than it saves; 0 always forks (tests).
"""

from __future__ import annotations

import importlib
import tempfile
from functools import partial
from itertools import chain

from pelican import signals
from pelican.generators import ArticlesGenerator
from pelican.utils import get_relative_path, path_to_url


def _parallel():
    """content_index's parallel module, from the package the build imported plugins as."""
    base = __package__.rpartition(".")[0]
    name = f"{base}.content_index.parallel" if base else "content_index.parallel"
    return importlib.import_module(name)


class Prerendered:
    """A template stand-in whose output was rendered by the child."""

    def __init__(self, text: str) -> None:
        self.text = text

    def render(self, _context) -> str:
        return self.text


def _article_write_arguments(generator, article) -> tuple[tuple, dict]:
    """The arguments of Pelican's own write call for an article page (generate_articles)."""
    return (article.save_as, generator.get_template(article.template), generator.context), {
        "article": article,
        "category": getattr(article, "category", None),
        "override_output": hasattr(article, "override_save_as"),
        "url": article.url,
        "blog": True,
    }


def render_article_pages(generator, articles, spool) -> dict[str, tuple[int, int]]:
    """In the child: render each page as Writer.write_file would, into the spool file.

    Returns {file name: (offset, length)} of each page's UTF-8 text in the spool: the
    pages never sit in memory all at once, in either process.
    """
    relative_urls = generator.settings["RELATIVE_URLS"]
    pages = {}
    for article in articles:
        signals.article_generator_write_article.send(generator, content=article)
        (name, template, context), kwargs = _article_write_arguments(generator, article)
        # Writer.write_file's local context, and its update of the shared one.
        local = context.copy()
        local["localsiteurl"] = local.get("localsiteurl", None)
        if relative_urls:
            local["SITEURL"] = local["localsiteurl"] = path_to_url(get_relative_path(name))
        local["output_file"] = name
        local.update(kwargs)
        if local["localsiteurl"]:
            context["localsiteurl"] = local["localsiteurl"]
        data = template.render(local).encode("utf-8")
        pages[name] = (spool.tell(), len(data))
        spool.write(data)
    spool.flush()
    return pages


def generate_articles_on_two_cores(generator, serial_loop, write) -> None:
    articles = list(
        chain(
            generator.translations,
            generator.articles,
            generator.hidden_translations,
            generator.hidden_articles,
        )
    )
    minimum = generator.settings.get("PARALLEL_PAGES_MIN_ARTICLES", 200)
    ForkedCall = _parallel().ForkedCall  # noqa: N806
    if len(articles) < max(2, minimum):
        return serial_loop(write)
    cut = len(articles) // 2
    mine, theirs = articles[:cut], articles[cut:]
    with tempfile.TemporaryFile() as spool:
        job = ForkedCall(partial(render_article_pages, generator, theirs, spool))
        if not job.forked:
            return serial_loop(write)
        for article in mine:
            signals.article_generator_write_article.send(generator, content=article)
            args, kwargs = _article_write_arguments(generator, article)
            write(*args, **kwargs)
        rendered = job.join()
        for article in theirs:
            signals.article_generator_write_article.send(generator, content=article)
            (name, _template, context), kwargs = _article_write_arguments(generator, article)
            offset, length = rendered[name]
            spool.seek(offset)
            write(name, Prerendered(spool.read(length).decode("utf-8")), context, **kwargs)
    return None


def install(generator) -> None:
    if isinstance(generator, ArticlesGenerator):
        serial_loop = generator.generate_articles
        generator.generate_articles = partial(
            generate_articles_on_two_cores, generator, serial_loop
        )


def register():
    signals.article_generator_init.connect(install)
