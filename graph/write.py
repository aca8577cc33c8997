"""The write algorithm every store shares: records in, one transaction per document or batch.

Loading writes one transaction per document (a document is in the graph
completely or not at all), with batched ``UNWIND $rows AS row ...`` statements
from the dialect; rows come from ``graph/rows.py``. A document whose
fingerprint (content hash and everything extracted from it) is unchanged is
skipped; a changed one has its relationships, Targets and mentions deleted and
written again, after which entity nodes no document mentions any more are
removed and the aliases of the others recomputed from the documents left.

Documents new to the store can take the bulk path instead: many of them in one
transaction (:meth:`RecordWriter._write_new_documents`), their rows merged across
the batch so that every node is written once and the aliases of a node shared
with documents already in the store are recomputed once per batch rather than
once per document. The embedded store inserts the new rows with ``COPY FROM``
(``graph/embedded.py``); the result is the same store the per-document path
builds. A batch is all-or-nothing like a single document.
"""

from __future__ import annotations

import gc
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TypeAlias, TypeVar

from pydantic import BaseModel, Field

from policykg.errors import QueryError
from policykg.models import Record
from policykg.names import label_of_id

from . import rollups, schema, statements
from .dialect import Dialect
from .rows import (
    DocumentRows,
    RelationshipKey,
    Row,
    document_id,
    merge_aliases,
    prepare_record,
    search_text,
)
from .statements import Runner, batches

T = TypeVar("T")
# Called with (done, total) as a long load goes on.
Progress: TypeAlias = Callable[[int, int], None]

# With fewer new documents than this, per-document transactions cost little and a
# killed load loses at most one document; with more, new documents go in bulk.
BULK_MIN_DOCUMENTS = 32
# New documents per bulk transaction: large enough that fixed costs per statement
# vanish, small enough that a killed load loses little work and memory stays modest.
BULK_BATCH_DOCUMENTS = 1000


