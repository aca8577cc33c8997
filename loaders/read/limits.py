"""Input limits: how large a document, a .docx part and a page's nesting may be.

Policy documents are small (the largest of the project's real documents is under 200 KB);
the limits keep a mistaken input — a database dump, a zip bomb, a generated page — from
running for minutes. Each limit is set by an environment variable:

- ``POLICYKG_MAX_DOCUMENT_MB`` (default 16): the size of one document file;
- ``POLICYKG_MAX_DOCX_PART_MB`` (default 64): the inflated size of any part of a .docx;
- ``POLICYKG_MAX_PAGE_DEPTH`` (default 4096): how deeply a web page's elements may nest.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    document_bytes: int = 16 * MB
    docx_part_bytes: int = 64 * MB
    page_depth: int = 4096

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Limits:
        """The limits the environment sets, the defaults elsewhere.

        >>> Limits.from_env({"POLICYKG_MAX_DOCUMENT_MB": "2"}).document_bytes
        2097152
        >>> Limits.from_env({}).page_depth
        4096
        """
        env = os.environ if env is None else env
        default = cls()

        def number(name: str, fallback: float) -> float:
            value = env.get(name, "").strip()
            try:
                return float(value) if value else fallback
            except ValueError:
                return fallback

        return cls(
            document_bytes=int(number("POLICYKG_MAX_DOCUMENT_MB", default.document_bytes / MB) * MB),
            docx_part_bytes=int(number("POLICYKG_MAX_DOCX_PART_MB", default.docx_part_bytes / MB) * MB),
            page_depth=int(number("POLICYKG_MAX_PAGE_DEPTH", default.page_depth)),
        )


def megabytes(size: int) -> str:
    """A size for a message: ``52.4 MB``."""
    return f"{size / MB:.1f} MB"
