"""Push a built site to a branch of a git remote (`invoke publish --git`).

The site is copied into a throw-away repository and committed as the only commit of the
branch, then force-pushed: the `gh-pages` branch always holds exactly the last published
site, and the working copy of the project is never touched (no checkout, no stash).
GitHub Pages serves the branch when the repository's Pages source is "Deploy from a branch";
the CI workflow deploys with GitHub's Pages actions instead and needs none of this.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from datetime import UTC, datetime
from pathlib import Path


class PublishError(Exception):
    """The push could not be done; the message says why, on one line."""


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
    return _git("remote", "get-url", remote, cwd=project)


def push_site(site: Path, remote: str, branch: str = "gh-pages", message: str = "") -> str:
    """Commit the content of `site` as the whole `branch` of `remote`; return the commit id."""
    if not (site / "index.html").is_file():
        raise PublishError(f"{site} has no index.html: build the site first (invoke publish)")
    message = message or f"Publish the site ({datetime.now(UTC):%Y-%m-%d %H:%M} UTC)"
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