class LoadReport(BaseModel):
    """What one ``load_records`` call did.

    Attributes:
        loaded: documents new to the store, written.
        unchanged: documents skipped because their fingerprint is unchanged.
        replaced: documents already in the store whose facts were replaced.
        failed: documents not written; ``errors`` says why.
        pruned: documents removed because they are no longer in the corpus.
        nodes: node rows written, by label (Document included).
        relationships: relationship rows written, by type.
    """

    loaded: list[str] = Field(default_factory=list)
    unchanged: list[str] = Field(default_factory=list)
    replaced: list[str] = Field(default_factory=list)
    failed: list[str] = Field(default_factory=list)
    pruned: list[str] = Field(default_factory=list)
    errors: dict[str, str] = Field(default_factory=dict)
    nodes: dict[str, int] = Field(default_factory=dict)
    relationships: dict[str, int] = Field(default_factory=dict)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for a load, restoring it afterwards.

    A load allocates millions of small rows (dicts and strings, no cycles)
    while holding the records and every prepared row; each automatic
    collection walks all of them again, which costs about a third of the
    time spent preparing rows. Nothing of it is garbage until the load ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _group_by_label(ids: Iterable[str]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for node_id in ids:
        grouped.setdefault(label_of_id(node_id), []).append(node_id)
    return {label: sorted(set(group)) for label, group in grouped.items()}


class RecordWriter(ABC):
    """Loads records into a store; a backend provides transactions and may insert rows its own way.

    :class:`~policykg.graph.store.GraphStore` is a record writer: every engine loads
    with this algorithm and overrides only :meth:`_loading`, :meth:`_insert_nodes`
    and :meth:`_insert_relationships` where it has a faster way.
    """

    dialect: Dialect
    read_only: bool = False
    # Whether ``load_records`` takes the bulk path for many new documents by default.
    bulk_by_default: bool = False

    @contextmanager
    def _loading(self) -> Iterator[None]:
        """Around a whole load (one transaction per document or batch inside); a backend may tune its engine here."""
        yield

    @abstractmethod
    def _read(self, work: Callable[[Runner], T]) -> T:
        """Run ``work`` inside one read-only transaction."""

    @abstractmethod
    def _write(self, work: Callable[[Runner], T]) -> T:
        """Run ``work`` inside one write transaction: all of it commits, or none."""

    def load_records(
        self,
        records: Iterable[Record | DocumentRows],
        *,
        prune_missing: Iterable[str] | None = None,
        progress: Progress | None = None,
        bulk: bool | None = None,
    ) -> LoadReport:
        """Write records into the graph, one transaction per document or per bulk batch.

        Every record is validated and turned into rows first: a record that
        breaks the contract raises before anything is written.

        Documents new to the store (no Document node yet) go in batches of up
        to ``BULK_BATCH_DOCUMENTS`` per transaction when ``bulk`` says so;
        changed documents are always replaced one transaction each. The bulk
        batches are written first, then the replacements, then the pruning. A
        batch the engine refuses is written again document by document, so a
        bad document fails alone.

        Args:
            records: one record per document (or its rows, already prepared by ``prepare_record``).
            prune_missing: names of the documents still in the corpus; documents
                in the store that are not among them are removed. ``None`` removes nothing.
            progress: called with (documents done, documents in total).
            bulk: ``True`` writes new documents in bulk batches, ``False`` one
                transaction each; ``None`` (default) takes the bulk path when the
                backend prefers it (the embedded store) and at least
                ``BULK_MIN_DOCUMENTS`` documents are new.

        Returns:
            What was loaded, skipped, replaced, pruned or failed, and the rows written.

        Raises:
            SchemaError: a record breaks the ONTOLOGY contract (nothing written).
            StoreError: the store cannot be reached or written.
        """
        with _collector_paused(), self._loading():
            try:
                return self._load_records(records, prune_missing=prune_missing, progress=progress, bulk=bulk)
            except BaseException:
                self._settle_rollups()
                raise

    def _settle_rollups(self) -> None:
        """After a load that failed half-way: compute what its committed writes cleared, if the store still answers."""
        try:
            self.refresh_rollups(stale_only=True)
        except Exception:  # the store itself failed; the next open computes them
            pass

    def _load_records(
        self,
        records: Iterable[Record | DocumentRows],
        *,
        prune_missing: Iterable[str] | None,
        progress: Progress | None,
        bulk: bool | None,
    ) -> LoadReport:
        prepared: dict[str, DocumentRows] = {}
        for record in records:
            rows = record if isinstance(record, DocumentRows) else prepare_record(record)
            prepared[rows.doc] = rows  # a later record of the same document wins
        keep = None if prune_missing is None else set(prune_missing)
        report = LoadReport()
        fingerprints = self._read(
            lambda tx: {row["name"]: row["fingerprint"] for row in tx(statements.document_fingerprints(), None)}
        )
        inputs_before, enterprises_before = self._read(
            lambda tx: (
                rollups.read_enterprise_inputs(tx, self.dialect),
                tx(statements.count_nodes("Enterprise"), None)[0]["n"],
            )
        )
        derived_batches: list[tuple[rollups.EnterpriseInputs, list[str]]] = []  # inputs and new enterprises per batch
        stale = sorted(doc for doc in fingerprints if keep is not None and doc not in keep)
        total = len(prepared) + len(stale)
        done = 0
        new = [rows for doc, rows in prepared.items() if doc not in fingerprints]
        if bulk is None:
            bulk = self.bulk_by_default and len(new) >= BULK_MIN_DOCUMENTS
        one_by_one: list[DocumentRows] = []
        if bulk:
            for batch in batches(new, BULK_BATCH_DOCUMENTS):
                try:
                    self._write(lambda tx, batch=batch: self._write_new_documents(tx, batch, derived_batches))
                except QueryError:  # written again one by one below, where a bad document fails alone
                    one_by_one.extend(batch)
                    continue
                for rows in batch:
                    self._count_written(report, rows, replacing=False)
                done += len(batch)
                if progress is not None:
                    progress(done, total)
            written_in_bulk = {rows.doc for rows in new} - {rows.doc for rows in one_by_one}
        else:
            written_in_bulk = set()
        for doc, rows in prepared.items():
            if doc in written_in_bulk:
                continue
            if fingerprints.get(doc) == rows.fingerprint:
                report.unchanged.append(doc)
            else:
                replacing = doc in fingerprints
                try:
                    self._write(lambda tx, rows=rows, replacing=replacing: self._write_document(tx, rows, replacing))
                except QueryError as err:  # the engine refused this document's rows; the others go on
                    report.failed.append(doc)
                    report.errors[doc] = str(err)
                else:
                    self._count_written(report, rows, replacing=replacing)
            done += 1
            if progress is not None:
                progress(done, total)
        if written_in_bulk:  # bulk batches ran first; list the documents in the order they were given
            order = {doc: index for index, doc in enumerate(prepared)}
            report.loaded.sort(key=order.__getitem__)
        for doc in stale:
            self._write(lambda tx, doc=doc: self._remove_document(tx, doc))
            report.pruned.append(doc)
            done += 1
            if progress is not None:
                progress(done, total)
        # Industries' names and places' links may have changed since the enterprises already in
        # the store, or those a bulk batch wrote, were derived: clear those the changes affect.
        # (A load killed before this leaves them stale; check() reports them, build recomputes.)
        inputs_now = self._read(lambda tx: rollups.read_enterprise_inputs(tx, self.dialect))
        derived_before: list[tuple[rollups.EnterpriseInputs, list[str] | None]] = [
            (inputs, ids) for inputs, ids in derived_batches if inputs != inputs_now
        ]
        if enterprises_before and inputs_before != inputs_now:
            derived_before.append((inputs_before, None))  # every enterprise

        def clear_affected(tx: Runner) -> None:
            for inputs, ids in derived_before:
                rollups.clear_affected_enterprises(tx, self.dialect, inputs, inputs_now, ids)

        if derived_before:
            self._write(clear_affected)
        # Every write above cleared the derived properties of the nodes it touched; compute
        # them once for the whole load (and for any a killed load or an older version left).
        self.refresh_rollups(stale_only=True)
        return report

    @staticmethod
    def _count_written(report: LoadReport, rows: DocumentRows, *, replacing: bool) -> None:
        (report.replaced if replacing else report.loaded).append(rows.doc)
        _add_counts(report.nodes, rows.node_counts())
        _add_counts(report.nodes, {schema.DOCUMENT_LABEL: 1})
        _add_counts(report.relationships, rows.relationship_counts())

    def _write_new_documents(
        self,
        tx: Runner,
        batch: Sequence[DocumentRows],
        derived_batches: list[tuple[rollups.EnterpriseInputs, list[str]]],
    ) -> None:
        """Write documents new to the store in one transaction: the bulk path.

        The rows of the whole batch are merged first, so each node is written
        once: its columns from the last document of the batch that names it
        (as the per-document path leaves them), its aliases the union of every
        mention in document order. Nodes that already exist (shared with
        documents in the store) are updated with ``MERGE`` and their aliases
        recomputed from their mentions in the store and in the batch, one read
        per label and batch; everything else is new and goes through
        :meth:`_insert_nodes` / :meth:`_insert_relationships`, which a backend
        may implement with its bulk import. New enterprises are written with
        their derived properties (:meth:`_with_enterprise_rollups`). Document
        nodes are inserted after the entity nodes and before the relationships
        that point at them; the transaction makes the batch all-or-nothing.
        """
        d = self.dialect
        latest: dict[str, dict[str, Row]] = {}
        seen: dict[str, list[tuple[str, list[str]]]] = {}
        for rows in batch:
            for label, node_rows in rows.nodes.items():
                by_id = latest.setdefault(label, {})
                for row in node_rows:
                    by_id[row["id"]] = row
            for mention_rows in rows.mentions.values():
                for mention in mention_rows:
                    seen.setdefault(mention["head"], []).append((mention["doc"], mention["aliases"]))
        already_stored: list[str] = []  # their derived properties are cleared below
        to_insert: dict[str, list[Row]] = {}
        to_merge: dict[str, list[Row]] = {}
        for label, by_id in latest.items():
            ids = list(by_id)
            existing: set[str] = set()
            for chunk in batches(ids):
                existing |= {row["id"] for row in tx(statements.existing_ids(label), {"ids": list(chunk)})}
            already_stored += existing
            for chunk in batches(sorted(existing)):
                for row in tx(statements.mention_aliases(label), {"ids": list(chunk)}):
                    seen[row["id"]].append((row["doc"], row["aliases"] or []))
            for node_id, row in by_id.items():
                mentions = seen[node_id]
                if len(mentions) > 1:
                    aliases = merge_aliases(row["name"], [aliases for _, aliases in sorted(mentions)])
                    row = {**row, "aliases": aliases, "search": search_text(row["name"], aliases)}
                (to_merge if node_id in existing else to_insert).setdefault(label, []).append(row)
        relationships: dict[RelationshipKey, list[Row]] = {}
        for rows in batch:
            for label, mention_rows in rows.mentions.items():
                relationships.setdefault((schema.MENTIONED_IN, label, schema.DOCUMENT_LABEL), []).extend(mention_rows)
            for key, rel_rows in rows.relationships.items():
                relationships.setdefault(key, []).extend(rel_rows)
        if to_insert.get("Enterprise"):
            to_insert["Enterprise"] = self._with_enterprise_rollups(tx, to_insert["Enterprise"], latest, to_merge,
                                                                    to_insert, relationships, derived_batches)  # fmt: skip
        for label in latest:
            self._insert_nodes(tx, label, to_insert.get(label, []), derived=label == "Enterprise")
            for chunk in batches(to_merge.get(label, [])):
                tx(d.merge_nodes(label), {"rows": list(chunk)})
        self._insert_nodes(tx, schema.DOCUMENT_LABEL, [rows.document for rows in batch])
        for (rel_type, head, tail), rel_rows in relationships.items():
            self._insert_relationships(tx, rel_type, head, tail, rel_rows)
        self._clear_rollups(tx, already_stored)

    def _with_enterprise_rollups(
        self,
        tx: Runner,
        enterprises: list[Row],
        latest: Mapping[str, Mapping[str, Row]],
        to_merge: Mapping[str, list[Row]],
        to_insert: Mapping[str, list[Row]],
        relationships: Mapping[RelationshipKey, list[Row]],
        derived_batches: list[tuple[rollups.EnterpriseInputs, list[str]]],
    ) -> list[Row]:
        """New enterprise rows with their derived properties, from the store and the batch as it will be.

        Writing them with the node spares a second write of every new
        enterprise; the inputs used are recorded with the enterprises, and the
        load clears those a later change of them affects
        (:func:`rollups.clear_affected_enterprises`).
        """
        place_names = {node_id: row["name"] for node_id, row in latest.get("Place", {}).items()}
        industries = [*to_merge.get("Industry", []), *to_insert.get("Industry", [])]
        links = [(place_names[row["head"]], place_names[row["tail"]])
                 for row in relationships.get(("LOCATED_IN", "Place", "Place"), [])
                 if row["head"] in place_names and row["tail"] in place_names]  # fmt: skip
        inputs = rollups.read_enterprise_inputs(tx, self.dialect).with_batch(industries, links)
        derived_batches.append((inputs, [row["id"] for row in enterprises]))
        index, parents = inputs.index(), inputs.parents()
        places: dict[str, list[str]] = {}
        for row in relationships.get(("LOCATED_IN", "Enterprise", "Place"), []):
            if row["tail"] in place_names:
                places.setdefault(row["head"], []).append(place_names[row["tail"]])
        return [{**row, **rollups.enterprise_rollups(row["search"], places.get(row["id"], ()), index, parents)}
                for row in enterprises]  # fmt: skip

    def _insert_nodes(self, tx: Runner, label: str, rows: Sequence[Row], *, derived: bool = False) -> None:
        """Insert nodes known to be new (every column in each row; the derived ones too if ``derived``)."""
        for chunk in batches(rows):
            tx(self.dialect.create_nodes(label, derived=derived), {"rows": list(chunk)})

    def _insert_relationships(self, tx: Runner, rel_type: str, head: str, tail: str, rows: Sequence[Row]) -> None:
        """Insert relationships known to be new (``head``, ``tail`` and every column in each row)."""
        for chunk in batches(rows):
            tx(self.dialect.create_relationships(rel_type, head, tail), {"rows": list(chunk)})

    def _write_document(self, tx: Runner, rows: DocumentRows, replacing: bool) -> None:
        """Write one document's rows; runs inside the document's transaction."""
        d = self.dialect
        previous: set[str] = set()
        if replacing:
            previous = self._withdraw_document(tx, rows.doc)
        touched: set[str] = set()
        for label, node_rows in rows.nodes.items():
            ids = [row["id"] for row in node_rows]
            existing: set[str] = set()
            if label != "Target":  # Targets belong to this document alone: always new
                for batch in batches(ids):
                    existing |= {row["id"] for row in tx(statements.existing_ids(label), {"ids": list(batch)})}
            touched |= existing
            new_rows = [row for row in node_rows if row["id"] not in existing]
            old_rows = [row for row in node_rows if row["id"] in existing]
            for batch in batches(new_rows):
                tx(d.create_nodes(label), {"rows": list(batch)})
            for batch in batches(old_rows):
                tx(d.merge_nodes(label), {"rows": list(batch)})
        tx(d.merge_nodes(schema.DOCUMENT_LABEL), {"rows": [rows.document]})
        for label, mention_rows in rows.mentions.items():
            for batch in batches(mention_rows):
                tx(d.create_relationships(schema.MENTIONED_IN, label, schema.DOCUMENT_LABEL), {"rows": list(batch)})
        for (rel_type, head, tail), rel_rows in rows.relationships.items():
            for batch in batches(rel_rows):
                tx(d.create_relationships(rel_type, head, tail), {"rows": list(batch)})
        current = {row["id"] for node_rows in rows.nodes.values() for row in node_rows}
        self._tidy_nodes(tx, touched | previous, previous - current)
        self._clear_rollups(
            tx, {row["id"] for label in rollups.ROLLUP_LABELS for row in rows.nodes.get(label, ())} | previous
        )

    def _withdraw_document(self, tx: Runner, doc: str) -> set[str]:
        """Delete a document's relationships, mentions and Targets; return the ids it mentioned."""
        previous = {row["id"] for row in tx(statements.mentioned_by(), {"doc_id": document_id(doc)})}
        for rel_type in schema.RELATIONSHIP_TYPES:
            tx(statements.delete_relationships_of_document(rel_type), {"doc": doc})
        tx(statements.delete_targets_of_document(), {"doc": doc})
        return {node_id for node_id in previous if label_of_id(node_id) != "Target"}

    def _remove_document(self, tx: Runner, doc: str) -> None:
        previous = self._withdraw_document(tx, doc)
        tx(statements.delete_document(), {"doc_id": document_id(doc)})
        self._tidy_nodes(tx, previous, previous)
        self._clear_rollups(tx, previous)

    def _tidy_nodes(self, tx: Runner, recompute: set[str], maybe_orphaned: set[str]) -> None:
        """Delete nodes no document mentions, then rebuild aliases of the rest from their mentions."""
        d = self.dialect
        for label, ids in _group_by_label(maybe_orphaned).items():
            for batch in batches(ids):
                tx(statements.delete_unmentioned(label), {"ids": list(batch)})
        for label, ids in _group_by_label(recompute).items():
            for batch in batches(ids):
                mentions = tx(statements.mention_aliases(label), {"ids": list(batch)})
                by_node: dict[str, list[tuple[str, list[str]]]] = {}
                names: dict[str, str] = {}
                for row in mentions:
                    by_node.setdefault(row["id"], []).append((row["doc"], row["aliases"] or []))
                    names[row["id"]] = row["name"]
                updates = []
                for node_id, seen in by_node.items():
                    aliases = merge_aliases(names[node_id], [aliases for _, aliases in sorted(seen)])
                    updates.append({"id": node_id, "aliases": aliases, "search": search_text(names[node_id], aliases)})
                if updates:
                    tx(d.set_node_names(label), {"rows": updates})

    def _clear_rollups(self, tx: Runner, ids: Iterable[str]) -> None:
        """Clear the derived properties (``schema.ROLLUP_PROPERTIES``) of the nodes among ``ids``.

        They are computed again when the load ends (:meth:`refresh_rollups`),
        once however many batches touched a node; a load killed before that
        leaves them null, which the next load computes and ``check`` reports.
        """
        rollups.clear(tx, self.dialect, ids)

    def refresh_rollups(self, *, stale_only: bool = False) -> int:
        """Recompute the derived properties of every department, industry and enterprise (or only of those cleared).

        Every load ends with the cleared ones (``stale_only``); the whole
        recomputation is for a graph written by other means (an engine's bulk
        import) or changed by hand.

        Returns:
            How many nodes were written.
        """
        if self.read_only:
            return 0

        def ids(tx: Runner) -> list[str]:
            found: list[str] = []
            for label in rollups.ROLLUP_LABELS:
                found += [row["id"] for row in tx(statements.rollup_ids(label, stale_only=stale_only), None)]
            return found

        wanted = self._read(ids)
        return self._write(lambda tx: rollups.recompute(tx, self.dialect, wanted)) if wanted else 0


def _add_counts(total: dict[str, int], counts: Mapping[str, int]) -> None:
    for key, n in counts.items():
        total[key] = total.get(key, 0) + n
