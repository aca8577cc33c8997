"""Files and folders in; documents out: verbatim text with its line structure, and metadata.

``read_document`` reads one file of any supported format into a
``SourceDocument``; ``find_documents`` expands folders. Every problem is a
``LoadError(path, problem)`` with a one-line problem.

The text is what downstream evidence must quote, so it is never rewritten:

* plain text is the decoded file, character for character. A byte-order mark
  is dropped; line endings (``\\r\\n`` too), full-width characters, spaces and
  TABs stay as they are. Tables saved as TAB-separated lines stay as they are.
* web pages, .docx and .pdf are rendered once into lines (see ``html_page``,
  ``docx_file`` and ``pdf_file``); that rendering is the document's text.

A large text file is not held in memory: reading it checks its encoding and
hashes it as a stream, and ``SourceDocument.chunks()`` decodes it from disk.
"""

from __future__ import annotations

import hashlib
import os
import stat
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from policykg.errors import LoadError

from .docx_file import read_docx
from .encoding import (
    HEAD_BYTES,
    candidate_encodings,
    check_decodes,
    declared_charset,
    decode_bytes,
    decode_head,
    decode_tail,
    iter_decoded,
    looks_like_html,
    sha256_file,
    sniff,
    split_at_lines,
)
from .html_page import PageTooDeep, html_to_text
from .limits import Limits, megabytes
from .metadata import DocumentMetadata, extract_metadata
from .pdf_file import read_pdf

__all__ = ["SUPPORTED_SUFFIXES", "DocumentMetadata", "SourceDocument", "find_documents", "read_document"]

SUPPORTED_SUFFIXES: frozenset[str] = frozenset(
    {".txt", ".text", ".md", ".tsv", ".html", ".htm", ".shtml", ".xhtml", ".docx", ".pdf"}
)
"""Suffixes picked up from folders. A file named explicitly is read whatever its suffix."""

_HTML_SUFFIXES = frozenset({".html", ".htm", ".shtml", ".xhtml"})
_TAIL_BYTES = 8192
_TAIL_CHARS = 4000
_CACHE_BYTES = 16 << 20
"""Text of files up to this size is kept once read; larger ones are decoded from disk on each use."""


@dataclass(eq=False)
class SourceDocument:
    """A document read from disk.

    Attributes:
        path: the file.
        name: its file name (the record's ``doc``).
        format: ``"text"``, ``"html"``, ``"docx"`` or ``"pdf"``.
        content_hash: SHA-256 (hex) of the file's bytes.
        size: the file's size in bytes.
        encoding: the codec the text or page was decoded with (``"utf-8"``,
            ``"utf-8-sig"`` for UTF-8 with a byte-order mark, ``"utf-16"``,
            ``"gb18030"`` …); None for .docx and .pdf.
        metadata: title, issuer, 文号, date and year.
    """

    path: Path
    name: str
    format: str
    content_hash: str
    size: int
    encoding: str | None
    metadata: DocumentMetadata
    _text: str | None = field(default=None, repr=False)

    @classmethod
    def from_text(cls, text: str, name: str = "text.txt") -> SourceDocument:
        """A document held in memory, as if read from a UTF-8 file called ``name``.

        Example:
            >>> doc = SourceDocument.from_text("关于推进光伏产业发展的通知\\n各设区市：\\n", "notice.txt")
            >>> doc.name, doc.metadata.title
            ('notice.txt', '关于推进光伏产业发展的通知')
        """
        data = text.encode("utf-8")
        return cls(
            path=Path(name),
            name=Path(name).name,
            format="text",
            content_hash=hashlib.sha256(data).hexdigest(),
            size=len(data),
            encoding="utf-8",
            metadata=extract_metadata(text, text[-_TAIL_CHARS:]),
            _text=text,
        )

    def chunks(self, max_chars: int = 1_000_000) -> Iterator[tuple[int, str]]:
        """The text in pieces: ``(offset of the piece in the text, piece)``.

        Pieces end at line ends (a single line longer than ``max_chars`` is
        cut), hold at most ``max_chars`` characters, and concatenate to exactly
        ``text``. A large text file is decoded from disk as it goes.

        Raises:
            ValueError: ``max_chars`` is below 1.
            LoadError: the file can no longer be read or decoded.
        """
        if max_chars < 1:
            raise ValueError("max_chars must be at least 1")
        if self._text is not None:
            return split_at_lines([self._text], max_chars)
        return self._stream(max_chars)

    def _stream(self, max_chars: int) -> Iterator[tuple[int, str]]:
        assert self.encoding is not None
        try:
            yield from split_at_lines(iter_decoded(self.path, self.encoding), max_chars)
        except UnicodeDecodeError as err:
            raise LoadError(
                self.path, f"cannot be decoded as {self.encoding}: the file changed after it was read"
            ) from err
        except OSError as err:
            raise LoadError(self.path, f"cannot read: {err.strerror or err}") from err

    @property
    def text(self) -> str:
        """The whole text (for ordinary documents; stream large ones with ``chunks()``)."""
        if self._text is not None:
            return self._text
        text = "".join(piece for _, piece in self.chunks())
        if self.size <= _CACHE_BYTES:
            self._text = text
        return text


