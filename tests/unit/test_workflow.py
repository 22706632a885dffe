"""The CI workflow: the README's commands, existing tasks, GitHub Pages from main.

It runs the README's test command and only tasks that exist, and deploys GitHub Pages from
main with the permissions the official actions need.

PyYAML is not a dependency: `load_yaml` reads the block-style subset the workflow uses
(mappings, sequences, plain and quoted scalars, `|` blocks, comments).
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT

WORKFLOW = ROOT / ".github/workflows/site.yml"


# --- A small YAML reader ----------------------------------------------------------------------


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _strip_comment(text: str) -> str:
    quote = None
    for index, char in enumerate(text):
        if char in "\"'" and quote in (None, char):
            quote = None if quote else char
        elif char == "#" and quote is None and (index == 0 or text[index - 1] == " "):
            return text[:index].rstrip()
    return text.strip()


def _split_key(text: str) -> tuple[str, str] | None:
    match = re.match(r"""^("[^"]*"|'[^']*'|[^\s"'#][^:#]*?)\s*:(?:\s+(.*)|$)""", text)
    if not match:
        return None
    return _scalar(match.group(1)), match.group(2) or ""


def _scalar(text: str):
    text = _strip_comment(text)
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    if text.startswith("[") and text.endswith("]"):
        return [_scalar(part) for part in text[1:-1].split(",") if part.strip()]
    return {"true": True, "false": False, "": None}.get(text, text)


class _Reader:
    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.index = 0

    def _next(self) -> str | None:
        while self.index < len(self.lines):
            line = self.lines[self.index]
            if line.strip() and not line.lstrip().startswith("#"):
                return line
            self.index += 1
        return None

    def block(self, indent: int):
        line = self._next()
        if line is None:
            return None
        if line.lstrip().startswith("-"):
            return self.sequence(_indent(line))
        return self.mapping(_indent(line))

    def mapping(self, indent: int) -> dict:
        result = {}
        while (line := self._next()) is not None and _indent(line) == indent:
            if line.lstrip().startswith("- "):
                break
            split = _split_key(line.strip())
            assert split, f"line {self.index + 1}: not 'key: value': {line!r}"
            key, rest = split
            self.index += 1
            result[key] = self.value(rest, indent)
        return result

    def value(self, rest: str, indent: int):
        rest = _strip_comment(rest)
        if rest in ("|", "|-", ">"):
            lines = []
            while self.index < len(self.lines):
                line = self.lines[self.index]
                if line.strip() and _indent(line) <= indent:
                    break
                lines.append(line)
                self.index += 1
            width = min((_indent(line) for line in lines if line.strip()), default=0)
            return "\n".join(line[width:] for line in lines).strip("\n") + "\n"
        if rest:
            return _scalar(rest)
        line = self._next()
        if line is not None and (
            _indent(line) > indent or (_indent(line) == indent and line.lstrip().startswith("- "))
        ):
            return self.block(_indent(line))
        return None

    def sequence(self, indent: int) -> list:
        items = []
        while (
            (line := self._next()) is not None
            and _indent(line) == indent
            and line.lstrip().startswith("-")
        ):
            content = line.strip()[1:].strip()
            if not content:
                self.index += 1
                items.append(self.block(indent + 2))
            elif _split_key(content):
                # "- key: value" starts a mapping whose keys line up after the dash.
                self.lines[self.index] = " " * (indent + 2) + content
                items.append(self.mapping(indent + 2))
            else:
                self.index += 1
                items.append(_scalar(content))
        return items


def load_yaml(text: str):
    return _Reader(text).block(0)


def test_yaml_reader_reads_the_subset_we_write():
    text = (
        "# comment\non:\n  push:\n  pull_request:\njobs:\n  a:\n    steps:\n"
        "      - uses: x@v1  # trailing\n        with:\n          path: 'out'\n"
        '      - name: "Two: lines"\n        run: |\n          one\n          two\n'
        "      - run: echo ok\n    list: [a, b]\n"
    )
    assert load_yaml(text) == {
        "on": {"push": None, "pull_request": None},
        "jobs": {
            "a": {
                "steps": [
                    {"uses": "x@v1", "with": {"path": "out"}},
                    {"name": "Two: lines", "run": "one\ntwo\n"},
                    {"run": "echo ok"},
                ],
                "list": ["a", "b"],
            }
        },
    }


# --- The workflow -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def workflow() -> dict:
    return load_yaml(WORKFLOW.read_text("utf-8"))


@pytest.fixture(scope="module")
def task_names() -> set[str]:
    listing = subprocess.run(
        [sys.executable, "-m", "invoke", "--list"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {
        line.split()[0]
        for line in listing.splitlines()[1:]
        if line.startswith("  ") and line.split()
    }


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def commands(workflow: dict) -> list[str]:
    return [
        line.strip()
        for step in steps(workflow)
        if "run" in step
        for line in str(step["run"]).splitlines()
        if line.strip()
    ]


def readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text("utf-8")
    quick_start = readme.split("## Quick start", 1)[1].split("```", 2)[1]
    return [line.strip() for line in quick_start.splitlines() if line.strip()]


def test_runs_on_every_push_and_pull_request(workflow):
    assert "push" in workflow["on"] and "pull_request" in workflow["on"]
    assert workflow["on"]["push"] is None, "every branch, not only main"


def test_runs_the_readme_test_command_verbatim(workflow):
    test_command = readme_commands()[1]
    assert test_command.endswith("invoke test")
    assert test_command in commands(workflow)
    assert (ROOT / ".ci/run").read_text("utf-8").strip().splitlines()[-1] == test_command


def test_every_invoke_command_is_a_task(workflow, task_names):
    used = set()
    for command in commands(workflow) + readme_commands():
        used |= set(re.findall(r"invoke\s+([a-z][\w-]*)", command))
    assert {"test", "check", "publish", "build"} <= used
    assert used <= task_names, used - task_names


def test_checks_strictly_and_builds_for_production(workflow):
    ran = commands(workflow)
    assert ".venv/bin/invoke check --strict" in ran
    assert ".venv/bin/invoke publish" in ran
    assert ran.index(".venv/bin/invoke check --strict") < ran.index(".venv/bin/invoke publish")


def test_deploys_to_github_pages_from_main_only(workflow):
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    uses = [step.get("uses", "") for step in build["steps"]]
    assert any(u.startswith("actions/configure-pages@") for u in uses)
    upload = next(
        s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact@")
    )
    assert upload["with"]["path"] == "output"
    assert "refs/heads/main" in upload["if"] and "push" in upload["if"]
    assert deploy["needs"] == "build"
    assert "refs/heads/main" in deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["concurrency"]["cancel-in-progress"] is False
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in deploy["steps"])
    assert workflow["permissions"] == {"contents": "read"}, "write access only where deploying"


def test_installs_chromium_like_the_ci_script(workflow):
    ci = (ROOT / ".ci/run").read_text("utf-8")
    assert "apt-get install -y -qq chromium" in ci
    assert any("apt-get install -y -qq chromium" in c for c in commands(workflow))


def test_every_publish_step_sets_the_public_address(workflow):
    """`invoke publish` refuses publishconf.py's placeholder address: CI gives it one."""
    publishing = [s for s in steps(workflow) if "invoke publish" in str(s.get("run", ""))]
    assert len(publishing) == 2
    for step in publishing:
        address = (step.get("env") or {}).get("SITEURL", "")
        assert address.startswith(("https://", "${{")) and "example.org" not in address, step
