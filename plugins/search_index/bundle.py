"""Bundle the search's ES modules into one classic script, for pages opened from file://.

Chromium refuses `<script type="module">` from file:// (module scripts are fetched with
CORS, and file:// has no origin), but runs classic scripts. The search code stays in
plain ES modules (analysis.mjs, snowball.mjs, search-core.mjs: tested under Node as
they are) and the build concatenates them into `theme/js/search.js`, each module inside
its own function scope, followed by the page script (search-ui.js, a classic script).

The transform is deliberately small and strict; it accepts exactly the module syntax
these files use and fails loudly on anything else:

- `import { a, b as c } from "./x.mjs";` (one line) -> `const { a, b: c } = __modules["x.mjs"];`
- `export function f` / `export async function f` / `export class C` /
  `export const|let|var x` -> the declaration without `export`, and `f` is exported;
- `export { a, b as c };` (one line) -> exports a and c.
- any other line starting with `import` or `export` (default exports, re-exports,
  multi-line import lists) raises BundleError.

Modules are given in dependency order; `__modules[name]` is the object of a module's
exports (names bound at the end of the module, like an ES module's live bindings
after evaluation).

`compact()` then drops what only readers need, line by line and conservatively: blank
lines, lines that are only a comment, and indentation (about 40% of the bytes). It
never touches a line inside a multi-line template literal or after a line ending with a
backslash, the only places where a line's leading spaces could be data.
(A line that is only a comment inside a block comment is dropped as well: it was text.)
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_IMPORT = re.compile(r"""^import\s*\{([^}]*)\}\s*from\s*["']([^"']+)["']\s*;?\s*$""")
_EXPORT_DECL = re.compile(
    r"^export\s+((?:async\s+)?function\*?\s+|class\s+|const\s+|let\s+|var\s+)([A-Za-z_$][\w$]*)"
)
_EXPORT_LIST = re.compile(r"^export\s*\{([^}]*)\}\s*;?\s*$")
_NAME = re.compile(r"^[A-Za-z_$][\w$]*$")


class BundleError(ValueError):
    """A module uses syntax the bundler does not handle."""


def _names(spec: str, where: str) -> list[tuple[str, str]]:
    """'a, b as c' -> [(a, a), (b, c)]."""
    pairs = []
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        words = part.split()
        if len(words) == 1:
            pairs.append((words[0], words[0]))
        elif len(words) == 3 and words[1] == "as":
            pairs.append((words[0], words[2]))
        else:
            raise BundleError(f"{where}: cannot bundle {part!r}")
        for name in pairs[-1]:
            if not _NAME.match(name):
                raise BundleError(f"{where}: not a name: {name!r}")
    return pairs


def module_name(specifier: str) -> str:
    """'./analysis.mjs' -> 'analysis.mjs' (all bundled modules sit in one folder)."""
    name = specifier.rsplit("/", 1)[-1]
    if not specifier.startswith("./") or "/" in specifier[2:]:
        raise BundleError(f"only sibling modules can be bundled, not {specifier!r}")
    return name


def transform_module(name: str, source: str, known: Sequence[str]) -> str:
    """One module as `__modules[name] = (function () {...; return {exports};})();`."""
    exports: list[tuple[str, str]] = []
    lines = []
    for number, line in enumerate(source.splitlines(), 1):
        where = f"{name}:{number}"
        if line.startswith("import"):
            match = _IMPORT.match(line)
            if not match:
                raise BundleError(f"{where}: cannot bundle this import: {line.strip()!r}")
            target = module_name(match.group(2))
            if target not in known:
                raise BundleError(f"{where}: {target} must be bundled before {name}")
            bindings = ", ".join(
                a if a == b else f"{a}: {b}" for a, b in _names(match.group(1), where)
            )
            lines.append(f"const {{ {bindings} }} = __modules[{target!r}];".replace("'", '"'))
        elif line.startswith("export"):
            decl = _EXPORT_DECL.match(line)
            listed = _EXPORT_LIST.match(line)
            if decl:
                exports.append((decl.group(2), decl.group(2)))
                lines.append(line[len("export") :].lstrip())
            elif listed:
                exports += _names(listed.group(1), where)
                lines.append("")
            else:
                raise BundleError(f"{where}: cannot bundle this export: {line.strip()!r}")
        else:
            lines.append(line)
    table = ", ".join(f"{public}: {local}" for local, public in exports)
    body = "\n".join(lines)
    return f'__modules["{name}"] = (function () {{\n"use strict";\n{body}\nreturn {{ {table} }};\n}})();\n'


def compact(source: str) -> str:
    """Drop blank lines, whole-line comments and indentation (see the module docstring).

    A line with an odd number of backticks may open a multi-line template literal (or
    merely mention one in a comment): from there on the module is kept as it is.
    """
    lines = source.split("\n")
    out: list[str] = []
    in_comment = False
    for i, line in enumerate(lines):
        stripped = line.strip()
        if in_comment:
            if "*/" in stripped:
                in_comment = False
                rest = stripped.split("*/", 1)[1].strip()
                if rest:
                    out.append(rest)
            continue
        if line.count("`") % 2 or line.endswith("\\"):
            return "\n".join(out + lines[i:])
        if not stripped or stripped.startswith("//"):
            continue
        if stripped.startswith("/*"):
            rest = stripped.split("*/", 1)[1].strip() if "*/" in stripped else ""
            in_comment = "*/" not in stripped
            if rest:
                out.append(rest)
            continue
        out.append(stripped)
    return "\n".join(out)


def bundle(
    modules: Sequence[tuple[str, str]], expose: str, global_name: str, tail: str = ""
) -> str:
    """One classic script: the modules (name, source) in order, then the global.

    After the modules comes `globalThis[global_name] = __modules[expose]`, then `tail`
    (a classic script, if any).
    """
    known: list[str] = []
    parts = [
        "/* Generated by plugins/search_index/bundle.py from "
        + ", ".join(name for name, _ in modules)
        + (" and the page script" if tail else "")
        + ": do not edit. */\n",
        "(function () {\nvar __modules = {};\n",
    ]
    for name, source in modules:
        parts.append(compact(transform_module(name, source, known)) + "\n")
        known.append(name)
    if expose not in known:
        raise BundleError(f"{expose} is not among the bundled modules")
    parts.append(f'globalThis.{global_name} = __modules["{expose}"];\n}})();\n')
    if tail:
        parts.append(tail if tail.endswith("\n") else tail + "\n")
    return "".join(parts)
