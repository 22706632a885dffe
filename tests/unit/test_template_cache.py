"""One compilation per template and build, kept on disk between builds (plugins/template_cache)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from jinja2 import DictLoader, Environment, FileSystemLoader

from plugins.template_cache import SharedBytecodeCache, share_compiled_templates

TEMPLATES = {"page.html": "{% for x in items %}\n<li>{{ x }}</li>\n{% endfor %}"}


def environment(cache, templates=TEMPLATES, **options) -> Environment:
    env = Environment(loader=DictLoader(dict(templates)), **options)
    env.bytecode_cache = cache
    return env


def no_compiling(env: Environment) -> Environment:
    def compile(*args, **kwargs):
        raise AssertionError("compiled again")

    env.compile = compile
    return env


def test_environments_of_a_build_share_one_compilation():
    cache = SharedBytecodeCache()
    first = environment(cache).get_template("page.html").render(items=["a", "<b>"])
    second = no_compiling(environment(cache)).get_template("page.html")
    assert second.render(items=["a", "<b>"]) == first
    assert len(cache.memory) == 1


def test_options_that_change_the_compiled_code_are_never_shared():
    cache = SharedBytecodeCache()
    plain = environment(cache).get_template("page.html").render(items=["a"])
    trimmed = environment(cache, trim_blocks=True).get_template("page.html").render(items=["a"])
    assert plain == "\n<li>a</li>\n" and trimmed == "<li>a</li>\n"
    escaped = environment(cache, autoescape=True).get_template("page.html").render(items=["<b>"])
    assert "&lt;b&gt;" in escaped
    assert len(cache.memory) == 3


def test_the_next_build_loads_from_disk_and_compiles_only_what_changed(tmp_path):
    folder = str(tmp_path / "jinja")
    environment(SharedBytecodeCache(folder)).get_template("page.html")
    # The next build: a new process, a new cache on the same folder.
    reused = no_compiling(environment(SharedBytecodeCache(folder))).get_template("page.html")
    assert reused.render(items=["a"]) == "\n<li>a</li>\n"
    changed = {"page.html": "<p>{{ items | join(', ') }}</p>"}
    fresh = environment(SharedBytecodeCache(folder), changed).get_template("page.html")
    assert fresh.render(items=["a", "b"]) == "<p>a, b</p>"


@pytest.mark.parametrize("caching", [True, False])
def test_every_generator_of_a_build_gets_the_same_cache(tmp_path, caching):
    settings = {"CACHE_CONTENT": caching, "CACHE_PATH": str(tmp_path / "cache")}
    generators = [SimpleNamespace(settings=settings, env=Environment()) for _ in range(3)]
    for generator in generators:
        share_compiled_templates(generator)
    caches = {id(g.env.bytecode_cache) for g in generators}
    assert len(caches) == 1
    assert (tmp_path / "cache" / "jinja").is_dir() == caching


def test_an_included_template_is_not_checked_on_disk_at_every_render(tmp_path):
    (tmp_path / "page.html").write_text("{% include 'part.html' %}", encoding="utf-8")
    (tmp_path / "part.html").write_text("<p>{{ x }}</p>", encoding="utf-8")
    generator = SimpleNamespace(settings={}, env=Environment(loader=FileSystemLoader(tmp_path)))
    share_compiled_templates(generator)
    page = generator.env.get_template("page.html")
    assert page.render(x=1) == "<p>1</p>"
    # A build's templates do not change while it runs: the file is not asked again.
    (tmp_path / "part.html").write_text("<p>changed {{ x }}</p>", encoding="utf-8")
    assert page.render(x=2) == "<p>2</p>"
    # A new build's environment reads it.
    fresh = Environment(loader=FileSystemLoader(tmp_path))
    assert fresh.get_template("page.html").render(x=3) == "<p>changed 3</p>"
