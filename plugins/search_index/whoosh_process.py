"""The Whoosh process's start: `python whoosh_process.py PACKAGE PAYLOAD [READY_FD]`.

`python -m search_index.whoosh_index` would first run the package's `__init__`, the
Pelican plugin: Pelican, Jinja, docutils and the plugins' glue, 0.12 s and 19 MB of a
process that uses none of them (the largest at 5,000 pairs in round 16's measure). Here
the two packages the update reads (`search_index`, `content_index`; PACKAGE is how the
build imported the first: `search_index`, or `plugins.search_index` in the tests) are
made bare packages, their folders without their `__init__`, before
`whoosh_index.main` runs.

Run by path, not with -m: no package may be imported before they are made.
"""

import importlib
import importlib.machinery
import importlib.util
import sys
from pathlib import Path

READ = ("search_index", "content_index")
"""The packages whose modules the Whoosh update imports."""


def bare_package(name: str, folder: Path) -> None:
    """Make `name` a package whose modules are found in `folder`, its `__init__` not run."""
    spec = importlib.machinery.ModuleSpec(name, None, is_package=True)
    spec.submodule_search_locations = [str(folder)]
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    if "." in name:  # as the import system does: a package is its parent's attribute
        parent, _, child = name.rpartition(".")
        setattr(sys.modules[parent], child, module)


def bare_packages(package: str, plugins: Path) -> Path:
    """`package`'s parents, itself and its siblings in READ, as bare packages.

    `plugins` is the folder holding the READ packages; returns the folder to import the
    top-level package from.
    """
    parents = package.split(".")[:-1]
    folders = [plugins]
    for _ in parents[1:]:
        folders.insert(0, folders[0].parent)
    for depth, folder in enumerate(folders[: len(parents)], start=1):
        bare_package(".".join(parents[:depth]), folder)
    for name in READ:
        bare_package(".".join([*parents, name]), plugins / name)
    return folders[0].parent if parents else plugins


def main() -> int:
    package, *arguments = sys.argv[1:]
    root = bare_packages(package, Path(__file__).resolve().parent.parent)
    # As with -m from the root: this script's own folder is not where imports look.
    sys.path[0] = str(root)
    return importlib.import_module(f"{package}.whoosh_index").main(arguments)


if __name__ == "__main__":
    sys.exit(main())
