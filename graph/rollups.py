"""Derived properties of Department, Industry and Enterprise nodes (``schema.ROLLUP_PROPERTIES``).

They summarise the RESPONSIBLE_FOR (and PART_OF) links of a node — how many distinct
entities of each label a department is responsible for, in how many documents,
which industries; which departments lead, are responsible for and support an
industry — and the industries an enterprise's names carry and the places it
lies in, so that overview queries read one row per node instead of
aggregating every link, testing every name against every other or following
chains of links. Each write of a load clears them on the nodes it
touches, in its own transaction (:func:`clear`), and the load computes every
cleared node once when it ends (:func:`recompute`), so a node shared by many
batches is computed once and a killed load leaves nulls, never stale values;
``GraphStore.check`` compares the stored values with a recomputation
(:func:`stale_columns`).

The engine does the counting; lists are assembled and ordered here, so both
engines store the same values.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from policykg.names import label_of_id

from . import schema, statements
from .dialect import Dialect, contains_any_pattern

Row = dict[str, Any]
Runner = Any  # (cypher, params) -> rows, as GraphStore passes it

ROLLUP_LABELS: tuple[str, ...] = tuple(schema.ROLLUP_PROPERTIES)


def ranked_names(documents_by_name: Mapping[str, int]) -> list[str]:
    """Names ordered by how many documents name them (most first), then by name.

    Example:
        >>> ranked_names({"省商务厅": 1, "省工信委": 3, "省发改委": 3})
        ['省发改委', '省工信委', '省商务厅']
    """
    return sorted(documents_by_name, key=lambda name: (-documents_by_name[name], name))


def department_rollups(counts: Mapping[str, Mapping[str, int]], documents: Mapping[str, int],
                       industries: Mapping[str, Iterable[str]], parents: Mapping[str, Iterable[str]],
                       ids: Iterable[str]) -> dict[str, Row]:  # fmt: skip
    """The derived properties of departments from the engine's counts.

    Args:
        counts: per count column (``schema.ROLLUP_COUNTS``), department id → distinct entities.
        documents: department id → documents assigning it anything.
        industries: department id → names of its industries.
        parents: department id → names of the departments it is a division of.
        ids: the departments to report (one missing from the counts has none).

    Example:
        >>> rollups = department_rollups({"industry_count": {"d": 2}}, {"d": 1}, {"d": ["稀土", "光伏"]},
        ...                              {"d": ["省工信委"]}, ["d", "e"])
        >>> rollups["d"]["industry_count"], rollups["d"]["responsibility_count"], rollups["d"]["industries"]
        (2, 2, ['光伏', '稀土'])
        >>> rollups["d"]["part_of"], rollups["e"]["responsibility_count"], rollups["e"]["industries"]
        (['省工信委'], 0, [])
    """
    found: dict[str, Row] = {}
    for node_id in ids:
        row: Row = {column: int(counts.get(column, {}).get(node_id, 0)) for column in schema.ROLLUP_COUNTS}
        row["responsibility_count"] = sum(row.values())
        row["document_count"] = int(documents.get(node_id, 0))
        row["industries"] = sorted(set(industries.get(node_id, ())))
        row["part_of"] = sorted(set(parents.get(node_id, ())))
        found[node_id] = row
    return found


def industry_rollups(rows: Iterable[Mapping[str, Any]], ids: Iterable[str]) -> dict[str, Row]:
    """The derived properties of industries from (id, department, grp, documents) rows.

    Example:
        >>> rows = [{"id": "i", "department": "省工信委", "grp": "lead_departments", "documents": 2},
        ...         {"id": "i", "department": "省商务厅", "grp": "supporting_departments", "documents": 1},
        ...         {"id": "i", "department": "省工信委", "grp": "supporting_departments", "documents": 1}]
        >>> found = industry_rollups(rows, ["i", "j"])
        >>> found["i"]["department_count"], found["i"]["supporting_departments"], found["j"]["lead_departments"]
        (2, ['省商务厅', '省工信委'], [])
    """
    documents: dict[str, dict[str, dict[str, int]]] = {}
    for row in rows:
        by_group = documents.setdefault(row["id"], {})
        by_group.setdefault(row["grp"], {})[row["department"]] = int(row["documents"])
    found: dict[str, Row] = {}
    for node_id in ids:
        by_group = documents.get(node_id, {})
        departments = {name for names in by_group.values() for name in names}
        found[node_id] = {"department_count": len(departments)}
        for column in schema.ROLE_GROUPS:
            found[node_id][column] = ranked_names(by_group.get(column, {}))[: schema.ROLLUP_LIST_LIMIT]
    return found


TermIndex = dict[str, list[tuple[str, str]]]


def search_lines(search: str | None) -> set[str]:
    r"""The folded names and aliases a ``search`` text holds, one per line.

    Example:
        >>> sorted(search_lines("光伏\n光伏产业\n"))
        ['光伏', '光伏产业']
    """
    return {line for line in (search or "").split("\n") if line}


def term_index(industries: Iterable[Mapping[str, Any]]) -> TermIndex:
    r"""Every folded name and alias of the industries (``search`` lines), by first character.

    Example:
        >>> term_index([{"name": "光伏", "search": "光伏\n光伏产业"}, {"name": "5G", "search": "5g"}])
        {'光': [('光伏产业', '光伏'), ('光伏', '光伏')], '5': [('5g', '5G')]}
    """
    index: TermIndex = {}
    for row in industries:
        for term in sorted(search_lines(row["search"]), key=lambda t: (-len(t), t)):
            index.setdefault(term[0], []).append((term, row["name"]))
    return index


def carried_names(search: str, index: TermIndex) -> list[str]:
    r"""The industries one of whose names or aliases occurs in ``search`` (an entity's folded names), sorted.

    The same test as ``x.search =~ $industry_pattern`` in the canned queries
    (graph/queries.py), for every industry at once.

    Example:
        >>> index = term_index([{"name": "光伏", "search": "光伏"}, {"name": "稀土", "search": "稀土\n稀土新材料"},
        ...                     {"name": "新材料", "search": "新材料"}])
        >>> carried_names("赣州稀土新材料有限公司\n赣州稀土", index)
        ['新材料', '稀土']
        >>> carried_names("南昌市", index)
        []
    """
    found: set[str] = set()
    for position, char in enumerate(search):
        for term, name in index.get(char, ()):
            if name not in found and search.startswith(term, position):
                found.add(name)
    return sorted(found)


def places_up(direct: Iterable[str], parents: Mapping[str, Iterable[str]], steps: int = 3) -> list[str]:
    """The places an entity lies in (``direct``) and those they lie in, at most ``steps`` links from it, sorted.

    Example:
        >>> parents = {"南康区": ["赣州市"], "赣州市": ["江西省"], "江西省": ["中国"]}
        >>> places_up(["南康区"], parents)
        ['南康区', '江西省', '赣州市']
        >>> places_up(["赣州市", "南康区"], parents)
        ['中国', '南康区', '江西省', '赣州市']
    """
    found = set(direct)
    frontier = set(found)
    for _ in range(steps - 1):
        frontier = {parent for place in frontier for parent in parents.get(place, ())} - found
        found |= frontier
    return sorted(found)


@dataclass(frozen=True)
class EnterpriseInputs:
    """What the derived properties of every enterprise depend on besides its own names and links.

    ``terms``: each industry's name → its ``search`` text; ``links``: (place,
    place it lies in) pairs, by name.
    """

    terms: Mapping[str, str]
    links: frozenset[tuple[str, str]]

    def with_batch(self, industries: Iterable[Mapping[str, Any]], links: Iterable[tuple[str, str]]) -> EnterpriseInputs:
        r"""These inputs with a batch's industry rows (name, search) and place links added.

        Example:
            >>> inputs = EnterpriseInputs({"光伏": "光伏"}, frozenset())
            >>> later = inputs.with_batch([{"name": "光伏", "search": "光伏\n光伏产业"}], [("南康区", "赣州市")])
            >>> dict(later.terms), sorted(later.links)
            ({'光伏': '光伏\n光伏产业'}, [('南康区', '赣州市')])
        """
        terms = dict(self.terms)
        terms.update({row["name"]: row["search"] or "" for row in industries})
        return EnterpriseInputs(terms, self.links | frozenset(links))

    def parents(self) -> dict[str, list[str]]:
        return place_parents(self.links)

    def index(self) -> TermIndex:
        return term_index({"name": name, "search": search} for name, search in self.terms.items())


def place_parents(links: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """Each place with the places it lies in, from (place, parent) links.

    Example:
        >>> place_parents({("南康区", "赣州市"), ("南康区", "南康")})
        {'南康区': ['南康', '赣州市']}
    """
    parents: dict[str, list[str]] = {}
    for place, parent in sorted(links):
        parents.setdefault(place, []).append(parent)
    return parents


def read_enterprise_inputs(tx: Runner, dialect: Dialect) -> EnterpriseInputs:
    """The industries' names and the places' links as the store holds them."""
    terms = {row["name"]: row["search"] or "" for row in tx(statements.industry_terms(), None)}
    links = frozenset((row["place"], row["parent"]) for row in tx(statements.place_links(), None))
    return EnterpriseInputs(terms, links)


def changed_terms(before: Mapping[str, str], after: Mapping[str, str]) -> set[str]:
    r"""The folded names an enterprise's name may carry with a different result: an industry's lines in one only.

    Example:
        >>> sorted(changed_terms({"光伏": "光伏", "钨": "钨"}, {"光伏": "光伏\n太阳能光伏", "稀土": "稀土"}))
        ['太阳能光伏', '稀土', '钨']
    """
    changed: set[str] = set()
    for name in before.keys() | after.keys():
        changed |= search_lines(before.get(name)) ^ search_lines(after.get(name))
    return changed


def changed_places(before: Iterable[tuple[str, str]], after: Iterable[tuple[str, str]]) -> set[str]:
    """The places whose places up (``places_up``) differ between two sets of links.

    Example:
        >>> sorted(changed_places({("南康区", "赣州市")}, {("南康区", "赣州市"), ("赣州市", "江西省")}))
        ['南康区', '赣州市']
    """
    old, new = place_parents(before), place_parents(after)
    return {place for place in old.keys() | new.keys() if places_up([place], old) != places_up([place], new)}


def enterprise_rollups(
    search: str, places: Iterable[str], index: TermIndex, parents: Mapping[str, Iterable[str]]
) -> Row:
    """The derived properties of one enterprise from its ``search`` text and the places it lies in.

    Example:
        >>> enterprise_rollups("赛维光伏", ["新余市"], term_index([{"name": "光伏", "search": "光伏"}]),
        ...                    {"新余市": ["江西省"]})
        {'named_industries': ['光伏'], 'located_in': ['新余市', '江西省']}
    """
    return {"named_industries": carried_names(search, index), "located_in": places_up(places, parents)}


def compute(
    tx: Runner, dialect: Dialect, label: str, ids: Sequence[str], shared: dict[str, Any] | None = None
) -> dict[str, Row]:
    """What the derived properties of the ``label`` nodes ``ids`` should be, from the links in the store.

    ``shared`` keeps what every batch of one run reads alike (the industries'
    names, the places' parents), so that it is read once per run.
    """
    params = {"ids": list(ids)}
    if label == "Department":
        counts: dict[str, dict[str, int]] = {}
        names: dict[str, list[str]] = {}
        for column, entity_label in schema.ROLLUP_COUNTS.items():
            with_names = entity_label == "Industry"
            rows = tx(statements.department_responsibilities(entity_label, names=with_names), params)
            counts[column] = {row["id"]: int(row["n"]) for row in rows}
            if with_names:
                names = {row["id"]: [name for name in row["names"] or [] if name is not None] for row in rows}
        documents = {row["id"]: int(row["n"]) for row in tx(statements.department_documents(), params)}
        parents = {row["id"]: [name for name in row["names"] or [] if name is not None]
                   for row in tx(statements.department_parents(), params)}  # fmt: skip
        return department_rollups(counts, documents, names, parents, ids)
    if label == "Enterprise":
        shared = {} if shared is None else shared
        if "enterprise" not in shared:
            inputs = read_enterprise_inputs(tx, dialect)
            shared["enterprise"] = inputs.index(), inputs.parents()
        index, parents = shared["enterprise"]
        found = {row["id"]: row for row in tx(statements.enterprise_search_and_places(), params)}
        return {
            node_id: enterprise_rollups(found.get(node_id, {}).get("search") or "", found.get(node_id, {}).get("places") or [],
                                        index, parents)
            for node_id in ids
        }  # fmt: skip
    return industry_rollups(tx(statements.industry_departments(), params), ids)


def _by_label(ids: Iterable[str]) -> dict[str, list[str]]:
    """The ids of nodes with derived properties, by label, sorted.

    Example:
        >>> _by_label(["Industry:光伏", "Place:赣州市", "Department:省工信委", "Industry:稀土"])
        {'Industry': ['Industry:光伏', 'Industry:稀土'], 'Department': ['Department:省工信委']}
    """
    by_label: dict[str, list[str]] = {}
    for node_id in ids:
        label = label_of_id(node_id)
        if label in schema.ROLLUP_PROPERTIES:
            by_label.setdefault(label, []).append(node_id)
    return {label: sorted(label_ids) for label, label_ids in by_label.items()}


def clear(tx: Runner, dialect: Dialect, ids: Iterable[str], batch_size: int = 1000) -> None:
    """Set the derived properties of the nodes among ``ids`` to null: to be computed again."""
    for label, label_ids in _by_label(ids).items():
        for start in range(0, len(label_ids), batch_size):
            tx(statements.clear_rollups(label), {"ids": label_ids[start : start + batch_size]})


def clear_affected_enterprises(tx: Runner, dialect: Dialect, earlier: EnterpriseInputs, now: EnterpriseInputs,
                               ids: Sequence[str] | None = None) -> None:  # fmt: skip
    """Clear the derived properties of the enterprises (``ids``, or all) that inputs changed since ``earlier`` may change.

    Those whose ``search`` contains a changed term, and those lying in a place
    whose places up changed; the load computes them again with the rest.
    """
    terms = changed_terms(earlier.terms, now.terms)
    places = changed_places(earlier.links, now.links)
    scope = {} if ids is None else {"ids": list(ids)}
    if terms:
        tx(
            statements.clear_enterprises_carrying(among=ids is not None),
            {"pattern": contains_any_pattern(terms), **scope},
        )
    if places:
        tx(statements.clear_enterprises_in_places(among=ids is not None), {"places": sorted(places), **scope})


def recompute(tx: Runner, dialect: Dialect, ids: Iterable[str], batch_size: int = 1000) -> int:
    """Recompute and store the derived properties of the nodes among ``ids`` that have them.

    Returns:
        How many nodes were written.
    """
    written = 0
    shared: dict[str, Any] = {}
    for label, label_ids in _by_label(ids).items():
        for start in range(0, len(label_ids), batch_size):
            batch = label_ids[start : start + batch_size]
            rows = [{"id": node_id, **values} for node_id, values in compute(tx, dialect, label, batch, shared).items()]
            tx(dialect.set_rollups(label), {"rows": rows})
            written += len(rows)
    return written


def stale_columns(expected: Mapping[str, Row], stored: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """How many nodes hold a value that differs from ``expected``, per derived column.

    Example:
        >>> stale_columns({"d": {"industry_count": 2, "industries": ["光伏"]}},
        ...               [{"id": "d", "industry_count": 3, "industries": ["光伏"]}])
        {'industry_count': 1}
    """
    stale: dict[str, int] = {}
    for row in stored:
        want = expected.get(row["id"])
        if want is None:
            continue
        for column, value in want.items():
            have = row.get(column)
            if isinstance(value, list):
                have = list(have) if have is not None else None
            if have != value:
                stale[column] = stale.get(column, 0) + 1
    return stale
