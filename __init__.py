"""The repository's folders are the package ``policykg``.

``pyproject.toml`` maps them (``graph/`` is ``policykg.graph``, ``loaders/`` is
``policykg.loaders``, ``cli/`` and ``web/`` likewise; ``policykg/`` holds the modules every
stage shares), and the stages import one another relatively (``from ..graph.store import …``).
This file marks the root as the home of that package, so that editors and other tools
that follow imports by path resolve those imports the way Python does. Nothing imports it.
"""
