"""One exception root for the project, with a subclass per pipeline stage.

Every message says what went wrong *and* what to do next; callers chain the
underlying error with ``raise ... from err``.
"""

from __future__ import annotations

from pathlib import Path

NOT_UTF8_NAME = "the file name is not valid UTF-8; rename the file (e.g. `convmv -f gbk -t utf-8 --notest FILE`)"


def printable(path: str | Path) -> str:
    """A path as text that can always be printed: bytes that are not UTF-8 shown as ``\\xNN``.

    Example:
        >>> print(printable(b"data/\\xb9\\xe2\\xb7\\xfc.txt".decode("utf-8", "surrogateescape")))
        data/\\xb9\\xe2\\xb7\\xfc.txt
        >>> printable("data/光伏.txt")
        'data/光伏.txt'
    """
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def is_printable(path: str | Path) -> bool:
    """Whether ``path`` is valid UTF-8 text (a name read from disk that was not holds lone surrogates).

    Example:
        >>> is_printable("光伏.txt"), is_printable(b"\\xff.txt".decode("utf-8", "surrogateescape"))
        (True, False)
    """
    return printable(path) == str(path)


class PolicyKGError(Exception):
    """Root of every error the project raises on purpose."""


class LoadError(PolicyKGError):
    """A file could not be read as a policy document.

    Args:
        path: the file (or folder) at fault; it starts the message so that a
            batch run can print one line per bad input.
        problem: what is wrong with it, in words a user can act on.
    """

    def __init__(self, path: str | Path, problem: str):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class ModelMissingError(PolicyKGError):
    """The spacy-pkuseg segmentation model is not installed and could not be fetched."""


class ExtractionError(PolicyKGError):
    """A document was read but could not be turned into a record."""


class SchemaError(PolicyKGError):
    """A record breaks the ONTOLOGY contract (unknown label, missing name, ...)."""


class StoreError(PolicyKGError):
    """The graph store refused an operation or could not be reached."""


class QueryError(StoreError):
    """A Cypher query failed: syntax, unknown canned query, missing parameter, or a refused write."""


class NameNotFound(QueryError):
    """A name that no entity of the wanted labels carries; the message lists the nearest names."""


class AmbiguousName(QueryError):
    """A name that fits bodies of more than one jurisdiction; the message lists them and how to pick one."""
