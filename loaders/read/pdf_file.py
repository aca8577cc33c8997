"""PDF files with a text layer → text, page by page (pypdf).

A PDF without extractable text (a scan) is an error with what to do about it,
not an empty document.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from io import BytesIO
from typing import NamedTuple

from policykg.errors import LoadError

_EOF = b"%%EOF"
"""A complete PDF ends with %%EOF; a cut download does not. What follows the last one (padding, a
server's error page appended by a download tool) is no part of the document and is dropped."""


class PdfText(NamedTuple):
    """The text of a PDF (pages joined by newlines) and its /Title, if any."""

    text: str
    title: str | None


@contextmanager
def _quiet_pypdf():
    """pypdf logs every repair it makes; a damaged file gets one LoadError instead."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR + 10)
    try:
        yield
    finally:
        logger.setLevel(level)


def _opens_without_password(reader) -> bool:
    """Many PDFs are encrypted with an empty user password only to restrict printing or copying."""
    try:
        return bool(reader.decrypt(""))
    except Exception:  # an unsupported cipher (pypdf needs the cryptography package for AES)
        return False


def read_pdf(path, data: bytes) -> PdfText:
    """Read the text layer of a PDF.

    Args:
        path: the file, for error messages.
        data: its bytes.

    Raises:
        LoadError: truncated or corrupt, encrypted, or scanned (no text layer).
    """
    from pypdf import PdfReader

    end = data.rfind(_EOF)
    if end < 0:
        raise LoadError(path, "not a readable PDF (truncated: no %%EOF at the end); download or export it again")
    data = data[: end + len(_EOF)]
    try:
        with _quiet_pypdf():
            reader = PdfReader(BytesIO(data), strict=False)
            if reader.is_encrypted and not _opens_without_password(reader):
                raise LoadError(path, "encrypted PDF; remove the password (e.g. qpdf --decrypt) and load the result")
            pages = [page.extract_text() or "" for page in reader.pages]
            info = reader.metadata
            title = str(info.title) if info is not None and info.title else None
    except LoadError:
        raise
    except Exception as err:  # pypdf raises many kinds (PdfReadError, KeyError, ValueError, ...) on damaged files
        raise LoadError(path, f"not a readable PDF (corrupt: {type(err).__name__}); export it again") from err
    if not pages:
        raise LoadError(path, "not a readable PDF (corrupt: no pages found); export it again")
    text = "\n".join(page.strip("\n") for page in pages)
    if not text.strip():
        raise LoadError(path, "scanned PDF with no text layer; run OCR first (e.g. ocrmypdf) and load the result")
    return PdfText(text, title)
