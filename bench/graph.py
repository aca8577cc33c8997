"""A synthetic policy graph of any size (default 1,000,000 relationships), shaped like an extracted corpus.

The graph is what a large corpus would load: Document nodes, each mentioning
its departments (the register's bodies of every province of the gazetteer,
with their divisions and the city governments), industries (the lexicon's),
places (the gazetteer's), enterprises, platforms, events and Targets, with
RESPONSIBLE_FOR, LOCATED_IN, TARGETS, PART_OF and MENTIONED_IN in the
proportions extraction produces. Popular bodies and industries are named far
more often than rare ones (a Zipf-like draw), as in real corpora. Names,
aliases and the ``search`` column follow ``graph/rows.py``, so every canned
query finds what it looks for (光伏, 江西省工信委, 赣州市 …).

It is built as :class:`bench.bulk.GraphRows` and imported with ``COPY FROM``.
"""

from __future__ import annotations

import random
from bisect import bisect
from dataclasses import dataclass
from itertools import accumulate

from bench.bulk import GraphRows, Row, mention_row
from bench.corpus import fill_register_form, load_patterns, provinces_of
from policykg.graph import schema
from policykg.graph.rows import document_id, search_text
from policykg.loaders.extract.lexicon import Lexicon, load_lexicon, short_admin_name
from policykg.names import entity_id

DEFAULT_RELATIONSHIPS = 1_000_000
DEFAULT_SEED = 7
# Relationships one document contributes, on average (what extraction of the synthetic corpus gives).
RELATIONSHIPS_PER_DOCUMENT = 60


@dataclass(frozen=True)
class _Entity:
    label: str
    id: str
    name: str
    aliases: tuple[str, ...]
    place: str | None = None  # id of the Place it lies in
    parent: str | None = None  # id of the Department a division belongs to


class _Picker:
    """Draws from a list, the first items far more often than the last (weight 1 / rank^s)."""

    def __init__(self, items: list, rng: random.Random, exponent: float = 1.0):
        self.items = items
        self.rng = rng
        self.cumulative = list(accumulate(1 / (rank + 1) ** exponent for rank in range(len(items))))

    def __call__(self) -> object:
        return self.items[bisect(self.cumulative, self.rng.random() * self.cumulative[-1])]