def read_document(path: str | Path) -> SourceDocument:
    """Read one document: plain text, a web page, a .docx or a .pdf.

    The kind of file is told by its content; the suffix only decides between
    text and a web page when the markup does not say, and a .pdf or .docx must
    be one.

    Args:
        path: the file.

    Returns:
        The document, with its metadata read.

    Raises:
        LoadError: the file is missing, empty, binary, undecodable, truncated
            or corrupt, or a scanned PDF without text.

    Example:
        >>> doc = read_document("data/corpus/003_909b1875fc27441b.txt")  # doctest: +SKIP
        >>> doc.metadata.doc_number  # doctest: +SKIP
        '赣工信科技字[2011]144号'
    """
    source = Path(path)
    try:
        info = source.stat()
    except FileNotFoundError as err:
        raise LoadError(source, "no such file; check the path") from err
    except OSError as err:
        raise LoadError(source, f"cannot read: {err.strerror or err}") from err
    if stat.S_ISDIR(info.st_mode):
        raise LoadError(source, "is a folder, not a document; pass folders to find_documents() to list what is inside")
    if not stat.S_ISREG(info.st_mode):
        raise LoadError(source, "not a regular file")
    if info.st_size == 0:
        raise LoadError(source, "empty file")
    limit = Limits.from_env().document_bytes
    if info.st_size > limit:
        raise LoadError(
            source,
            f"{megabytes(info.st_size)} is over the {megabytes(limit)} limit for one document; "
            "raise POLICYKG_MAX_DOCUMENT_MB to read it",
        )
    try:
        with source.open("rb") as stream:
            head = stream.read(HEAD_BYTES)
        return _read(source, head, info.st_size)
    except OSError as err:
        raise LoadError(source, f"cannot read: {err.strerror or err}") from err


def _read(source: Path, head: bytes, size: int) -> SourceDocument:
    suffix = source.suffix.lower()
    kind, detail = sniff(head)
    if kind == "pdf":
        return _read_pdf(source)
    if kind == "zip":
        if suffix != ".docx" and not _is_docx_zip(source):
            raise LoadError(source, "binary file (ZIP archive), not a text document")
        return _read_docx(source)
    if suffix == ".pdf":
        raise LoadError(source, "not a readable PDF (no %PDF header: truncated or corrupt)")
    if suffix == ".docx":
        if kind == "ole":
            raise LoadError(source, "a legacy Word .doc named .docx; save it as .docx in Word and load that")
        raise LoadError(source, "not a readable .docx (truncated or corrupt zip)")
    if kind == "ole":
        raise LoadError(source, "legacy Office file (.doc/.xls, OLE format); save it as .docx and load that")
    if kind == "rtf":
        raise LoadError(source, "RTF file; save it as .docx or plain text and load that")
    if kind == "binary":
        what = f" ({detail})" if detail else ""
        raise LoadError(source, f"binary file{what}, not a text document")

    complete = size <= len(head)
    candidates = candidate_encodings(head, complete=complete)
    head_text = decode_head(head, candidates[0], complete=complete)
    if suffix in _HTML_SUFFIXES or looks_like_html(head_text):
        return _read_html(source)
    return _read_text(source, head, size, candidates)


def _undecodable(source: Path, tried: Iterable[str]) -> LoadError:
    names = ", ".join(dict.fromkeys(name.upper().replace("-SIG", " with BOM") for name in ["utf-8", *tried]))
    return LoadError(source, f"cannot be decoded as text (tried {names}); save it as UTF-8")


