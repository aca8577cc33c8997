"""Record → rows: turn one extraction record into the node and relationship rows of the graph.

Everything here is pure and runs before a store is touched, so a record that
breaks the ONTOLOGY contract (unknown label, empty name, a fact naming no
entity of the record, endpoints of the wrong label) raises :class:`SchemaError`
before anything is written. The rows follow ``graph/schema.py`` column for
column; the store writes them with the batched forms of ``graph/dialect.py``.

Resolution of names: a fact's ``head``/``tail``, a target's ``subject`` and
``responsible`` name an entity of the same record by its name or an alias
(compared after NFKC folding, without white space or quotes, case-folded).
When a name fits several entities, the endpoint's allowed labels decide, in
the order ``policykg.models.RELATIONSHIP_ENDPOINTS`` lists them (so
RESPONSIBLE_FOR prefers an Industry tail, LOCATED_IN a Platform head), then
record order.

Targets: each item of ``record.targets`` becomes a Target node of its
document, with ``RESPONSIBLE_FOR`` (role ``responsible``) from every unit in
``responsible`` (each must resolve to a Department) and ``TARGETS`` to its
subject when the subject resolves to an Industry, Platform, Enterprise or
Place (a subject that is absent, unresolved or of another label, such as an
Event, stays only in the node's ``subject`` property).
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from typing import Any

from pydantic import ValidationError

from policykg.errors import SchemaError
from policykg.models import ROLES, Entity, Fact, Record, Target
from policykg.names import entity_key, fold_name, name_key

from . import places, schema

Row = dict[str, Any]
RelationshipKey = tuple[str, str, str]  # (type, head label, tail label)

# One encoder for every hash: ``json.dumps`` with options builds a new one per call.
# Rows hold no cycles: not checking for them writes the same text a tenth faster.
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=str, check_circular=False)
_encode_string = json.encoder.encode_basestring  # what the encoder writes for a str, without ensure_ascii
# A fresh row of every column set to None, per label; copied for each node.
_EMPTY_NODE_ROWS: dict[str, Row] = {
    label: dict.fromkeys(schema.node_columns(label)) for label in schema.NODE_PROPERTIES
}


@lru_cache(maxsize=1 << 16)  # the same few thousand names recur in every document
def document_id(doc: str) -> str:
    """Id of a Document node.

    Example:
        >>> document_id("000_856dea704c3a152c.txt")
        'Document:000_856dea704c3a152c.txt'
    """
    return f"{schema.DOCUMENT_LABEL}:{doc}"


def _json_scalar(value: Any) -> str | None:
    """``value`` as ``json.dumps`` writes it, for the scalars ids are hashed from; None for anything else."""
    kind = type(value)
    if kind is str:
        return _encode_string(value)
    if kind is int:
        return int.__repr__(value)
    if value is None:
        return "null"
    if kind is float and math.isfinite(value):
        return float.__repr__(value)
    return None


def _digest(*parts: Any) -> str:
    """Short hash of the JSON array of ``parts``.

    Ids are hashed from a few scalars, hundreds of thousands of times in a large
    load, so those are written here directly (as ``json.dumps`` would) rather
    than through the encoder's per-call setup.

    Example:
        >>> _digest("PART_OF", "a", 1, None, 2.5) == hashlib.sha256(
        ...     json.dumps(["PART_OF", "a", 1, None, 2.5], ensure_ascii=False).encode()).hexdigest()[:16]
        True
    """
    scalars = [_json_scalar(part) for part in parts]
    if None in scalars:
        payload = _ENCODER.encode(parts)
    else:
        payload = "[" + ", ".join(scalars) + "]"  # type: ignore[arg-type]
    return _hash(payload)


def _hash(payload: str) -> str:
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def _relationship_digest(rel_type: str, head: str, tail: str, doc: str, start: Any, role: Any) -> str:
    """``_digest(rel_type, head, tail, doc, start, role)`` for arguments already written as JSON strings.

    ``rel_type``, ``head``, ``tail`` and ``doc`` come encoded (each node's id is
    encoded once per record, not once per relationship); ``start`` and ``role``
    as given.

    Example:
        >>> enc = _encode_string
        >>> _relationship_digest(enc("PART_OF"), enc("a"), enc("b"), enc("d.txt"), 3, None) == _digest(
        ...     "PART_OF", "a", "b", "d.txt", 3, None)
        True
    """
    kind = type(start)
    if kind is int:
        start_json = int.__repr__(start)
    elif start is None:
        start_json = "null"
    else:
        start_json = _json_scalar(start) or _ENCODER.encode(start)
    if role is None:
        role_json = "null"
    elif type(role) is str:
        role_json = _encode_string(role)
    else:
        role_json = _json_scalar(role) or _ENCODER.encode(role)
    return _hash(f"[{rel_type}, {head}, {tail}, {doc}, {start_json}, {role_json}]")


def target_id(doc: str, metric: str, value: float, unit: str, year: int | None, subject: str | None) -> str:
    """Stable id of a Target node, hashed from what the goal states.

    Example:
        >>> target_id("a.txt", "主营业务收入", 1000, "亿元", 2014, "光伏") == target_id(
        ...     "a.txt", "主营业务收入", 1000.0, "亿元", 2014, "光伏")
        True
    """
    return f"Target:{_digest(doc, metric, float(value), unit, year, subject)}"


def relationship_id(rel_type: str, head_id: str, tail_id: str, doc: str, start: int | None, role: str | None) -> str:
    """Stable id of a relationship.

    Example:
        >>> relationship_id("PART_OF", "Department:a", "Department:b", "d.txt", None, None)[:8]
        'PART_OF:'
    """
    enc = _encode_string
    return f"{rel_type}:{_relationship_digest(enc(rel_type), enc(head_id), enc(tail_id), enc(doc), start, role)}"


def search_text(name: str, aliases: Iterable[str]) -> str:
    """The ``search`` property: the folded name, then the folded aliases sorted, one per line, no repeats.

    Example:
        >>> search_text("江西省工业和信息化委员会", ["省工信委", "江西省工信委", "省工信委"])
        '江西省工业和信息化委员会\\n江西省工信委\\n省工信委'
    """
    return _search_text(name, tuple(aliases))


@lru_cache(maxsize=1 << 16)  # the same entities, under the same names, recur in every document
def _search_text(name: str, aliases: tuple[str, ...]) -> str:
    folded_name = _fold(name)
    others = sorted({_fold(text) for text in aliases if text.strip()} - {folded_name})
    return "\n".join([folded_name, *others])


_fold = lru_cache(maxsize=1 << 16)(fold_name)


def merge_aliases(name: str, alias_lists: Iterable[Sequence[str]]) -> list[str]:
    """Union of alias lists in order of first appearance, without the name itself.

    Example:
        >>> merge_aliases("光伏", [["光伏产业"], ["光伏", "光伏行业", "光伏产业"]])
        ['光伏产业', '光伏行业']
    """
    merged: dict[str, None] = {}
    for aliases in alias_lists:
        for alias in aliases or ():
            if alias and alias != name:
                merged.setdefault(alias, None)
    return list(merged)


def format_value(value: float) -> str:
    """A target value as written: no trailing ``.0``.

    Example:
        >>> format_value(1000.0), format_value(0.5)
        ('1000', '0.5')
    """
    return str(int(value)) if float(value).is_integer() else str(value)


@dataclass
class DocumentRows:
    """Everything one record writes, grouped for batched statements.

    Attributes:
        doc: the document's file name.
        document: the Document node row.
        nodes: entity and Target node rows by label (all schema columns).
        mentions: MENTIONED_IN rows by head label (``head``, ``tail`` + columns).
        relationships: fact rows by (type, head label, tail label).
    """

    doc: str
    document: Row
    nodes: dict[str, list[Row]] = field(default_factory=dict)
    mentions: dict[str, list[Row]] = field(default_factory=dict)
    relationships: dict[RelationshipKey, list[Row]] = field(default_factory=dict)

    @property
    def fingerprint(self) -> str:
        return self.document["fingerprint"]

    def node_counts(self) -> dict[str, int]:
        return {label: len(rows) for label, rows in self.nodes.items() if rows}

    def relationship_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for (rel_type, _, _), rows in self.relationships.items():
            counts[rel_type] = counts.get(rel_type, 0) + len(rows)
        mentions = sum(len(rows) for rows in self.mentions.values())
        if mentions:
            counts[schema.MENTIONED_IN] = mentions
        return counts


@dataclass
class _Node:
    label: str
    id: str
    name: str
    aliases: list[str]
    row: Row
    id_json: str = ""  # the id as JSON, for hashing the ids of its relationships

    def __post_init__(self) -> None:
        self.id_json = _encode_string(self.id)


class _Resolver:
    """Names of one record → its nodes, with label preferences per endpoint."""

    def __init__(self, doc: str):
        self.doc = doc
        self.by_key: dict[str, list[_Node]] = {}

    def add(self, node: _Node) -> None:
        for text in (node.name, *node.aliases):
            candidates = self.by_key.setdefault(name_key(text), [])
            if node not in candidates:
                candidates.append(node)

    def resolve(self, name: str, allowed: Sequence[str]) -> _Node | None:
        """The node ``name`` stands for among ``allowed`` labels, or None if it names none of the record."""
        candidates = self.by_key.get(name_key(name), ())
        if len(candidates) == 1:  # the common case: one entity goes by this name
            node = candidates[0]
            return node if node.label in allowed else None
        fitting = [node for node in candidates if node.label in allowed]
        if not fitting:
            return None
        return min(fitting, key=lambda node: allowed.index(node.label))

    def labels_of(self, name: str) -> list[str]:
        return [node.label for node in self.by_key.get(name_key(name), [])]


def _refuse(doc: str, item: str, problem: str) -> SchemaError:
    return SchemaError(f"{doc}: {item}: {problem}; fix the record (see ONTOLOGY.md) and load it again")


def _trusted(record: Record | Mapping[str, Any]) -> bool:
    """Whether ``record`` is a ``Record`` made of the model's own items, so validated when it was built.

    Validating again would cost more than turning the record into rows. A
    record built with ``model_construct`` is not validated; the labels, names,
    relationship types and roles it carries are checked while its rows are
    made, and a value of the wrong type sends it back through validation
    (:func:`prepare_record`).
    """
    return (
        type(record) is Record
        and all(type(entity) is Entity for entity in record.entities)
        and all(type(fact) is Fact for fact in record.facts)
        and all(type(target) is Target for target in record.targets)
    )


def _validated(record: Record | Mapping[str, Any]) -> Record:
    """Validate, so records built with ``model_construct`` or as dicts meet the contract too."""
    data = record.model_dump(warnings=False) if isinstance(record, Record) else dict(record)
    doc = str(data.get("doc") or "<record without doc>")
    try:
        return Record.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        where = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in first["loc"]).lstrip(".")
        raise _refuse(doc, where, first["msg"]) from err


def prepare_record(record: Record | Mapping[str, Any]) -> DocumentRows:
    """Turn one record into rows, validating it against the ONTOLOGY contract.

    Args:
        record: a ``Record`` (or a mapping in the record format).

    Returns:
        The rows of the document, deduplicated (one node per id, one
        relationship per id), with the fingerprint set on the Document row.

    Raises:
        SchemaError: naming the doc and the item when the record breaks the
            contract (unknown label, empty name, unresolvable or wrongly
            labelled endpoint).
    """
    if not _trusted(record):
        return _prepare(_validated(record))
    try:
        return _prepare(record)  # type: ignore[arg-type]
    except (AttributeError, TypeError, ValueError) as err:
        # A constructed record with a value of the wrong type: validation names the item.
        validated = _validated(record)
        raise _refuse(validated.doc, "record", f"cannot be turned into rows ({err})") from err


def _prepare(record: Record) -> DocumentRows:
    doc = record.doc
    resolver = _Resolver(doc)
    nodes: dict[str, _Node] = {}

    for index, entity in enumerate(record.entities):
        node = _entity_node(doc, index, entity)
        existing = nodes.get(node.id)
        if existing is not None:
            existing.aliases = merge_aliases(existing.name, [existing.aliases, [node.name], node.aliases])
            existing.row["aliases"] = existing.aliases
            existing.row["search"] = search_text(existing.name, existing.aliases)
            resolver.add(existing)
            continue
        nodes[node.id] = node
        resolver.add(node)

    relationships: dict[RelationshipKey, dict[str, Row]] = {}
    doc_json = _encode_string(doc)

    def add_relationship(rel_type: str, head: _Node, tail: _Node, *, evidence: str, start: int | None,
                         end: int | None, role: str | None, derived: bool = False) -> None:  # fmt: skip
        digest = _relationship_digest(_encode_string(rel_type), head.id_json, tail.id_json, doc_json, start,
                                      "derived" if derived else role)  # fmt: skip
        rel_id = f"{rel_type}:{digest}"
        row: Row = {
            "head": head.id,
            "tail": tail.id,
            "id": rel_id,
            "doc": doc,
            "evidence": evidence,
            "start": start,
            "end": end,
            "year": record.year,
        }
        if rel_type == "RESPONSIBLE_FOR":
            row["role"] = role
        elif rel_type == "LOCATED_IN":
            row["derived"] = derived
        relationships.setdefault((rel_type, head.label, tail.label), {}).setdefault(rel_id, row)

    for index, fact in enumerate(record.facts):
        head, tail = _fact_endpoints(doc, index, fact, resolver)
        add_relationship(fact.rel, head, tail, evidence=fact.evidence, start=fact.start, end=fact.end, role=fact.role)

    for index, target in enumerate(record.targets):
        node = _target_node(record, index, target)
        nodes.setdefault(node.id, node)
        item = f"targets[{index}] ({target.metric})"
        for unit in target.responsible:
            department = resolver.resolve(unit, ("Department",))
            if department is None:
                raise _refuse(doc, item, _unresolved("responsible unit", unit, ("Department",), resolver))
            add_relationship("RESPONSIBLE_FOR", department, node, evidence=target.evidence, start=target.start,
                             end=target.end, role="responsible")  # fmt: skip
        subject_labels = schema.RELATIONSHIP_ENDPOINTS["TARGETS"][1]
        subject = resolver.resolve(target.subject, subject_labels) if target.subject else None
        if subject is not None:
            add_relationship("TARGETS", node, subject, evidence=target.evidence, start=target.start,
                             end=target.end, role=None)  # fmt: skip

    _add_divisions(doc, nodes, add_relationship)
    return _document_rows(record, list(nodes.values()), relationships)


def _add_divisions(doc: str, nodes: dict[str, _Node], add_relationship: Callable[..., None]) -> None:
    """Places roll up (``graph/places.py``): each division to its parents, each body to its division.

    The links are ``LOCATED_IN`` with ``derived`` true and no evidence; the divisions they reach
    become Place nodes of the document.
    """

    def place(name: str) -> _Node:
        aliases = list(places.COUNTRY_ALIASES) if name == places.COUNTRY else [places.short_name(name)]
        node = _entity_node(doc, -1, Entity(type="Place", name=name, aliases=[a for a in aliases if a != name]))
        return nodes.setdefault(node.id, node)

    for node in list(nodes.values()):
        if node.label == "Place":
            full = places.division_of(node.name)
            chain = places.parents_of(node.name)
            if full is not None and full != node.name:  # 赣州 as written: lies in 赣州市
                chain = [full, *chain]
        elif node.label == "Department":
            division = places.jurisdiction_of(node.name)
            chain = [division, *places.parents_of(division)] if division else []
        else:
            continue
        head = node
        for name in chain:
            tail = place(name)
            add_relationship("LOCATED_IN", head, tail, evidence="", start=None, end=None, role=None, derived=True)
            head = tail


def _entity_node(doc: str, index: int, entity: Entity) -> _Node:
    label = entity.type
    if label not in schema.ENTITY_LABELS:
        item = f"entities[{index}].type"
        raise _refuse(doc, item, f"unknown label {label!r} (expected one of {', '.join(schema.ENTITY_LABELS)})")
    named = _entity_names(entity.name or "", tuple(entity.aliases))
    if named is None:
        raise _refuse(doc, f"entities[{index}]", f"a {label} without a name")
    name, key, aliases, search = named
    if label == "Target":
        # A goal listed among the entities belongs to its document, like the targets list.
        node_id = f"Target:{_digest(doc, key)}"
    else:
        node_id = f"{label}:{key}"  # entity_id(label, name)
    row: Row = dict(_EMPTY_NODE_ROWS[label])
    row.update(id=node_id, name=name, aliases=list(aliases), search=search)
    if label == "Event":
        date = entity.attributes.get("date")
        row["date"] = None if date is None else str(date)
    if label == "Target":
        row.update(doc=doc, evidence="", metric=name)
    return _Node(label, node_id, name, list(aliases), row)


@lru_cache(maxsize=1 << 16)  # the same entities, under the same names, recur in every document
def _entity_names(raw_name: str, raw_aliases: tuple[str, ...]) -> tuple[str, str, tuple[str, ...], str] | None:
    """An entity's name, id key, aliases and search text as written; None when it has no name.

    Example:
        >>> _entity_names(" 光伏 ", ("光伏产业 ", "光伏", ""))
        ('光伏', '光伏', ('光伏产业',), '光伏\\n光伏产业')
    """
    name = raw_name.strip()
    if not name:
        return None
    aliases = merge_aliases(name, [[alias.strip() for alias in raw_aliases if alias and alias.strip()]])
    return name, entity_key(name), tuple(aliases), search_text(name, aliases)


def _target_node(record: Record, index: int, target: Target) -> _Node:
    doc = record.doc
    metric = (target.metric or "").strip()
    if not metric:
        raise _refuse(doc, f"targets[{index}]", "a target without a metric")
    year = target.year if target.year is not None else record.year
    node_id = target_id(doc, metric, target.value, target.unit, year, target.subject)
    parts = [target.subject or "", metric, f"{format_value(target.value)}{target.unit}"]
    name = " ".join(part for part in parts if part) + (f" ({year})" if year is not None else "")
    row: Row = dict(_EMPTY_NODE_ROWS["Target"])
    row.update(
        id=node_id,
        name=name,
        aliases=[],
        search=search_text(name, []),
        metric=metric,
        value=float(target.value),
        unit=target.unit,
        year=year,
        subject=target.subject,
        doc=doc,
        evidence=target.evidence,
    )
    return _Node("Target", node_id, name, [], row)


def _unresolved(role: str, name: str, allowed: Sequence[str], resolver: _Resolver) -> str:
    labels = resolver.labels_of(name)
    if labels:
        return f"{role} {name!r} is labelled {'/'.join(dict.fromkeys(labels))}, expected {' or '.join(allowed)}"
    return f"{role} {name!r} names no entity of the record (add it to entities, or use one of its names)"


def _fact_endpoints(doc: str, index: int, fact: Fact, resolver: _Resolver) -> tuple[_Node, _Node]:
    item = f"facts[{index}] ({fact.rel} {fact.head} → {fact.tail})"
    if fact.rel not in schema.FACT_TYPES:
        raise _refuse(doc, item, f"unknown relationship type {fact.rel!r}")
    if fact.role is not None and fact.role not in ROLES:
        raise _refuse(doc, item, f"unknown role {fact.role!r} (expected one of {', '.join(ROLES)})")
    head_labels, tail_labels = schema.FACT_ENDPOINTS[fact.rel]
    head = resolver.resolve(fact.head, head_labels)
    if head is None:
        raise _refuse(doc, item, _unresolved("head", fact.head, head_labels, resolver))
    tail = resolver.resolve(fact.tail, tail_labels)
    if tail is None:
        raise _refuse(doc, item, _unresolved("tail", fact.tail, tail_labels, resolver))
    return head, tail


def _document_rows(
    record: Record, nodes: list[_Node], relationships: dict[RelationshipKey, dict[str, Row]]
) -> DocumentRows:
    doc = record.doc
    doc_node_id = document_id(doc)
    doc_json = _encode_string(doc)
    node_rows: dict[str, list[Row]] = {}
    mention_rows: dict[str, list[Row]] = {}
    for node in nodes:
        node_rows.setdefault(node.label, []).append(node.row)
        mention_rows.setdefault(node.label, []).append(
            {
                "head": node.id,
                "tail": doc_node_id,
                "id": f"{schema.MENTIONED_IN}:{_hash(f'[{node.id_json}, {doc_json}]')}",  # _digest(node.id, doc)
                "doc": doc,
                "aliases": list(node.aliases),
            }
        )
    relationship_rows = {key: list(rows.values()) for key, rows in relationships.items()}
    document: Row = dict(_EMPTY_NODE_ROWS[schema.DOCUMENT_LABEL])
    document.update(
        id=doc_node_id,
        name=doc,
        title=record.title,
        doc_number=record.doc_number,
        issuer=record.issuer,
        date=record.date,
        year=record.year,
        path=record.path,
        content_hash=record.content_hash,
        chars=record.chars,
        entity_count=len(nodes),
        relationship_count=sum(len(rows) for rows in relationship_rows.values()),
    )
    document["fingerprint"] = fingerprint(document, node_rows, mention_rows, relationship_rows)
    return DocumentRows(doc, document, node_rows, mention_rows, relationship_rows)


_row_id = itemgetter("id")


def fingerprint(document: Row, *groups: Mapping[Any, list[Row]]) -> str:
    """Hash of what a document writes, blind to the order of rows and of aliases.

    The order in which an extractor lists entities or aliases carries no
    meaning, so it must not make an unchanged document look changed: the rows
    of each group are taken in order of their ``id`` (unique within a group)
    and every ``aliases`` list sorted; the whole is hashed as one JSON value.

    Example:
        >>> doc = {"id": "Document:a.txt", "fingerprint": None}
        >>> one = {"Industry": [{"id": "Industry:光伏", "aliases": ["光伏产业", "光伏行业"]}, {"id": "Industry:钨"}]}
        >>> two = {"Industry": [{"id": "Industry:钨"}, {"id": "Industry:光伏", "aliases": ["光伏行业", "光伏产业"]}]}
        >>> fingerprint(doc, one) == fingerprint(doc, two)
        True
    """

    def canonical(row: Row) -> Row:
        aliases = row.get("aliases")
        return {**row, "aliases": sorted(aliases)} if aliases and len(aliases) > 1 else row

    parts: list[Any] = [{**document, "fingerprint": None}]
    for group in groups:
        for key in sorted(group, key=str):
            rows = sorted(group[key], key=_row_id)
            if rows and "aliases" in rows[0]:  # relationship rows have none: nothing to put in order
                rows = [canonical(row) for row in rows]
            parts.append([str(key), rows])
    return _digest(*parts)
