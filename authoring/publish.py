"""Push a built site to a branch of a git remote (`invoke publish --git`).

The site is copied into a throw-away repository and committed as the only commit of the
branch, then force-pushed: the `gh-pages` branch always holds exactly the last published
site, and the working copy of the project is never touched (no checkout, no stash).
GitHub Pages serves the branch when the repository's Pages source is "Deploy from a branch";
the CI workflow deploys with GitHub's Pages actions instead and needs none of this.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from datetime import UTC, datetime
from pathlib import Path

# publishconf.py's fallback address: a site published for it links to a domain that is not
# the author's, so `invoke publish` refuses it (README: Make it yours).
PLACEHOLDER_SITEURL = "https://collaboration.example.org"


class PublishError(Exception):
    """The push could not be done; the message says why, on one line."""


def site_address(settings: Path) -> str:
    """The SITEURL a production build with `settings` (publishconf.py) links to.

    PublishError when it is publishconf.py's placeholder: the site would point at a domain
    that is not the author's.
    """
    import sys

    from pelican.settings import read_settings

    folder = str(settings.parent)
    if folder not in sys.path:
        sys.path.insert(0, folder)  # publishconf.py imports pelicanconf
    address = str(read_settings(str(settings)).get("SITEURL") or "").strip().rstrip("/")
    if not address or address == PLACEHOLDER_SITEURL:
        what = f"the placeholder {PLACEHOLDER_SITEURL}" if address else "empty"
        raise PublishError(
            f"the site's public address (SITEURL) is {what}: set the "
            "SITEURL environment variable (SITEURL=https://me.github.io/repo invoke publish) "
            f"or SITEURL in {settings.name}"
        )
    if not re.match(r"https?://[^/\s]", address):
        raise PublishError(
            f"the site's public address (SITEURL) '{address}' has no https:// (or http://): "
            f"write it in full, e.g. SITEURL=https://{address.split('://')[-1].lstrip('/')}"
        )
    return address


def _git(*args: str, cwd: Path) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": os.environ.get("GIT_AUTHOR_NAME", "invoke publish"),
        "GIT_AUTHOR_EMAIL": os.environ.get("GIT_AUTHOR_EMAIL", "publish@localhost"),
    }
    env.setdefault("GIT_COMMITTER_NAME", env["GIT_AUTHOR_NAME"])
    env.setdefault("GIT_COMMITTER_EMAIL", env["GIT_AUTHOR_EMAIL"])
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        message = " ".join((result.stderr or result.stdout).split())
        raise PublishError(f"git {args[0]} failed: {message}")
    return result.stdout.strip()


def remote_url(project: Path, remote: str) -> str:
    """The URL of a remote name ('origin'); a URL or a path is returned as it is."""
    if Path(remote).exists():
        return str(Path(remote).resolve())  # the push runs in a temporary folder
    if "/" in remote or ":" in remote:
        return remote
    try:
        return _git("remote", "get-url", remote, cwd=project)
    except PublishError:
        raise PublishError(
            f"no remote '{remote}': add one (git remote add {remote} URL) or give --remote URL"
        ) from None


def check_remote(url: str) -> None:
    """PublishError unless `url` answers as a git repository (before a build for nothing).

    A remote asking for a password asks here, as the push will.
    """
    with tempfile.TemporaryDirectory(prefix="publish-") as temp:
        try:
            _git("ls-remote", "--heads", url, cwd=Path(temp))
        except PublishError as error:
            raise PublishError(
                f"cannot reach the remote {url} ({str(error).removeprefix('git ls-remote failed: ')}): "
                "check --remote (a remote name, URL or path of a git repository)"
            ) from None


# Every commit `push_site` makes starts so; a branch holding anything else is not the
# published site (the project's source, say) and is never overwritten.
PUBLISH_MESSAGE = "Publish the site"


def project_branches(project: Path, url: str) -> set[str]:
    """The branches never to publish to: the project's checked-out one, the remote's default."""
    branches = set()
    try:
        branches.add(_git("symbolic-ref", "--short", "-q", "HEAD", cwd=project))
    except PublishError:
        pass  # not a git working copy, or a detached HEAD
    try:
        head = _git("ls-remote", "--symref", url, "HEAD", cwd=project)
    except PublishError:
        head = ""
    found = re.match(r"ref: refs/heads/(\S+)\s+HEAD", head)
    if found:
        branches.add(found[1])
    return branches - {""}


def check_branch(url: str, branch: str, *, project: Path | None = None, remote: str = "") -> None:
    """PublishError unless `branch` of `url` may be replaced by the site.

    Refused: the project's checked-out branch and the remote's default branch (the source),
    and a branch whose history holds a commit `push_site` did not make: the force push
    would lose it. A branch that does not exist yet is fine.
    """
    where = f"'{branch}' of {remote or url}"
    advice = "publish to another --branch (the default, gh-pages, is made for it)"
    if project is not None and branch in project_branches(project, url):
        raise PublishError(
            f"refusing to push the site to {where}: it is the project's source branch "
            f"(checked out here, or the remote's default), which the push would replace; {advice}"
        )
    with tempfile.TemporaryDirectory(prefix="publish-") as temp:
        work = Path(temp)
        _git("init", "-q", cwd=work)
        if not _git("ls-remote", "--heads", url, f"refs/heads/{branch}", cwd=work):
            return  # a new branch
        _git("fetch", "-q", "--depth=2", url, f"refs/heads/{branch}", cwd=work)
        commits = _git("log", "--format=%s", "FETCH_HEAD", cwd=work).splitlines()
        ours = _git("ls-tree", "--name-only", "FETCH_HEAD", ".nojekyll", cwd=work)
    if len(commits) != 1 or not commits[0].startswith(PUBLISH_MESSAGE) or not ours:
        raise PublishError(
            f"refusing to push the site to {where}: it holds commits that invoke publish did "
            f"not make, which the push would replace; {advice}"
        )


# What the published site is made from: a change there not committed is published too.
SITE_SOURCES = ("content", "pelicanconf.py", "publishconf.py", "theme", "plugins")


def source_revision(project: Path) -> str:
    """The project's commit, short ("2c306bb"), "+ uncommitted changes" when needed.

    Changes count in what the site is made from (SITE_SOURCES: content/, the settings,
    theme/, plugins/). Empty when the project is not a git working copy.
    """
    try:
        commit = _git("rev-parse", "--short", "HEAD", cwd=project)
        changed = _git("status", "--porcelain", "--", *SITE_SOURCES, cwd=project)
    except PublishError:
        return ""
    return commit + (" + uncommitted changes" if changed else "")


def push_site(
    site: Path, remote: str, branch: str = "gh-pages", message: str = "", source: str = ""
) -> str:
    """Commit the content of `site` as the whole `branch` of `remote`; return the commit id.

    `source` (see `source_revision`) goes into the commit message: which commit of the
    project the published site was built from.
    """
    if not (site / "index.html").is_file():
        raise PublishError(f"{site} has no index.html: build the site first (invoke publish)")
    built_from = f" from {source}" if source else ""
    if message and not message.startswith(PUBLISH_MESSAGE):
        message = f"{PUBLISH_MESSAGE}: {message}"  # how check_branch knows its commits
    message = message or f"{PUBLISH_MESSAGE}{built_from} ({datetime.now(UTC):%Y-%m-%d %H:%M} UTC)"
    check_branch(remote, branch)
    with tempfile.TemporaryDirectory(prefix="publish-") as temp:
        work = Path(temp) / "site"
        shutil.copytree(site, work)
        # GitHub Pages would otherwise run Jekyll, which drops files starting with "_".
        (work / ".nojekyll").touch()
        _git("init", "-q", cwd=work)
        _git("symbolic-ref", "HEAD", f"refs/heads/{branch}", cwd=work)
        _git("add", "-A", cwd=work)
        _git("commit", "-q", "-m", message, cwd=work)
        commit = _git("rev-parse", "HEAD", cwd=work)
        _git("push", "-q", "--force", remote, f"HEAD:refs/heads/{branch}", cwd=work)
    return commit