def _read_text(source: Path, head: bytes, size: int, candidates: list[str]) -> SourceDocument:
    complete = size <= len(head)
    text: str | None = None
    if complete:
        decoded = decode_bytes(head, candidates)
        if decoded is None:
            raise _undecodable(source, candidates)
        text, encoding = decoded
        has_text = bool(text.strip())
        content_hash = hashlib.sha256(head).hexdigest()
    else:
        for encoding in candidates:
            check = check_decodes(source, encoding)
            if check.decodes:
                break
        else:
            raise _undecodable(source, candidates)
        has_text = check.has_text
        content_hash, size = sha256_file(source)
    if not has_text:
        raise LoadError(source, "empty file (white space only)")

    if text is not None:
        head_text, tail_text = text, text[-_TAIL_CHARS:]
    else:
        head_text = decode_head(head, encoding, complete=False)
        with source.open("rb") as stream:
            stream.seek(max(size - _TAIL_BYTES, 0))
            tail_text = decode_tail(stream.read(), encoding, head)
    return SourceDocument(
        path=source,
        name=source.name,
        format="text",
        content_hash=content_hash,
        size=size,
        encoding=encoding,
        metadata=extract_metadata(head_text, tail_text),
        _text=text,
    )


def _read_html(source: Path) -> SourceDocument:
    data = source.read_bytes()
    candidates = candidate_encodings(
        data[:HEAD_BYTES], complete=len(data) <= HEAD_BYTES, declared=declared_charset(data)
    )
    decoded = decode_bytes(data, candidates)
    if decoded is None:
        raise _undecodable(source, candidates)
    markup, encoding = decoded
    try:
        page = html_to_text(markup)
    except PageTooDeep as err:
        raise LoadError(source, f"web page with {err}") from err
    except Exception as err:  # html.parser is lenient; anything it still trips on is a broken page
        raise LoadError(source, f"not a readable web page ({type(err).__name__})") from err
    if not page.text.strip():
        raise LoadError(source, "web page with no article text (empty, or the text is loaded by scripts)")
    metadata = extract_metadata(page.text, page.text[-_TAIL_CHARS:], fields=page.fields, title_hints=page.title_hints)
    return SourceDocument(
        path=source,
        name=source.name,
        format="html",
        content_hash=hashlib.sha256(data).hexdigest(),
        size=len(data),
        encoding=encoding,
        metadata=metadata,
        _text=page.text,
    )


def _is_docx_zip(source: Path) -> bool:
    try:
        with zipfile.ZipFile(source) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError):
        return False


def _read_docx(source: Path) -> SourceDocument:
    data = source.read_bytes()
    text, title = read_docx(source, data)
    if not text.strip():
        raise LoadError(source, "empty document (the .docx holds no text)")
    return _packaged(source, data, "docx", text, title)


def _read_pdf(source: Path) -> SourceDocument:
    data = source.read_bytes()
    text, title = read_pdf(source, data)
    return _packaged(source, data, "pdf", text, title)


def _packaged(source: Path, data: bytes, fmt: str, text: str, title: str | None) -> SourceDocument:
    return SourceDocument(
        path=source,
        name=source.name,
        format=fmt,
        content_hash=hashlib.sha256(data).hexdigest(),
        size=len(data),
        encoding=None,
        metadata=extract_metadata(text, text[-_TAIL_CHARS:], title_hints=[title] if title else []),
        _text=text,
    )


def _is_hidden(name: str) -> bool:
    # "~$x.docx" is the lock file Word leaves next to an open document.
    return name.startswith((".", "~$"))


def _documents_in(folder: Path) -> list[Path]:
    def refuse(err: OSError) -> None:
        raise LoadError(err.filename or folder, f"cannot list folder: {err.strerror or err}") from err

    found = []
    for directory, subdirectories, files in os.walk(folder, onerror=refuse):
        subdirectories[:] = [d for d in subdirectories if not _is_hidden(d) and d != "__pycache__"]
        for name in files:
            if not _is_hidden(name) and Path(name).suffix.lower() in SUPPORTED_SUFFIXES:
                found.append(Path(directory, name))
    return sorted(found)


def find_documents(paths: Iterable[str | Path]) -> list[Path]:
    """The documents named by files and folders.

    A file is taken as given, whatever its suffix (``read_document`` looks at
    its content). A folder is searched recursively for files with a suffix in
    ``SUPPORTED_SUFFIXES``, in sorted order, skipping hidden files and folders
    and Word lock files. A document reached twice is listed once.

    Args:
        paths: files and folders.

    Returns:
        The documents, in the order given (each folder's files sorted).

    Raises:
        LoadError: a path does not exist, or a folder holds no documents.
    """
    found: list[Path] = []
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            inside = _documents_in(path)
            if not inside:
                suffixes = " ".join(sorted(SUPPORTED_SUFFIXES))
                raise LoadError(path, f"folder holds no documents (looked for {suffixes})")
        elif path.exists():
            inside = [path]
        else:
            raise LoadError(path, "no such file or folder")
        for document in inside:
            key = document.resolve()
            if key not in seen:
                seen.add(key)
                found.append(document)
    return found
