"""Problems found in the content, and the one-line format every tool prints them in.

A problem reads like a compiler diagnostic, so editors and CI logs can link to it:

    content/articles/fr/x.md:3: error: date '2012-13-45' is not a valid date; write ...

`path:line: severity: message`, the line left out where none applies, the path left out
for problems of the whole site. Severities:

- `error`: the site cannot be built correctly; the build fails and writes nothing.
- `warning`: a mistake the site survives (a broken link, a typo in a metadata key); the
  build succeeds in development, fails with `--strict` (publishing and CI).
- `note`: editorial status, never a failure: articles waiting for a translation,
  translations older than their original.
"""

from __future__ import annotations

import os
import re
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .source import pickled_as_a_call

SEVERITIES = ("error", "warning", "note")
_RANK = {severity: rank for rank, severity in enumerate(SEVERITIES)}
_LINE = re.compile(
    r"^(?:(?P<path>.+?):(?:(?P<line>\d+):)? )?(?P<severity>error|warning|note): (?P<message>.*)$",
    re.DOTALL,
)


@pickled_as_a_call
@dataclass(frozen=True, slots=True)
class Problem:
    """One problem, on one file (and line, where it has one)."""

    path: str
    """Path as shown to the author (relative to the working folder when inside it); ''
    for a problem of the whole site."""
    line: int | None
    severity: str
    """'error', 'warning' or 'note'."""
    message: str
    """What is wrong and how to fix it, on one line."""

    def __post_init__(self) -> None:
        if self.severity not in _RANK:
            raise ValueError(f"severity must be one of {SEVERITIES}, not {self.severity!r}")
        # A note repeated on thousands of files (an unknown metadata key) is one string.
        object.__setattr__(self, "message", sys.intern(self.message))

    def format(self) -> str:
        message = " ".join(self.message.split())
        if not self.path:
            return f"{self.severity}: {message}"
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {message}"

    def __str__(self) -> str:
        return self.format()


def display_path(path: str) -> str:
    """A path as the author sees it: relative to the working folder when inside it."""
    # As os.path.relpath, without its normalising both paths part by part (thousands of
    # files a build): a path under the working folder only loses that folder, any other
    # is shown as given.
    absolute, folder = os.path.abspath(path), os.getcwd()
    prefix = folder if folder.endswith(os.sep) else folder + os.sep
    if absolute.startswith(prefix) and len(absolute) > len(prefix):
        return absolute[len(prefix) :]
    return "." if absolute == folder else path  # outside: relpath would start with '..'


def parse_problem(text: str) -> Problem | None:
    """Read back a line in the problem format (the taxonomy plugin prints them too)."""
    match = _LINE.match(text.strip())
    if not match:
        return None
    line = match["line"]
    return Problem(
        match["path"] or "", int(line) if line else None, match["severity"], match["message"]
    )


def sort_key(problem: Problem) -> tuple:
    return (problem.path, problem.line or 0, _RANK[problem.severity], problem.message)


def ordered(problems: Iterable[Problem]) -> list[Problem]:
    """Problems without duplicates, by file, then line, then severity."""
    return sorted(set(problems), key=sort_key)


def counts(problems: Iterable[Problem]) -> Counter:
    return Counter(p.severity for p in problems)


def fails(problems: Iterable[Problem], strict: bool) -> bool:
    """Errors always fail a build; warnings fail it in strict mode; notes never do."""
    found = counts(problems)
    return bool(found["error"] or (strict and found["warning"]))


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def tally(problems: Iterable[Problem]) -> str:
    """'1 error, 2 warnings, 3 notes'."""
    found = counts(problems)
    return ", ".join(plural(found[s], s) for s in SEVERITIES)


class ContentProblemsExit(SystemExit):
    """Stops a build on content problems, after every problem has been found.

    A SystemExit, so that the `pelican` command prints the list and exits with status 1,
    without a traceback (like the taxonomy plugin's errors). `problems` holds them all,
    notes included, for the build runner.
    """

    def __init__(self, problems: list[Problem], strict: bool, written: bool = False) -> None:
        self.problems = problems
        found = counts(problems)
        reason = (
            "with --strict, warnings fail the build too; " if strict and found["warning"] else ""
        )
        # Problems found in the written site (its links) come after the pages are written.
        outcome = (
            "the pages were written, but are not fit to publish"
            if written
            else ("nothing was written")
        )
        lines = [p.format() for p in problems if p.severity != "note"]
        lines.append(f"error: the content has {tally(problems)}; {reason}{outcome}.")
        super().__init__("\n".join(lines))
