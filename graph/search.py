"""Alias search: the entities whose name or any alias contains a text, ranked alike on both engines.

The engine finds candidates (a scan on the embedded store, the ``cjk`` full-text index on
Neo4j, both through the dialect); the ranking happens here, so that both order their
answers the same way: the name closest to the text first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from policykg.names import fold_name

# The engines find candidates; ranking happens here so both backends order results alike.
SEARCH_CANDIDATES = 1000


def search_rank(folded_query: str, row: Mapping[str, Any]) -> tuple[int, int, str]:
    """Sort key of an alias-search hit: the name it matches most closely first.

    A hit whose name or alias equals the query ranks first; otherwise the
    shorter the closest matching name, the better; ties go by name length, then id.

    Example:
        >>> rows = [{"id": "Department:b", "name": "省工信委综合处", "aliases": []},
        ...         {"id": "Department:a", "name": "江西省工业和信息化委员会", "aliases": ["省工信委"]}]
        >>> [row["id"] for row in sorted(rows, key=lambda row: search_rank("工信委", row))]
        ['Department:a', 'Department:b']
    """
    names = [fold_name(name) for name in (row.get("name") or "", *(row.get("aliases") or ()))]
    matching = [len(name) - len(folded_query) for name in names if folded_query in name]
    closest = min(matching) if matching else 1 << 30
    return (closest, len(row.get("name") or ""), str(row.get("id")))


def best_hits(text: str, candidates: Iterable[Mapping[str, Any]], limit: int) -> list[dict[str, Any]]:
    """The ``limit`` candidates that match ``text`` most closely, best first (:func:`search_rank`).

    Example:
        >>> rows = [{"id": "Industry:b", "name": "光伏产业", "aliases": []}, {"id": "Industry:a", "name": "光伏", "aliases": []}]
        >>> [row["id"] for row in best_hits("光伏", rows, 1)]
        ['Industry:a']
    """
    folded = fold_name(text)
    return [dict(row) for row in sorted(candidates, key=lambda row: search_rank(folded, row))[: max(int(limit), 0)]]
