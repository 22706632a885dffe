"""The regex memo gives the patterns Python's own compiler gives, and keeps them between processes."""

from __future__ import annotations

import marshal
import os
import re
import re._compiler
import subprocess
import sys
from pathlib import Path

import pytest

from plugins.content_checks import regex_memo

ROOT = Path(__file__).resolve().parents[2]

PATTERNS = [
    (r"(?P<year>\d{4})-(?P<month>\d{2})", 0),
    (r"^\s*#+\s*(.*?)\s*#*$", re.MULTILINE),
    (r"[àâäéèêëîïôöùûüç]+", re.IGNORECASE),
    (r"(?i)wiki\[\[([^\]|]+)(?:\|([^\]]+))?\]\]", 0),
    (rb"\x00(\d+)\x03", 0),
    (r"(a)|(?P<b>b)(?(1)c|d)", re.VERBOSE | re.DOTALL),
    (r"\bsocial business\b", re.ASCII),
]


@pytest.fixture
def memo_file(tmp_path):
    """The memo installed over a file of its own; the compiler as it was afterwards."""
    installed_before = getattr(re._compiler.compile, "serves_memo", False)
    original = regex_memo._original
    if installed_before:  # this process's memo (the package installed it): set aside
        re._compiler.compile, regex_memo._original = original, None
    saved = dict(regex_memo._memo), dict(regex_memo._used), dict(regex_memo._state)
    regex_memo._memo.clear()
    regex_memo._used.clear()
    path = tmp_path / "memo.marshal"
    yield path
    regex_memo.uninstall()
    regex_memo._memo.update(saved[0])
    regex_memo._used.update(saved[1])
    regex_memo._state.update(saved[2])
    if installed_before:
        regex_memo._original, re._compiler.compile = original, regex_memo._compile


def _fresh(pattern, flags):
    """The pattern as Python's compiler makes it, past every cache."""
    compile_ = regex_memo._original or re._compiler.compile
    return compile_(pattern, flags)


def test_patterns_equal_pythons_own_made_and_from_the_file(memo_file):
    assert regex_memo.install(str(memo_file))
    made = [regex_memo._compile(p, int(f)) for p, f in PATTERNS]
    for (pattern, flags), compiled in zip(PATTERNS, made, strict=True):
        expected = _fresh(pattern, int(flags))
        # Pattern objects are equal when their flags, text and program are.
        assert compiled == expected
        assert compiled.groupindex == expected.groupindex
        assert compiled.groups == expected.groups
    assert regex_memo.save()
    assert not regex_memo.save()  # nothing new since

    # Another process's view: the file read back serves them without compiling.
    regex_memo.uninstall()
    assert regex_memo.install(str(memo_file))
    assert len(regex_memo._memo) == len(PATTERNS)
    calls = []
    parse = regex_memo._parser.parse
    regex_memo._parser.parse = lambda *a: calls.append(a) or parse(*a)
    try:
        again = [regex_memo._compile(p, int(f)) for p, f in PATTERNS]
    finally:
        regex_memo._parser.parse = parse
    assert calls == []
    assert again == made
    assert again[0].match("2026-12").groupdict() == {"year": "2026", "month": "12"}
    assert again[3].search("voir WIKI[[Réseau social|le réseau]]").groups() == (
        "Réseau social",
        "le réseau",
    )
    assert again[4].sub(rb"<\1>", b"a\x0012\x03b") == b"a<12>b"


def test_a_memo_from_another_engine_or_broken_is_not_read(memo_file):
    memo_file.write_bytes(marshal.dumps(("another-python", {("x", 0): (0, [1], 0, {}, ())})))
    assert regex_memo.install(str(memo_file))
    assert regex_memo._memo == {}
    assert regex_memo._compile("x", 0) == _fresh("x", 0)
    regex_memo.uninstall()
    memo_file.write_bytes(b"\x00garbage")
    assert regex_memo.install(str(memo_file))
    assert regex_memo._compile("y+", 0) == _fresh("y+", 0)


def test_errors_and_debug_patterns_are_pythons_own(memo_file):
    regex_memo.install(str(memo_file))
    with pytest.raises(re.error, match="missing \\)"):
        regex_memo._compile("(unclosed", 0)
    assert ("(unclosed", 0) not in regex_memo._memo
    regex_memo._compile("z", int(re.DEBUG))  # printed by Python's compiler, never kept
    assert ("z", int(re.DEBUG)) not in regex_memo._memo


def test_only_the_patterns_used_are_saved(memo_file):
    memo_file.write_bytes(
        marshal.dumps((regex_memo.engine_tag(), {("gone", 0): (32, [14, 4, 0, 4, 4], 0, {}, ())}))
    )
    regex_memo.install(str(memo_file))
    regex_memo._compile("kept", 0)
    assert regex_memo.save()
    _tag, kept = marshal.loads(memo_file.read_bytes())
    assert set(kept) == {("kept", 0)}


def test_a_forked_child_never_writes_the_memo(memo_file):
    regex_memo.install(str(memo_file))
    regex_memo._compile("child", 0)
    pid = os.fork()
    if pid == 0:
        os._exit(0 if not regex_memo.save() else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert not memo_file.exists()


def test_the_runner_saves_the_memo_of_its_process(tmp_path):
    """A process that imports the package compiles through the memo; its exit saves it."""
    path = tmp_path / "runner-memo.marshal"
    code = (
        "import sys, re, re._compiler\n"
        "from plugins.content_checks import regex_memo\n"
        "regex_memo.uninstall(); regex_memo.install(sys.argv[1])\n"
        "re.compile(r'(?P<x>memo)-test')\n"
        "from plugins.content_checks.runner import exit_now\n"
        "exit_now(0)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(path)], cwd=ROOT, check=True)
    tag, kept = marshal.loads(path.read_bytes())
    assert tag == regex_memo.engine_tag()
    assert (r"(?P<x>memo)-test", 0) in kept
