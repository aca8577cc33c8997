"""The graph schema, as data: node labels, relationship types, their endpoints and properties.

Both backends are built from these tables (``graph/dialect.py`` renders them as
LadybugDB DDL or Neo4j constraints) and every query in the project is written
against them.

Nodes (one label per node; ``id`` is the primary key / unique on every label):

- Entity labels ``Department``, ``Industry``, ``Platform``, ``Enterprise``,
  ``Place``, ``Event``: ``id`` = ``"<Label>:<canonical name>"`` (for example
  ``Department:江西省工业和信息化委员会``; the canonical key is the name after
  NFKC folding with white space removed, see ``graph/rows.py``), ``name``,
  ``aliases`` (STRING[]: every other name the entity was seen under, across all
  documents, without the name itself), ``search`` (the name and aliases,
  NFKC-folded and lower-cased, joined by ``"\\n"``; the embedded store's alias
  search runs ``CONTAINS`` over it, Neo4j indexes it in a full-text index).
  ``Event`` also has ``date``.
- ``Target``: one node per stated goal of one document, ``id`` =
  ``"Target:<16 hex digits>"`` hashed from (doc, metric, value, unit, year,
  subject); ``name`` (a readable summary), ``metric``, ``value`` (DOUBLE),
  ``unit``, ``year`` (INT64, the deadline year), ``subject`` (as written),
  ``doc``, ``evidence``, plus the entity columns (``aliases`` empty).
  Targets belong to their document and are replaced with it.
- ``Department``, ``Industry`` and ``Enterprise`` also have derived
  properties, kept current by every load and not read from records
  (``ROLLUP_PROPERTIES`` below).
- ``Document``: ``id`` = ``"Document:<doc file name>"``, ``name`` (= the doc
  file name), ``title``, ``doc_number`` (文号), ``issuer``, ``date``, ``year``,
  ``path``, ``content_hash``, ``chars``; bookkeeping for loading and checking:
  ``fingerprint`` (hash of everything loaded from the record; an unchanged
  fingerprint means the document is skipped), ``entity_count`` and
  ``relationship_count`` (what the record produced, compared by
  ``GraphStore.check``).

Relationships (every one has ``id``, a stable hash of type, head id, tail id,
doc, start and role):

- ``RESPONSIBLE_FOR`` Department | Enterprise → Industry | Platform | Enterprise |
  Event | Target, with ``role`` (lead, responsible, host, cohost, coordinate,
  support); an Enterprise heads one where a company is listed among the
  responsible units. The canned queries ask about departments.
- ``LOCATED_IN`` Platform | Enterprise | Event | Industry | Department | Place → Place.
- ``TARGETS`` Event | Target → Industry | Platform | Enterprise | Place.
- ``PART_OF`` Department → Department.
- These four carry provenance: ``doc`` (doc file name), ``evidence`` (the
  sentence, verbatim), ``start`` and ``end`` (character offsets of the evidence
  in the document, null when unknown), ``year`` (the document's year).
- ``MENTIONED_IN`` every entity label (Target included) → Document, with
  ``doc`` and ``aliases`` (the names that document used for the entity; the
  node's ``aliases`` are the union of these, so replacing a document also
  withdraws the names only it used). No evidence: the mention is the document.

``end`` is a reserved word in LadybugDB (``e.end`` does not parse; ``start``
does). The property keeps the name ``end`` and is written with backticks,
``e.`end```, which both engines accept; ``Dialect.translate`` adds the
backticks to ``x.end`` in canned queries for the embedded store.
"""

from __future__ import annotations

from policykg import vocabulary
from policykg.models import ENTITY_LABELS
from policykg.models import RELATIONSHIP_ENDPOINTS as FACT_ENDPOINTS
from policykg.models import RELATIONSHIP_TYPES as FACT_RELATIONSHIP_TYPES

DOCUMENT_LABEL = "Document"
NODE_LABELS: tuple[str, ...] = (*ENTITY_LABELS, DOCUMENT_LABEL)

# Labels whose nodes are shared across documents (Targets belong to one document).
SHARED_LABELS: tuple[str, ...] = tuple(label for label in ENTITY_LABELS if label != "Target")

# Relationship types read from documents (they carry provenance), then the mention links.
FACT_TYPES: tuple[str, ...] = FACT_RELATIONSHIP_TYPES
MENTIONED_IN = "MENTIONED_IN"
RELATIONSHIP_TYPES: tuple[str, ...] = (*FACT_TYPES, MENTIONED_IN)

# (head labels, tail labels) for every relationship type. Facts follow the
# ONTOLOGY (policykg.models); a Target's responsible units add Department → Target.
RELATIONSHIP_ENDPOINTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "RESPONSIBLE_FOR": (
        FACT_ENDPOINTS["RESPONSIBLE_FOR"][0],
        (*FACT_ENDPOINTS["RESPONSIBLE_FOR"][1], "Target"),
    ),
    "LOCATED_IN": FACT_ENDPOINTS["LOCATED_IN"],
    "TARGETS": FACT_ENDPOINTS["TARGETS"],
    "PART_OF": FACT_ENDPOINTS["PART_OF"],
    MENTIONED_IN: (ENTITY_LABELS, (DOCUMENT_LABEL,)),
}

