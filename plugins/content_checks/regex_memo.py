"""Regular expressions compiled once, not once per build process.

Python compiles a pattern in Python code (`re._parser`, `re._compiler`): about 0.2 ms
each, and a build's process compiles some 310 of them (Pelican, Markdown, Jinja's lexer,
docutils, dateutil, the plugins), 60-70 ms of a 1,000-pair rebuild, every time, for the
same patterns. What the compiler makes of a pattern is plain data: the program `_sre`
runs (a list of numbers), the flags and the groups. This module keeps that data from
one build to the next in a file (`marshal`), and gives `_sre.compile` the kept program
for a pattern it has seen: the same pattern object (patterns compare equal when their
programs do, which the tests check), without the Python compiler.

Only the build runner saves the memo (`save`, at its exit), with the patterns its
process used: one made from the content of a build that is gone falls out at the next.
A memo written by another Python (another `sys.version` or regex engine) is not read.
Python versions whose compiler this module does not know compile as usual.

`install` must run before the modules whose patterns it should serve are imported: the
package's `__init__` calls it first, before it imports Pelican.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile

try:
    import _sre
    import re._compiler as _compiler
    import re._parser as _parser
except ImportError:  # before Python 3.11 (sre_compile): compiled as usual
    _sre = _compiler = _parser = None

KNOWN_PYTHONS = {(3, 11), (3, 12), (3, 13)}
"""Versions whose `re._compiler.compile` this module repeats (the same few lines)."""

MAX_PATTERNS = 5000
"""Patterns kept at most: a process compiling more (from content) keeps the first."""

_memo: dict[tuple, tuple] = {}
_used: dict[tuple, tuple] = {}
_state = {"path": None, "pid": None, "new": 0}


def engine_tag() -> str:
    """Names the Python and regex engine a memo was made by."""
    version = f"{sys.version}|{getattr(_sre, 'MAGIC', '')}|{getattr(_sre, 'CODESIZE', '')}"
    return hashlib.blake2b(version.encode(), digest_size=8).hexdigest()


def default_path() -> str:
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    return os.path.join(root, ".cache", "regex", f"{engine_tag()}.marshal")


def _compile(p, flags=0):
    """`re._compiler.compile`, from the memo when the pattern is in it."""
    if type(flags) is not int or type(p) not in (str, bytes) or flags & _compiler.SRE_FLAG_DEBUG:
        return _original(p, flags)
    key = (p, flags)
    found = _memo.get(key)
    if found is None:
        # What re._compiler.compile does (3.11 to 3.13), keeping the parts it passes on.
        parsed = _parser.parse(p, flags)
        # Plain numbers (the opcodes are an int subclass, which marshal refuses).
        code = list(map(int, _compiler._code(parsed, flags)))
        groupindex = dict(parsed.state.groupdict)
        indexgroup = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        found = (flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex,
                 tuple(indexgroup))  # fmt: skip
        if len(_memo) < MAX_PATTERNS:
            _memo[key] = found
            _state["new"] += 1
    if len(_used) < MAX_PATTERNS:
        _used[key] = found
    final_flags, code, groups, groupindex, indexgroup = found
    return _sre.compile(p, final_flags, code, groups, dict(groupindex), indexgroup)


_compile.serves_memo = True
_original = None


def install(path: str | None = None) -> bool:
    """Serve this process's pattern compilations from the memo at `path`; True if done."""
    global _original
    if _compiler is None or sys.version_info[:2] not in KNOWN_PYTHONS:
        return False
    if _original is not None or getattr(_compiler.compile, "serves_memo", False):
        return True  # here, or by this module imported under another package name
    path = path or default_path()
    try:
        with open(path, "rb") as stream:
            tag, kept = marshal.load(stream)
        if tag == engine_tag() and type(kept) is dict:
            _memo.update(kept)
    except (OSError, EOFError, ValueError, TypeError):
        pass  # none yet, or unreadable: made again
    _original = _compiler.compile
    _compiler.compile = _compile
    _state.update(path=path, pid=os.getpid(), new=0)
    return True


def uninstall() -> None:
    """Compile as usual again (tests)."""
    global _original
    if _original is not None:
        _compiler.compile = _original
        _original = None
    _memo.clear()
    _used.clear()


def save() -> bool:
    """Write the patterns this process used, if it compiled any the memo lacked.

    Only from the process that installed it (never a forked child). Written to a
    temporary file and renamed: builds running at once each leave a whole memo.
    """
    path = _state["path"]
    if _original is None or not _state["new"] or os.getpid() != _state["pid"] or not path:
        return False
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=os.path.dirname(path), suffix=".tmp")
        with os.fdopen(fd, "wb") as stream:
            marshal.dump((engine_tag(), dict(_used)), stream)
        os.replace(temporary, path)
    except (OSError, ValueError):
        return False
    _state["new"] = 0
    return True
