"""Print result rows (``list[dict]``) as a terminal table, JSON or CSV.

Every command that prints query results goes through :func:`print_rows`, so a
result looks the same whether it came from a canned query, ad-hoc Cypher or an
analysis: a rich table for a person at a terminal, a JSON list of row objects
or CSV with a header for pipes and spreadsheets.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from rich.cells import cell_len
from rich.console import Console, Group
from rich.table import Table

from ..graph.results import cell_text, column_names, rows_to_csv, rows_to_json

OUTPUT_FORMATS: tuple[str, ...] = ("table", "json", "csv")

TABLE_LIST_SEPARATOR = ", "
# Terminal cells (a Chinese character takes two) up to which a table column is never wrapped,
# and the least width worth giving a long column; rows wider than the terminal print as records.
SHORT_CELL = 26
LONG_CELL = 30


def _cells(rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> list[list[str]]:
    return [[cell_text(row.get(column), TABLE_LIST_SEPARATOR) for column in columns] for row in rows]


def table_width(rows: Sequence[Mapping[str, Any]]) -> int:
    """Terminal cells a table of ``rows`` needs: short columns whole, long ones at least ``LONG_CELL`` wide.

    Example:
        >>> table_width([{"role": "lead", "evidence": "省工信委牵头" * 20}])
        41
    """
    columns = column_names(rows)
    cells = _cells(rows, columns)
    width = 1
    for index, column in enumerate(columns):
        widest = max([cell_len(column), *(cell_len(line[index]) for line in cells)])
        width += (widest if widest <= SHORT_CELL else LONG_CELL) + 3
    return width


def rows_to_table(rows: Sequence[Mapping[str, Any]], title: str | None = None, no_wrap: Iterable[str] = ()) -> Table:
    """A rich table with one column per key; long evidence wraps inside its cell.

    Short values (names, roles, years) and the columns named in ``no_wrap``
    stay on one line; long ones (evidence, lists) wrap in the width left.
    """
    table = Table(title=title, show_lines=False, header_style="bold")
    columns = column_names(rows)
    cells = _cells(rows, columns)
    keep_whole = set(no_wrap)
    for index, column in enumerate(columns):
        widest = max([cell_len(column), *(cell_len(line[index]) for line in cells)])
        whole = column in keep_whole or widest <= SHORT_CELL
        table.add_column(column, overflow="fold", no_wrap=whole, min_width=widest if whole else None)
    for line in cells:
        table.add_row(*line)
    return table


def rows_to_columns(rows: Sequence[Mapping[str, Any]]) -> str:
    """Plain text, a header line and one line per row, columns aligned with spaces (a Chinese character is two).

    What a table becomes when stdout is a pipe or a terminal too narrow for boxes: it greps,
    sorts and pages like any command's output. The last column is not padded.

    Example:
        >>> print(rows_to_columns([{"部门": "省工信委", "n": 2}, {"部门": "省商务厅", "n": 10}]), end="")
        部门      n
        省工信委  2
        省商务厅  10
    """
    columns = column_names(rows)
    lines = [list(columns), *_cells(rows, columns)]
    lines = [[cell.replace("\n", " ").replace("\t", " ") for cell in line] for line in lines]
    widths = [max(cell_len(line[index]) for line in lines) for index in range(len(columns))]
    out = []
    for line in lines:
        padded = [cell + " " * (widths[index] - cell_len(cell)) for index, cell in enumerate(line[:-1])]
        out.append("  ".join([*padded, line[-1]]).rstrip())
    return "\n".join(out) + "\n"


def rows_to_records(rows: Sequence[Mapping[str, Any]], title: str | None = None) -> Group:
    """Rows too wide for the terminal, one block per row: field names down the left, values folded."""
    columns = column_names(rows)
    blocks: list[Table] = []
    for number, line in enumerate(_cells(rows, columns), start=1):
        block = Table(
            title=f"{title or 'row'} {number}/{len(rows)}", title_justify="left", show_header=False, expand=True
        )
        block.add_column("field", style="bold", no_wrap=True)
        block.add_column("value", overflow="fold", ratio=1)
        for column, value in zip(columns, line, strict=True):
            block.add_row(column, value)
        blocks.append(block)
    return Group(*blocks)


def print_rows(
    rows: Sequence[Mapping[str, Any]],
    output_format: str,
    console: Console,
    *,
    title: str | None = None,
    status: Console | None = None,
    no_wrap: Iterable[str] = (),
    caption: bool = False,
) -> None:
    """Print rows to ``console`` in ``output_format`` (``table``, ``json`` or ``csv``).

    Args:
        rows: the result rows.
        output_format: one of :data:`OUTPUT_FORMATS`.
        console: where the result goes (stdout).
        title: a caption for the table format.
        status: where "no rows" is reported for the table format (stderr), so
            that an empty table leaves stdout empty.
        no_wrap: table columns kept on one line.
        caption: also head plain columns (a pipe, a narrow terminal) with ``# title``, where
            several results follow one another.

    Raises:
        ValueError: for an unknown format.
    """
    if output_format == "json":
        _write_raw(console, rows_to_json(rows) + "\n")
    elif output_format == "csv":
        _write_raw(console, rows_to_csv(rows))
    elif output_format == "table":
        if not rows:
            (status or console).print("(no rows)")
        elif console.is_terminal and table_width(rows) <= console.width:
            console.print(rows_to_table(rows, title=title, no_wrap=no_wrap))
        else:  # piped, or too narrow for boxes: one line per row, columns aligned
            _write_raw(console, (f"# {title}\n" if title and caption else "") + rows_to_columns(rows))
    else:
        raise ValueError(f"unknown output format {output_format!r}; use one of {', '.join(OUTPUT_FORMATS)}")


def _write_raw(console: Console, text: str) -> None:
    # JSON and CSV must reach the pipe byte for byte: no rich markup, wrapping or highlighting.
    stream = console.file
    stream.write(text)
    stream.flush()
