"""Result rows (``list[dict]``) as plain values, JSON and CSV, the same for every reader.

The command line prints them and the workbench serves them for download; both
take the text of a cell from here, so a result reads the same wherever it is shown.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

# Lists inside one CSV or table cell are joined with this; it is also the
# array delimiter that ``neo4j-admin database import`` expects by default.
LIST_SEPARATOR = ";"


def plain_value(value: Any) -> Any:
    """Turn an engine value into plain JSON-compatible Python.

    LadybugDB returns ``Decimal`` for sums and both engines return dates and
    nested maps; JSON and CSV need plain numbers, strings, lists and dicts.

    Args:
        value: anything a store returned in a row.

    Returns:
        The same value built from ``None``, ``bool``, ``int``, ``float``,
        ``str``, ``list`` and ``dict`` only.

    Example:
        >>> plain_value(Decimal("3"))
        3
        >>> plain_value({"when": dt.date(2014, 5, 1), "n": [Decimal("1.5")]})
        {'when': '2014-05-01', 'n': [1.5]}
    """
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(key): plain_value(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [plain_value(item) for item in value]
    if hasattr(value, "iso_format"):  # neo4j.time types
        return value.iso_format()
    return str(value)


def plain_rows(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Apply :func:`plain_value` to every cell of every row."""
    return [{str(key): plain_value(item) for key, item in row.items()} for row in rows]


def column_names(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """Columns in the order they first appear (rows may differ in their keys).

    Example:
        >>> column_names([{"a": 1, "b": 2}, {"b": 3, "c": 4}])
        ['a', 'b', 'c']
    """
    seen: dict[str, None] = {}
    for row in rows:
        for key in row:
            seen.setdefault(str(key), None)
    return list(seen)


def cell_text(value: Any, separator: str = LIST_SEPARATOR) -> str:
    """One cell as text: lists joined with ``separator``, maps as JSON, ``None`` empty.

    Example:
        >>> cell_text(["省工信委", "江西省工信委"])
        '省工信委;江西省工信委'
        >>> cell_text(["省工信委", "江西省工信委"], separator=", ")
        '省工信委, 江西省工信委'
        >>> cell_text(None)
        ''
        >>> cell_text({"role": "lead"})
        '{"role": "lead"}'
        >>> cell_text(2.0)
        '2'
    """
    value = plain_value(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        if all(not isinstance(item, (list, dict)) for item in value):
            return separator.join(cell_text(item, separator) for item in value)
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def rows_to_json(rows: Iterable[Mapping[str, Any]]) -> str:
    """A JSON list of row objects, Chinese kept readable.

    Example:
        >>> rows_to_json([{"部门": "省工信委", "n": Decimal("2")}])
        '[\\n  {\\n    "部门": "省工信委",\\n    "n": 2\\n  }\\n]'
    """
    return json.dumps(plain_rows(rows), ensure_ascii=False, indent=2)


def rows_to_csv(rows: Sequence[Mapping[str, Any]]) -> str:
    """CSV text with a header line; an empty result gives an empty string.

    Example:
        >>> print(rows_to_csv([{"name": "光伏", "aliases": ["光伏产业"]}]), end="")
        name,aliases
        光伏,光伏产业
    """
    columns = column_names(rows)
    if not columns:
        return ""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell_text(row.get(column)) for column in columns])
    return buffer.getvalue()
