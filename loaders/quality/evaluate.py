"""Scoring extraction records against gold records, as ONTOLOGY.md "Scoring" defines it.

One gold record and one system record per document, matched by the file name of
their ``doc`` field. Per document, and summed over documents:

- ``entity:<Label>``: a system entity is right when its name or one of its aliases
  names a gold entity of the same label; a gold entity is found when some system
  entity names it.
- ``fact:<REL>`` (``fact:RESPONSIBLE_FOR-><tail label>`` for RESPONSIBLE_FOR): a
  fact matches on (rel, head, tail). A head or tail may also use any other name
  the system record's own entity gives the same thing, provided those names lead
  to exactly one gold entity.
- ``targets``: (value, unit, year), and the subject where the gold names one.
- ``evidence``: the share of scored system facts whose evidence is a verbatim
  span of the document text (only when the text is available).
- ``fact:ALL`` and ``entity:ALL`` pool the counts of their rows.

Gold items marked ``"optional": true`` are neither rewarded nor penalised; a gold
fact about an optional entity is optional, and a system item that can only mean
optional gold items is left out of the counts altogether.

The JSON form of a report (``EvaluationReport.to_json``) has the shape
``{"rows": {...}, "docs": {...}, "missing": [...]}``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path, PurePath
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from policykg.errors import LoadError, SchemaError
from policykg.names import comparison_key

from ..read.documents import read_document

HEADLINE_ROW = "fact:RESPONSIBLE_FOR->Industry"
EVIDENCE_ROW = "evidence"
TARGETS_ROW = "targets"
ALL_FACTS_ROW = "fact:ALL"
ALL_ENTITIES_ROW = "entity:ALL"
# The tail label of a RESPONSIBLE_FOR fact whose tail names no gold entity.
UNKNOWN_LABEL = "?"


RecordSource = Path | str | Sequence[Mapping[str, Any] | BaseModel]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Counts(_Model):
    """The four tallies behind one row.

    ``tp_sys`` of ``n_sys`` system items are right (precision); ``tp_gold`` of
    ``n_gold`` gold items are found (recall). For the evidence row ``n_sys`` is
    the number of facts checked and ``tp_sys`` the number with verbatim evidence.
    """

    tp_sys: int = 0
    n_sys: int = 0
    tp_gold: int = 0
    n_gold: int = 0

    def precision_recall_f1(self) -> tuple[float, float, float]:
        """Unrounded precision, recall and F1 (see :func:`prf`)."""
        return prf(self.tp_sys, self.n_sys, self.tp_gold, self.n_gold)

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            tp_sys=self.tp_sys + other.tp_sys,
            n_sys=self.n_sys + other.n_sys,
            tp_gold=self.tp_gold + other.tp_gold,
            n_gold=self.n_gold + other.n_gold,
        )


class Score(_Model):
    """One row of the report, rounded to three decimals.

    For the ``evidence`` row, ``p`` is the share of verbatim evidence, ``sys`` the
    number of facts checked and ``gold`` the number whose evidence is verbatim;
    ``r`` and ``f1`` are 0.
    """

    p: float
    r: float
    f1: float
    sys: int
    gold: int


class EvaluationReport(_Model):
    """Scores of a set of system records against the gold records.

    Attributes:
        rows: measure name → score, label and relationship rows in name order,
            then ``fact:ALL`` and ``entity:ALL``.
        counts: measure name → the tallies behind ``rows`` (without the pooled rows).
        per_doc: gold document → F1 of its ``fact:RESPONSIBLE_FOR->Industry`` row
            (an empty mapping when the document has no such facts).
        missing: gold documents with no system record (scored as empty records).
        ignored: system records with no gold record (not scored).
    """

    rows: dict[str, Score]
    counts: dict[str, Counts] = Field(default_factory=dict)
    per_doc: dict[str, dict[str, float]] = Field(default_factory=dict)
    missing: list[str] = Field(default_factory=list)
    ignored: list[str] = Field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The report as plain data: ``{"rows": ..., "docs": ..., "missing": ...}``."""
        return {
            "rows": {name: score.model_dump() for name, score in self.rows.items()},
            "docs": self.per_doc,
            "missing": self.missing,
        }

    def to_json(self, indent: int | None = None) -> str:
        """The report as JSON text (Chinese kept as is), in the shape of :meth:`as_dict`."""
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=indent)


