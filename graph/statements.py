"""The Cypher the project writes, in one place: named statements and builders.

Everything here reads the same on both engines (LadybugDB embedded and Neo4j); what
differs between them is said by the two dialects of ``graph/dialect.py``, and the canned
queries an analyst runs are the ``.cypher`` files of ``queries/``. Values always travel
as parameters (``$ids``, ``$rows``, ``$doc`` …); only labels, relationship types and
property names, which come from ``graph/schema.py``, are written into the text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

from . import schema

T = TypeVar("T")
# Runs one statement with its parameters in an open transaction and returns its rows.
Runner = Callable[[str, Mapping[str, Any] | None], list[dict[str, Any]]]
# Rows per batched statement (``UNWIND $rows`` / ``$ids``).
BATCH_SIZE = 1000


def batches(items: Sequence[T], size: int = BATCH_SIZE) -> Iterator[Sequence[T]]:
    """``items`` in consecutive slices of at most ``size``, one per batched statement.

    >>> [list(batch) for batch in batches([1, 2, 3, 4, 5], 2)]
    [[1, 2], [3, 4], [5]]
    """
    for start in range(0, len(items), size):
        yield items[start : start + size]


# Property names that are reserved words in either engine, written in backticks.
_RESERVED_NAMES = frozenset({"end"})


def quote(name: str) -> str:
    """Backtick a property name that is a reserved word in either engine.

    >>> quote("end"), quote("year")
    ('`end`', 'year')
    """
    return f"`{name}`" if name.lower() in _RESERVED_NAMES else name


# Makes the next load write the documents again (the statement is the same on both engines).
FORGET_FINGERPRINTS = "MATCH (d:Document) WHERE d.name IN $docs SET d.fingerprint = NULL"


# How well an entity ``c`` fits ``$text``: 0 for the exact name, else how many characters the
# shortest name or alias containing the text adds, plus one (1000: none contains it).
_FIT_OF_C = """
UNWIND [c.name] + c.aliases AS known
RETURN c.id AS id, c.search AS search, min(CASE
    WHEN known = $text AND known = c.name THEN 0
    WHEN toLower(known) CONTAINS toLower($text) THEN size(known) - size($text) + 1
    ELSE 1000 END) AS fit"""


# The alias resolution every canned query shares: the closest fit per entity.
RESOLVE_CYPHER = (
    "MATCH (c:{labels})\n"
    "WHERE c.name = $text OR $text IN c.aliases OR ($text <> '' AND c.search CONTAINS toLower($text))" + _FIT_OF_C
)


# The entity of one label whose id is the text's, looked up by key: an exact name (the fit
# of 0 is checked on ``name``, since ids fold what they are made from).
RESOLVE_KEY_CYPHER = "MATCH (c:{label} {{id: ${key}}}) RETURN c.id AS id, c.name AS name, c.search AS search"


# The entities one of whose names equals the text (after folding, as the ``search`` column
# holds them): asked first, since a fragment can only fit worse than an exact name or alias,
# and a common fragment (光伏) is contained in thousands of names. Every name and alias,
# folded, is a line of ``search``, so the lines alone find them all. Only the ids are read
# here (the engine reads every column a scan returns, for every row it scans); the few found
# are then fitted by key (RESOLVE_FIT_CYPHER).
RESOLVE_EXACT_CYPHER = """MATCH (c:{labels})
WHERE c.search = $folded OR c.search STARTS WITH $first OR c.search ENDS WITH $last OR c.search CONTAINS $line
RETURN c.id AS id"""


# The fit of the entities of one label among ``${ids}``, as RESOLVE_CYPHER computes it.
RESOLVE_FIT_CYPHER = "UNWIND ${ids} AS id MATCH (c:{label} {{id: id}})" + _FIT_OF_C


# A department and its divisions (PART_OF, up to three steps), distinct: documents repeat
# PART_OF links, so the paths are many and the units few.
UNITS_CYPHER = "MATCH (unit:Department)-[:PART_OF*0..3]->(:Department {id: $id}) RETURN DISTINCT unit.id AS id"


# ----- reads and writes of the load and its derived properties -----------------------


def rollup_ids(label: str, *, stale_only: bool) -> str:
    """Ids of every ``label`` node, or of those whose derived properties were never computed."""
    missing = " OR ".join(f"n.{quote(name)} IS NULL" for name, _ in schema.ROLLUP_PROPERTIES[label])
    where = f" WHERE {missing}" if stale_only else ""
    return f"MATCH (n:{label}){where} RETURN n.id AS id"


def department_responsibilities(label: str, *, names: bool = False) -> str:
    """Per department of ``$ids``: the distinct ``label`` entities it is responsible for (and their names)."""
    collected = ", collect(DISTINCT x.name) AS names" if names else ""
    return (
        "UNWIND $ids AS id MATCH (d:Department {id: id}) "
        f"OPTIONAL MATCH (d)-[:RESPONSIBLE_FOR]->(x:{label}) "
        f"RETURN d.id AS id, count(DISTINCT x.id) AS n{collected}"
    )


def department_parents() -> str:
    """Per department of ``$ids``: the names of the departments it is a division of."""
    return (
        "UNWIND $ids AS id MATCH (d:Department {id: id}) "
        "OPTIONAL MATCH (d)-[:PART_OF]->(p:Department) "
        "RETURN d.id AS id, collect(DISTINCT p.name) AS names"
    )


def department_documents() -> str:
    """Per department of ``$ids``: the documents that make it responsible for anything."""
    return (
        "UNWIND $ids AS id MATCH (d:Department {id: id}) "
        "OPTIONAL MATCH (d)-[r:RESPONSIBLE_FOR]->() "
        "RETURN d.id AS id, count(DISTINCT r.doc) AS n"
    )


def industry_departments() -> str:
    """Per industry of ``$ids``: each department, role group, and how many documents name it so."""
    cases = " ".join(
        f"WHEN r.role IN [{', '.join(repr(role) for role in roles)}] THEN '{column}'"
        for column, roles in schema.ROLE_GROUPS.items()
    )
    return (
        "UNWIND $ids AS id MATCH (i:Industry {id: id}) "
        "MATCH (d:Department)-[r:RESPONSIBLE_FOR]->(i) "
        f"WITH i.id AS id, d.name AS department, CASE {cases} END AS grp, r.doc AS doc "
        "RETURN id, department, grp, count(DISTINCT doc) AS documents"
    )


def industry_terms() -> str:
    """Every industry's name with its ``search`` text (its names and aliases, folded, one per line)."""
    return "MATCH (i:Industry) RETURN i.name AS name, i.search AS search"


