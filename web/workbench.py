"""What the analyst workbench shows, read from a store: search, entity pages, the ownership matrix, evidence.

Every page of ``policykg serve`` is one call here on an open, read-only
:class:`~policykg.graph.store.GraphStore`; the HTTP layer (``policykg/web/app.py``)
only parses parameters and renders templates. The Cypher is portable (it runs
unchanged on LadybugDB and Neo4j after ``Dialect.translate``), takes every value
as a ``$parameter``, and names labels and relationship types only from the
schema. Aggregation (strongest role, documents per cell, years) happens in
Python so that both engines give the same page.

The store is opened read-only and never changes under the server, so what every
page needs about documents and provinces is read once (:meth:`Workbench.documents`,
:meth:`Workbench.province_of`). One lock serialises the store: an embedded
store has one connection, and a page's few queries are short.
"""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from policykg.errors import PolicyKGError, QueryError
from policykg.names import entity_id, fold_name, label_of_id

from ..graph import schema, statements
from ..graph.dialect import contains_any_pattern
from ..graph.resolve import department_units, entity_names, resolve_name
from ..graph.store import GraphStore
from .network import (
    ROLE_NAMES_ZH,
    ROLE_STRENGTH,
    ego_network,
    network_between,
    role_sort_key,
    strongest_role,
    values_in,
)

# Labels an entity page exists for, by the path segment of its URL.
PAGE_LABELS: dict[str, str] = {label.lower(): label for label in schema.ENTITY_LABELS if label != "Target"}
# What a department can be responsible for, as matrix columns.
MATRIX_LABELS: tuple[str, ...] = ("Industry", "Platform", "Enterprise", "Event")
MATRIX_MAX_ROWS = 150
MATRIX_MAX_COLUMNS = 200
EGO_MAX_NODES = 250
SUGGESTIONS = 8


class WorkbenchError(PolicyKGError):
    """A request the workbench cannot answer: a bad parameter (``status`` 400) or an unknown entity (404)."""

    def __init__(self, message: str, *, status: int = 400, suggestions: Sequence[Mapping[str, Any]] = ()):
        super().__init__(message)
        self.status = status
        self.suggestions = list(suggestions)


# ----------------------------------------------------------------------------- provinces


class ProvinceFinder:
    """The province a body's or place's name names, from the gazetteer of administrative divisions.

    A name names a province when it starts (after 中共) with the full or short name
    of a province or of a prefecture-level city (南昌市政府 → 江西省). Short names
    that two provinces' cities share name no province.
    """

    @cached_property
    def _prefixes(self) -> dict[str, str]:
        from ..loaders.extract.lexicon import load_lexicon, short_admin_name

        gazetteer = load_lexicon().gazetteer
        prefixes: dict[str, set[str]] = defaultdict(set)
        for name, unit in gazetteer.units.items():
            if unit.level not in ("province", "city"):
                continue
            province = unit.province
            for form in {name, short_admin_name(name)}:
                if len(form) >= 2:
                    prefixes[form].add(province)
        return {form: next(iter(found)) for form, found in prefixes.items() if len(found) == 1}

    def __call__(self, name: str) -> str | None:
        """The province ``name`` starts with, or ``None``.

        Example:
            >>> finder = ProvinceFinder()
            >>> finder("江西省工业和信息化委员会"), finder("中共江西省委"), finder("南昌市政府"), finder("各设区市政府")
            ('江西省', '江西省', '江西省', None)
        """
        text = str(name or "").removeprefix("中共")
        prefixes = self._prefixes
        for length in range(min(len(text), 9), 1, -1):
            found = prefixes.get(text[:length])
            if found:
                return found
        return None


# ----------------------------------------------------------------------------- rows


