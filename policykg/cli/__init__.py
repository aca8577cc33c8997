"""``policykg`` command line: a thin layer over the library."""

from __future__ import annotations

from policykg.cli.app import app

# Importing a command module registers its commands on ``app``.
from policykg.cli import extraction  # noqa: E402,F401
from policykg.cli import evaluation  # noqa: E402,F401
from policykg.cli import store  # noqa: E402,F401
from policykg.cli import viz  # noqa: E402,F401
from policykg.cli import querying  # noqa: E402,F401
from policykg.cli import auditing  # noqa: E402,F401
from policykg.cli import serving  # noqa: E402,F401


def main() -> None:
    """Entry point of the ``policykg`` console script."""
    app()


__all__ = ["app", "main"]
