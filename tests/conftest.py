"""Fixtures shared by the test modules; each group is marked with the tests that use it."""

# ---- graph store fixtures (tests/test_store.py, tests/test_load.py, tests/test_cli_store.py) ----
import json as _json
from pathlib import Path as _Path

import pytest as _pytest

from policykg.models import Record as _Record

GOLD_DIR = _Path(__file__).resolve().parent / "data" / "gold"
# Keys the gold files carry for scoring that the extraction record does not have.
_GOLD_ONLY_KEYS = ("optional", "unit_evidence", "measure")


def gold_record(path: str | _Path) -> _Record:
    """A gold file as a ``Record``: scoring-only keys dropped, an entity's ``date`` moved into ``attributes``."""
    data = _json.loads(_Path(path).read_text(encoding="utf-8"))
    for entity in data.get("entities", []):
        for key in _GOLD_ONLY_KEYS:
            entity.pop(key, None)
        if "date" in entity:
            entity.setdefault("attributes", {})["date"] = entity.pop("date")
    for item in (*data.get("facts", []), *data.get("targets", [])):
        for key in _GOLD_ONLY_KEYS:
            item.pop(key, None)
    return _Record.model_validate(data)


@_pytest.fixture(scope="session")
def gold_records() -> list[_Record]:
    """The gold records of the sample corpus (``tests/data/gold/*.json``), in file order."""
    return [gold_record(path) for path in sorted(GOLD_DIR.glob("*.json"))]


# ---- end of graph store fixtures ----