@dataclass
class Link:
    """Responsibility of one department (or its divisions) for one entity, summed over documents."""

    head_id: str
    head: str
    tail_id: str
    tail: str
    roles: Counter = field(default_factory=Counter)
    documents: set[str] = field(default_factory=set)
    years: set[int] = field(default_factory=set)
    via: set[str] = field(default_factory=set)

    @property
    def role(self) -> str | None:
        return strongest_role(self.roles)

    @property
    def ordered_roles(self) -> list[str]:
        """The roles, strongest first (whatever order the engine returned the facts in)."""
        return sorted(self.roles, key=lambda role: (role_sort_key(role), role))

    @property
    def label(self) -> str:
        return label_of_id(self.tail_id)

    def add(self, row: Mapping[str, Any], via: str | None = None) -> None:
        self.roles[row.get("role") or "responsible"] += 1
        if row.get("doc"):
            self.documents.add(row["doc"])
        if row.get("year") is not None:
            self.years.add(int(row["year"]))
        if via:
            self.via.add(via)


@dataclass
class Matrix:
    """Departments × entities of one label; each cell the links of one pair."""

    label: str
    rows: list[dict[str, Any]]
    columns: list[dict[str, Any]]
    cells: dict[tuple[str, str], Link]
    note: str = ""

    @property
    def cell_count(self) -> int:
        shown_rows = {row["id"] for row in self.rows}
        shown_columns = {column["id"] for column in self.columns}
        return sum(1 for head, tail in self.cells if head in shown_rows and tail in shown_columns)


@dataclass(frozen=True)
class MatrixFilter:
    """The matrix's filters, as the URL gives them; ``None`` means any."""

    label: str = "Industry"
    province: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    role: str | None = None
    fold_divisions: bool = False

    def keeps(self, row: Mapping[str, Any]) -> bool:
        year = row.get("year")
        if self.year_from is not None and (year is None or int(year) < self.year_from):
            return False
        if self.year_to is not None and (year is None or int(year) > self.year_to):
            return False
        return self.role is None or (row.get("role") or "responsible") == self.role


# ----------------------------------------------------------------------------- the workbench


