"""The analyst workbench that ``policykg serve`` runs: pages over a read-only store.

``workbench.py`` reads what each page shows from the store, ``layout.py`` places an
ego network before it is drawn, ``app.py`` is the Starlette app (routes, parameter
checks, error pages, the token), ``templates/`` and ``static/`` are its pages and assets.
"""
