"""A synthetic corpus of provincial policy documents, at any size, deterministic for a seed.

Documents are assembled from the project's own language data: the department
register (``loaders/lang/departments.tsv``, its ``{省}``/``{简}``/``{会}``
placeholders filled for several provinces of the gazetteer), the industry
lexicon, and the sentence patterns of ``bench/patterns.json``. They follow the
layouts real documents use: a 文号 line and addressees, numbered tasks closed
by a ``责任单位：`` line, a bracketed ``（A牵头，B、C配合）`` note, ``牵头单位：``
/ ``配合单位：`` lines or an ``（A、B按职责分工负责）`` note, events that a city
hosts (承办), others co-host (协办) and a division coordinates (衔接协调), a
project table as TAB-separated lines with a 责任单位 column, and numeric
targets (到2025年……达到X亿元).

Document ``i`` depends only on the seed and ``i``, so a small corpus is the
head of a large one::

    python -c "from bench.corpus import write_corpus; print(write_corpus('/tmp/corpus', 20))"
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from policykg.loaders.extract.lexicon import Lexicon, load_lexicon, short_admin_name

PATTERNS_FILE = Path(__file__).with_name("patterns.json")
DEFAULT_DOCUMENTS = 2000
DEFAULT_SEED = 7
# Provinces whose bodies and places the corpus speaks of (several, so names repeat across provinces).
DEFAULT_PROVINCES = ("江西省", "安徽省", "湖南省", "湖北省", "浙江省", "四川省")
INDENT = "\u3000\u3000"
CHINESE_NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Province:
    """A province as the documents name it, with its cities and their counties."""

    name: str  # 江西省
    short: str  # 江西
    capital: str  # 南昌 (short form of the capital, for {会})
    cities: tuple[str, ...]
    counties: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class SyntheticDocument:
    """One generated document: its file name and its text."""

    name: str
    text: str


@dataclass(frozen=True)
class CorpusSummary:
    """What :func:`write_corpus` wrote."""

    folder: Path
    documents: int
    bytes: int
    chars: int


def load_patterns(path: Path = PATTERNS_FILE) -> dict:
    """The generator's sentence patterns and word lists."""
    return json.loads(path.read_text(encoding="utf-8"))


def provinces_of(lexicon: Lexicon, names: tuple[str, ...] = DEFAULT_PROVINCES) -> list[Province]:
    """The named provinces with their cities and counties, from the gazetteer.

    Example:
        >>> jiangxi = provinces_of(load_lexicon(), ("江西省",))[0]
        >>> (jiangxi.short, jiangxi.capital, "赣州市" in jiangxi.cities)
        ('江西', '南昌', True)
    """
    gazetteer = lexicon.gazetteer
    found = []
    for name in names:
        if name not in gazetteer.provinces:
            raise ValueError(f"{name} is not a province of the gazetteer")
        # Prefecture-level cities (…市): their short forms (赣州) start the names of parks and firms.
        cities = sorted(
            u.name
            for u in gazetteer.units.values()
            if u.level == "city" and u.province == name and u.name.endswith("市")
        )
        counties: dict[str, list[str]] = {city: [] for city in cities}
        for unit in gazetteer.units.values():
            if unit.level == "county" and unit.province == name and unit.city in counties:
                counties[unit.city].append(unit.name)
        capital = short_admin_name(gazetteer.capitals.get(name, name))
        found.append(
            Province(
                name,
                short_admin_name(name),
                capital,
                tuple(cities),
                {city: tuple(sorted(names)) for city, names in counties.items()},
            )  # fmt: skip
        )
    return found


def fill_register_form(form: str, province: Province) -> str:
    """Fill a register template or short form for a province.

    Example:
        >>> p = Province("江西省", "江西", "南昌", ("南昌市",), {})
        >>> fill_register_form("人行{会}中心支行", p), fill_register_form("{省}商务厅", p)
        ('人行南昌中心支行', '江西省商务厅')
    """
    return form.replace("{省}", province.name).replace("{简}", province.short).replace("{会}", province.capital)


