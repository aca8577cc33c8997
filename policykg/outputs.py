"""Writing output files safely: never over an input or a graph store, and all or nothing.

Every file a command writes (records, exports, views) is written to a
temporary file beside it and renamed into place once complete, so a failure
(a full disk, an error half-way, a killed process) leaves the old file or
none, never a part. Before anything is written, an output that is one of the
command's inputs or a graph store is refused in one line.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import PolicyKGError

# The first bytes of a LadybugDB database file.
STORE_MAGIC = b"LBUG"


class OutputError(PolicyKGError):
    """An output path that may not or cannot be written; the message starts with the path."""

    def __init__(self, path: str | Path, problem: str):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


def is_store(path: str | Path) -> bool:
    """Whether ``path`` is an embedded graph store (or its write-ahead log).

    Example:
        >>> is_store("/no/such/file.lbug")
        False
    """
    target = Path(path)
    if target.name.endswith(".wal") and target.with_name(target.name[: -len(".wal")]).is_file():
        return is_store(target.with_name(target.name[: -len(".wal")]))
    try:
        with target.open("rb") as handle:
            return handle.read(len(STORE_MAGIC)) == STORE_MAGIC
    except OSError:
        return False


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def check_output(output: str | Path, *, inputs: Iterable[str | Path] = (), stores: Iterable[str | Path] = ()) -> Path:
    """Refuse an output path that is an input, a store, or a folder; returns it as a ``Path``.

    Args:
        output: the file the command will write.
        inputs: the files the command reads.
        stores: the store files the command opens (their ``.wal`` is refused too).

    Raises:
        OutputError: naming the output and why it is refused.

    Example:
        >>> check_output("records.jsonl", inputs=["a.txt"]).name
        'records.jsonl'
    """
    target = Path(output)
    resolved = target.resolve()
    for store in stores:
        store_path = Path(store).resolve()
        if resolved in (store_path, store_path.with_name(store_path.name + ".wal")) or _same_file(target, store_path):
            raise OutputError(target, "is the graph store this command reads; choose another output file")
    if is_store(target):
        raise OutputError(target, "is a graph store; writing there would destroy it, choose another output file")
    for path in inputs:
        source = Path(path)
        if resolved == source.resolve() or _same_file(target, source):
            raise OutputError(
                target, "is also an input of this command; writing it would destroy it, choose another output file"
            )
    if target.is_dir():
        raise OutputError(target, "is a folder; give the file to write")
    return target


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """A temporary path beside ``path`` to write; renamed to ``path`` when the block ends without error.

    Raises:
        OutputError: the folder cannot be made or written, or the rename fails.

    Example:
        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> with atomic_path(folder / "a.txt") as temporary:
        ...     _ = temporary.write_text("done")
        >>> (folder / "a.txt").read_text(), sorted(p.name for p in folder.iterdir())
        ('done', ['a.txt'])
    """
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
        os.close(handle)
    except OSError as err:
        raise OutputError(target, f"cannot be written ({err.strerror or err}); choose another output path") from err
    temporary = Path(name)
    try:
        yield temporary
        _fsync(temporary)
        mode = 0o666 & ~_umask()
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except OSError as err:
        temporary.unlink(missing_ok=True)
        raise OutputError(target, f"cannot be written ({err.strerror or err}); nothing was changed there") from err
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _fsync(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