def enterprise_search_and_places() -> str:
    """The ``search`` text of the enterprises ``$ids`` and the places each lies in (one query: cheaper than two)."""
    return (
        "UNWIND $ids AS id MATCH (e:Enterprise {id: id}) OPTIONAL MATCH (e)-[:LOCATED_IN]->(p:Place) "
        "RETURN e.id AS id, e.search AS search, collect(DISTINCT p.name) AS places"
    )


def place_links() -> str:
    """Every place with a place it lies in (distinct pairs of names)."""
    return "MATCH (p:Place)-[:LOCATED_IN]->(q:Place) RETURN DISTINCT p.name AS place, q.name AS parent"


def nulled_rollups(label: str) -> str:
    """``SET`` items making the derived properties of ``n`` (a ``label`` node) null."""
    return ", ".join(f"n.{quote(name)} = NULL" for name, _ in schema.ROLLUP_PROPERTIES[label])


def stored_rollups(label: str) -> str:
    """The derived properties of every ``label`` node as stored."""
    columns = ", ".join(f"n.{quote(name)} AS {quote(name)}" for name, _ in schema.ROLLUP_PROPERTIES[label])
    return f"MATCH (n:{label}) RETURN n.id AS id, {columns}"


def existing_ids(label: str) -> str:
    """Which of ``$ids`` already exist as ``label`` nodes (column ``id``)."""
    return f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) RETURN n.id AS id"


