"""Kill-safety of the embedded store: builds on a copy renamed into place, and a probe before opening.

LadybugDB 0.22 does not always survive a process killed while it writes: a
write-ahead log (``STORE.wal``) left by a load killed before its checkpoint can
bring down, when it is replayed, every process that opens the file (a
segmentation fault, in ``stats`` as in ``build``), and a log of a bulk
(``COPY``) transaction killed after its commit replays without most of its
rows while the documents' fingerprints say they are loaded. So a build never
writes the store in place:

* :func:`staged_store` copies the store (its log folded in first) to
  ``STORE.build``, loads into the copy, folds the copy's log into it and
  renames it over the store. A build killed at any point leaves the store as
  it was (and a ``STORE.build`` the next build overwrites); readers see the
  old graph until the new one is complete.
* :func:`probe` opens a store that has a log in a child process first, so that
  a log the engine cannot replay gives a message rather than a crash;
  :func:`staged_store` sets such a log aside (``STORE.wal.broken``) and the
  store falls back to its last checkpoint, which the build then brings up to
  date from the documents.
* :func:`describe_open_error` tells a store another process holds from a
  damaged one, and says how to rebuild the latter; :func:`diagnose` (``policykg
  doctor``) reads the whole store and checks it against its documents' records.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from policykg.errors import StoreError

if TYPE_CHECKING:
    from .store import GraphStore

STAGING_SUFFIX = ".build"
BROKEN_LOG_SUFFIX = ".wal.broken"
PROBE_TIMEOUT_S = 120

# Opens the store read-only and reads its catalogue: what every command does first.
_PROBE = """
import sys, ladybug
database = ladybug.Database(sys.argv[1], read_only=True, buffer_pool_size=64 * 1024 * 1024)
connection = ladybug.Connection(database)
connection.execute("CALL show_tables() RETURN *").get_all()
"""


def log_path(path: str | Path) -> Path:
    """The write-ahead log the engine keeps beside ``path``.

    Example:
        >>> log_path("/data/policykg.lbug").name
        'policykg.lbug.wal'
    """
    path = Path(path)
    return path.with_name(path.name + ".wal")


def staging_path(path: str | Path) -> Path:
    """Where a build writes before its result replaces ``path``.

    Example:
        >>> staging_path("/data/policykg.lbug").name
        'policykg.lbug.build'
    """
    path = Path(path)
    return path.with_name(path.name + STAGING_SUFFIX)


def probe(path: str | Path) -> str | None:
    """Open ``path`` read-only in a child process; what went wrong if the child died, else None.

    Only a store with a write-ahead log is probed (replaying the log is what
    crashes); an error the engine raises is left to the caller, which gets it
    in-process.

    Returns:
        None when the store opens (or raises an ordinary error); otherwise a
        phrase such as ``"the engine crashed (SIGSEGV) replaying STORE.wal"``.
    """
    path = Path(path)
    log = log_path(path)
    if not path.is_file() or not log.is_file() or log.stat().st_size == 0:
        return None
    try:
        child = subprocess.run([sys.executable, "-c", _PROBE, str(path)], capture_output=True, timeout=PROBE_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return f"the engine did not finish replaying {log.name} in {PROBE_TIMEOUT_S} s"
    if child.returncode >= 0:
        return None
    try:
        name = signal.Signals(-child.returncode).name
    except ValueError:
        name = f"signal {-child.returncode}"
    return f"the engine crashed ({name}) replaying {log.name}, the log of a write that was killed"


def damaged_log_message(path: Path, problem: str) -> str:
    """One line for a store whose log cannot be replayed: what happened and what to do."""
    return (
        f"{path}: cannot be opened: {problem}; `policykg build PATH --db {path}` sets the log aside "
        f"and brings the store up to date from the documents (or rebuild into a fresh file)"
    )


def lock_is_held(path: Path) -> bool:
    """Whether another process holds the engine's write lock on ``path`` (a POSIX lock on the file)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        # A shared test lock, never kept: it conflicts only with another process's write lock.
        fcntl.lockf(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)
    return False


def describe_open_error(path: Path, err: Exception) -> str:
    """The one line for a store the engine refused to open: busy, or damaged and how to rebuild it."""
    message = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
    if "lock" in message.lower() or lock_is_held(path):
        return f"{path}: cannot open the embedded store ({message}); is another process writing it? Close it, or open this one read-only"
    return f"{path}: the store is damaged and cannot be read ({message}); {rebuild_advice(path)}"


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove(*paths: Path) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


def _engine_files(path: Path) -> list[Path]:
    """The files the engine keeps beside ``path`` (``.wal``, ``.wal.checkpoint``, ...)."""
    return [sibling for sibling in path.parent.glob(path.name + ".*") if sibling.is_file()]


def _fold_log(path: Path) -> None:
    """Replay and checkpoint ``path``'s write-ahead log into the file (the engine does so when it closes)."""
    import ladybug

    database = ladybug.Database(str(path), buffer_pool_size=64 * 1024 * 1024)
    try:
        connection = ladybug.Connection(database)
        connection.execute("CHECKPOINT")
        connection.close()
    finally:
        database.close()