class CorpusGenerator:
    """Generates policy documents from the register, the lexicon and the sentence patterns.

    Args:
        seed: the corpus seed; document ``i`` depends only on it and ``i``.
        provinces: full names of the provinces the documents come from.
        lexicon: the language data (default: the bundled files).
        patterns: the sentence patterns (default: ``bench/patterns.json``).
    """

    def __init__(self, seed: int = DEFAULT_SEED, provinces: tuple[str, ...] = DEFAULT_PROVINCES,
                 lexicon: Lexicon | None = None, patterns: dict | None = None):  # fmt: skip
        self.seed = seed
        self.lexicon = lexicon or load_lexicon()
        self.patterns = patterns or load_patterns()
        self.provinces = provinces_of(self.lexicon, provinces)

    @cached_property
    def industries(self) -> list[str]:
        """Industrial sectors that read naturally before 产业 (光伏, 稀土新材料, 电子信息 …)."""
        wanted = set(self.patterns["industry_categories"])
        return [
            e.canonical for e in self.lexicon.industries
            # the hand-kept lexicon, as in earlier runs
            if e.vocabulary == "industries.tsv" and e.kind == "sector" and e.categories & wanted
            and not e.canonical.endswith(("业", "品"))
        ]  # fmt: skip

    @cached_property
    def provincial_units(self) -> list[tuple[str, str]]:
        """(template, short form) of the provincial bodies of the register that take on tasks.

        Party and government offices (中共…, …人民政府, …办公厅) issue documents
        rather than appear in unit lists, so they are left out.
        """
        units = []
        for entry in self.lexicon.register:
            if entry.municipal or "{" not in entry.template or not entry.short_forms:
                continue
            if entry.template.startswith("中共") or entry.template.endswith(("人民政府", "办公厅")):
                continue
            units.append((entry.template, entry.short_forms[0]))
        return units

    @cached_property
    def industry_units(self) -> list[tuple[str, str]]:
        """The bodies whose divisions (电子信息处 …) coordinate industrial work."""
        return [
            (entry.template, entry.short_forms[0]) for entry in self.lexicon.register
            if not entry.municipal and "industry" in entry.remit and entry.short_forms
        ]  # fmt: skip

    @cached_property
    def unit_weights(self) -> list[float]:
        """Register order is roughly how often bodies are named: economic bodies first."""
        return [1 / (rank + 1) ** 0.8 for rank in range(len(self.provincial_units))]

    def document(self, index: int) -> SyntheticDocument:
        """Document ``index`` of the corpus."""
        return _DocumentWriter(self, random.Random(f"{self.seed}:{index}"), index).write()

    def documents(self, count: int) -> Iterator[SyntheticDocument]:
        """Documents ``0 … count-1``."""
        for index in range(count):
            yield self.document(index)


