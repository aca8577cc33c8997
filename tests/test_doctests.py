"""The examples in the library's docstrings run as written.

The library's folders import each other relatively (``from ..graph.store import …``), so
they are imported here as the installed package ``policykg`` rather than collected by path.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

PACKAGES = ("policykg", "policykg.loaders", "policykg.graph", "policykg.cli", "policykg.web")


def library_modules() -> list[str]:
    """Every module of the package, ``__main__`` modules left out (they run the CLI)."""
    names = set()
    for package_name in PACKAGES:
        package = importlib.import_module(package_name)
        names.add(package_name)
        for info in pkgutil.walk_packages(package.__path__, f"{package_name}."):
            if not info.name.endswith("__main__"):
                names.add(info.name)
    return sorted(names)


MODULES = library_modules()


def test_every_stage_is_found():
    assert {"policykg.loaders.extract.mentions", "policykg.graph.store", "policykg.cli.app"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for test in finder.find(module, name):
        runner.run(test)
    assert runner.failures == 0, f"{runner.failures} docstring example(s) of {name} failed (run with -s to see them)"