def mention_aliases(label: str) -> str:
    """Names each document used for the nodes ``$ids`` (columns id, name, doc, aliases)."""
    return (
        f"UNWIND $ids AS id MATCH (n:{label} {{id: id}})-[m:{schema.MENTIONED_IN}]->(d:{schema.DOCUMENT_LABEL}) "
        "RETURN n.id AS id, n.name AS name, d.name AS doc, m.aliases AS aliases"
    )


def mentioned_by() -> str:
    """Ids of the entity nodes the document ``$doc_id`` mentions (column ``id``)."""
    return f"MATCH (n)-[:{schema.MENTIONED_IN}]->(d:{schema.DOCUMENT_LABEL} {{id: $doc_id}}) RETURN n.id AS id"


def delete_relationships_of_document(rel_type: str) -> str:
    """Delete the relationships of type ``rel_type`` read from document ``$doc``."""
    return f"MATCH ()-[r:{rel_type}]->() WHERE r.doc = $doc DELETE r"


def delete_targets_of_document() -> str:
    """Delete the Target nodes of document ``$doc`` with their relationships."""
    return "MATCH (t:Target) WHERE t.doc = $doc DETACH DELETE t"


def delete_document() -> str:
    """Delete the Document node ``$doc_id``."""
    return f"MATCH (d:{schema.DOCUMENT_LABEL} {{id: $doc_id}}) DETACH DELETE d"


def delete_unmentioned(label: str) -> str:
    """Delete those of ``$ids`` that no document mentions any more (column ``id``: deleted)."""
    return (
        f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) "
        f"WHERE NOT EXISTS {{ MATCH (n)-[:{schema.MENTIONED_IN}]->() }} DETACH DELETE n"
    )


def document_fingerprints() -> str:
    """Every Document with its fingerprint (columns name, fingerprint)."""
    return f"MATCH (d:{schema.DOCUMENT_LABEL}) RETURN d.name AS name, d.fingerprint AS fingerprint"


def count_nodes(label: str) -> str:
    return f"MATCH (n:{label}) RETURN count(n) AS n"


def count_relationships(rel_type: str) -> str:
    return f"MATCH ()-[r:{rel_type}]->() RETURN count(r) AS n"


def count_relationships_by_document(rel_type: str) -> str:
    """Per document, how many ``rel_type`` relationships there are (columns doc, n)."""
    return f"MATCH ()-[r:{rel_type}]->() RETURN r.doc AS doc, count(r) AS n"


def count_missing_provenance(rel_type: str) -> str:
    """How many ``rel_type`` relationships lack a doc, or evidence (columns no_doc, no_evidence).

    MENTIONED_IN has no evidence column; its ``no_evidence`` is always 0.
    """
    columns = schema.relationship_columns(rel_type)
    no_evidence = "0"
    if "derived" in columns:  # a derived link (graph/places.py) has no sentence to cite
        no_evidence = "sum(CASE WHEN (r.evidence IS NULL OR r.evidence = '') AND NOT coalesce(r.derived, false) THEN 1 ELSE 0 END)"
    elif "evidence" in columns:
        no_evidence = "sum(CASE WHEN r.evidence IS NULL OR r.evidence = '' THEN 1 ELSE 0 END)"
    return (
        f"MATCH ()-[r:{rel_type}]->() RETURN "
        f"sum(CASE WHEN r.doc IS NULL OR r.doc = '' THEN 1 ELSE 0 END) AS no_doc, {no_evidence} AS no_evidence"
    )


