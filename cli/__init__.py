"""``policykg`` command line: a thin layer over the library."""

from __future__ import annotations

# Importing a command module registers its commands on ``app``.
from . import (
    auditing,  # noqa: E402,F401
    evaluation,  # noqa: E402,F401
    extraction,  # noqa: E402,F401
    querying,  # noqa: E402,F401
    serving,  # noqa: E402,F401
    store,  # noqa: E402,F401
    viz,  # noqa: E402,F401
)
from .app import app


def main() -> None:
    """Entry point of the ``policykg`` console script."""
    app()


__all__ = ["app", "main"]