class Workbench:
    """The pages' data, read from one open store (read-only).

    Args:
        store: an open store; the workbench does not close it.
    """

    def __init__(self, store: GraphStore):
        self.store = store
        self.lock = threading.RLock()
        self._provinces = ProvinceFinder()
        self._cache: dict[str, Any] = {}

    # -- running

    def run(self, cypher: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """A read of portable Cypher, translated for the engine, one at a time."""
        with self.lock:
            return self.store.run(self.store.dialect.translate(cypher), dict(params or {}))

    def _cached(self, key: str, compute):
        with self.lock:
            if key not in self._cache:
                self._cache[key] = compute()
            return self._cache[key]

    # -- documents and provinces

    def document_info(self) -> dict[str, dict[str, Any]]:
        """Every document by file name: title, year, 文号, issuer and date (read once)."""

        def read() -> dict[str, dict[str, Any]]:
            return {row["name"]: dict(row) for row in self.run(statements.document_details())}

        return self._cached("document_info", read)

    def documents(self) -> dict[str, dict[str, Any]]:
        """Every document by file name: :meth:`document_info` and the province it is about."""

        def read() -> dict[str, dict[str, Any]]:
            docs = {name: dict(info) for name, info in self.document_info().items()}
            votes: dict[str, Counter] = defaultdict(Counter)
            for row in self.run(statements.department_mentions()):
                province = self._provinces(row["name"])
                if province:
                    votes[row["doc"]][province] += 1
            for name, doc in docs.items():
                named = self._provinces(doc.get("issuer") or "") or self._provinces(doc.get("title") or "")
                doc["province"] = named or (votes[name].most_common(1)[0][0] if votes[name] else None)
            return docs

        return self._cached("documents", read)

    def document_order(self, doc: str | None) -> tuple[int, str]:
        """Sort key putting documents by year, then name (a missing year last)."""
        info = self.documents().get(doc or "", {})
        year = info.get("year")
        return (year if year is not None else 9999, doc or "")

    def province_of(self, node_id: str, name: str, parents: Sequence[str] = ()) -> str | None:
        """The province of an entity: named in its name, else in a parent's, else its documents'."""
        found = self._provinces(name)
        for parent in parents:
            if found:
                break
            found = self._provinces(parent)
        if found:
            return found
        return self._document_provinces().get(node_id)

    def _document_provinces(self) -> dict[str, str]:
        def read() -> dict[str, str]:
            docs = self.documents()
            votes: dict[str, Counter] = defaultdict(Counter)
            for label in PAGE_LABELS.values():
                for row in self.run(statements.mentions_of(label)):
                    province = docs.get(row["doc"], {}).get("province")
                    if province:
                        votes[row["id"]][province] += 1
            return {node_id: counts.most_common(1)[0][0] for node_id, counts in votes.items()}

        return self._cached("document_provinces", read)

    def provinces(self) -> list[str]:
        """The provinces the departments of the store belong to, sorted."""
        return sorted({p for p in self._department_provinces().values() if p})

    def _department_provinces(self) -> dict[str, str | None]:
        def read() -> dict[str, str | None]:
            rows = self.run(statements.department_parts())
            return {row["id"]: self.province_of(row["id"], row["name"], row["part_of"] or ()) for row in rows}

        return self._cached("department_provinces", read)

    # -- search and lookup

    def search(self, text: str, *, limit: int = 50) -> list[dict[str, Any]]:
        """Entities of every label whose name or alias contains ``text``, closest first.

        Each row has ``id``, ``label``, ``name``, ``aliases``, ``matched`` (the
        names that contain the text), ``province``, and ``ambiguous``: whether
        another hit shares one of its names (then the page shows the province).
        """
        text = (text or "").strip()
        if not fold_name(text):
            return []
        with self.lock:
            rows = self.store.search(text, limit=limit)
        folded = fold_name(text)
        hits = []
        for row in rows:
            names = [row["name"], *(row.get("aliases") or [])]
            parents = self._parents(row["id"]) if row["label"] == "Department" else []
            hits.append(
                {
                    **row,
                    "names": {fold_name(name) for name in names},
                    "matched": [name for name in names if folded in fold_name(name)],
                    "province": self.province_of(row["id"], row["name"], parents),
                }
            )
        for hit in hits:
            hit["ambiguous"] = any(
                other is not hit and other["label"] == hit["label"] and (other["names"] & hit["names"])
                for other in hits
            )
        return hits

    def _parents(self, node_id: str) -> list[str]:
        rows = self.run(statements.parts_of_department(), {"id": node_id})
        return list(rows[0]["part_of"] or []) if rows else []

    def suggestions(self, text: str) -> list[dict[str, Any]]:
        """Entities whose names come closest to a name that names none: contain it, or one of its two-character pieces."""
        found = self.search(text, limit=SUGGESTIONS)
        folded = fold_name(text)
        if found or len(folded) < 3:
            return found
        seen: dict[str, dict[str, Any]] = {}
        for start in range(len(folded) - 1):
            for row in self.search(folded[start : start + 2], limit=SUGGESTIONS):
                seen.setdefault(row["id"], row)
            if len(seen) >= SUGGESTIONS:
                break
        return list(seen.values())[:SUGGESTIONS]

    def entity(self, label: str, name: str) -> dict[str, Any]:
        """The node of ``label`` named ``name`` (its canonical name), with its properties.

        Any other name is resolved as every command resolves it (``graph/resolve.py``).

        Raises:
            WorkbenchError: 404 when no node has that canonical name; when the name means exactly
                one entity of the label (an alias, a folded form, the closest body containing it), it
                is the first suggestion, marked ``canonical``; otherwise the suggestions are the
                entities it may mean, or near names.
        """
        if label not in PAGE_LABELS.values():
            raise WorkbenchError(
                f"no page for the label {label!r}; use one of {', '.join(PAGE_LABELS.values())}", status=404
            )
        rows = self.run(statements.entity_by_id(label), {"id": entity_id(label, name)})
        if rows:
            node = dict(rows[0]["n"])
            node["label"] = label
            return node
        try:
            with self.lock:
                found = resolve_name(self.store, name, (label,))
                names = entity_names(self.store, found)
        except QueryError as err:  # nothing fits (with the nearest names), or bodies of several provinces
            raise WorkbenchError(str(err), status=404, suggestions=self.suggestions(name)) from err
        meant = [
            {"id": node_id, "label": label, "name": names[node_id]}
            for node_id in sorted(found, key=lambda node_id: names[node_id])
        ]
        if len(meant) == 1:
            raise WorkbenchError(
                f"{name} is another name of {meant[0]['name']}",
                status=404,
                suggestions=[{**meant[0], "canonical": True}],
            )
        raise WorkbenchError(
            f"{name} fits {len(meant)} {label} names; pick one", status=404, suggestions=meant[: SUGGESTIONS * 4]
        )

    def resolve(self, label: str, name: str) -> dict[str, Any]:
        """The node of ``label`` that ``name`` means: its canonical name, or any name that means exactly one.

        Raises:
            WorkbenchError: 404 when the name means none, or several.
        """
        try:
            return self.entity(label, name)
        except WorkbenchError as err:
            if err.suggestions and err.suggestions[0].get("canonical"):
                return self.entity(label, err.suggestions[0]["name"])
            raise

    def document(self, name: str) -> dict[str, Any]:
        """One document's metadata and its facts in document order.

        Raises:
            WorkbenchError: 404 for an unknown document name.
        """
        info = self.documents().get(name)
        if info is None:
            near = [
                {"label": "Document", "name": doc, "id": doc}
                for doc in self.documents()
                if fold_name(name) in fold_name(doc)
            ]
            raise WorkbenchError(f"no document named {name!r} in the graph", status=404, suggestions=near[:SUGGESTIONS])
        facts = []
        for rel_type in schema.FACT_TYPES:
            facts += [
                {**row, "rel": rel_type}
                for row in self.run(
                    statements.facts_of_document(rel_type),
                    {"doc": name},
                )
            ]
        facts.sort(key=lambda f: (f["start"] if f["start"] is not None else 1 << 40, f["rel"], f["head"], f["tail"]))
        mentioned = self.run(
            statements.entities_of_document(),
            {"doc": name},
        )
        return {"info": info, "facts": facts, "mentioned": mentioned}

    # -- facts of one entity

    def facts_of(self, node_id: str) -> list[dict[str, Any]]:
        """Every fact an entity takes part in (both directions), in document order, with its evidence."""
        label = label_of_id(node_id)
        facts = []
        for rel_type, (heads, tails) in schema.RELATIONSHIP_ENDPOINTS.items():
            if rel_type == schema.MENTIONED_IN:
                continue
            if label in heads:
                facts += [
                    {**row, "rel": rel_type}
                    for row in self.run(statements.facts_from(label, rel_type), {"id": node_id})
                ]
            if label in tails:
                facts += [
                    {**row, "rel": rel_type} for row in self.run(statements.facts_to(rel_type, label), {"id": node_id})
                ]
        unique = {(f["rel"], f["head_id"], f["tail_id"], f["doc"], f["start"], f["role"]): f for f in facts}
        return sorted(
            unique.values(),
            key=lambda f: (
                *self.document_order(f["doc"]),
                f["start"] if f["start"] is not None else 1 << 40,
                f["rel"],
                f["head"],
                f["tail"],
            ),
        )

    def targets_of(self, node_id: str) -> list[dict[str, Any]]:
        """The targets aimed at an entity (``TARGETS``), by deadline."""
        label = label_of_id(node_id)
        if label not in schema.RELATIONSHIP_ENDPOINTS["TARGETS"][1]:
            return []
        rows = self.run(
            statements.targets_of_entity(label),
            {"id": node_id},
        )
        return sorted(
            rows,
            key=lambda r: (
                r["year"] if r["year"] is not None else 9999,
                r["doc"] or "",
                r["metric"] or "",
                r["value"] or 0,
            ),
        )

    # -- departments

    def department(self, node: Mapping[str, Any]) -> dict[str, Any]:
        """A department's page: what it owns by role (through its divisions too), over the years, its co-owners."""
        node_id = node["id"]
        with self.lock:
            units = department_units(self.store, node_id)
        unit_names = {row["id"]: row["name"] for row in self.run(statements.department_names(), {"ids": units})}
        rows = self.run(
            statements.responsibilities_of_units(),
            {"units": units},
        )
        links: dict[str, Link] = {}
        by_year: dict[int | None, dict[str, dict[str, Any]]] = defaultdict(dict)
        for row in rows:
            if label_of_id(row["id"]) == "Target":
                continue
            link = links.setdefault(row["id"], Link(node_id, node["name"], row["id"], row["name"]))
            link.add(row, via=unit_names.get(row["unit"]) if row["unit"] != node_id else None)
            if label_of_id(row["id"]) == "Industry":
                year_roles = by_year[row["year"]]
                role = row.get("role") or "responsible"
                year_roles[row["name"]] = {
                    "name": row["name"],
                    "role": strongest_role([role, year_roles.get(row["name"], {}).get("role")]),
                }
        owned: dict[str, dict[str, list[Link]]] = {}
        for link in sorted(
            links.values(), key=lambda link: (role_sort_key(link.role), -len(link.documents), link.tail)
        ):
            owned.setdefault(link.label, {}).setdefault(link.role or "responsible", []).append(link)
        ordered_owned = {label: owned[label] for label in MATRIX_LABELS if label in owned}
        years = [
            {"year": year, "industries": sorted(items.values(), key=lambda i: (role_sort_key(i["role"]), i["name"]))}
            for year, items in sorted(by_year.items(), key=lambda item: (item[0] is None, item[0] or 0))
        ]
        co_rows = self.run(
            statements.co_owners_of_units(),
            {"units": units},
        )
        co: dict[str, dict[str, Any]] = {}
        for row in co_rows:
            entry = co.setdefault(
                row["id"], {"id": row["id"], "name": row["name"], "industries": set(), "roles": set()}
            )
            entry["industries"].add(row["industry"])
            entry["roles"].add(row["role"] or "responsible")
        co_owners = sorted(co.values(), key=lambda e: (-len(e["industries"]), e["name"]))
        divisions = sorted(name for unit, name in unit_names.items() if unit != node_id)
        return {
            "owned": ordered_owned,
            "years": years,
            "co_owners": co_owners,
            "divisions": divisions,
            "parents": list(node.get("part_of") or []),
            "targets": self._department_targets(units),
            "province": self.province_of(node_id, node["name"], node.get("part_of") or ()),
        }

    def _department_targets(self, units: Sequence[str]) -> list[dict[str, Any]]:
        rows = self.run(
            statements.targets_of_units(),
            {"units": units},
        )
        return sorted(
            rows, key=lambda r: (r["year"] if r["year"] is not None else 9999, r["doc"] or "", r["name"] or "")
        )

    # -- industries

    def industry(self, node: Mapping[str, Any]) -> dict[str, Any]:
        """An industry's page: its owners by role and over the years, its platforms, enterprises and targets."""
        node_id = node["id"]
        rows = self.run(
            statements.owners_of_industry(),
            {"id": node_id},
        )
        owners: dict[str, Link] = {}
        by_year: dict[int | None, dict[str, dict[str, Any]]] = defaultdict(dict)
        for row in rows:
            owners.setdefault(row["head"], Link(row["head"], row["name"], node_id, node["name"])).add(row)
            role = row.get("role") or "responsible"
            year_roles = by_year[row["year"]]
            year_roles[row["name"]] = {
                "name": row["name"],
                "role": strongest_role([role, year_roles.get(row["name"], {}).get("role")]),
            }
        by_role: dict[str, list[Link]] = {}
        for link in sorted(
            owners.values(), key=lambda link: (role_sort_key(link.role), -len(link.documents), link.head)
        ):
            by_role.setdefault(link.role or "responsible", []).append(link)
        years = [
            {"year": year, "owners": sorted(items.values(), key=lambda i: (role_sort_key(i["role"]), i["name"]))}
            for year, items in sorted(by_year.items(), key=lambda item: (item[0] is None, item[0] or 0))
        ]
        pattern = contains_any_pattern((node.get("search") or fold_name(node["name"])).split("\n"))
        platforms = {
            row["name"]: row
            for row in self.run(
                statements.platforms_targeting_industry(),
                {"id": node_id},
            )
        }
        for row in self.run(statements.platforms_matching(), {"pattern": pattern}):
            platforms.setdefault(row["name"], row)
        enterprises = {
            row["name"]: row
            for row in self.run(
                statements.enterprises_targeting_industry(),
                {"id": node_id},
            )
        }
        for row in self.run(
            statements.enterprises_of_industry(),
            {"name": node["name"], "pattern": pattern},
        ):
            enterprises.setdefault(row["name"], row)
        return {
            "by_role": {role: by_role[role] for role in sorted(by_role, key=role_sort_key)},
            "years": years,
            "platforms": sorted(platforms.values(), key=lambda r: r["name"]),
            "enterprises": sorted(enterprises.values(), key=lambda r: r["name"]),
            "targets": self.targets_of(node_id),
        }

    # -- the ownership matrix

    def _responsibilities(self, label: str) -> list[dict[str, Any]]:
        return self._cached(
            f"responsibilities:{label}",
            lambda: self.run(statements.responsibilities_for(label)),
        )

    def _division_parents(self) -> dict[str, tuple[str, str]]:
        """Each division's top department (PART_OF followed up to three steps): id → (id, name)."""

        def read() -> dict[str, tuple[str, str]]:
            rows = self.run(statements.division_tops())
            found: dict[str, tuple[str, str]] = {}
            for row in rows:
                found.setdefault(row["id"], (row["top"], row["name"]))
            return found

        return self._cached("division_parents", read)

    def matrix(
        self, filters: MatrixFilter, *, max_rows: int = MATRIX_MAX_ROWS, max_columns: int = MATRIX_MAX_COLUMNS
    ) -> Matrix:
        """Departments × entities of ``filters.label``: per pair its strongest role and documents.

        Rows are the departments with the most cells first, columns the entities
        with the most departments first; past ``max_rows``/``max_columns`` the
        rest are left out and ``note`` says so.
        """
        if filters.label not in MATRIX_LABELS:
            raise WorkbenchError(f"the matrix has columns of {', '.join(MATRIX_LABELS)}, not {filters.label!r}")
        provinces = self._department_provinces()
        parents = self._division_parents() if filters.fold_divisions else {}
        cells: dict[tuple[str, str], Link] = {}
        names: dict[str, str] = {}
        for row in self._responsibilities(filters.label):
            if not filters.keeps(row):
                continue
            head, head_name = row["head"], row["head_name"]
            via = None
            if head in parents:
                via = head_name
                head, head_name = parents[head]
            if filters.province and provinces.get(head) != filters.province:
                continue
            names[head], names[row["tail"]] = head_name, row["tail_name"]
            link = cells.setdefault((head, row["tail"]), Link(head, head_name, row["tail"], row["tail_name"]))
            link.add(row, via=via)
        row_counts = Counter(head for head, _ in cells)
        column_counts = Counter(tail for _, tail in cells)
        rows = [{"id": i, "name": names[i], "count": n, "province": provinces.get(i)} for i, n in row_counts.items()]
        columns = [{"id": i, "name": names[i], "count": n} for i, n in column_counts.items()]
        rows.sort(key=lambda r: (-r["count"], r["name"]))
        columns.sort(key=lambda c: (-c["count"], c["name"]))
        notes = []
        if len(rows) > max_rows:
            notes.append(f"the {max_rows} departments with the most cells of {len(rows)}")
            rows = rows[:max_rows]
        if len(columns) > max_columns:
            notes.append(
                f"the {max_columns} {filters.label.lower()} columns with the most departments of {len(columns)}"
            )
            columns = columns[:max_columns]
        return Matrix(filters.label, rows, columns, cells, note="; ".join(notes))

    def evidence(self, department: str, target: str, filters: MatrixFilter) -> dict[str, Any]:
        """The sentences behind one cell of the matrix: a department (with its divisions) and one entity.

        Raises:
            WorkbenchError: 404 when either name names nothing.
        """
        head = self.resolve("Department", department)
        tail = self.resolve(filters.label, target)
        with self.lock:
            units = department_units(self.store, head["id"]) if filters.fold_divisions else [head["id"]]
        rows = self.run(
            statements.evidence_of_units(filters.label),
            {"id": tail["id"], "units": units},
        )
        docs = self.documents()
        kept = [{**row, "document": docs.get(row["doc"] or "", {})} for row in rows if filters.keeps(row)]
        kept.sort(
            key=lambda r: (*self.document_order(r["doc"]), r["start"] if r["start"] is not None else 1 << 40, r["unit"])
        )
        return {"department": head, "target": tail, "rows": kept}

    # -- the graph views (policykg/web/network.py chooses and aggregates; these read the facts)

    def facts(self, ids: Sequence[str], *, among: bool) -> list[dict[str, Any]]:
        """The facts with both ends in ``ids`` (``among``), or with one end in them, as fact rows."""
        found: list[dict[str, Any]] = []
        if not ids:
            return found
        for rel_type in schema.FACT_TYPES:
            for row in self.run(
                statements.facts_among(rel_type, both_ends=among),
                {"ids": list(ids)},
            ):
                found.append(
                    {
                        **row,
                        "rel": rel_type,
                        "head_label": label_of_id(row["head"]),
                        "tail_label": label_of_id(row["tail"]),
                    }
                )
        return found

    def entities(self, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Name, label and aliases of each entity of ``ids``."""
        found: dict[str, dict[str, Any]] = {}
        for label in schema.ENTITY_LABELS:
            label_ids = [node_id for node_id in ids if label_of_id(node_id) == label]
            if label_ids:
                for row in self.run(
                    statements.entities_by_id(label),
                    {"ids": label_ids},
                ):
                    found[row["id"]] = {"name": row["name"], "label": label, "aliases": list(row["aliases"] or [])}
        return found

    def target_counts(self, ids: Sequence[str]) -> dict[str, int]:
        """How many Targets aim at each of ``ids``."""
        counts: dict[str, int] = {}
        for label in schema.RELATIONSHIP_ENDPOINTS["TARGETS"][1]:
            label_ids = [node_id for node_id in ids if label_of_id(node_id) == label]
            if label_ids:
                for row in self.run(
                    statements.target_counts(label),
                    {"ids": label_ids},
                ):
                    counts[row["id"]] = int(row["n"])
        return counts

    def degrees(self) -> dict[str, int]:
        """Every entity a view draws (no Target), with how many others it shares a fact with."""
        neighbours: dict[str, set[str]] = {}
        for label in PAGE_LABELS.values():
            for row in self.run(statements.ids_of(label)):
                neighbours[row["id"]] = set()
        for rel_type in schema.FACT_TYPES:
            for row in self.run(statements.pairs_of(rel_type)):
                head, tail = row["head"], row["tail"]
                if head != tail and head in neighbours and tail in neighbours:
                    neighbours[head].add(tail)
                    neighbours[tail].add(head)
        return {node_id: len(others) for node_id, others in neighbours.items()}

    def ids_in_rows(self, rows: Sequence[Any]) -> set[str]:
        """The entities query rows name: by id (a node, an id string) or by canonical name."""
        ids, strings = values_in(rows, schema.ENTITY_LABELS)
        found = set(self.entities(sorted(ids)))
        names = sorted(text for text in strings if text.strip())
        if names:
            for label in PAGE_LABELS.values():
                for row in self.run(statements.ids_by_name(label), {"names": names}):
                    found.add(row["id"])
        return found

    def ego_network_between(self, ids: Sequence[str]) -> dict[str, Any]:
        """The entities ``ids`` and the facts among them, aggregated per pair (policykg/web/network.py)."""
        return network_between(self, ids)

    def ego_network(self, node_id: str, *, depth: int = 1, max_nodes: int = EGO_MAX_NODES) -> dict[str, Any]:
        """The neighbourhood of one entity: nodes by distance, edges aggregated per (head, tail) pair.

        Targets are folded into the entity they aim at (its ``targets`` count)
        rather than drawn; documents and mentions are left out. Past
        ``max_nodes`` the farthest, least connected nodes are left out
        (:func:`policykg.web.network.ego_network`).
        """
        return ego_network(self, [node_id], depth=depth, max_nodes=max_nodes)


__all__ = [
    "EGO_MAX_NODES",
    "MATRIX_LABELS",
    "PAGE_LABELS",
    "ROLE_NAMES_ZH",
    "ROLE_STRENGTH",
    "Link",
    "Matrix",
    "MatrixFilter",
    "ProvinceFinder",
    "Workbench",
    "WorkbenchError",
    "role_sort_key",
    "strongest_role",
]
