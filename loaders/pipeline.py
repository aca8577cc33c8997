"""Files → records: find documents, read them, extract, one outcome per file.

A bad file gives an outcome with an error and the batch goes on. Large text
files are read and extracted chunk by chunk, so memory stays flat.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from policykg.errors import LoadError, PolicyKGError
from policykg.models import Record

from .extract.extractor import Extractor, RecordBuilder

CHUNK_CHARS = 1_000_000


@dataclass
class ExtractionOutcome:
    """What became of one input: a record, or the error that stopped it."""

    path: Path
    record: Record | None = None
    error: PolicyKGError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


_EXTRACTOR: Extractor | None = None


def _extractor() -> Extractor:
    global _EXTRACTOR
    if _EXTRACTOR is None:
        _EXTRACTOR = Extractor()
    return _EXTRACTOR


def extract_file(path: str | Path) -> Record:
    """Read one file and extract its record.

    Raises:
        LoadError: the file cannot be read as a document.
    """
    from .read.documents import read_document

    source = read_document(path)
    meta = source.metadata
    builder = RecordBuilder(doc=source.name, title=meta.title, year=meta.year)
    chars = 0
    for offset, chunk in source.chunks(CHUNK_CHARS):
        _extractor().extract_into(builder, chunk, title=meta.title, issuer=meta.issuer, offset=offset)
        chars = offset + len(chunk)
    record = builder.record()
    return record.model_copy(
        update={
            "doc_number": meta.doc_number,
            "issuer": meta.issuer,
            "date": meta.date,
            "path": str(source.path),
            "content_hash": source.content_hash,
            "chars": chars,
        }
    )


def _outcome(path: Path) -> ExtractionOutcome:
    try:
        return ExtractionOutcome(path, record=extract_file(path))
    except PolicyKGError as err:
        return ExtractionOutcome(path, error=err)
    except Exception as err:  # a defect must not stop the batch; report it against the file
        return ExtractionOutcome(path, error=LoadError(path, f"extraction failed: {type(err).__name__}: {err}"))


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Path | LoadError]:
    """Each document under the given files and folders, or the error that a path gives."""
    from .read.documents import find_documents

    for path in paths:
        try:
            yield from find_documents([path])
        except LoadError as err:
            yield err


def extract_documents(
    paths: Iterable[str | Path],
    *,
    workers: int = 1,
    on_progress: Callable[[int, int], None] | None = None,
) -> Iterator[ExtractionOutcome]:
    """Extract every document under ``paths``, in a stable order.

    Args:
        paths: files and folders (folders are searched recursively).
        workers: processes to use; 0 means one per core.
        on_progress: called with (documents done, documents total).

    Yields:
        One :class:`ExtractionOutcome` per document (or per path that failed to expand).
    """
    found = list(expand_paths(paths))
    files = [p for p in found if isinstance(p, Path)]
    for err in (e for e in found if isinstance(e, LoadError)):
        yield ExtractionOutcome(Path(err.path), error=err)
    total = len(files)
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or total <= 1:
        results: Iterable[ExtractionOutcome] = map(_outcome, files)
        for done, outcome in enumerate(results, 1):
            if on_progress:
                on_progress(done, total)
            yield outcome
        return
    with ProcessPoolExecutor(max_workers=min(workers, total)) as pool:
        for done, outcome in enumerate(pool.map(_outcome, files, chunksize=4), 1):
            if on_progress:
                on_progress(done, total)
            yield outcome