# --- pure helpers ----------------------------------------------------------------


def document_key(doc: object) -> str:
    """The file name that pairs a system record with its gold record.

    >>> document_key("data/corpus/000_856dea704c3a152c.txt")
    '000_856dea704c3a152c.txt'
    >>> document_key("C:\\\\policy\\\\a.txt")
    'a.txt'
    """
    return PurePath(str(doc or "").replace("\\", "/")).name


def entity_names(entity: Mapping[str, Any]) -> list[Any]:
    """An entity's canonical name followed by its aliases.

    >>> entity_names({"name": "江西省工业和信息化委员会", "aliases": ["省工信委"]})
    ['江西省工业和信息化委员会', '省工信委']
    >>> entity_names({"name": "光伏"})
    ['光伏']
    """
    return [entity.get("name"), *(entity.get("aliases") or [])]


def build_alias_index(entities: Iterable[Mapping[str, Any]]) -> dict[str, frozenset[int]]:
    """Map each normalised name and alias to the positions of the entities it names.

    A name shared by two entities maps to both.

    >>> index = build_alias_index([
    ...     {"type": "Department", "name": "江西省工业和信息化委员会", "aliases": ["省工信委"]},
    ...     {"type": "Department", "name": "省工信委电子信息处", "aliases": ["省工信委"]},
    ... ])
    >>> sorted(index["省工信委"]), sorted(index["省工信委电子信息处"])
    ([0, 1], [1])
    """
    index: dict[str, set[int]] = {}
    for position, entity in enumerate(entities):
        for name in entity_names(entity):
            index.setdefault(comparison_key(name), set()).add(position)
    return {name: frozenset(positions) for name, positions in index.items()}


def build_synonym_index(entities: Iterable[Mapping[str, Any]]) -> dict[str, set[str]]:
    """Map each normalised name of a system entity to every name that entity goes by.

    A fact may name an entity by any of the names its own record gives it.

    >>> sorted(build_synonym_index([{"name": "江西省工信委", "aliases": ["省工信委"]}])["省工信委"])
    ['江西省工信委', '省工信委']
    """
    synonyms: dict[str, set[str]] = {}
    for entity in entities:
        names = entity_names(entity)
        for name in names:
            synonyms.setdefault(comparison_key(name), set()).update(str(n) for n in names if n)
    return synonyms