def document_counts() -> str:
    """Per document, the counts its record produced (columns doc, entities, relationships)."""
    return (
        f"MATCH (d:{schema.DOCUMENT_LABEL}) "
        "RETURN d.name AS doc, d.entity_count AS entities, d.relationship_count AS relationships"
    )


def count_unmentioned(label: str) -> str:
    """How many ``label`` nodes no document mentions (column n)."""
    return f"MATCH (n:{label}) WHERE NOT EXISTS {{ MATCH (n)-[:{schema.MENTIONED_IN}]->() }} RETURN count(n) AS n"


def _enterprises(among: bool) -> str:
    """Every Enterprise as ``n``, or those of ``$ids``."""
    return "UNWIND $ids AS id MATCH (n:Enterprise {id: id})" if among else "MATCH (n:Enterprise)"


def clear_enterprises_carrying(*, among: bool = False) -> str:
    """Set to null the derived properties of the enterprises (of ``$ids`` if ``among``) whose ``search`` matches ``$pattern``."""
    return f"{_enterprises(among)} WHERE n.search =~ $pattern SET {nulled_rollups('Enterprise')}"


def clear_enterprises_in_places(*, among: bool = False) -> str:
    """Set to null the derived properties of the enterprises (of ``$ids`` if ``among``) lying in one of ``$places``."""
    return (
        f"{_enterprises(among)} MATCH (n)-[:LOCATED_IN]->(p:Place) WHERE p.name IN $places "
        f"SET {nulled_rollups('Enterprise')}"
    )


def clear_rollups(label: str) -> str:
    """Set the derived properties of the ``label`` nodes ``$ids`` to null."""
    return f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) SET {nulled_rollups(label)}"


def names_of(label: str) -> str:
    """The name of every ``label`` entity."""
    return f"MATCH (c:{label}) RETURN c.name AS name"


def names_by_id(label: str) -> str:
    """The names of the ``label`` entities ``$ids``."""
    return f"UNWIND $ids AS id MATCH (c:{label} {{id: id}}) RETURN c.id AS id, c.name AS name"


def every_node(label: str) -> str:
    """Every ``label`` node whole: reads every page of its table (a probe for damage)."""
    return f"MATCH (n:{label}) RETURN n"


def every_relationship(rel_type: str) -> str:
    """Every ``rel_type`` relationship whole, with its ends' ids (a probe for damage)."""
    return f"MATCH (a)-[r:{rel_type}]->(b) RETURN a.id, r, b.id"


# ----- the workbench's pages (web/workbench.py) -------------------------------------


def _role_column(rel_type: str) -> str:
    """``role`` of a fact row: only RESPONSIBLE_FOR has one."""
    return "r.role AS role" if rel_type == "RESPONSIBLE_FOR" else "NULL AS role"


def _fact_columns(rel_type: str) -> str:
    """The columns of a fact row: both ends with their names, document, year, evidence, position and role."""
    return (
        "a.id AS head_id, a.name AS head, b.id AS tail_id, b.name AS tail, r.doc AS doc, r.year AS year, "
        f"r.evidence AS evidence, r.start AS start, {_role_column(rel_type)}"
    )


def parts_of_department() -> str:
    """The names of the bodies the department ``$id`` is part of."""
    return "MATCH (d:Department {id: $id}) RETURN d.part_of AS part_of"


def entity_by_id(label: str) -> str:
    """The ``label`` node ``$id``, whole."""
    return f"MATCH (n:{label} {{id: $id}}) RETURN n"


def entities_of_document() -> str:
    """The entities the document ``$doc`` mentions."""
    return "MATCH (n)-[:MENTIONED_IN]->(d:Document {name: $doc}) RETURN n.id AS id, n.name AS name ORDER BY id"


def targets_of_entity(label: str) -> str:
    """The targets set for the ``label`` entity ``$id``."""
    return (
        f"MATCH (t:Target)-[:TARGETS]->(n:{label} {{id: $id}}) RETURN DISTINCT t.name AS name, t.metric AS metric, "
        "t.value AS value, t.unit AS unit, t.year AS year, t.doc AS doc, t.evidence AS evidence"
    )


