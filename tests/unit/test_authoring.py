"""The author's tools: new, translate, the preview server, publishing with git.

`new` and `translate` run on a temporary content folder, the preview server on a temporary
site, and publishing pushes to a local bare repository.
"""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
from invoke import Context, Exit
from pelican.settings import read_settings

from authoring.articles import AuthoringError, SiteRules, new_article, translate_article
from authoring.preview import BuildClock, inject_reload_script, start_server, watch_and_rebuild
from authoring.publish import PublishError, push_site
from plugins.content_checks.source import read_source
from tests.conftest import ROOT

NOW = "2026-01-15 10:30"


@pytest.fixture(scope="module")
def rules() -> SiteRules:
    return SiteRules.from_settings(read_settings(str(ROOT / "pelicanconf.py")))


@pytest.fixture
def content(tmp_path) -> Path:
    """A content folder with one translated pair and one French-only article."""
    folder = tmp_path / "content"
    (folder / "articles/fr").mkdir(parents=True)
    (folder / "articles/en").mkdir(parents=True)
    (folder / "articles/fr/portail.md").write_text(
        "Title: Un portail\nDate: 2012-03-14 09:30\nCategory: Réseaux sociaux\nTags: intranet, SharePoint\n"
        "Slug: portail\nSummary: Les étapes du projet.\n\nLe texte.\n\n## Étapes\n\nSuite.\n",
        "utf-8",
    )
    (folder / "articles/en/portal.md").write_text(
        "Title: A portal\nDate: 2012-03-20 09:30\nCategory: Social networks\nTags: intranet\n"
        "Slug: portal\nTranslation_key: portail\n\nThe text.\n",
        "utf-8",
    )
    (folder / "articles/fr/retour.md").write_text(
        "Title: Retour de la journée\nDate: 2012-04-01 09:30\nCategory: Réseaux sociaux\n"
        "Tags: collaboration\nSummary: Ce que j'ai retenu.\n\nCorps du texte.\n",
        "utf-8",
    )
    return folder


def header(path: Path) -> dict[str, str]:
    source = read_source(path.read_bytes(), path.name, str(path))
    return {f.key: f.value for f in source.fields}


# --- new ------------------------------------------------------------------------------------


def test_new_article_has_complete_metadata_and_the_site_slug(content, rules):
    path = new_article(
        content,
        "Titre de l'article",
        rules=rules,
        category="Intranet",
        tags="intranet,  collaboration",
        now=NOW,
    )
    assert path == content / "articles/fr/titre-de-larticle.md"
    assert header(path) == {
        "Title": "Titre de l'article",
        "Date": NOW,
        "Category": "Intranet",
        "Tags": "intranet, collaboration",
        "Slug": "titre-de-larticle",
        "Summary": "[TODO] one or two sentences that say what the reader will find here.",
    }


def test_new_article_dates_now_in_the_site_timezone(content, rules):
    path = new_article(content, "Maintenant", rules=rules)
    date = header(path)["Date"]
    assert time.strptime(date, "%Y-%m-%d %H:%M")
    assert date == rules.now() or date[:10] == rules.now()[:10]


def test_new_article_without_category_lists_the_categories_in_use(content, rules):
    path = new_article(content, "Essai", rules=rules, lang="fr", now=NOW)
    assert header(path)["Category"] == "[TODO] one of: Réseaux sociaux"
    assert header(path)["Tags"] == ""


def test_new_article_lists_real_categories_only_not_placeholders(content, rules):
    for title in ("Premier", "Deuxième", "Troisième"):
        path = new_article(content, title, rules=rules, lang="fr", now=NOW)
        assert header(path)["Category"] == "[TODO] one of: Réseaux sociaux"
    (content / "articles/fr/traduit.md").write_text(
        "Title: Traduit\nCategory: [TRANSLATE] Social networks\n\nTexte.\n", "utf-8"
    )
    path = new_article(content, "Quatrième", rules=rules, lang="fr", now=NOW)
    assert header(path)["Category"] == "[TODO] one of: Réseaux sociaux"


def test_new_article_lists_a_category_spelled_two_ways_once(content, rules):
    for name, category in (("a", "intranet"), ("b", "Intranet"), ("c", "Intranet")):
        (content / f"articles/fr/{name}.md").write_text(
            f"Title: {name}\nCategory: {category}\n\nTexte.\n", "utf-8"
        )
    path = new_article(content, "Essai", rules=rules, lang="fr", now=NOW)
    assert header(path)["Category"] == "[TODO] one of: Intranet, Réseaux sociaux"


def test_new_english_article_goes_to_its_language_folder(content, rules):
    assert (
        new_article(content, "Hello world", rules=rules, lang="en", now=NOW)
        == content / "articles/en/hello-world.md"
    )


@pytest.mark.parametrize(
    ("title", "lang", "message"),
    [
        (
            "Portail",
            "fr",
            "^slug 'portail' is already used by content/articles/fr/portail.md: give the new "
            "article another one with --slug$",
        ),
        ("Hallo", "de", "unknown language 'de'"),
        ("!!!", "fr", "no letters or digits"),
    ],
)
def test_new_article_refuses_and_says_why(content, rules, title, lang, message):
    before = sorted(p.read_bytes() for p in content.rglob("*.md"))
    with pytest.raises(AuthoringError, match=message):
        new_article(content, title, rules=rules, lang=lang, now=NOW)
    assert sorted(p.read_bytes() for p in content.rglob("*.md")) == before


def test_new_article_never_overwrites_a_file(content, rules):
    existing = content / "articles/fr/nouveau.md"
    existing.write_text("Title: Autre chose\n\nMon texte.\n", "utf-8")
    with pytest.raises(AuthoringError, match="already exists"):
        new_article(content, "Nouveau", rules=rules, now=NOW)
    assert existing.read_text("utf-8") == "Title: Autre chose\n\nMon texte.\n"