def prf(tp_sys: int, n_sys: int, tp_gold: int, n_gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from the four tallies.

    Nothing extracted where nothing was expected is perfect; nothing extracted
    where something was expected has precision 0.

    >>> prf(3, 4, 3, 6)
    (0.75, 0.5, 0.6)
    >>> prf(0, 0, 0, 0)
    (1.0, 1.0, 1.0)
    >>> prf(0, 0, 0, 2)
    (0.0, 0.0, 0.0)
    """
    precision = tp_sys / n_sys if n_sys else (0.0 if n_gold else 1.0)
    recall = tp_gold / n_gold if n_gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def target_key(target: Mapping[str, Any]) -> tuple[float | None, str, Any]:
    """What a target is matched on: (value as a number, normalised unit, year).

    >>> target_key({"value": "1000", "unit": "亿元", "year": 2014})
    (1000.0, '亿元', 2014)
    >>> target_key({"value": "约一千", "unit": "户"})
    (None, '户', None)
    """
    try:
        value: float | None = float(target.get("value"))  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        value = None
    return value, comparison_key(target.get("unit")), target.get("year")


def is_verbatim(evidence: object, normalised_text: str) -> bool:
    """Whether evidence is a span of the document, white space and quotes aside.

    >>> is_verbatim("推动 光伏产业", comparison_key("大力推动光伏产业发展"))
    True
    >>> is_verbatim("", "任何文本")
    False
    """
    span = comparison_key(evidence)
    return bool(span) and span in normalised_text


# --- one document ------------------------------------------------------------------


class GoldIndex:
    """A gold record with its names resolved to entity positions.

    Args:
        record: one gold record (ONTOLOGY format, with ``optional`` flags).
    """

    def __init__(self, record: Mapping[str, Any]):
        self.record = record
        self.entities: list[Mapping[str, Any]] = list(record.get("entities") or [])
        self.alias_index = build_alias_index(self.entities)

    def ids(self, name: object) -> frozenset[int]:
        """Positions of the gold entities a name (or alias) denotes."""
        return self.alias_index.get(comparison_key(name), frozenset())

    def label(self, position: int) -> str:
        return str(self.entities[position].get("type"))

    def is_optional(self, position: int) -> bool:
        return bool(self.entities[position].get("optional"))

    def only_optional(self, positions: Iterable[int]) -> bool:
        """True when there are positions and every one of them is optional."""
        positions = list(positions)
        return bool(positions) and all(self.is_optional(p) for p in positions)

    def fact_row(self, rel: object, tail_ids: Iterable[int]) -> str:
        """The row a fact counts in; RESPONSIBLE_FOR is split by the tail's gold label."""
        if rel != "RESPONSIBLE_FOR":
            return f"fact:{rel}"
        labels = sorted({self.label(p) for p in tail_ids})
        return f"fact:RESPONSIBLE_FOR->{labels[0] if labels else UNKNOWN_LABEL}"


def _tally(rows: dict[str, Counts], name: str) -> Counts:
    return rows.setdefault(name, Counts())


def score_entities(gold: GoldIndex, system: Mapping[str, Any]) -> dict[str, Counts]:
    """Entity rows (``entity:<Label>``) of one document."""
    rows: dict[str, Counts] = {}
    # One system entity per (label, name); a later duplicate replaces an earlier one.
    distinct = {(e.get("type"), comparison_key(e.get("name"))): e for e in system.get("entities") or []}
    found: set[int] = set()
    for (label, _), entity in distinct.items():
        hits = {p for name in entity_names(entity) for p in gold.ids(name) if gold.label(p) == label}
        if gold.only_optional(hits):
            continue
        row = _tally(rows, f"entity:{label}")
        row.n_sys += 1
        if hits:
            row.tp_sys += 1
            found |= hits
    for position, entity in enumerate(gold.entities):
        if gold.is_optional(position):
            continue
        row = _tally(rows, f"entity:{entity['type']}")
        row.n_gold += 1
        row.tp_gold += position in found
    return rows


def gold_facts(gold: GoldIndex) -> list[dict[str, Any]]:
    """The gold facts, once per (rel, head, tail) name, marked optional where they
    are about an optional entity."""
    facts: list[dict[str, Any]] = []
    seen: set[tuple[Any, str, str]] = set()
    for fact in gold.record.get("facts") or []:
        key = (fact["rel"], comparison_key(fact["head"]), comparison_key(fact["tail"]))
        if key in seen:
            continue
        seen.add(key)
        if gold.only_optional(gold.ids(fact["head"])) or gold.only_optional(gold.ids(fact["tail"])):
            fact = {**fact, "optional": True}
        facts.append(fact)
    return facts


def score_facts(gold: GoldIndex, system: Mapping[str, Any], text: str | None = None) -> dict[str, Counts]:
    """Fact rows (``fact:...``) of one document, and ``evidence`` when its text is given."""
    rows: dict[str, Counts] = {}
    expected = gold_facts(gold)
    synonyms = build_synonym_index(system.get("entities") or [])
    normalised_text = comparison_key(text) if text is not None else None

    def resolve(name: object) -> frozenset[int]:
        direct = gold.ids(name)
        if direct:
            return direct
        via_synonyms = frozenset(p for other in synonyms.get(comparison_key(name), ()) for p in gold.ids(other))
        return via_synonyms if len(via_synonyms) == 1 else frozenset()

    found: set[int] = set()
    seen: set[tuple[Any, str, str]] = set()
    for fact in system.get("facts") or []:
        rel = fact.get("rel")
        key = (rel, comparison_key(fact.get("head")), comparison_key(fact.get("tail")))
        if key in seen:
            continue
        seen.add(key)
        head_ids, tail_ids = resolve(fact.get("head")), resolve(fact.get("tail"))
        matches = [
            j
            for j, candidate in enumerate(expected)
            if candidate["rel"] == rel
            and gold.ids(candidate["head"]) & head_ids
            and gold.ids(candidate["tail"]) & tail_ids
        ]
        if matches and all(expected[j].get("optional") for j in matches):
            continue
        if not matches and any(gold.is_optional(p) for p in head_ids | tail_ids):
            continue  # about an optional entity: neither right nor wrong
        row = _tally(rows, gold.fact_row(rel, tail_ids))
        row.n_sys += 1
        if matches:
            row.tp_sys += 1
            found.update(matches)
        if normalised_text is not None:
            evidence = _tally(rows, EVIDENCE_ROW)
            evidence.n_sys += 1
            evidence.tp_sys += is_verbatim(fact.get("evidence"), normalised_text)
    for j, fact in enumerate(expected):
        if fact.get("optional"):
            continue
        row = _tally(rows, gold.fact_row(fact["rel"], gold.ids(fact["tail"])))
        row.n_gold += 1
        row.tp_gold += j in found
    return rows


def score_targets(gold: GoldIndex, system: Mapping[str, Any]) -> dict[str, Counts]:
    """The ``targets`` row of one document (absent when there is nothing to count)."""
    rows: dict[str, Counts] = {}
    expected = list(gold.record.get("targets") or [])
    found: set[int] = set()
    for target in system.get("targets") or []:
        key = target_key(target)
        subject_ids = gold.ids(target.get("subject"))
        matches = [
            j
            for j, candidate in enumerate(expected)
            if target_key(candidate) == key
            and (not candidate.get("subject") or gold.ids(candidate["subject"]) & subject_ids)
        ]
        if matches and all(expected[j].get("optional") for j in matches):
            continue
        row = _tally(rows, TARGETS_ROW)
        row.n_sys += 1
        if matches:
            row.tp_sys += 1
            found.update(matches)
    for j, target in enumerate(expected):
        if target.get("optional"):
            continue
        row = _tally(rows, TARGETS_ROW)
        row.n_gold += 1
        row.tp_gold += j in found
    return rows


def score_document(gold: Mapping[str, Any], system: Mapping[str, Any], text: str | None = None) -> dict[str, Counts]:
    """All rows of one document: entities, facts (and evidence when ``text`` is given), targets.

    Args:
        gold: the gold record.
        system: the system record; ``{}`` for a document the system did not read.
        text: the document text, to check that evidence is verbatim; ``None`` skips the check.

    Returns:
        Row name → tallies, only for rows with something to count.
    """
    index = GoldIndex(gold)
    rows: dict[str, Counts] = {}
    for part in (score_entities(index, system), score_facts(index, system, text), score_targets(index, system)):
        for name, counts in part.items():
            rows[name] = rows.get(name, Counts()) + counts
    return rows


def summarise(counts: Mapping[str, Counts]) -> dict[str, Score]:
    """Rounded rows in name order, then the pooled ``fact:ALL`` and ``entity:ALL`` rows."""
    rows: dict[str, Score] = {}
    for name in sorted(counts):
        tally = counts[name]
        if name == EVIDENCE_ROW:
            share = round(tally.tp_sys / tally.n_sys, 3) if tally.n_sys else 0.0
            rows[name] = Score(p=share, r=0.0, f1=0.0, sys=tally.n_sys, gold=tally.tp_sys)
        else:
            rows[name] = _score(tally)
    for pooled, prefix in ((ALL_FACTS_ROW, "fact:"), (ALL_ENTITIES_ROW, "entity:")):
        rows[pooled] = _score(sum((c for n, c in counts.items() if n.startswith(prefix)), Counts()))
    return rows


def _score(tally: Counts) -> Score:
    p, r, f1 = tally.precision_recall_f1()
    return Score(p=round(p, 3), r=round(r, 3), f1=round(f1, 3), sys=tally.n_sys, gold=tally.n_gold)


# --- reading records files -----------------------------------------------------------


def load_records_file(path: Path | str) -> list[dict[str, Any]]:
    """Read records from a folder of ``.json`` files, a JSON list, one JSON object, or JSON Lines.

    A JSON object of the form ``{"documents": [...]}`` gives its list. A file is
    read as JSON Lines when it has several lines and each non-blank line starts
    with ``{``.

    Args:
        path: the folder or file.

    Returns:
        The records, in file (and, for a folder, file-name) order.

    Raises:
        LoadError: the path does not exist, is not UTF-8, holds invalid JSON (the
            message names the file and line), or holds something other than objects.
    """
    path = Path(path)
    if path.is_dir():
        return [record for file in sorted(path.glob("*.json")) for record in _read_json_file(file)]
    if not path.exists():
        raise LoadError(path, "no such file or folder; give a folder of .json records or a .jsonl file")
    return _read_json_file(path)


def _read_json_file(path: Path) -> list[dict[str, Any]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        raise LoadError(path, f"not UTF-8 text (byte {err.start}); records must be UTF-8 JSON") from err
    except OSError as err:
        raise LoadError(path, f"cannot be read ({err.strerror or err})") from err
    lines = [(number, line) for number, line in enumerate(text.splitlines(), start=1) if line.strip()]
    if len(lines) > 1 and all(line.lstrip().startswith("{") for _, line in lines):
        return [_as_record(_parse_json(path, line, number), path, number) for number, line in lines]
    if not lines:
        return []
    data = _parse_json(path, text)
    if isinstance(data, dict) and "doc" not in data and isinstance(data.get("documents"), list):
        data = data["documents"]
    items = data if isinstance(data, list) else [data]
    return [_as_record(item, path, None, position) for position, item in enumerate(items, start=1)]


def _parse_json(path: Path, text: str, line_number: int | None = None) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        line = line_number if line_number is not None else err.lineno
        raise LoadError(
            path, f"line {line}: invalid JSON ({err.msg}, column {err.colno}); fix or remove that line"
        ) from err


def _as_record(item: Any, path: Path, line: int | None, position: int | None = None) -> dict[str, Any]:
    if not isinstance(item, dict):
        where = f"line {line}" if line is not None else f"item {position}"
        raise LoadError(path, f"{where}: expected a JSON object (one record per document), got {type(item).__name__}")
    return item


# --- the whole evaluation ------------------------------------------------------------------


def evaluate(gold: RecordSource, records: RecordSource, docs_dir: Path | None = None) -> EvaluationReport:
    """Score system records against gold records (ONTOLOGY.md, "Scoring").

    Args:
        gold: a folder of gold ``.json`` files, a JSONL/JSON file, or the records themselves.
        records: the system records, in the same forms (``Record`` models are accepted too).
        docs_dir: folder with the documents, by file name, for the evidence check;
            without it a system record's ``path`` field is used when that file exists.
            Documents are read as the loaders read them (any supported format and
            encoding); those not found are left out of the evidence row.

    Returns:
        The report: rows summed over all gold documents, per-document headline F1,
        the gold documents without a system record and the system records without gold.

    Raises:
        LoadError: a records file or a document cannot be read, or there are no gold records.
        SchemaError: a record has no ``doc``, two gold records share a document, or a
            gold entity or fact lacks a required field.

    Example:
        >>> gold = [{"doc": "a.txt", "entities": [
        ...     {"type": "Department", "name": "江西省商务厅", "aliases": ["省商务厅"]},
        ...     {"type": "Industry", "name": "外贸"}],
        ...     "facts": [{"rel": "RESPONSIBLE_FOR", "head": "省商务厅", "tail": "外贸"}]}]
        >>> report = evaluate(gold, [{"doc": "docs/a.txt", "entities": [], "facts": [
        ...     {"rel": "RESPONSIBLE_FOR", "head": "江西省商务厅", "tail": "外贸"}]}])
        >>> report.rows["fact:RESPONSIBLE_FOR->Industry"].f1, report.rows["entity:ALL"].r
        (1.0, 0.0)
    """
    gold_records = _records_from(gold, "gold")
    if not gold_records:
        where = f"{gold}" if isinstance(gold, (str, Path)) else "the gold records given"
        raise LoadError(where, "no gold records; give a folder of gold .json files or a JSONL file")
    golds = _index_gold(gold_records)
    systems = _index_system(_records_from(records, "system"))

    totals: dict[str, Counts] = {}
    per_doc: dict[str, dict[str, float]] = {}
    for name in sorted(golds):
        system = systems.get(name, {})
        text = _document_text(name, system, docs_dir)
        rows = score_document(golds[name], system, text)
        headline = rows.get(HEADLINE_ROW)
        per_doc[name] = {HEADLINE_ROW: headline.precision_recall_f1()[2]} if headline else {}
        for row, counts in rows.items():
            totals[row] = totals.get(row, Counts()) + counts
    return EvaluationReport(
        rows=summarise(totals),
        counts=dict(sorted(totals.items())),
        per_doc=per_doc,
        missing=sorted(set(golds) - set(systems)),
        ignored=sorted(set(systems) - set(golds)),
    )


def _records_from(source: RecordSource, kind: str) -> list[dict[str, Any]]:
    if isinstance(source, (str, Path)):
        return load_records_file(source)
    records: list[dict[str, Any]] = []
    for position, item in enumerate(source, start=1):
        if isinstance(item, BaseModel):
            item = item.model_dump(mode="json")
        if not isinstance(item, Mapping):
            raise SchemaError(f"{kind} record {position} is a {type(item).__name__}, not a record; pass dicts")
        records.append(dict(item))
    return records


def _index_gold(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    golds: dict[str, dict[str, Any]] = {}
    for position, record in enumerate(records, start=1):
        name = _doc_name(record, f"gold record {position}")
        if name in golds:
            raise SchemaError(f"two gold records for {name}; keep one gold record per document")
        _check_gold(record, name)
        golds[name] = record
    return golds


def _index_system(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    systems: dict[str, dict[str, Any]] = {}
    for position, record in enumerate(records, start=1):
        name = _doc_name(record, f"system record {position}")
        _check_sections(record, f"system record for {name}")
        # A later record for the same document replaces an earlier one, as a re-run appended to a file would.
        systems[name] = record
    return systems


def _doc_name(record: Mapping[str, Any], where: str) -> str:
    name = document_key(record.get("doc"))
    if not name:
        raise SchemaError(f'{where} has no "doc" field; every record names its document file')
    return name


def _check_sections(record: Mapping[str, Any], where: str) -> None:
    for section in ("entities", "facts", "targets"):
        items = record.get(section) or []
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            raise SchemaError(f'{where}: "{section}" must be a list of objects')


def _check_gold(record: Mapping[str, Any], name: str) -> None:
    where = f"gold record for {name}"
    _check_sections(record, where)
    for section, singular, fields in (
        ("entities", "entity", ("type", "name")),
        ("facts", "fact", ("rel", "head", "tail")),
    ):
        for position, item in enumerate(record.get(section) or [], start=1):
            missing = [field for field in fields if not item.get(field)]
            if missing:
                raise SchemaError(f"{where}: {singular} {position} lacks {', '.join(missing)}; fix the gold file")


def _document_text(name: str, system: Mapping[str, Any], docs_dir: Path | None) -> str | None:
    if docs_dir is not None:
        candidate = Path(docs_dir) / name
    elif system.get("path"):
        candidate = Path(str(system["path"]))
    else:
        return None
    # Evidence quotes the text as the loaders render it (decoded, web page and .docx/.pdf rendered).
    return read_document(candidate).text if candidate.is_file() else None