@contextmanager
def staged_store(path: str | Path, notes: list[str] | None = None) -> Iterator[Path]:
    """A copy of the store at ``path`` to build into; it replaces ``path`` when the block ends without error.

    Args:
        path: the embedded store file (it need not exist yet).
        notes: receives one line for each thing done to recover the store
            (a log set aside).

    Yields:
        The path of the copy (``STORE.build``); open it with ``EmbeddedStore``
        and close it before the block ends.

    Raises:
        StoreError: ``path`` is a folder, another build is writing it, or the
            engine refuses the store.
    """
    path = Path(path)
    notes = [] if notes is None else notes
    if path.is_dir():
        raise StoreError(f"{path}: is a folder; --db names the database file, e.g. {path / 'policykg.lbug'}")
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = staging_path(path)
    lock_fd = os.open(staging, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as err:
        os.close(lock_fd)
        raise StoreError(
            f"{path}: another build is writing this store ({staging.name} is locked); wait for it to end"
        ) from err
    try:
        _prepare_staging(path, staging, notes)
        yield staging
        if log_path(staging).exists():  # closed without its checkpoint: fold the log in before the rename
            _fold_log(staging)
        _fsync(staging)
        if lock_is_held(path):
            raise StoreError(f"{path}: another process opened the store for writing during the build, "
                             "which was not kept; close the other process and build again")  # fmt: skip
        if log_path(path).exists():
            # Written by another process since the copy was taken: those writes are lost with the old file.
            os.replace(log_path(path), path.with_name(path.name + BROKEN_LOG_SUFFIX))
            notes.append(
                f"{path}: {log_path(path).name} was written during the build; kept as {path.name + BROKEN_LOG_SUFFIX}"
            )
        os.replace(staging, path)
        _fsync(path.parent)
    except Exception:
        _remove(staging, *_engine_files(staging))  # the store is as it was; a rerun starts afresh
        raise
    finally:
        os.close(lock_fd)


def _prepare_staging(path: Path, staging: Path, notes: list[str]) -> None:
    """Fill ``staging`` with the store as it stands (its log folded in), or leave it absent for a new store."""
    # A build killed earlier may have left them; the store itself is intact. The copy is emptied,
    # not removed: the lock that keeps a second build out is held on it.
    _remove(*_engine_files(staging))
    os.truncate(staging, 0)
    if not path.exists():
        return  # an empty file is a new store to the engine
    if lock_is_held(path):
        raise StoreError(f"{path}: another process is writing the store; close it, then build again")
    problem = probe(path)
    if problem is not None:
        broken = path.with_name(path.name + BROKEN_LOG_SUFFIX)
        os.replace(log_path(path), broken)
        notes.append(f"{path}: {problem}; set it aside as {broken.name} and went back to the store's last checkpoint")
    if log_path(path).exists():
        try:
            _fold_log(path)
        except Exception as err:  # noqa: BLE001 - the engine raises RuntimeError for everything
            raise StoreError(describe_open_error(path, err)) from err
    shutil.copyfile(path, staging)


def rebuild_advice(path: str | Path) -> str:
    """The way back for a damaged store: a build into a fresh file, then the fresh file in its place."""
    path = Path(path)
    fresh = path.with_name(path.stem + "-rebuilt" + path.suffix)
    return f"rebuild it into a fresh file: `policykg build PATH --db {fresh}`, then use {fresh.name} (or move it over {path.name})"


def diagnose(store: GraphStore) -> tuple[list[str], list[str]]:
    """Everything wrong with a store: engine errors reading any node or relationship, and the build's check.

    The check compares each document's relationships and mentions in the store
    with the counts its record produced (kept on the Document node when it was
    loaded), looks for relationships without a document or evidence and nodes
    no document mentions, and recomputes the derived properties; damage to the
    file shows as a difference there or as an error of the engine.

    Returns:
        One line per problem (empty when the store is sound), and one per
        warning that is no damage (relationships loaded without evidence).
    """
    from policykg.errors import PolicyKGError

    from . import schema, statements

    problems: list[str] = []
    for label in schema.NODE_LABELS:
        try:
            store.run(statements.every_node(label))
        except PolicyKGError as err:
            problems.append(f"reading the {label} nodes failed ({str(err).splitlines()[0]})")
    for rel_type in schema.RELATIONSHIP_TYPES:
        try:
            store.run(statements.every_relationship(rel_type))
        except PolicyKGError as err:
            problems.append(f"reading the {rel_type} relationships failed ({str(err).splitlines()[0]})")
    try:
        check = store.check()
    except PolicyKGError as err:
        problems.append(f"checking the documents failed ({str(err).splitlines()[0]})")
    else:
        warnings = [f"{n} {rel_type} relationships without evidence" for rel_type, n in check.missing_evidence.items()]
        return problems + [line for line in check.problems() if line not in warnings], warnings
    return problems, []