# --- translate ------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", ["retour-de-la-journee", "retour"], ids=["slug", "file-name"])
def test_translate_creates_the_twin_with_key_markers_and_the_original_text(content, rules, slug):
    path = translate_article(content, slug, rules=rules, lang="en", now=NOW)
    # No Slug: line in the original: its slug comes from its title, and so does the key.
    assert path == content / "articles/en/retour-de-la-journee.md"
    fields = header(path)
    assert fields == {
        "Title": "[TRANSLATE] Retour de la journée",
        "Date": NOW,
        # The category of earlier translations of 'Réseaux sociaux'.
        "Category": "Social networks",
        "Tags": "collaboration",
        "Translation_key": "retour-de-la-journee",
        "Summary": "[TRANSLATE] Ce que j'ai retenu.",
    }
    text = path.read_text("utf-8")
    marker = text.index("<!-- TRANSLATE: the original text is below")
    assert text.index("Corps du texte.") > marker


def test_translate_with_a_title_sets_the_english_slug(content, rules):
    (content / "articles/en/portal.md").unlink()
    path = translate_article(
        content, "portail", rules=rules, lang="en", title="A city portal", now=NOW
    )
    assert path.name == "a-city-portal.md"
    fields = header(path)
    assert (fields["Title"], fields["Slug"], fields["Translation_key"]) == (
        "A city portal",
        "a-city-portal",
        "portail",
    )
    assert "## Étapes" in path.read_text("utf-8")


def test_translated_file_is_checked_as_unfinished_until_translated(content, rules):
    from pelican.utils import get_date

    from plugins.content_checks.checks import check_header

    path = translate_article(content, "retour", rules=rules, lang="en", now=NOW)
    found = check_header(
        read_source(path.read_bytes(), "articles/en/x.md", str(path)), "article", get_date
    )
    assert [p.line for p in found] == [1, 6, 8]  # Title, Summary, the marker
    assert all(p.severity == "warning" for p in found)


@pytest.mark.parametrize(
    ("slug", "lang", "message"),
    [
        (
            "portail",
            "en",
            "^'portail' already has its version in en: content/articles/en/portal.md$",
        ),
        ("retuor", "en", "no article has the slug 'retuor' \\(did you mean 'retour'\\?\\)"),
        (
            "portal",
            "en",
            "^content/articles/en/portal.md is in en and already has its translations",
        ),
        ("retour", "xx", "unknown language"),
    ],
)
def test_translate_refuses_and_says_why(content, rules, slug, lang, message):
    with pytest.raises(AuthoringError, match=message):
        translate_article(content, slug, rules=rules, lang=lang, now=NOW)


# --- serve: live reload ---------------------------------------------------------------------


def test_reload_script_goes_before_the_end_of_body():
    assert inject_reload_script(b"<html><body><p>x</p></body></html>") == (
        b'<html><body><p>x</p><script src="/__livereload.js"></script></body></html>'
    )


def get(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.request("GET", path)
    response = connection.getresponse()
    return response.status, response.read()


def test_preview_server_adds_live_reload_to_pages_only(tmp_path):
    (tmp_path / "fr").mkdir()
    (tmp_path / "fr/index.html").write_text("<html><body>Bonjour</body></html>", "utf-8")
    (tmp_path / "site.css").write_text("body {}", "utf-8")
    (tmp_path / "404.html").write_text("<html><body>Introuvable</body></html>", "utf-8")
    clock = BuildClock()
    clock.tick()  # the preview's first build succeeded
    server = start_server(tmp_path, clock, port=0)
    port = server.server_address[1]
    try:
        status, page = get(port, "/fr/")
        assert status == 200 and b'<script src="/__livereload.js"></script></body>' in page
        assert get(port, "/site.css") == (200, b"body {}")
        status, script = get(port, "/__livereload.js")
        assert b"EventSource" in script
        status, missing = get(port, "/nowhere/")
        assert status == 404 and b"Introuvable" in missing
        # The file on disk is untouched.
        assert (tmp_path / "fr/index.html").read_text(
            "utf-8"
        ) == "<html><body>Bonjour</body></html>"
    finally:
        clock.close()
        server.shutdown()
        server.server_close()


def test_preview_shows_a_reloading_notice_until_there_is_a_site(tmp_path):
    """A first build that failed leaves no output/: a directory listing would never reload."""
    output = tmp_path / "output"
    clock = BuildClock()
    server = start_server(output, clock, port=0)
    port = server.server_address[1]
    try:
        for path in ("/", "/fr/", "/fr/2012/x/index.html"):
            status, page = get(port, path)
            assert status == 503 and b"No site yet" in page, (path, page)
            assert b'<script src="/__livereload.js"></script></body>' in page
        output.mkdir()  # empty: still no site
        assert get(port, "/")[0] == 503
        # An older site (a production build, say): not the preview's, not shown.
        (output / "index.html").write_text("<html><body>Accueil</body></html>", "utf-8")
        (output / "site.css").write_text("body {}", "utf-8")
        for path in ("/", "/index.html", "/site.css"):
            status, page = get(port, path)
            assert status == 503 and b"No site yet" in page, (path, page)
        # The preview's build succeeds: the reloaded page is the site.
        clock.tick()
        status, page = get(port, "/")
        assert status == 200 and b"Accueil" in page
    finally:
        clock.close()
        server.shutdown()
        server.server_close()


def test_a_busy_port_is_one_clear_error_before_any_build(tmp_path, monkeypatch):
    """`invoke serve --port N` with N taken: one line saying what to do, no traceback."""
    import tasks

    builds = []
    built = tasks.BuildOutcome(0, "")
    monkeypatch.setattr(tasks, "build_safely", lambda *a, **k: builds.append(a) or built)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(Exit) as stopped:
            tasks.serve(Context(), port=port)
    assert stopped.value.code == 1
    message = stopped.value.message
    assert message.startswith(f"error: port {port} is in use (another invoke serve?): stop it, ")
    assert message.startswith("or use --port ", message.index("stop it, ") + 9)
    other = int(message.rsplit(" ", 1)[1])
    assert other != port
    with socket.socket() as free:
        free.bind(("127.0.0.1", other))  # the port it suggests is free
    assert builds == [], "no build for a preview that cannot be served"


def test_event_stream_announces_each_successful_build(tmp_path):
    clock = BuildClock()
    server = start_server(tmp_path, clock, port=0)
    try:
        connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=5)
        connection.request("GET", "/__livereload")
        response = connection.getresponse()
        assert response.getheader("Content-Type") == "text/event-stream"
        first = response.fp.readline()
        assert first == f"data: {clock.build_id}\n".encode()
        response.fp.readline()
        clock.tick()
        assert response.fp.readline() == f"data: {clock.build_id}\n".encode()
        connection.close()
    finally:
        clock.close()
        server.shutdown()
        server.server_close()


