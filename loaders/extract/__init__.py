"""Extraction: a document's text → one :class:`~policykg.models.Record`.

Segmentation, mentions of bodies, sectors, parks, firms and events, the units of
responsibility statements and the tasks they cover, targets, and the record
builder. The algorithms live here; the language data they use is in ``loaders/lang/``.
"""

from .extractor import Extractor, RecordBuilder

__all__ = ["Extractor", "RecordBuilder"]
