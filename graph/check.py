"""Checks: the store compared with what its documents' records produced.

Every build ends with one; ``policykg doctor`` runs it on demand. A finding names the
document and what differs, so that a damaged document can be written again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from . import rollups, schema, statements
from .rows import Row

if TYPE_CHECKING:
    from .dialect import Dialect
    from .statements import Runner


class CheckReport(BaseModel):
    """The store compared with what its documents' records produced.

    Attributes:
        documents: Document nodes in the store.
        mismatches: one line per document whose relationships or mentions in the
            store differ from what its record produced (or relationships whose
            document is missing).
        mismatched_documents: the documents named in ``mismatches``.
        missing_doc: relationships without ``doc``, by type.
        missing_evidence: relationships (except MENTIONED_IN) without evidence, by type.
        unmentioned: entity nodes no document mentions, by label.
        stale_counts: nodes whose derived properties (``schema.ROLLUP_PROPERTIES``)
            differ from a recomputation, by property.
    """

    documents: int = 0
    mismatches: list[str] = Field(default_factory=list)
    mismatched_documents: list[str] = Field(default_factory=list)
    missing_doc: dict[str, int] = Field(default_factory=dict)
    missing_evidence: dict[str, int] = Field(default_factory=dict)
    unmentioned: dict[str, int] = Field(default_factory=dict)
    stale_counts: dict[str, int] = Field(default_factory=dict)

    @property
    def consistent(self) -> bool:
        """Counts agree, every relationship has a document, no orphan nodes, derived counts current."""
        return not (self.mismatches or self.missing_doc or self.unmentioned or self.stale_counts)

    @property
    def ok(self) -> bool:
        """Consistent, and every relationship also carries its evidence."""
        return self.consistent and not self.missing_evidence

    def problems(self) -> list[str]:
        """Every finding as a sentence; empty when ``ok``."""
        lines = list(self.mismatches)
        lines += [f"{n} {rel_type} relationships without a document" for rel_type, n in self.missing_doc.items()]
        lines += [f"{n} {rel_type} relationships without evidence" for rel_type, n in self.missing_evidence.items()]
        lines += [f"{n} {label} nodes mentioned by no document" for label, n in self.unmentioned.items()]
        lines += [
            f"{n} nodes with a stale {column} (`policykg build` recomputes it)"
            for column, n in self.stale_counts.items()
        ]
        return lines


def check_store(tx: Runner, dialect: Dialect) -> CheckReport:
    """Compare the store (read through ``tx``) with what its documents' records produced."""
    expected = {row["doc"]: row for row in tx(statements.document_counts(), None)}
    found_facts: dict[str, int] = {}
    for rel_type in schema.FACT_TYPES:
        for row in tx(statements.count_relationships_by_document(rel_type), None):
            found_facts[row["doc"]] = found_facts.get(row["doc"], 0) + int(row["n"])
    found_mentions = {
        row["doc"]: int(row["n"]) for row in tx(statements.count_relationships_by_document(schema.MENTIONED_IN), None)
    }
    report = CheckReport(documents=len(expected))
    for doc in sorted(expected):
        want_facts = int(expected[doc]["relationships"] or 0)
        want_mentions = int(expected[doc]["entities"] or 0)
        if found_facts.get(doc, 0) != want_facts:
            report.mismatches.append(
                f"{doc}: {found_facts.get(doc, 0)} relationships in the store, record has {want_facts}"
            )
        if found_mentions.get(doc, 0) != want_mentions:
            report.mismatches.append(
                f"{doc}: {found_mentions.get(doc, 0)} entities mentioned in the store, record has {want_mentions}"
            )
        if found_facts.get(doc, 0) != want_facts or found_mentions.get(doc, 0) != want_mentions:
            report.mismatched_documents.append(doc)
    for doc in sorted(set(found_facts) | set(found_mentions)):
        if doc and doc not in expected:
            report.mismatches.append(f"{doc}: relationships of a document that is not in the store")
    for rel_type in schema.RELATIONSHIP_TYPES:
        rows = tx(statements.count_missing_provenance(rel_type), None)
        row = rows[0] if rows else {"no_doc": 0, "no_evidence": 0}  # no row from an empty table
        if int(row["no_doc"] or 0):
            report.missing_doc[rel_type] = int(row["no_doc"])
        if rel_type != schema.MENTIONED_IN and int(row["no_evidence"] or 0):
            report.missing_evidence[rel_type] = int(row["no_evidence"])
    for label in schema.ENTITY_LABELS:
        n = int(tx(statements.count_unmentioned(label), None)[0]["n"])
        if n:
            report.unmentioned[label] = n
    shared: dict[str, Any] = {}
    for label in rollups.ROLLUP_LABELS:
        stored = tx(statements.stored_rollups(label), None)
        expected: dict[str, Row] = {}
        for batch in statements.batches([row["id"] for row in stored]):
            expected.update(rollups.compute(tx, dialect, label, batch, shared))
        for column, n in rollups.stale_columns(expected, stored).items():
            report.stale_counts[column] = n
    return report