def test_watcher_rebuilds_on_change_and_ticks_only_after_success(tmp_path):
    watched = tmp_path / "content"
    watched.mkdir()
    results = iter([False, True])
    builds, said = [], []
    clock, stop = BuildClock(), threading.Event()
    first_id = clock.build_id

    def build() -> bool:
        builds.append(time.time())
        ok = next(results)
        if ok:
            stop.set()
        return ok

    thread = threading.Thread(
        target=watch_and_rebuild, args=([watched], build, clock, stop, said.append)
    )
    thread.start()
    try:
        for attempt in range(2):
            deadline = time.time() + 10
            count = len(builds)
            while len(builds) == count and time.time() < deadline:
                (watched / f"a{attempt}.md").write_text(f"edit {time.time()}", "utf-8")
                time.sleep(0.3)
    finally:
        stop.set()
        thread.join(10)
    assert len(builds) == 2, said
    assert said[1].startswith("Rebuild failed") and said[-1].startswith("Rebuilt in")
    assert clock.build_id != first_id


def test_pages_shown_first_are_served_until_the_rebuild_ticks(tmp_path):
    """`invoke serve` shows the edited page at once, then the rebuilt site (README: Preview)."""
    (tmp_path / "fr/a").mkdir(parents=True)
    (tmp_path / "fr/a/index.html").write_text("<html><body>avant</body></html>", "utf-8")
    (tmp_path / "fr/b.html").write_text("<html><body>b</body></html>", "utf-8")
    clock = BuildClock()
    clock.tick()
    server = start_server(tmp_path, clock, port=0)
    port = server.server_address[1]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", "/__livereload")
        response = connection.getresponse()
        events = response.fp
        assert events.readline() == f"data: {clock.build_id}\n".encode()
        events.readline()
        quick = b"<html><body>apres</body></html>"
        clock.show_first({"fr/a/index.html": quick, "fr/b.html": b"<html><body>b2</body></html>"})
        only = '{"only": ["fr/a/index.html", "fr/b.html"]}'  # the pages to reload, no other
        assert events.readline() == f"data: {clock.build_id} {only}\n".encode()
        events.readline()
        for path in ("/fr/a/", "/fr/a/index.html"):
            assert get(port, path) == (200, inject_reload_script(quick))
        assert (tmp_path / "fr/a/index.html").read_text(
            "utf-8"
        ) == "<html><body>avant</body></html>"
        # The rebuild wrote the same page for fr/a (nothing to reload there), not for fr/b.
        (tmp_path / "fr/a/index.html").write_bytes(quick)
        (tmp_path / "fr/b.html").write_text("<html><body>b3</body></html>", "utf-8")
        clock.tick()
        same = '{"same": ["fr/a/index.html"]}'
        assert events.readline() == f"data: {clock.build_id} {same}\n".encode()
        events.readline()
        assert b"b3" in get(port, "/fr/b.html")[1] and clock.overlay == {}
        # A rebuild that fails drops what was shown first: the last good site is back.
        clock.show_first({"fr/b.html": b"<html><body>b4</body></html>"})
        assert b"b4" in get(port, "/fr/b.html")[1]
        clock.drop_overlay()
        assert b"b3" in get(port, "/fr/b.html")[1]
        assert clock.message() == clock.build_id
    finally:
        connection.close()
        clock.close()
        server.shutdown()
        server.server_close()


def _one_rebuild(folder: Path, clock: BuildClock, quick) -> tuple[list[str], list]:
    """Watch `folder`, edit a file in it until one rebuild ran; (what was said, overlays seen).

    The rebuild records the pages served while it runs (`clock.overlay`).
    """
    watched = folder / "content"
    watched.mkdir()
    stop, said, overlays = threading.Event(), [], []

    def build() -> bool:
        overlays.append(dict(clock.overlay))
        stop.set()
        return True

    thread = threading.Thread(
        target=watch_and_rebuild,
        args=([watched], build, clock, stop, said.append),
        kwargs={"quick": quick},
    )
    thread.start()
    try:
        deadline = time.time() + 10
        while not stop.is_set() and time.time() < deadline:
            (watched / "a.md").write_text(f"edit {time.time()}", "utf-8")
            time.sleep(0.3)
    finally:
        stop.set()
        thread.join(10)
    return said, overlays


def test_watcher_shows_the_quick_pages_then_rebuilds(tmp_path):
    clock, asked = BuildClock(), []
    clock.site = tmp_path

    def quick(changed):
        asked.append(sorted(p.name for p in changed))
        return {"fr/a/index.html": b"<p>vite</p>"}

    said, overlays = _one_rebuild(tmp_path, clock, quick)
    # The quick page is shown while the site is rebuilt, and goes with the rebuild's tick.
    assert asked[0] == ["a.md"] and overlays == [{"fr/a/index.html": b"<p>vite</p>"}]
    assert said[0].startswith("Changed: ") and "the edited page shown in" in said[0], said
    assert said[-1].startswith("Rebuilt in") and clock.overlay == {}


def test_a_quick_page_that_fails_leaves_the_rebuild_to_do_its_work(tmp_path):
    def quick(changed):
        raise ValueError("the warm process answered nonsense")

    said, overlays = _one_rebuild(tmp_path, BuildClock(), quick)
    assert overlays == [{}]
    assert said[0].endswith("rebuilding...") and said[-1].startswith("Rebuilt in"), said


