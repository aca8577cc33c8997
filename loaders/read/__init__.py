"""Reading: files of any supported format → text, with the document's metadata.

Formats (``.txt`` in any Chinese encoding, ``.html``, ``.docx``, ``.pdf``), encoding
detection, metadata (title, year, 文号, issuer) and input limits. Nothing here
extracts facts: :func:`read_document` hands a :class:`SourceDocument` to extraction.
"""

from .documents import SUPPORTED_SUFFIXES, SourceDocument, find_documents, read_document

__all__ = ["SUPPORTED_SUFFIXES", "SourceDocument", "find_documents", "read_document"]