class _DocumentWriter:
    """Writes one document; every choice comes from its own random generator."""

    def __init__(self, generator: CorpusGenerator, rng: random.Random, index: int):
        self.g = generator
        self.p = generator.patterns
        self.rng = rng
        self.index = index
        self.province = rng.choice(generator.provinces)
        self.year = rng.randint(2011, 2023)
        self.lines: list[str] = []

    # ----- names ------------------------------------------------------------------------

    def unit(self) -> str:
        """A provincial body as documents write it: mostly its short form (省发改委), sometimes in full."""
        template, short = self.rng.choices(self.g.provincial_units, self.g.unit_weights)[0]
        form = template if self.rng.random() < 0.15 else short
        return fill_register_form(form, self.province)

    def units(self, count: int) -> list[str]:
        chosen: list[str] = []
        while len(chosen) < count:
            unit = self.unit()
            if unit not in chosen:
                chosen.append(unit)
        return chosen

    def city(self) -> str:
        return self.rng.choice(self.province.cities)

    def city_government(self, city: str | None = None) -> str:
        return (city or self.city()) + self.rng.choice(("政府", "人民政府"))

    def industry(self) -> str:
        return self.rng.choice(self.g.industries)

    def enterprise(self) -> str:
        city = short_admin_name(self.city())
        brand = self.rng.choice(self.p["brand_words"])
        return f"{city}{brand}{self.industry()}{self.rng.choice(self.p['enterprise_suffixes'])}"

    def platform(self) -> str:
        city = self.city()
        counties = self.province.counties.get(city) or (city,)
        form = self.rng.choice(self.p["platform_forms"])
        return form.format(city_short=short_admin_name(city), county_short=short_admin_name(self.rng.choice(counties)),
                           industry=self.industry())  # fmt: skip

    def fill(self, pattern: str, **given: object) -> str:
        """Fill a sentence pattern; only the placeholders it uses are drawn."""
        values: dict[str, object] = {}
        draws = {
            "industry": self.industry, "industry2": self.industry, "enterprise": self.enterprise,
            "platform": self.platform, "city": self.city, "dept": self.unit, "dept2": self.unit, "dept3": self.unit,
            "division": lambda: self.rng.choice(self.p["divisions"]),
            "industry_dept": lambda: fill_register_form(self.rng.choice(self.g.industry_units)[1], self.province),
            "topic": lambda: self.rng.choice(self.p["topics"]),
            "value": lambda: self.rng.choice((50, 100, 200, 300, 500, 800, 1000, 1500, 2000)),
            "percent": lambda: self.rng.randint(8, 20),
            "count": lambda: self.rng.randint(2, 60) * 10,
            "small": lambda: self.rng.randint(2, 12),
            "month": lambda: self.rng.randint(1, 12),
            "product": lambda: self.rng.choice(self.p["product_words"]),
        }  # fmt: skip
        for key, draw in draws.items():
            if "{" + key + "}" in pattern and key not in given:
                values[key] = draw()
        values.update(year=self.year, end_year=self.year + 2, target_year=self.year + self.rng.randint(1, 5),
                      province=self.province.name, province_short=self.province.short)  # fmt: skip
        values.update(given)
        if "{city_gov}" in pattern and "city_gov" not in values:
            values["city_gov"] = self.city_government(str(values["city"]) if "city" in values else None)
        if "{event}" in pattern and "event" not in values:
            values["event"] = f"{values.get('industry') or self.industry()}{self.rng.choice(self.p['event_kinds'])}"
        return pattern.format(**values)

    # ----- parts of the document ------------------------------------------------------------

    def paragraph(self, text: str) -> None:
        self.lines.append(INDENT + text)

    def unit_list(self, item: str) -> None:
        """Close a task with one of the four unit-list layouts."""
        form = self.rng.random()
        if form < 0.4:
            units = self.units(self.rng.randint(1, 3))
            tail = "，" + self.rng.choice(("各设区市政府", self.city_government())) if self.rng.random() < 0.4 else ""
            self.paragraph(item)
            self.paragraph("责任单位：" + "、".join(units) + tail)
        elif form < 0.7:
            lead, *support = self.units(self.rng.randint(2, 4))
            self.paragraph(f"{item.rstrip('。')}。（{lead}牵头，{'、'.join(support)}配合）")
        elif form < 0.85:
            lead, *support = self.units(self.rng.randint(2, 3))
            self.paragraph(item)
            self.paragraph(f"牵头单位：{lead}")
            self.paragraph(f"配合单位：{'、'.join(support)}")
        else:
            units = self.units(self.rng.randint(2, 3))
            self.paragraph(f"{item.rstrip('。')}。（{'、'.join(units)}按职责分工负责）")

    def write(self) -> SyntheticDocument:
        rng, p = self.rng, self.p
        abbreviation = p["province_abbreviations"].get(self.province.name, self.province.short[0])
        self.lines += [f"{abbreviation}{rng.choice(p['issuer_codes'])}字〔{self.year}〕{rng.randint(1, 300)}号", ""]
        self.lines += [rng.choice(p["addressees"]), ""]
        title = self.fill(rng.choice(p["titles"]))
        self.paragraph(self.fill(rng.choice(p["intros"])))
        self.lines += ["", INDENT + title, ""]
        # Background prose names nothing: real documents spend about half their text on it.
        self.paragraph("".join(rng.sample(p["background"], rng.randint(2, len(p["background"])))))
        sections = p["sections"]

        self.paragraph(sections[0])
        for pattern in rng.sample(p["goal_sentences"], rng.randint(2, len(p["goal_sentences"]))):
            self.paragraph(self.fill(pattern))

        self.paragraph(sections[1])
        numbered = 0
        for heading in range(rng.randint(2, 3)):
            self.paragraph(self.fill(rng.choice(p["task_headings"]), n=CHINESE_NUMERALS[heading]))
            for _ in range(rng.randint(2, 3)):
                numbered += 1
                sentences = [self.fill(s) for s in rng.sample(p["task_sentences"], 1 if rng.random() < 0.7 else 2)]
                sentences += rng.sample(p["fillers"], rng.randint(3, 4))
                self.unit_list(f"{numbered}．" + "".join(sentences))

        self.paragraph(sections[2])
        for n in range(1, rng.randint(2, 3)):
            self.paragraph(f"{n}．" + self.fill(rng.choice(p["event_sentences"])))

        self.paragraph(sections[3])
        self.lines.append(p["project_header"])
        for n in range(1, rng.randint(3, 6)):
            self.lines.append(self.fill(p["project_row"], n=n))

        self.paragraph(sections[4])
        for sentence in rng.sample(p["safeguards"], rng.randint(2, len(p["safeguards"]))):
            self.paragraph(sentence)
        issuer = fill_register_form(rng.choices(self.g.provincial_units, self.g.unit_weights)[0][0], self.province)
        self.lines += ["", INDENT + issuer, INDENT + f"{self.year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日", ""]
        name = f"{self.index:05d}_{rng.getrandbits(64):016x}.txt"
        return SyntheticDocument(name, "\n".join(self.lines))


def write_corpus(folder: str | Path, documents: int = DEFAULT_DOCUMENTS, seed: int = DEFAULT_SEED) -> CorpusSummary:
    """Write ``documents`` generated documents (UTF-8 text) into ``folder``.

    Args:
        folder: created if missing.
        documents: how many (2,000 make about 10 MB).
        seed: the corpus seed.

    Returns:
        The folder, with the number of documents, bytes and characters written.
    """
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    total_bytes = total_chars = 0
    for document in CorpusGenerator(seed).documents(documents):
        data = document.text.encode("utf-8")
        (target / document.name).write_bytes(data)
        total_bytes += len(data)
        total_chars += len(document.text)
    return CorpusSummary(target, documents, total_bytes, total_chars)