# --- publish --git ------------------------------------------------------------------------------


@pytest.mark.skipif(not shutil.which("git"), reason="needs git")
def test_publish_pushes_the_site_as_the_only_commit_of_gh_pages(tmp_path):
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    site = tmp_path / "output"
    (site / "fr").mkdir(parents=True)
    (site / "index.html").write_text("<p>v1</p>", "utf-8")
    (site / "fr/index.html").write_text("<p>fr</p>", "utf-8")

    def show(path: str) -> str:
        return subprocess.run(
            ["git", "--git-dir", str(remote), "show", f"gh-pages:{path}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    first = push_site(site, str(remote))
    assert show("index.html") == "<p>v1</p>" and show("fr/index.html") == "<p>fr</p>"
    assert show(".nojekyll") == ""
    (site / "index.html").write_text("<p>v2</p>", "utf-8")
    (site / "fr/index.html").unlink()
    second = push_site(site, str(remote))
    assert second != first and show("index.html") == "<p>v2</p>"
    log = subprocess.run(
        ["git", "--git-dir", str(remote), "log", "--format=%H", "gh-pages"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert log == [second], "the branch holds the last site only"
    files = subprocess.run(
        ["git", "--git-dir", str(remote), "ls-tree", "-r", "--name-only", "gh-pages"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert files == [".nojekyll", "index.html"]


def test_publish_refuses_an_unbuilt_site(tmp_path):
    with pytest.raises(PublishError, match="build the site first"):
        push_site(tmp_path, str(tmp_path / "remote.git"))


def test_translate_points_links_at_the_twins_in_the_new_language(content, rules):
    (content / "articles/fr/liens.md").write_text(
        "Title: Des liens\nDate: 2012-05-01 09:30\nCategory: Réseaux sociaux\nTags: intranet\n\n"
        "Voir [le portail]({filename}portail.md#etapes), [le retour]({filename}retour.md#suite),\n"
        "[absolu]({filename}/articles/fr/portail.md), [cassé]({filename}nope.md),\n"
        "[brouillon]({filename}brouillon.md) et `[code]({filename}portail.md)`.\n\n"
        "```markdown\n[exemple]({filename}portail.md)\n```\n\n"
        "[ref]: |filename|portail.md\n",
        "utf-8",
    )
    (content / "articles/fr/brouillon.md").write_text(
        "Title: Brouillon\nDate: 2012-05-02\nCategory: Réseaux sociaux\n\nx\n", "utf-8"
    )
    (content / "articles/en/draft.md").write_text(
        "Title: Draft\nDate: 2012-05-03\nCategory: Social networks\nStatus: draft\n"
        "Translation_key: brouillon\n\nx\n",
        "utf-8",
    )
    path = translate_article(content, "des-liens", rules=rules, lang="en", now=NOW)
    body = path.read_text("utf-8")
    # Its English twin; the French anchor dropped (English headings have other anchors).
    assert "[le portail]({filename}portal.md)," in body
    assert "[le retour]({filename}../fr/retour.md#suite)" in body  # no twin: the French one
    assert "[absolu]({filename}/articles/en/portal.md)" in body
    assert "[cassé]({filename}nope.md)" in body
    assert "[brouillon]({filename}../fr/brouillon.md)" in body  # its twin is a draft
    assert "`[code]({filename}portail.md)`" in body  # code as written
    assert "```markdown\n[exemple]({filename}portail.md)\n```" in body
    assert "[ref]: |filename|portal.md" in body


def test_translate_and_new_ignore_editor_locks_and_hidden_files(content, rules):
    # Emacs' lock file: a link to nowhere, named like an article.
    (content / "kb/fr").mkdir(parents=True)
    (content / "kb/fr/.#a-propos.md").symlink_to("root@host.1234:1700000000")
    (content / "articles/fr/.#portail.md").symlink_to("root@host.1234:1700000000")
    (content / "articles/fr/.cache.md").write_text("Title: Caché\n\nx\n", "utf-8")
    path = translate_article(content, "retour", rules=rules, lang="en", now=NOW)
    assert path.exists()
    new_article(content, "Encore un", rules=rules, category="Intranet", tags="", now=NOW)


# --- publish: the public address, the remote first, the source commit ----------------------------


def _publish_without_building(monkeypatch):
    import tasks

    builds = []
    monkeypatch.setattr(
        tasks, "build_safely", lambda *a, **k: builds.append(a) or tasks.BuildOutcome(0, "")
    )
    return tasks, builds


def test_publish_refuses_the_placeholder_address_before_building(monkeypatch):
    tasks, builds = _publish_without_building(monkeypatch)
    monkeypatch.delenv("SITEURL", raising=False)
    with pytest.raises(Exit) as stopped:
        tasks.publish(Context())
    assert stopped.value.code == 1
    message = stopped.value.message
    assert message.startswith(
        "error: the site's public address (SITEURL) is the placeholder "
        "https://collaboration.example.org: set the SITEURL environment variable"
    )
    assert "publishconf.py" in message and "\n" not in message
    assert builds == []


def test_publish_says_which_address_it_builds_for(monkeypatch, capsys):
    tasks, builds = _publish_without_building(monkeypatch)
    monkeypatch.setenv("SITEURL", "https://me.example.net/site")
    tasks.publish(Context())
    assert "Publishing for https://me.example.net/site (SITEURL)" in capsys.readouterr().out
    assert builds == [("publishconf.py",)]


@pytest.mark.skipif(not shutil.which("git"), reason="needs git")
def test_publish_git_checks_the_remote_before_building(monkeypatch, tmp_path):
    tasks, builds = _publish_without_building(monkeypatch)
    monkeypatch.setenv("SITEURL", "https://me.example.net")
    with pytest.raises(Exit) as stopped:
        tasks.publish(Context(), git=True, remote=str(tmp_path / "no-such-remote.git"))
    assert stopped.value.code == 1
    assert stopped.value.message.startswith("error: cannot reach the remote ")
    assert stopped.value.message.endswith(
        "check --remote (a remote name, URL or path of a git repository)"
    )
    assert builds == []


@pytest.mark.skipif(not shutil.which("git"), reason="needs git")
def test_publish_records_the_source_commit_and_uncommitted_content(tmp_path):
    from authoring.publish import source_revision

    project = tmp_path / "project"
    (project / "content").mkdir(parents=True)
    (project / "content/a.md").write_text("Title: a\n", "utf-8")
    git = ["git", "-C", str(project), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "content/a.md"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "one"], check=True)
    head = subprocess.run(
        [*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    (project / "notes.txt").write_text("outside content/", "utf-8")
    assert source_revision(project) == head
    (project / "pelicanconf.py").write_text("SITENAME = 'Mine'\n", "utf-8")  # every page
    assert source_revision(project) == f"{head} + uncommitted changes"
    (project / "pelicanconf.py").unlink()
    (project / "content/b.md").write_text("Title: b\n", "utf-8")
    assert source_revision(project) == f"{head} + uncommitted changes"

    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    site = tmp_path / "output"
    site.mkdir()
    (site / "index.html").write_text("<p>x</p>", "utf-8")
    push_site(site, str(remote), source=source_revision(project))
    message = subprocess.run(
        ["git", "--git-dir", str(remote), "log", "-1", "--format=%s", "gh-pages"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert message.startswith(f"Publish the site from {head} + uncommitted changes (")


# --- new and translate: slugs, titles, file names ---------------------------------------------


def test_new_article_takes_a_slug_of_its_own(content, rules):
    path = new_article(content, "Portail", rules=rules, slug="Un autre portail", now=NOW)
    assert path == content / "articles/fr/un-autre-portail.md"
    assert (header(path)["Title"], header(path)["Slug"]) == ("Portail", "un-autre-portail")


def test_new_article_refuses_the_slug_of_an_article_in_another_language(content, rules):
    """It would silently become that article's translation (pairing by slug)."""
    with pytest.raises(AuthoringError) as refused:
        new_article(content, "Back", rules=rules, lang="en", slug="retour-de-la-journee", now=NOW)
    assert str(refused.value) == (
        "slug 'retour-de-la-journee' is the key of content/articles/fr/retour.md, in fr: a new "
        "article in en with that slug would be paired with it as its translation; to translate "
        "it: invoke translate retour-de-la-journee --lang en; for a new article, give another "
        "slug with --slug"
    )
    # Translated already: `invoke translate` would refuse, so it is not suggested.
    for slug, lang, other, twin in (
        ("portail", "en", "fr/portail", "en/portal"),
        ("portal", "fr", "en/portal", "fr/portail"),
    ):
        with pytest.raises(AuthoringError) as refused:
            new_article(content, slug.title(), rules=rules, lang=lang, now=NOW)
        assert str(refused.value) == (
            f"slug '{slug}' is the key of content/articles/{other}.md, in {other[:2]}: a new "
            f"article in {lang} with that slug would be paired with it, which already has its "
            f"version in {lang} (content/articles/{twin}.md): give the new article another --slug"
        )
    assert not (content / "articles/en/portail.md").exists()
    assert new_article(content, "Portail", rules=rules, lang="en", slug="a-portal", now=NOW)


def test_new_and_translate_see_articles_in_subfolders(content, rules):
    """content/articles/fr/2026/a.md is read by the build: its slug is taken."""
    (content / "articles/fr/2026").mkdir()
    (content / "articles/fr/2026/a.md").write_text(
        "Title: Sous dossier\nDate: 2026-01-01\nCategory: Intranet\n\nx\n", "utf-8"
    )
    with pytest.raises(AuthoringError, match="already used by content/articles/fr/2026/a.md"):
        new_article(content, "Sous dossier", rules=rules, now=NOW)
    said = []
    new_article(content, "Sous dossier", rules=rules, slug="autre", now=NOW, warn=said.append)
    assert said and said[0].startswith("content/articles/fr/2026/a.md has the same title")
    for name in ("sous-dossier", "content/articles/fr/2026/a.md"):
        path = translate_article(content, name, rules=rules, lang="en", now=NOW)
        assert header(path)["Translation_key"] == "sous-dossier"
        path.unlink()


def test_translate_of_an_original_into_its_own_language_says_so(content, rules):
    (content / "articles/en/retour.md").write_text(
        "Title: [TRANSLATE] Retour\nDate: 2012-04-02\nCategory: x\nTranslation_key: retour-de-la-journee\n\nx\n",
        "utf-8",
    )
    with pytest.raises(AuthoringError) as refused:
        translate_article(content, "retour", rules=rules, lang="fr", now=NOW)
    assert str(refused.value) == (
        "content/articles/fr/retour.md is in fr and already has its translations: nothing to translate"
    )


def test_new_article_with_a_long_title_is_one_error_suggesting_slug(content, rules):
    title = "très long titre " * 20
    with pytest.raises(AuthoringError) as refused:
        new_article(content, title, rules=rules, now=NOW)
    assert str(refused.value) == (
        "the slug made from the title would be 319 bytes long, more than a folder name can "
        "hold (200): give a shorter one with --slug"
    )
    assert new_article(content, title, rules=rules, slug="tres-long-titre", now=NOW).exists()
    with pytest.raises(AuthoringError, match="^--slug would be 319 bytes long"):
        new_article(content, "Court", rules=rules, slug=title, now=NOW)


def test_new_article_warns_of_an_article_with_the_same_title(content, rules):
    said = []
    path = new_article(
        content, "un portail", rules=rules, slug="portail-2", now=NOW, warn=said.append
    )
    assert path.exists()
    assert said == [
        "content/articles/fr/portail.md has the same title: [[un portail]] wikilinks would be "
        "ambiguous; give one of them another title"
    ]
    new_article(content, "Autre chose", rules=rules, now=NOW, warn=said.append)
    assert len(said) == 1


def test_translating_an_english_original_says_the_command_for_french(content, rules):
    (content / "articles/en/note.md").write_text(
        "Title: A note\nDate: 2012-06-01\nCategory: Social networks\n\nText.\n", "utf-8"
    )
    with pytest.raises(AuthoringError) as refused:
        translate_article(content, "a-note", rules=rules, lang="en", now=NOW)
    assert str(refused.value) == (
        "content/articles/en/note.md is in en; to translate it into fr: "
        "invoke translate a-note --lang fr"
    )
    path = translate_article(content, "a-note", rules=rules, lang="fr", now=NOW)
    assert path == content / "articles/fr/a-note.md"


@pytest.mark.parametrize("written", ["retour.md", "content/articles/fr/retour.md"])
def test_translate_takes_the_file_name(content, rules, written):
    path = translate_article(content, written, rules=rules, lang="en", now=NOW)
    assert header(path)["Translation_key"] == "retour-de-la-journee"


def test_translate_with_a_long_title_is_one_error(content, rules):
    with pytest.raises(AuthoringError, match="^the slug made from the title would be .* --slug$"):
        translate_article(content, "retour", rules=rules, lang="en", title="long title " * 30)


def test_translate_warns_when_the_original_still_has_todo(content, rules):
    (content / "articles/fr/brouillon.md").write_text(
        "Title: Brouillon\nDate: 2012-06-01\nCategory: Réseaux sociaux\n"
        "Summary: [TODO] one or two sentences\n\nTexte.\n",
        "utf-8",
    )
    said = []
    translate_article(content, "brouillon", rules=rules, lang="en", now=NOW, warn=said.append)
    assert said == [
        "the original content/articles/fr/brouillon.md still has [TODO] placeholders: they "
        "are copied into the translation as they are; finish the original first"
    ]
    translate_article(content, "retour", rules=rules, lang="en", now=NOW, warn=said.append)
    assert len(said) == 1


def test_new_refuses_an_existing_file_naming_it_from_content(content, rules):
    (content / "articles/fr/nouveau.md").write_text("Title: Autre chose\n\nx\n", "utf-8")
    with pytest.raises(AuthoringError, match="^content/articles/fr/nouveau.md already exists"):
        new_article(content, "Nouveau", rules=rules, now=NOW)


def test_new_and_translate_tasks_print_one_line_errors_warnings_and_the_url_rule(
    content, monkeypatch, capsys
):
    import tasks

    monkeypatch.setattr(tasks, "CONTENT", content)
    with pytest.raises(Exit) as stopped:
        tasks.new(Context(), "très long titre " * 20)
    assert stopped.value.message.startswith("error: the slug made from the title would be")
    assert "\n" not in stopped.value.message
    tasks.new(Context(), "Un portail", slug="portail-2", category="Intranet")
    out = capsys.readouterr().out
    assert out.startswith("warning: content/articles/fr/portail.md has the same title")
    tasks.translate(Context(), "retour.md")
    out = capsys.readouterr().out
    assert "Its URL is made from the title you write (a Slug: line sets it instead)" in out
    assert "its Date: is now" in out


# --- serve: notes of the changed files only -------------------------------------------------------


def test_watcher_gives_the_changed_files_to_a_build_that_takes_them(tmp_path):
    watched = tmp_path / "content"
    watched.mkdir()
    given, stop = [], threading.Event()

    def build(changed=None) -> bool:
        given.append(changed)
        stop.set()
        return True

    thread = threading.Thread(
        target=watch_and_rebuild, args=([watched], build, BuildClock(), stop, lambda m: None)
    )
    thread.start()
    try:
        deadline = time.time() + 10
        while not given and time.time() < deadline:
            (watched / "a.md").write_text(f"edit {time.time()}", "utf-8")
            time.sleep(0.3)
    finally:
        stop.set()
        thread.join(10)
    assert given and watched / "a.md" in given[0]


def test_a_serve_rebuild_prints_the_notes_of_changed_files_and_counts_the_others(capsys):
    import tasks

    notes = tasks._NotesOfChangedFiles({"content/articles/fr/a.md"})
    for line in (
        "Read 2 articles and 0 pages in 0.10 s (1 parsed, 1 from the cache)\n",
        "content/articles/fr/a.md: note: no 'en' translation yet (en: to translate): x\n",
        "content/articles/fr/b.md: note: no 'en' translation yet (en: to translate): y\n",
        "content/articles/en/c.md: note: translation out of date: z\n",
        "content/articles/fr/b.md:3: warning: broken link\n",
        "Built output/: fr 2 articles, 0 pages · 1 warning, 3 notes · 0.5 s\n",
    ):
        notes(line)
    notes.tell_hidden()
    assert capsys.readouterr().out.splitlines() == [
        "Read 2 articles and 0 pages in 0.10 s (1 parsed, 1 from the cache)",
        "content/articles/fr/a.md: note: no 'en' translation yet (en: to translate): x",
        "content/articles/fr/b.md:3: warning: broken link",
        "Built output/: fr 2 articles, 0 pages · 1 warning, 3 notes · 0.5 s",
        "(2 notes on files you did not change: `invoke check` lists them)",
    ]


def test_serve_passes_its_rebuilds_the_changed_files(monkeypatch, capsys):
    import authoring.preview
    import tasks

    calls = []

    def build_safely(settings, **options):
        calls.append(options)
        echo = options.get("echo")
        if echo:
            echo("content/articles/fr/b.md: note: untranslated\n")
        return tasks.BuildOutcome(0, "")

    served = {}
    monkeypatch.setattr(tasks, "build_safely", build_safely)
    monkeypatch.setattr(
        authoring.preview, "serve_site", lambda output, build, *a, **k: served.update(build=build)
    )
    tasks.serve(Context(), port=8000)
    assert served["build"]() and "echo" not in calls[-1]  # the first build: everything
    assert served["build"]([tasks.CONTENT / "articles/fr/a.md"])
    assert calls[-1]["capture"] is True
    assert "(1 note on files you did not change" in capsys.readouterr().out


TAGS_TAXONOMY = """
[[tag]]
id = "social-networks"
label = { fr = "Réseaux sociaux", en = "Social networks" }

[[tag]]
id = "enterprise-social-network"
label = { fr = "Réseau social d'entreprise", en = "Enterprise social network" }
"""


def test_new_article_warns_of_unknown_tags_as_the_build_does_and_still_creates_it(
    content, rules, monkeypatch, capsys
):
    (content / "taxonomy.toml").write_text(TAGS_TAXONOMY, "utf-8")
    said: list[str] = []
    path = new_article(
        content, "Test", rules=rules, now=NOW, warn=said.append,
        tags="réseau socail, Réseaux-Sociaux, reseau-social-dentreprise",
    )  # fmt: skip
    assert header(path)["Tags"] == "réseau socail, Réseaux-Sociaux, reseau-social-dentreprise"
    assert said == [
        "content/articles/fr/test.md:4: warning: unknown tag 'réseau socail'. Did you mean "
        "'Réseaux sociaux', 'Réseau social d'entreprise'? Fix the spelling or add the tag to "
        "content/taxonomy.toml."
    ]
    # The task prints the line as the build would, not 'warning: ...: warning:'.
    import tasks

    monkeypatch.setattr(tasks, "CONTENT", content)
    tasks.new(Context(), "Autre test", tags="sondages")
    out = capsys.readouterr().out
    assert out.startswith("content/articles/fr/autre-test.md:4: warning: unknown tag 'sondages'.")
    # A taxonomy that cannot be read is one line too; the article is created.
    (content / "taxonomy.toml").write_text("[tag]\nid = 'x'\n", "utf-8")
    said.clear()
    new_article(content, "Trois", rules=rules, now=NOW, warn=said.append, tags="x")
    assert said[0].startswith("content/taxonomy.toml:1: error: '[tag]' must be '[[tag]]'")


# --- search and clean ----------------------------------------------------------------------------


def test_search_piped_into_head_ends_quietly(tmp_path):
    """`invoke search x | head`: no traceback when head closes the pipe."""
    import shlex
    import sys

    cli = tmp_path / "plugins/search_index"
    cli.mkdir(parents=True)
    for init in (tmp_path / "plugins/__init__.py", cli / "__init__.py"):
        init.write_text("", "utf-8")
    (cli / "cli.py").write_text("for i in range(200000):\n    print('result', i)\n", "utf-8")
    script = (
        f"import sys, pathlib; sys.path.insert(0, {str(ROOT)!r}); import invoke, tasks; "
        f"tasks.ROOT = pathlib.Path({str(tmp_path)!r}); tasks.search(invoke.Context(), 'x')"
    )
    result = subprocess.run(
        f"{shlex.quote(sys.executable)} -c {shlex.quote(script)} | head -1; "
        "echo status=${PIPESTATUS[0]}",
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert (result.stdout, result.stderr) == ("result 0\nstatus=0\n", "")


def test_search_refuses_a_language_the_site_does_not_have():
    import tasks

    with pytest.raises(Exit) as stopped:
        tasks.search(Context(), "intranet", lang="de")
    assert stopped.value.message == "error: unknown language 'de': use one of fr, en"


def test_clean_says_what_it_removed(tmp_path, monkeypatch, capsys):
    import tasks

    monkeypatch.setattr(tasks, "ROOT", tmp_path)
    monkeypatch.setattr(tasks, "OUTPUT", tmp_path / "output")
    for folder in ("output/fr", ".cache/pelican", ".output-build-123"):
        (tmp_path / folder).mkdir(parents=True)
    tasks.clean(Context())
    assert capsys.readouterr().out == "Removed output/, .cache/, .output-build-123/.\n"
    assert not any(tmp_path.iterdir())
    tasks.clean(Context())
    assert capsys.readouterr().out == "Nothing to remove: already clean.\n"


# --- publish: the branch, the address's form, a missing remote ----------------------------------


def _git_project(tmp_path) -> tuple[Path, Path, list[str]]:
    """A project with one commit on main, pushed to a bare remote `origin`."""
    project, remote = tmp_path / "project", tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    (project / "content").mkdir(parents=True)
    (project / "content/a.md").write_text("Title: a\n", "utf-8")
    git = ["git", "-C", str(project), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q", "-b", "main"], check=True)
    subprocess.run([*git, "add", "content/a.md"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "source"], check=True)
    subprocess.run([*git, "remote", "add", "origin", str(remote)], check=True)
    subprocess.run([*git, "push", "-q", "origin", "main"], check=True)
    return project, remote, git


def _site(tmp_path) -> Path:
    site = tmp_path / "output"
    site.mkdir()
    (site / "index.html").write_text("<p>x</p>", "utf-8")
    return site


@pytest.mark.skipif(not shutil.which("git"), reason="needs git")
def test_publish_never_replaces_a_branch_it_did_not_write(tmp_path):
    from authoring.publish import check_branch

    project, remote, git = _git_project(tmp_path)
    subprocess.run([*git, "push", "-q", "origin", "main:sources"], check=True)
    site = _site(tmp_path)
    for branch in ("main", "sources"):
        with pytest.raises(PublishError) as refused:
            push_site(site, str(remote), branch)
        assert str(refused.value).startswith(f"refusing to push the site to '{branch}' of ")
        assert "another --branch" in str(refused.value) and "\n" not in str(refused.value)
    log = subprocess.run(
        ["git", "--git-dir", str(remote), "log", "--format=%s", "main"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert log == "source\n"
    # Its own branch, again and again; the project's branch even when not on the remote.
    push_site(site, str(remote), "pages")
    push_site(site, str(remote), "pages", message="by hand")
    subprocess.run([*git, "checkout", "-q", "-b", "work"], check=True)
    with pytest.raises(PublishError, match="source branch"):
        check_branch(str(remote), "work", project=project, remote="origin")
    with pytest.raises(PublishError, match="source branch"):  # the remote's default branch
        check_branch(str(remote), "main", project=project, remote="origin")
    check_branch(str(remote), "pages", project=project, remote="origin")


@pytest.mark.skipif(not shutil.which("git"), reason="needs git")
def test_publish_refuses_the_source_branch_before_building(monkeypatch, tmp_path):
    tasks, builds = _publish_without_building(monkeypatch)
    project, remote, _ = _git_project(tmp_path)
    monkeypatch.setattr(tasks, "ROOT", project)
    monkeypatch.setattr("authoring.publish.site_address", lambda settings: "https://me.example.net")
    with pytest.raises(Exit) as stopped:
        tasks.publish(Context(), git=True, branch="main")
    assert stopped.value.message.startswith("error: refusing to push the site to 'main' of origin")
    assert builds == []


@pytest.mark.skipif(not shutil.which("git"), reason="needs git")
def test_publish_without_a_remote_says_how_to_add_one(tmp_path):
    from authoring.publish import remote_url

    project = tmp_path / "project"
    project.mkdir()
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    with pytest.raises(PublishError) as refused:
        remote_url(project, "origin")
    assert str(refused.value) == (
        "no remote 'origin': add one (git remote add origin URL) or give --remote URL"
    )


def test_publish_builds_for_the_address_without_its_trailing_slash(monkeypatch, capsys):
    import tasks

    builds = []
    monkeypatch.setattr(
        tasks, "build_safely", lambda *a, **k: builds.append(k) or tasks.BuildOutcome(0, "")
    )
    monkeypatch.setenv("SITEURL", "https://me.github.io/site/")
    tasks.publish(Context())
    assert builds[0]["overrides"] == {"SITEURL": "https://me.github.io/site"}
    assert "Publishing for https://me.github.io/site (SITEURL)" in capsys.readouterr().out


def test_publish_refuses_an_address_without_its_scheme(monkeypatch):
    tasks, builds = _publish_without_building(monkeypatch)
    monkeypatch.setenv("SITEURL", "me.github.io/site")
    with pytest.raises(Exit) as stopped:
        tasks.publish(Context())
    assert stopped.value.message == (
        "error: the site's public address (SITEURL) 'me.github.io/site' has no https:// "
        "(or http://): write it in full, e.g. SITEURL=https://me.github.io/site"
    )
    assert builds == []


@pytest.mark.skipif(not shutil.which("git"), reason="needs git")
def test_publish_git_holds_the_output_turn_from_the_build_to_the_push(monkeypatch, tmp_path):
    """No `invoke serve` rebuild can swap its development site in before the push."""
    import fcntl

    import tasks
    from plugins.content_checks.runner import TURN_HELD

    _, remote, _ = _git_project(tmp_path)
    monkeypatch.setattr(tasks, "OUTPUT", _site(tmp_path))
    monkeypatch.setattr("authoring.publish.site_address", lambda settings: "https://me.example.net")
    lock_file = tmp_path / ".output-lock"
    held = []

    def turn_is_held(*args, **kwargs) -> None:
        with open(lock_file, "a+b") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                held.append(False)
            except BlockingIOError:
                held.append(True)

    def build(*args, **kwargs):
        assert os.environ[TURN_HELD] == str(tmp_path / "output")
        turn_is_held()
        return tasks.BuildOutcome(0, "")

    pushed = []
    monkeypatch.setattr(tasks, "build_safely", build)
    monkeypatch.setattr(
        "authoring.publish.push_site",
        lambda *a, **k: turn_is_held() or pushed.append(a) or "c" * 40,
    )
    tasks.publish(Context(), git=True, remote=str(remote))
    assert held == [True, True] and len(pushed) == 1
    assert TURN_HELD not in os.environ


def test_serve_hides_no_note_before_a_build_has_succeeded(monkeypatch, tmp_path):
    """A failed first build printed no notes: the next one says them all, later ones hide."""
    import tasks

    outcomes, calls = [1, 0, 0], []

    def build_safely(*args, capture=False, **kwargs):
        calls.append(capture)
        return tasks.BuildOutcome(outcomes.pop(0), "")

    def serve_site(output, build, watched, bind, port, quick=None):
        assert build() is False
        assert build([tmp_path / "taxonomy.toml"]) is True
        assert build([tmp_path / "taxonomy.toml"]) is True

    monkeypatch.setattr(tasks, "build_safely", build_safely)
    monkeypatch.setattr("authoring.preview.serve_site", serve_site)
    tasks.serve(Context())
    assert calls == [False, False, True]  # the third only filters notes


def test_new_says_what_it_changed_and_what_to_do(content, rules):
    said = []
    path = new_article(content, "Un", rules=rules, slug="../Mon Été", now=NOW, warn=said.append)
    assert path.name == "mon-ete.md"
    assert (
        said[0]
        == "the slug '../Mon Été' is written 'mon-ete' (lower case, letters, digits and dashes)"
    )
    with pytest.raises(AuthoringError) as refused:
        new_article(content, "Deux", rules=rules, slug="...", now=NOW)
    assert str(refused.value).endswith(
        "has no letters or digits: give one with some, e.g. --slug mon-article"
    )
    path = new_article(
        content, "Trois", rules=rules, tags="intranet, Intranet,, réseau  social, Réseau social",
        category="x", now=NOW,
    )  # fmt: skip
    assert header(path)["Tags"] == "intranet, réseau social"
    said.clear()
    new_article(content, "Un pôrtail", rules=rules, category="x", now=NOW, warn=said.append)
    assert said and said[0].startswith("content/articles/fr/portail.md has the same title")
    (content / "articles/fr/autre.md").write_text("Title: X\nSlug: ailleurs\n\nx\n", "utf-8")
    with pytest.raises(AuthoringError) as refused:
        new_article(content, "Autre", rules=rules, now=NOW)
    assert str(refused.value) == (
        "content/articles/fr/autre.md already exists; it was left as it is: it is another "
        "article's file (its Slug: differs): give the new article another --slug"
    )
    with pytest.raises(
        AuthoringError, match="already exists; it was left as it is: give another --title$"
    ):
        translate_article(content, "retour", rules=rules, lang="en", title="Portal", now=NOW)
