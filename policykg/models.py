"""Typed records shared by every stage: the ONTOLOGY extraction record and its parts.

The JSON that ``policykg extract`` writes is ``Record.model_dump(mode="json")``.
Unknown keys are refused (``extra="forbid"``) so that a record that breaks the
contract fails at the boundary, before anything reaches a store.
"""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator

from . import vocabulary

EntityLabel = Literal["Department", "Industry", "Platform", "Enterprise", "Place", "Event", "Target"]
RelationshipType = Literal["RESPONSIBLE_FOR", "LOCATED_IN", "TARGETS", "PART_OF"]
# The same, as tuples for iterating (written once, in the types above).
ENTITY_LABELS: tuple[str, ...] = get_args(EntityLabel)
RELATIONSHIP_TYPES: tuple[str, ...] = get_args(RelationshipType)
ROLES: tuple[str, ...] = vocabulary.ROLES  # what each role means: policykg/vocabulary.py
Role = Literal["lead", "responsible", "host", "cohost", "coordinate", "support"]
assert set(ROLES) == set(Role.__args__), "keep Role in step with policykg/vocabulary.py"

# Which labels each relationship may connect (head labels, tail labels).
RELATIONSHIP_ENDPOINTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # A company named among the responsible units owns its share of the work too (ONTOLOGY.md, Bodies).
    "RESPONSIBLE_FOR": (("Department", "Enterprise"), ("Industry", "Platform", "Enterprise", "Event")),
    "LOCATED_IN": (("Platform", "Enterprise", "Event", "Industry", "Department", "Place"), ("Place",)),
    "TARGETS": (("Event", "Target"), ("Industry", "Platform", "Enterprise", "Place")),
    "PART_OF": (("Department",), ("Department",)),
}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _nonblank(value: str) -> str:
    if not value or not value.strip():
        raise ValueError("must not be empty")
    return value


class Entity(_Model):
    """A node of the graph, named canonically, with the other names it was seen under."""

    type: EntityLabel
    name: str
    aliases: list[str] = Field(default_factory=list)
    attributes: dict[str, str | int | float | None] = Field(default_factory=dict)

    _check_name = field_validator("name")(_nonblank)


class Fact(_Model):
    """One relationship read from the document, with its verbatim evidence and offsets."""

    rel: RelationshipType
    head: str
    tail: str
    role: Role | None = None
    evidence: str = ""
    start: int | None = None
    end: int | None = None

    _check_head = field_validator("head")(_nonblank)
    _check_tail = field_validator("tail")(_nonblank)


class Target(_Model):
    """A stated goal: a number in the unit written, with its deadline year."""

    subject: str | None = None
    metric: str
    value: float | int
    unit: str
    year: int | None = None
    responsible: list[str] = Field(default_factory=list)
    evidence: str = ""
    start: int | None = None
    end: int | None = None


class Record(_Model):
    """Everything extracted from one document (ONTOLOGY.md, "The extraction record")."""

    doc: str
    title: str | None = None
    year: int | None = None
    doc_number: str | None = None
    issuer: str | None = None
    date: str | None = None
    path: str | None = None
    content_hash: str | None = None
    chars: int | None = None
    entities: list[Entity] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list)
    targets: list[Target] = Field(default_factory=list)

    _check_doc = field_validator("doc")(_nonblank)
