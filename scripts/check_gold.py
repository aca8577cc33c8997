"""Check a suite's gold records against their documents and the record contract.

Run from the repository root after editing a document or a gold file of a suite (a folder
with ``docs/`` and ``gold/``):

    .venv/bin/python scripts/check_gold.py tests/data/styles
    .venv/bin/python scripts/check_gold.py tests/data/holdout

It prints one line per problem and exits non-zero when there is any. Checked:
every document has exactly one gold record and the other way round; the record
has only the contract's keys and validates as ``policykg.models.Record`` once the
gold-only ``optional`` flags are set aside; labels, relationship types, roles
and endpoint labels come from ``policykg.models``; every name and alias names
one entity only; every head, tail, subject and responsible unit resolves to
exactly one entity; every evidence is a verbatim span of the decoded document;
every required entity is named somewhere in the document; no optional fact
hides a required one with the same (rel, head, tail), which a scorer that
keeps the first of each would otherwise drop.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from policykg.models import ENTITY_LABELS, RELATIONSHIP_ENDPOINTS, RELATIONSHIP_TYPES, ROLES, Record

RECORD_KEYS = {"doc", "title", "year", "entities", "facts", "targets"}
ENTITY_KEYS = {"type", "name", "aliases", "attributes", "optional"}
FACT_KEYS = {"rel", "head", "tail", "role", "evidence", "optional"}
TARGET_KEYS = {"subject", "metric", "value", "unit", "year", "responsible", "evidence", "optional"}
# ONTOLOGY.md: companies named as responsible units are Enterprises, and their facts still count.
EXTRA_HEADS = {"RESPONSIBLE_FOR": {"Enterprise"}}
_FOLD = str.maketrans({"（": "(", "）": ")", **dict.fromkeys('“”"‘’「」《》', "")})


def norm(name: str) -> str:
    """Fold a name the way the scorer does.

    >>> norm("中国（杭州） “试验区”")
    '中国(杭州)试验区'
    """
    return re.sub(r"\s+", "", name).translate(_FOLD)


def decode(path: Path) -> str:
    """The text of a document: UTF-8 (with or without BOM), else GB18030."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("gb18030")


def check_record(rec: dict, text: str) -> list[str]:
    problems: list[str] = []
    say = problems.append
    if set(rec) - RECORD_KEYS:
        say(f"unknown record keys {sorted(set(rec) - RECORD_KEYS)}")
    names: dict[str, int] = {}
    for i, ent in enumerate(rec["entities"]):
        if set(ent) - ENTITY_KEYS:
            say(f"entity {ent['name']}: unknown keys {sorted(set(ent) - ENTITY_KEYS)}")
        if ent["type"] not in ENTITY_LABELS:
            say(f"entity {ent['name']}: label {ent['type']} is not in the contract")
        for name in {norm(n) for n in [ent["name"], *ent["aliases"]]}:
            if name in names:
                say(f"name {name} is given to two entities")
            names[name] = i
        if not ent.get("optional") and not any(norm(n) in norm(text) for n in [ent["name"], *ent["aliases"]]):
            say(f"entity {ent['name']}: neither its name nor an alias occurs in the document")

    def resolve(name: str, what: str) -> dict | None:
        if norm(name) not in names:
            say(f"{what} {name} names no entity")
            return None
        return rec["entities"][names[norm(name)]]

    required_keys, optional_first = set(), set()
    for fact in rec["facts"]:
        label = f"{fact['rel']} {fact['head']} -> {fact['tail']}"
        if set(fact) - FACT_KEYS:
            say(f"{label}: unknown keys {sorted(set(fact) - FACT_KEYS)}")
        if fact["rel"] not in RELATIONSHIP_TYPES:
            say(f"{label}: relationship type is not in the contract")
            continue
        head, tail = resolve(fact["head"], "head"), resolve(fact["tail"], "tail")
        heads, tails = RELATIONSHIP_ENDPOINTS[fact["rel"]]
        if head and head["type"] not in {*heads, *EXTRA_HEADS.get(fact["rel"], ())}:
            say(f"{label}: a {head['type']} cannot be the head")
        if tail and tail["type"] not in tails:
            say(f"{label}: a {tail['type']} cannot be the tail")
        if (fact["rel"] == "RESPONSIBLE_FOR") != ("role" in fact):
            say(f"{label}: RESPONSIBLE_FOR facts, and only they, carry a role")
        if "role" in fact and fact["role"] not in ROLES:
            say(f"{label}: role {fact['role']} is not in the contract")
        if "evidence" in fact and norm(fact["evidence"]) not in norm(text):
            say(f"{label}: evidence is not verbatim: {fact['evidence'][:30]}")
        if not fact.get("optional") and not fact.get("evidence"):
            say(f"{label}: a required fact needs evidence")
        key = (fact["rel"], norm(fact["head"]), norm(fact["tail"]))
        if fact.get("optional"):
            if key not in required_keys:
                optional_first.add(key)
        else:
            if key in optional_first:
                say(f"{label}: an optional fact with the same key comes first")
            required_keys.add(key)
    for target in rec["targets"]:
        label = f"target {target['metric']}"
        if set(target) - TARGET_KEYS:
            say(f"{label}: unknown keys {sorted(set(target) - TARGET_KEYS)}")
        if target["subject"] is not None:
            resolve(target["subject"], f"{label}: subject")
        for unit in target["responsible"]:
            resolve(unit, f"{label}: responsible unit")
        if not isinstance(target["value"], (int, float)) or not target["unit"] or not isinstance(target["year"], int):
            say(f"{label}: needs a number, a unit and a year")
        if norm(target.get("evidence", "")) not in norm(text):
            say(f"{label}: evidence is not verbatim")
    try:
        Record.model_validate(_without_optional(rec))
    except ValueError as err:
        say(f"not a valid Record: {str(err).splitlines()[0]}")
    return problems


def _without_optional(rec: dict) -> dict:
    def strip(items: list[dict]) -> list[dict]:
        return [{k: v for k, v in item.items() if k != "optional"} for item in items]

    return {**rec, "entities": strip(rec["entities"]), "facts": strip(rec["facts"]), "targets": strip(rec["targets"])}


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not (Path(argv[0]) / "docs").is_dir() or not (Path(argv[0]) / "gold").is_dir():
        print("usage: check_gold.py SUITE_FOLDER (a folder holding docs/ and gold/)", file=sys.stderr)
        return 2
    suite = Path(argv[0])
    docs = {p.name: p for p in (suite / "docs").iterdir() if p.is_file()}
    golds = {p.stem: p for p in (suite / "gold").glob("*.json")}
    problems = [f"{name}: no gold record" for name in docs if Path(name).stem not in golds]
    for stem, path in sorted(golds.items()):
        rec = json.loads(path.read_text(encoding="utf-8"))
        if rec.get("doc") not in docs or Path(rec["doc"]).stem != stem:
            problems.append(f"{path.name}: doc {rec.get('doc')} is not the document of this name")
            continue
        problems += [f"{path.name}: {p}" for p in check_record(rec, decode(docs[rec["doc"]]))]
    for line in problems:
        print(line)
    print(f"{len(golds)} gold records, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