def responsibilities_of_units() -> str:
    """What the departments ``$units`` are responsible for, by role, document and year."""
    return (
        "MATCH (u:Department)-[r:RESPONSIBLE_FOR]->(x) WHERE u.id IN $units "
        "RETURN u.id AS unit, x.id AS id, x.name AS name, r.role AS role, r.doc AS doc, r.year AS year"
    )


def co_owners_of_units() -> str:
    """The departments sharing an industry with the departments ``$units``."""
    return (
        "MATCH (u:Department)-[:RESPONSIBLE_FOR]->(i:Industry)<-[r:RESPONSIBLE_FOR]-(o:Department) "
        "WHERE u.id IN $units AND NOT o.id IN $units "
        "RETURN DISTINCT o.id AS id, o.name AS name, i.name AS industry, r.role AS role"
    )


def targets_of_units() -> str:
    """The targets the departments ``$units`` are responsible for."""
    return (
        "MATCH (u:Department)-[:RESPONSIBLE_FOR]->(t:Target) WHERE u.id IN $units "
        "RETURN DISTINCT t.name AS name, t.year AS year, t.doc AS doc, t.evidence AS evidence"
    )


def owners_of_industry() -> str:
    """The departments responsible for the industry ``$id``, by role, document and year."""
    return (
        "MATCH (d:Department)-[r:RESPONSIBLE_FOR]->(i:Industry {id: $id}) "
        "RETURN d.id AS head, d.name AS name, r.role AS role, r.doc AS doc, r.year AS year"
    )


def platforms_matching() -> str:
    """The platforms whose names match ``$pattern``."""
    return "MATCH (p:Platform) WHERE p.search =~ $pattern RETURN p.id AS id, p.name AS name"


def enterprises_of_industry() -> str:
    """The enterprises of the industry ``$name`` (named, or matching ``$pattern``)."""
    return "MATCH (e:Enterprise) WHERE $name IN e.named_industries OR e.search =~ $pattern RETURN e.id AS id, e.name AS name"


def evidence_of_units(label: str) -> str:
    """The evidence of the departments ``$units`` for the ``label`` entity ``$id``."""
    return (
        f"MATCH (u:Department)-[r:RESPONSIBLE_FOR]->(x:{label} {{id: $id}}) WHERE u.id IN $units "
        "RETURN u.name AS unit, r.role AS role, r.doc AS doc, r.year AS year, r.evidence AS evidence, r.start AS start"
    )


def department_mentions() -> str:
    """Each department with each document that mentions it."""
    return "MATCH (n:Department)-[:MENTIONED_IN]->(d:Document) RETURN n.name AS name, d.name AS doc"


def department_parts() -> str:
    """Every department with the names of the bodies it is part of."""
    return "MATCH (d:Department) RETURN d.id AS id, d.name AS name, d.part_of AS part_of"


def division_tops() -> str:
    """Each division with the top body it belongs to."""
    return (
        "MATCH (u:Department)-[:PART_OF*1..3]->(top:Department) WHERE NOT EXISTS { MATCH (top)-[:PART_OF]->(:Department) } "
        "RETURN DISTINCT u.id AS id, top.id AS top, top.name AS name ORDER BY id, top"
    )


def facts_among(rel_type: str, *, both_ends: bool) -> str:
    """The ``rel_type`` facts with both ends (or with one end) among ``$ids``."""
    where = "a.id IN $ids AND b.id IN $ids" if both_ends else "a.id IN $ids OR b.id IN $ids"
    return (
        f"MATCH (a)-[r:{rel_type}]->(b) WHERE {where} "
        "RETURN a.id AS head, b.id AS tail, r.doc AS doc, r.year AS year, r.evidence AS evidence, "
        f"r.start AS start, {_role_column(rel_type)}"
    )


