"""The sector vocabulary derived from GB/T 4754-2017: the committed file is what the script writes."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from policykg.loaders.extract.lexicon import load_lexicon

ROOT = Path(__file__).resolve().parent.parent


def build_sectors():
    spec = importlib.util.spec_from_file_location("build_sectors", ROOT / "scripts" / "build_sectors.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_vocabulary_is_what_the_script_derives():
    module = build_sectors()
    assert (ROOT / "loaders" / "lang" / "sectors.tsv").read_text(encoding="utf-8") == module.render()


def test_short_forms_texts_use_are_in_the_lexicon():
    terms = load_lexicon().industry_terms()
    for form in ("通用设备", "通用装备", "住宿餐饮", "水泥", "畜牧业", "道路运输"):
        assert form in terms, form
    assert "其他" not in terms and "安全" not in terms  # too generic to name a sector alone
    assert terms["水泥"].kind == "domain"  # a two-character product word: a sector only in sector context
    assert terms["通用设备"].vocabulary == "sectors.tsv"


def test_every_family_row_names_its_source():
    rows = [
        line.split("\t")
        for line in (ROOT / "loaders" / "lang" / "sector_families.tsv").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert rows and all(len(row) == 5 and row[4].strip() for row in rows)
    assert {row[3] for row in rows} <= {"sector", "umbrella", "technology", "domain"}
