"""Build: documents → records → the store, then a check of the store.

The one place where the pipeline's stages meet: files are read and extracted
(``loaders``), their records turned into rows and written (:class:`GraphStore`),
and the store checked against them. The store itself knows nothing of documents.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, Field

from policykg.errors import NOT_UTF8_NAME, LoadError, SchemaError, is_printable, printable

from ..loaders.pipeline import extract_documents
from . import statements
from .check import CheckReport
from .rows import DocumentRows, prepare_record
from .store import GraphStore, LoadReport, Progress


class BuildReport(BaseModel):
    """What ``build_graph`` did: the files that failed, the load, and the check after it."""

    failed_files: dict[str, str] = Field(default_factory=dict)
    load: LoadReport = Field(default_factory=LoadReport)
    check: CheckReport = Field(default_factory=CheckReport)
    recounted: int = 0  # nodes whose stale derived properties the build recomputed
    reloaded: list[str] = Field(default_factory=list)  # documents written again: the store did not hold their record

    @property
    def ok(self) -> bool:
        """No file failed and the store is consistent with its records."""
        return not self.failed_files and not self.load.failed and self.check.consistent


def build_graph(
    paths: Iterable[str | Path],
    store: GraphStore,
    *,
    prune: bool = False,
    workers: int = 1,
    on_extracted: Progress | None = None,
    on_loaded: Progress | None = None,
) -> BuildReport:
    """Extract documents and load their records into ``store``, then check the store.

    A file that cannot be read or extracted, or whose record breaks the
    contract, is reported in ``failed_files`` and the others go on.

    Args:
        paths: files or folders of policy documents.
        store: an open store.
        prune: remove documents whose files are no longer among ``paths``.
        workers: extraction processes.
        on_extracted: progress of extraction (done, total).
        on_loaded: progress of loading (done, total).

    Returns:
        The failed files, the load report and the check.
    """
    report = BuildReport()
    records: list[DocumentRows] = []  # validated once, here, and loaded as they are
    present: set[str] = set()
    paths = list(paths)
    for outcome in extract_documents(paths, workers=workers, on_progress=on_extracted):
        if not is_printable(outcome.path):  # its name cannot be stored as text, nor printed
            report.failed_files[printable(outcome.path)] = NOT_UTF8_NAME
            present.add(Path(outcome.path).name)
            continue
        if outcome.record is None:
            error = outcome.error
            problem = error.problem if isinstance(error, LoadError) else str(error or "no record extracted")
            report.failed_files[str(outcome.path)] = problem
            # The file is still there: pruning must not remove what an earlier build loaded from it.
            present.add(Path(outcome.path).name)
            continue
        present.add(outcome.record.doc)
        try:
            records.append(prepare_record(outcome.record))
        except SchemaError as err:
            report.failed_files[str(outcome.path)] = str(err).removeprefix(f"{outcome.record.doc}: ")
    if not records and not report.failed_files:
        where = ", ".join(printable(path) for path in paths)
        raise LoadError(where, "no policy documents here (.txt, .html, .htm, .docx, .pdf); nothing was built")
    report.load = store.load_records(records, prune_missing=present if prune else None, progress=on_loaded)
    report.check = store.check()
    damaged = [rows for rows in records if rows.doc in set(report.check.mismatched_documents)]
    if damaged:  # e.g. left by a write killed half-way: the fingerprint says loaded, the rows disagree
        report.reloaded = [rows.doc for rows in damaged]
        store.run(statements.FORGET_FINGERPRINTS, {"docs": report.reloaded}, write=True)
        store.load_records(damaged)
        report.check = store.check()
    if report.check.stale_counts:  # derived counts changed by hand: recount, and say so
        report.recounted = store.refresh_rollups()
        report.check = store.check()
    return report