def ids_of(label: str) -> str:
    """The id of every ``label`` node."""
    return f"MATCH (n:{label}) RETURN n.id AS id"


def pairs_of(rel_type: str) -> str:
    """The distinct (head, tail) pairs of ``rel_type``."""
    return f"MATCH (a)-[:{rel_type}]->(b) RETURN DISTINCT a.id AS head, b.id AS tail"


def mentions_of(label: str) -> str:
    """Each ``label`` entity with each document that mentions it."""
    return f"MATCH (n:{label})-[:MENTIONED_IN]->(d:Document) RETURN n.id AS id, d.name AS doc"


def department_names() -> str:
    """The names of the departments ``$ids``."""
    return "MATCH (d:Department) WHERE d.id IN $ids RETURN d.id AS id, d.name AS name"


def platforms_targeting_industry() -> str:
    """The platforms a target ties to the industry ``$id``."""
    return "MATCH (p:Platform)<-[:TARGETS]-()-[:TARGETS]->(i:Industry {id: $id}) RETURN DISTINCT p.id AS id, p.name AS name"


def enterprises_targeting_industry() -> str:
    """The enterprises a target ties to the industry ``$id``."""
    return "MATCH (e:Enterprise)<-[:TARGETS]-()-[:TARGETS]->(i:Industry {id: $id}) RETURN DISTINCT e.id AS id, e.name AS name"


def responsibilities_for(label: str) -> str:
    """Every department's responsibility for a ``label`` entity, with role, document and year."""
    return (
        f"MATCH (d:Department)-[r:RESPONSIBLE_FOR]->(x:{label}) "
        "RETURN d.id AS head, d.name AS head_name, x.id AS tail, x.name AS tail_name, r.role AS role, "
        "r.doc AS doc, r.year AS year"
    )


def entities_by_id(label: str) -> str:
    """The names and aliases of the ``label`` entities ``$ids``."""
    return f"MATCH (n:{label}) WHERE n.id IN $ids RETURN n.id AS id, n.name AS name, n.aliases AS aliases"


def target_counts(label: str) -> str:
    """How many targets each ``label`` entity of ``$ids`` has."""
    return f"MATCH (t:Target)-[:TARGETS]->(n:{label}) WHERE n.id IN $ids RETURN n.id AS id, count(DISTINCT t.id) AS n"


def ids_by_name(label: str) -> str:
    """The ids of the ``label`` entities named in ``$names``."""
    return f"MATCH (n:{label}) WHERE n.name IN $names RETURN n.id AS id"


def document_details() -> str:
    """Every document's title, year, 文号, issuer and date."""
    return (
        "MATCH (d:Document) RETURN d.name AS name, d.title AS title, d.year AS year, "
        "d.doc_number AS doc_number, d.issuer AS issuer, d.date AS date ORDER BY name"
    )


def facts_of_document(rel_type: str) -> str:
    """The ``rel_type`` facts of the document ``$doc``, with their ends and evidence."""
    return (
        f"MATCH (a)-[r:{rel_type}]->(b) WHERE r.doc = $doc "
        "RETURN a.id AS head_id, a.name AS head, b.id AS tail_id, b.name AS tail, r.evidence AS evidence, "
        f"r.start AS start, r.year AS year, {_role_column(rel_type)}"
    )


def facts_from(label: str, rel_type: str) -> str:
    """The ``rel_type`` facts from the ``label`` node ``$id``, as fact rows."""
    return f"MATCH (a:{label} {{id: $id}})-[r:{rel_type}]->(b) RETURN {_fact_columns(rel_type)}"


def facts_to(rel_type: str, label: str) -> str:
    """The ``rel_type`` facts to the ``label`` node ``$id``, as fact rows."""
    return f"MATCH (a)-[r:{rel_type}]->(b:{label} {{id: $id}}) RETURN {_fact_columns(rel_type)}"