class SyntheticGraph:
    """Builds the rows of a synthetic graph.

    Args:
        relationships: about how many relationships to make (the result is within a document's worth).
        seed: the random seed.
        lexicon: the language data (default: the bundled files).
    """

    def __init__(
        self, relationships: int = DEFAULT_RELATIONSHIPS, seed: int = DEFAULT_SEED, lexicon: Lexicon | None = None
    ):
        self.target = relationships
        self.rng = random.Random(seed)
        self.lexicon = lexicon or load_lexicon()
        self.patterns = load_patterns()
        self.rows = GraphRows()
        self.entities: dict[str, _Entity] = {}
        self.places: dict[str, _Entity] = {}
        self._next_rel = 0

    # ----- the fixed vocabulary: places, departments, industries ---------------------------

    def _places(self) -> dict[str, list[_Entity]]:
        """Places by province full name (the province itself first)."""
        by_province: dict[str, list[_Entity]] = {}
        gazetteer = self.lexicon.gazetteer
        for name, unit in gazetteer.units.items():
            by_province.setdefault(unit.province, [])
            entity = _Entity("Place", entity_id("Place", name), name, ())
            if unit.level == "province":
                by_province[unit.province].insert(0, entity)
            else:
                by_province[unit.province].append(entity)
        return by_province

    def _departments(self, province_name: str, cities: list[_Entity]) -> list[_Entity]:
        """The register's bodies of one province, their divisions, and the city governments."""
        (province,) = provinces_of(self.lexicon, (province_name,))
        found: list[_Entity] = []
        for entry in self.lexicon.register:
            if entry.municipal or "{" not in entry.template:
                continue
            name = fill_register_form(entry.template, province)
            aliases = [fill_register_form(form, province) for form in entry.short_forms]
            # Documents also write the province before a short form (江西省工信委).
            aliases += [province.name + alias[1:] for alias in aliases if alias.startswith("省")]
            body = _Entity("Department", entity_id("Department", name), name, tuple(dict.fromkeys(aliases)))
            found.append(body)
            if "industry" in entry.remit:
                for division in self.patterns["divisions"]:
                    short = [f"{alias}{division}" for alias in aliases]
                    found.append(_Entity("Department", entity_id("Department", name + division), name + division,
                                         (*short, division), parent=body.id))  # fmt: skip
        for city in cities:
            name = city.name + "人民政府"
            found.append(
                _Entity("Department", entity_id("Department", name), name, (city.name + "政府",), place=city.id)
            )
        return found

    def _industries(self) -> list[_Entity]:
        return [
            _Entity("Industry", entity_id("Industry", e.canonical), e.canonical, e.aliases)
            for e in self.lexicon.industries
            if e.vocabulary == "industries.tsv"  # the hand-kept lexicon, as in earlier runs
        ]

    # ----- rows ----------------------------------------------------------------------------

    def _node(self, entity: _Entity) -> None:
        if entity.id in self.entities:
            return
        self.entities[entity.id] = entity
        row: Row = {column: None for column in schema.node_columns(entity.label)}
        row.update(
            id=entity.id,
            name=entity.name,
            aliases=list(entity.aliases),
            search=search_text(entity.name, entity.aliases),
        )
        self.rows.nodes.setdefault(entity.label, []).append(row)

    def _relationship(self, rel_type: str, head: _Entity, tail: _Entity, doc: str, year: int, evidence: str,
                      role: str | None = None) -> None:  # fmt: skip
        self._next_rel += 1
        start = self.rng.randint(0, 5000)
        row: Row = {"head": head.id, "tail": tail.id, "id": f"{rel_type}:{self._next_rel:012x}", "doc": doc,
                    "evidence": evidence, "start": start, "end": start + len(evidence), "year": year}  # fmt: skip
        if rel_type == "RESPONSIBLE_FOR":
            row["role"] = role
        self.rows.relationships.setdefault((rel_type, head.label, tail.label), []).append(row)

    def build(self) -> GraphRows:
        """Make the rows: documents one after another until the relationship target is reached."""
        rng = self.rng
        places = self._places()
        self.places = {place.id: place for group in places.values() for place in group}
        industries = self._industries()
        pick_industry = _Picker(industries, rng, 1.1)
        departments = {}
        for province, group in places.items():
            cities = [p for p in group if p.name.endswith("市") and p.name != province]
            if len(cities) >= 3:  # provinces with prefecture-level cities (municipalities have districts)
                departments[province] = (_Picker(self._departments(province, cities), rng, 0.9), cities)
        provinces = sorted(departments, key=lambda name: name != "江西省")  # the sample corpus's province first
        parents = {e.id: e for picker, _ in departments.values() for e in picker.items}
        pick_province = _Picker(provinces, rng, 0.7)
        roles = ("lead", "responsible", "responsible", "support", "support", "host", "cohost", "coordinate")
        brands = self.patterns["brand_words"]

        def named(label: str, name: str, aliases: tuple[str, ...], place: _Entity) -> _Entity:
            # The same name drawn again is the same enterprise, platform or event (as MERGE makes it).
            node_id = entity_id(label, name)
            return self.entities.get(node_id) or _Entity(label, node_id, name, aliases, place=place.id)

        index = 0
        while self._next_rel < self.target:
            index += 1
            province = pick_province()
            pick_department, cities = departments[province]
            year = rng.randint(2011, 2023)
            doc = f"{index:06d}_{rng.getrandbits(48):012x}.txt"
            mentioned: dict[str, _Entity] = {}
            before = self._next_rel

            def mention(entity: _Entity, mentioned: dict[str, _Entity] = mentioned) -> _Entity:
                """Make the node if it is new and count it as mentioned by this document (with its place)."""
                self._node(entity)
                mentioned[entity.id] = entity
                if entity.place:
                    place = self.places[entity.place]
                    self._node(place)
                    mentioned[place.id] = place
                return entity

            mention(places[province][0])
            units = list({u.id: u for u in (mention(pick_department()) for _ in range(rng.randint(4, 9)))}.values())
            drawn = [mention(pick_industry()) for _ in range(rng.randint(4, 9))]
            for _ in range(rng.randint(1, 4)):
                city = rng.choice(cities)
                short = f"{short_admin_name(city.name)}{rng.choice(brands)}{pick_industry().name}"
                drawn.append(mention(named("Enterprise", short + "有限公司", (short,), city)))
            for _ in range(rng.randint(0, 2)):
                city = rng.choice(cities)
                drawn.append(
                    mention(named("Platform", f"{short_admin_name(city.name)}{pick_industry().name}产业基地", (), city))
                )
            events = []
            if rng.random() < 0.25:
                city = rng.choice(cities)
                name = f"{year}年{short_admin_name(city.name)}{pick_industry().name}产业合作推进会"
                events.append(mention(named("Event", name, (), city)))
                drawn.extend(events)
            objects = list({o.id: o for o in drawn}.values())

            # Tasks: two to four units named together for a handful of objects.
            for _ in range(rng.randint(3, 6)):
                task_units = rng.sample(units, min(len(units), rng.randint(1, 3)))
                task_objects = rng.sample(objects, min(len(objects), rng.randint(1, 4)))
                for k, unit in enumerate(task_units):
                    for obj in task_objects:
                        role = rng.choice(roles[:5]) if obj.label != "Event" else rng.choice(roles[5:])
                        self._relationship("RESPONSIBLE_FOR", unit, obj, doc, year, f"{unit.name}负责推进{obj.name}。",
                                           "lead" if k == 0 and role == "responsible" else role)  # fmt: skip
            for entity in list(mentioned.values()):
                if entity.parent:
                    self._relationship("PART_OF", entity, mention(parents[entity.parent]), doc, year,
                                       f"{entity.name}属于上级部门。")  # fmt: skip
                if entity.place and entity.label in ("Enterprise", "Platform", "Event"):
                    self._relationship(
                        "LOCATED_IN", entity, self.places[entity.place], doc, year, f"{entity.name}位于当地。"
                    )
            for event in events:
                industries_named = [o for o in objects if o.label == "Industry"]
                for obj in rng.sample(industries_named, min(2, len(industries_named))):
                    self._relationship("TARGETS", event, obj, doc, year, f"{event.name}推介{obj.name}。")
            for k in range(rng.randint(1, 3)):
                subject = pick_industry()
                mention(subject)
                value = rng.choice((100, 300, 500, 1000, 2000))
                name = f"{subject.name} 主营业务收入 {value}亿元 ({year + 2})"
                target = _Entity("Target", f"Target:{index:06d}{k}", name, ())
                self._node(target)
                target_row = self.rows.nodes["Target"][-1]
                evidence = f"{subject.name}主营业务收入达到{value}亿元。"
                target_row.update(metric="主营业务收入", value=float(value), unit="亿元", year=year + 2,
                                  subject=subject.name, doc=doc, evidence=evidence)  # fmt: skip
                mentioned[target.id] = target
                self._relationship("TARGETS", target, subject, doc, year, target_row["evidence"])
                self._relationship(
                    "RESPONSIBLE_FOR", rng.choice(units), target, doc, year, target_row["evidence"], "responsible"
                )
            facts = self._next_rel - before
            for entity in mentioned.values():
                self._node(entity)
                self._next_rel += 1
                self.rows.relationships.setdefault(
                    (schema.MENTIONED_IN, entity.label, schema.DOCUMENT_LABEL), []
                ).append(
                    mention_row(entity.id, doc, list(entity.aliases), f"{schema.MENTIONED_IN}:{self._next_rel:012x}")
                )
            document: Row = {column: None for column in schema.node_columns(schema.DOCUMENT_LABEL)}
            document.update(id=document_id(doc), name=doc, title=f"{year}年产业推进工作要点", year=year,
                            fingerprint=f"{index:016x}", entity_count=len(mentioned), relationship_count=facts)  # fmt: skip
            self.rows.nodes.setdefault(schema.DOCUMENT_LABEL, []).append(document)
        return self.rows


def synthetic_graph(relationships: int = DEFAULT_RELATIONSHIPS, seed: int = DEFAULT_SEED) -> GraphRows:
    """The rows of a synthetic graph with about ``relationships`` relationships."""
    return SyntheticGraph(relationships, seed).build()