# Property columns, in LadybugDB types; ``id`` is always first and the primary key.
_ENTITY_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "STRING"),
    ("name", "STRING"),
    ("aliases", "STRING[]"),
    ("search", "STRING"),
)
NODE_PROPERTIES: dict[str, tuple[tuple[str, str], ...]] = {
    **{label: _ENTITY_COLUMNS for label in ENTITY_LABELS},
    "Event": (*_ENTITY_COLUMNS, ("date", "STRING")),
    "Target": (
        *_ENTITY_COLUMNS,
        ("metric", "STRING"),
        ("value", "DOUBLE"),
        ("unit", "STRING"),
        ("year", "INT64"),
        ("subject", "STRING"),
        ("doc", "STRING"),
        ("evidence", "STRING"),
    ),
    DOCUMENT_LABEL: (
        ("id", "STRING"),
        ("name", "STRING"),
        ("title", "STRING"),
        ("doc_number", "STRING"),
        ("issuer", "STRING"),
        ("date", "STRING"),
        ("year", "INT64"),
        ("path", "STRING"),
        ("content_hash", "STRING"),
        ("chars", "INT64"),
        ("fingerprint", "STRING"),
        ("entity_count", "INT64"),
        ("relationship_count", "INT64"),
    ),
}

_FACT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "STRING"),
    ("doc", "STRING"),
    ("evidence", "STRING"),
    ("start", "INT64"),
    ("end", "INT64"),
    ("year", "INT64"),
)
RELATIONSHIP_PROPERTIES: dict[str, tuple[tuple[str, str], ...]] = {
    "RESPONSIBLE_FOR": (*_FACT_COLUMNS, ("role", "STRING")),
    # derived: a link the load adds from the gazetteer (graph/places.py), not one a document states.
    "LOCATED_IN": (*_FACT_COLUMNS, ("derived", "BOOLEAN")),
    "TARGETS": _FACT_COLUMNS,
    "PART_OF": _FACT_COLUMNS,
    MENTIONED_IN: (("id", "STRING"), ("doc", "STRING"), ("aliases", "STRING[]")),
}

# Derived properties, kept current by every load (``graph/rollups.py``
# recomputes them for the departments and industries a load touches, in the
# same transaction) and never read from records, so the load's row columns
# (``node_columns``) leave them out. Overview queries read them instead of
# aggregating every RESPONSIBLE_FOR link.
#
# Department: the distinct entities of each label it is responsible for, their
# sum, the documents that assign it anything, the names of its industries, and
# the names of the departments it is a division of (PART_OF).
# Industry: how many departments are responsible for it, and their names by
# role group (ONTOLOGY.md, Roles), the department named in most documents first
# (at most ROLLUP_LIST_LIMIT of them).
# Enterprise: the industries its names carry (a name or alias of the industry,
# folded, inside one of the enterprise's), and the names of the places it lies
# in, followed up LOCATED_IN (at most three steps), which listings of
# enterprises show and would otherwise find by testing every enterprise
# against every industry and by following three links per enterprise.
ROLLUP_COUNTS: dict[str, str] = {
    "industry_count": "Industry",
    "platform_count": "Platform",
    "enterprise_count": "Enterprise",
    "event_count": "Event",
    "target_count": "Target",
}
# One column per role group of the vocabulary (policykg/vocabulary.py): what "leading" means is
# defined there, once, and the column, the canned queries and the views all read it from there.
ROLE_GROUPS: dict[str, tuple[str, ...]] = {
    "lead_departments": vocabulary.ROLE_GROUPS["leading"],
    "responsible_departments": vocabulary.ROLE_GROUPS["responsible"],
    "supporting_departments": vocabulary.ROLE_GROUPS["supporting"],
    "hosting_departments": vocabulary.ROLE_GROUPS["hosting"],
}
# An industry's department lists keep the most-cited names only: a node is read whole
# by every query that passes through it, and an industry named by thousands of
# departments would otherwise carry thousands of names everywhere.
ROLLUP_LIST_LIMIT = 50
ROLLUP_PROPERTIES: dict[str, tuple[tuple[str, str], ...]] = {
    "Department": (
        *((column, "INT64") for column in ROLLUP_COUNTS),
        ("responsibility_count", "INT64"),
        ("document_count", "INT64"),
        ("industries", "STRING[]"),
        ("part_of", "STRING[]"),
    ),
    "Industry": (
        ("department_count", "INT64"),
        *((column, "STRING[]") for column in ROLE_GROUPS),
    ),
    "Enterprise": (("named_industries", "STRING[]"), ("located_in", "STRING[]")),
}


def table_properties(label: str) -> tuple[tuple[str, str], ...]:
    """Every property of a node table: the loaded columns, then the derived ones.

    Example:
        >>> [name for name, _ in table_properties("Department")][-2:]
        ['industries', 'part_of']
        >>> table_properties("Place") == NODE_PROPERTIES["Place"]
        True
    """
    return NODE_PROPERTIES[label] + ROLLUP_PROPERTIES.get(label, ())


# Labels the alias search looks at (a Target has no names worth searching).
SEARCHABLE_LABELS: tuple[str, ...] = SHARED_LABELS

# Name of the Neo4j full-text index over ``name`` and ``search``.
FULLTEXT_INDEX = "entity_names"


def node_columns(label: str) -> tuple[str, ...]:
    """Property names of a node label, ``id`` first.

    Example:
        >>> node_columns("Event")
        ('id', 'name', 'aliases', 'search', 'date')
    """
    return tuple(name for name, _ in NODE_PROPERTIES[label])


def relationship_columns(rel_type: str) -> tuple[str, ...]:
    """Property names of a relationship type, ``id`` first.

    Example:
        >>> relationship_columns("PART_OF")
        ('id', 'doc', 'evidence', 'start', 'end', 'year')
    """
    return tuple(name for name, _ in RELATIONSHIP_PROPERTIES[rel_type])
