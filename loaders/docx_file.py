"""Word ``.docx`` files → text: paragraphs and tables in body order.

A table row becomes one line of TAB-joined cell texts. python-docx reports a
cell merged across columns once per grid column; it is written once. A cell
merged down several rows is repeated in each of them (as python-docx gives
it), so every row of a project table carries its 责任单位. Automatic list
numbers (1. / （一）) are not part of the paragraph text in Word and are not
added.
"""

from __future__ import annotations

import zipfile
import zlib
from io import BytesIO
from typing import NamedTuple

from policykg.errors import LoadError


class DocxText(NamedTuple):
    """The text of a .docx and the title from its document properties (may be empty)."""

    text: str
    title: str | None


def _cell_text(cell) -> str:
    pieces: list[str] = []
    for block in cell.iter_inner_content():
        if hasattr(block, "rows"):
            pieces.extend(" ".join(_row_values(row)) for row in block.rows)
        else:
            pieces.append(block.text)
    joined = " ".join(p.strip() for p in pieces if p and p.strip())
    return " ".join(joined.replace("\t", " ").split("\n"))


def _row_values(row) -> list[str]:
    values: list[str] = []
    previous = None
    for cell in row.cells:
        if previous is not None and cell._tc is previous:  # merged across columns: once
            continue
        previous = cell._tc
        values.append(_cell_text(cell))
    return values


def _body_lines(document) -> list[str]:
    lines: list[str] = []
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):
            for row in block.rows:
                values = _row_values(row)
                if any(values):
                    lines.append("\t".join(values))
        else:
            text = block.text
            if text.strip():
                lines.extend(line for line in text.split("\n") if line.strip())
    return lines


def read_docx(path, data: bytes) -> DocxText:
    """Read a .docx's body text.

    Args:
        path: the file, for error messages.
        data: its bytes.

    Raises:
        LoadError: the file is not a readable .docx.
    """
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as err:
        raise LoadError(path, "not a readable .docx (truncated or corrupt zip)") from err
    if "word/document.xml" not in names:
        raise LoadError(path, "not a .docx: the zip holds no word/document.xml (an .xlsx, .pptx or other archive?)")
    try:
        document = docx.Document(BytesIO(data))
        lines = _body_lines(document)
        title = document.core_properties.title or None
    except (zipfile.BadZipFile, zlib.error, EOFError) as err:
        raise LoadError(path, "not a readable .docx (truncated or corrupt zip)") from err
    except PackageNotFoundError as err:
        raise LoadError(path, "not a readable .docx (its package structure is broken); re-save it in Word") from err
    except Exception as err:  # lxml and python-docx raise many kinds on damaged XML
        raise LoadError(path, f"not a readable .docx (damaged content: {type(err).__name__}); re-save it in Word") from err
    return DocxText("\n".join(lines), title)
