"""Every piece of Cypher that differs between LadybugDB (embedded) and Neo4j.

The store code (``graph/store.py``) never writes engine-specific Cypher itself:
it asks the backend's :class:`Dialect` for schema DDL, the batched
``UNWIND $rows AS row ...`` write forms, the alias search, the read-only guard
and the translation of canned queries.

Canned queries (``queries/*.cypher``) are written in Neo4j-flavoured Cypher and
go through :meth:`Dialect.translate`, which applies a short list of rewrite rules
(data, at the bottom of this module) outside string literals and comments. For
the embedded store:

- ``type(r)`` → ``label(r)`` (LadybugDB has no ``type()``);
- ``labels(n)[0]`` → ``label(n)``;
- ``toString(x)`` → ``string(x)``;
- ``x.end`` → ``x.`end``` (``end`` is a reserved word there);
- ``shortestPath((a)-[r:T*1..k]-(b))`` → ``(a)-[r:T* SHORTEST 1..k]-(b)`` and
  ``allShortestPaths(...)`` → ``* ALL SHORTEST`` (an upper bound is required;
  without one LadybugDB's default of 30 is written out).

Neo4j needs no rewriting. To support another construct, append a
``(pattern, replacement)`` pair to ``EMBEDDED_RULES`` (or ``NEO4J_RULES``).

Engine facts behind the forms below (LadybugDB 0.22): both ends of a
relationship are matched with two ``MATCH`` clauses (the comma form is
quadratic); ``SET n += map`` does not parse, so properties are set one by one;
a batch parameter's column that is null in every row is typed STRING, so
non-string columns are ``CAST`` explicitly; ``labels(n)`` returns a string.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from policykg.names import fold_name

from . import schema
from .guard import Token, refused_write, tokenize

__all__ = ["DIALECTS", "EMBEDDED", "NEO4J", "Dialect", "Token", "refused_write", "tokenize"]

Replacement = str | Callable[[re.Match[str]], str]
Rule = tuple[re.Pattern[str], Replacement]


def contains_any_pattern(names: Iterable[str]) -> str:
    r"""A regular expression matching a whole text that contains any of ``names``.

    Both engines read ``text =~ pattern`` as a match of the whole text, hence
    the ``.*`` on each side (``(?s)``: across lines); a name that contains a
    shorter one adds nothing and is left out.

    Example:
        >>> contains_any_pattern(["光伏产业", "光伏", "a.b"])
        '(?s).*(?:a\\.b|光伏).*'
    """
    kept: list[str] = []
    for name in sorted({name for name in names if name}, key=len):
        if not any(shorter in name for shorter in kept):
            kept.append(name)
    return "(?s).*(?:" + "|".join(re.escape(name) for name in sorted(kept)) + ").*"


_LUCENE_SPECIAL = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/])')


def _quote(name: str) -> str:
    """Backtick a property name that is a reserved word in either engine."""
    return f"`{name}`" if name.lower() in _RESERVED_NAMES else name


_RESERVED_NAMES = frozenset({"end"})


def _apply_rules(cypher: str, rules: Sequence[Rule], engine: str) -> str:
    """Apply rewrite rules to the code of a query, never inside strings or comments (as ``engine`` reads them)."""
    if not rules:
        return cypher
    kept: list[str] = []
    masked: list[str] = []
    for token in tokenize(cypher, engine):
        if token.kind in ("string", "comment"):
            masked.append(f"\x00{len(kept)}\x00")
            kept.append(token.text)
        else:
            masked.append(token.text)
    text = "".join(masked)
    for pattern, replacement in rules:
        text = pattern.sub(replacement, text)
    return re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], text)


@dataclass(frozen=True, eq=False)
class Dialect:
    """The Cypher of one backend. Use the instances ``EMBEDDED`` and ``NEO4J``.

    Attributes:
        name: ``"embedded"`` or ``"neo4j"``.
        rules: rewrite rules for canned queries, see :meth:`translate`.
    """

    name: str
    rules: Sequence[Rule] = field(default=(), repr=False)

    @property
    def embedded(self) -> bool:
        return self.name == "embedded"

    # ----- queries written against the schema -------------------------------------------

    def translate(self, cypher: str) -> str:
        """Rewrite a portable (Neo4j-flavoured) query for this engine.

        Example:
            >>> EMBEDDED.translate("MATCH ()-[r]->() WHERE r.end > 0 RETURN type(r), 'type(x)'")
            "MATCH ()-[r]->() WHERE r.`end` > 0 RETURN label(r), 'type(x)'"
            >>> NEO4J.translate("RETURN type(r)")
            'RETURN type(r)'
        """
        return _apply_rules(cypher, self.rules, self.name)

    def relationship_type(self, variable: str) -> str:
        """The expression for a relationship's type, e.g. ``type(r)`` / ``label(r)``."""
        return f"label({variable})" if self.embedded else f"type({variable})"

    def node_label(self, variable: str) -> str:
        """The expression for a node's (single) label."""
        return f"label({variable})" if self.embedded else f"labels({variable})[0]"

    def refused_write(self, cypher: str) -> str | None:
        """Why ``cypher`` may not run as a read on this engine, or ``None`` (see ``graph/guard.py``)."""
        return refused_write(cypher, self.name)

    # ----- schema -------------------------------------------------------------------------

    def schema_statements(self) -> list[str]:
        """DDL that creates every label and relationship type; safe to run again."""
        if self.embedded:
            statements = [
                f"CREATE NODE TABLE IF NOT EXISTS {label}("
                + ", ".join(f"{_quote(name)} {kind}" for name, kind in schema.table_properties(label))
                + ", PRIMARY KEY(id))"
                for label in schema.NODE_LABELS
            ]
            for rel_type in schema.RELATIONSHIP_TYPES:
                heads, tails = schema.RELATIONSHIP_ENDPOINTS[rel_type]
                pairs = [f"FROM {head} TO {tail}" for head in heads for tail in tails]
                columns = [f"{_quote(name)} {kind}" for name, kind in schema.RELATIONSHIP_PROPERTIES[rel_type]]
                statements.append(f"CREATE REL TABLE IF NOT EXISTS {rel_type}({', '.join(pairs + columns)})")
            return statements
        statements = [
            f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE"
            for label in schema.NODE_LABELS
        ]
        statements.append("CREATE INDEX target_doc IF NOT EXISTS FOR (n:Target) ON (n.doc)")
        statements.append("CREATE INDEX document_name IF NOT EXISTS FOR (n:Document) ON (n.name)")
        statements += [
            f"CREATE INDEX {rel_type.lower()}_doc IF NOT EXISTS FOR ()-[r:{rel_type}]-() ON (r.doc)"
            for rel_type in schema.RELATIONSHIP_TYPES
        ]
        statements.append(
            f"CREATE FULLTEXT INDEX {schema.FULLTEXT_INDEX} IF NOT EXISTS "
            f"FOR (n:{'|'.join(schema.SEARCHABLE_LABELS)}) ON EACH [n.name, n.search] "
            "OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}}"
        )
        return statements

    # ----- batched writes (every value comes from $rows) --------------------------------

    def _value(self, name: str, kind: str) -> str:
        # A column null in every row of a batch is typed STRING by LadybugDB; cast the others.
        source = f"row.{_quote(name)}"
        if self.embedded and kind != "STRING":
            return f"CAST({source} AS {kind})"
        return source

    def create_nodes(self, label: str, *, derived: bool = False) -> str:
        """Insert nodes known to be new (the embedded bulk path; MERGE on Neo4j), with their derived columns if ``derived``."""
        if not self.embedded:
            return self.merge_nodes(label, derived=derived)
        columns = schema.table_properties(label) if derived else schema.NODE_PROPERTIES[label]
        values = ", ".join(f"{_quote(name)}: {self._value(name, kind)}" for name, kind in columns)
        return f"UNWIND $rows AS row CREATE (n:{label} {{{values}}})"

    def merge_nodes(self, label: str, *, derived: bool = False) -> str:
        """Insert or update nodes by ``id`` from ``$rows`` (one map per node, every column; the derived ones if ``derived``)."""
        columns = (schema.table_properties(label) if derived else schema.NODE_PROPERTIES[label])[1:]
        if self.embedded:
            sets = ", ".join(f"n.{_quote(name)} = {self._value(name, kind)}" for name, kind in columns)
            return f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) SET {sets}"
        projection = ", ".join(f".{_quote(name)}" for name, _ in columns)
        return f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) SET n += row {{{projection}}}"

    def set_node_names(self, label: str) -> str:
        """Update ``aliases`` and ``search`` of existing nodes from ``$rows``."""
        aliases = self._value("aliases", "STRING[]")
        return f"UNWIND $rows AS row MATCH (n:{label} {{id: row.id}}) SET n.aliases = {aliases}, n.search = row.search"

    def create_relationships(self, rel_type: str, head: str, tail: str) -> str:
        """Insert relationships known to be new (``$rows`` with head, tail and every column)."""
        if not self.embedded:
            return self.merge_relationships(rel_type, head, tail)
        values = ", ".join(
            f"{_quote(name)}: {self._value(name, kind)}" for name, kind in schema.RELATIONSHIP_PROPERTIES[rel_type]
        )
        return (
            f"UNWIND $rows AS row MATCH (a:{head} {{id: row.head}}) MATCH (b:{tail} {{id: row.tail}}) "
            f"CREATE (a)-[r:{rel_type} {{{values}}}]->(b)"
        )

    def merge_relationships(self, rel_type: str, head: str, tail: str) -> str:
        """Insert or update relationships by ``id``; both ends are matched by two MATCH clauses."""
        columns = schema.RELATIONSHIP_PROPERTIES[rel_type][1:]
        match = f"UNWIND $rows AS row MATCH (a:{head} {{id: row.head}}) MATCH (b:{tail} {{id: row.tail}}) "
        if self.embedded:
            sets = ", ".join(f"r.{_quote(name)} = {self._value(name, kind)}" for name, kind in columns)
            return match + f"MERGE (a)-[r:{rel_type} {{id: row.id}}]->(b) SET {sets}"
        projection = ", ".join(f".{_quote(name)}" for name, _ in columns)
        return match + f"MERGE (a)-[r:{rel_type} {{id: row.id}}]->(b) SET r += row {{{projection}}}"

    # ----- reads and deletes used while loading -------------------------------------------

    # ----- derived properties (schema.ROLLUP_PROPERTIES, graph/rollups.py) -----------------

    def add_rollup_columns(self, label: str, present: Iterable[str]) -> list[str]:
        """DDL adding the derived columns a table made by an earlier version lacks (embedded only)."""
        if not self.embedded:
            return []  # Neo4j properties need no declaration
        have = set(present)
        return [
            f"ALTER TABLE {label} ADD {_quote(name)} {kind}"
            for name, kind in schema.ROLLUP_PROPERTIES.get(label, ())
            if name not in have
        ]

    def rollup_ids(self, label: str, *, stale_only: bool) -> str:
        """Ids of every ``label`` node, or of those whose derived properties were never computed."""
        missing = " OR ".join(f"n.{_quote(name)} IS NULL" for name, _ in schema.ROLLUP_PROPERTIES[label])
        where = f" WHERE {missing}" if stale_only else ""
        return f"MATCH (n:{label}){where} RETURN n.id AS id"

    def department_responsibilities(self, label: str, *, names: bool = False) -> str:
        """Per department of ``$ids``: the distinct ``label`` entities it is responsible for (and their names)."""
        collected = ", collect(DISTINCT x.name) AS names" if names else ""
        return (
            "UNWIND $ids AS id MATCH (d:Department {id: id}) "
            f"OPTIONAL MATCH (d)-[:RESPONSIBLE_FOR]->(x:{label}) "
            f"RETURN d.id AS id, count(DISTINCT x.id) AS n{collected}"
        )

    def department_parents(self) -> str:
        """Per department of ``$ids``: the names of the departments it is a division of."""
        return (
            "UNWIND $ids AS id MATCH (d:Department {id: id}) "
            "OPTIONAL MATCH (d)-[:PART_OF]->(p:Department) "
            "RETURN d.id AS id, collect(DISTINCT p.name) AS names"
        )

    def department_documents(self) -> str:
        """Per department of ``$ids``: the documents that make it responsible for anything."""
        return (
            "UNWIND $ids AS id MATCH (d:Department {id: id}) "
            "OPTIONAL MATCH (d)-[r:RESPONSIBLE_FOR]->() "
            "RETURN d.id AS id, count(DISTINCT r.doc) AS n"
        )

    def industry_departments(self) -> str:
        """Per industry of ``$ids``: each department, role group, and how many documents name it so."""
        cases = " ".join(
            f"WHEN r.role IN [{', '.join(repr(role) for role in roles)}] THEN '{column}'"
            for column, roles in schema.ROLE_GROUPS.items()
        )
        return (
            "UNWIND $ids AS id MATCH (i:Industry {id: id}) "
            "MATCH (d:Department)-[r:RESPONSIBLE_FOR]->(i) "
            f"WITH i.id AS id, d.name AS department, CASE {cases} END AS grp, r.doc AS doc "
            "RETURN id, department, grp, count(DISTINCT doc) AS documents"
        )

    def industry_terms(self) -> str:
        """Every industry's name with its ``search`` text (its names and aliases, folded, one per line)."""
        return "MATCH (i:Industry) RETURN i.name AS name, i.search AS search"

    def enterprise_search_and_places(self) -> str:
        """The ``search`` text of the enterprises ``$ids`` and the places each lies in (one query: cheaper than two)."""
        return (
            "UNWIND $ids AS id MATCH (e:Enterprise {id: id}) OPTIONAL MATCH (e)-[:LOCATED_IN]->(p:Place) "
            "RETURN e.id AS id, e.search AS search, collect(DISTINCT p.name) AS places"
        )

    def place_links(self) -> str:
        """Every place with a place it lies in (distinct pairs of names)."""
        return "MATCH (p:Place)-[:LOCATED_IN]->(q:Place) RETURN DISTINCT p.name AS place, q.name AS parent"

    @staticmethod
    def _nulled_rollups(label: str) -> str:
        """``SET`` items making the derived properties of ``n`` (a ``label`` node) null."""
        return ", ".join(f"n.{_quote(name)} = NULL" for name, _ in schema.ROLLUP_PROPERTIES[label])

    def clear_enterprises_carrying(self, *, among: bool = False) -> str:
        """Set to null the derived properties of the enterprises (of ``$ids`` if ``among``) whose ``search`` matches ``$pattern``."""
        sets = self._nulled_rollups("Enterprise")
        match = "UNWIND $ids AS id MATCH (n:Enterprise {id: id})" if among else "MATCH (n:Enterprise)"
        return f"{match} WHERE n.search =~ $pattern SET {sets}"

    def clear_enterprises_in_places(self, *, among: bool = False) -> str:
        """Set to null the derived properties of the enterprises (of ``$ids`` if ``among``) lying in one of ``$places``."""
        sets = self._nulled_rollups("Enterprise")
        match = "UNWIND $ids AS id MATCH (n:Enterprise {id: id})" if among else "MATCH (n:Enterprise)"
        return f"{match} MATCH (n)-[:LOCATED_IN]->(p:Place) WHERE p.name IN $places SET {sets}"

    def set_rollups(self, label: str) -> str:
        """Write the derived properties of ``label`` nodes from ``$rows`` (``id`` and every derived column)."""
        sets = ", ".join(
            f"n.{_quote(name)} = {self._value(name, kind)}" for name, kind in schema.ROLLUP_PROPERTIES[label]
        )
        return f"UNWIND $rows AS row MATCH (n:{label} {{id: row.id}}) SET {sets}"

    def clear_rollups(self, label: str) -> str:
        """Set the derived properties of the ``label`` nodes ``$ids`` to null."""
        return f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) SET {self._nulled_rollups(label)}"

    def stored_rollups(self, label: str) -> str:
        """The derived properties of every ``label`` node as stored."""
        columns = ", ".join(f"n.{_quote(name)} AS {_quote(name)}" for name, _ in schema.ROLLUP_PROPERTIES[label])
        return f"MATCH (n:{label}) RETURN n.id AS id, {columns}"

    def existing_ids(self, label: str) -> str:
        """Which of ``$ids`` already exist as ``label`` nodes (column ``id``)."""
        return f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) RETURN n.id AS id"

    def mention_aliases(self, label: str) -> str:
        """Names each document used for the nodes ``$ids`` (columns id, name, doc, aliases)."""
        return (
            f"UNWIND $ids AS id MATCH (n:{label} {{id: id}})-[m:{schema.MENTIONED_IN}]->(d:{schema.DOCUMENT_LABEL}) "
            "RETURN n.id AS id, n.name AS name, d.name AS doc, m.aliases AS aliases"
        )

    def mentioned_by(self) -> str:
        """Ids of the entity nodes the document ``$doc_id`` mentions (column ``id``)."""
        return f"MATCH (n)-[:{schema.MENTIONED_IN}]->(d:{schema.DOCUMENT_LABEL} {{id: $doc_id}}) RETURN n.id AS id"

    def delete_relationships_of_document(self, rel_type: str) -> str:
        """Delete the relationships of type ``rel_type`` read from document ``$doc``."""
        return f"MATCH ()-[r:{rel_type}]->() WHERE r.doc = $doc DELETE r"

    def delete_targets_of_document(self) -> str:
        """Delete the Target nodes of document ``$doc`` with their relationships."""
        return "MATCH (t:Target) WHERE t.doc = $doc DETACH DELETE t"

    def delete_document(self) -> str:
        """Delete the Document node ``$doc_id``."""
        return f"MATCH (d:{schema.DOCUMENT_LABEL} {{id: $doc_id}}) DETACH DELETE d"

    def delete_unmentioned(self, label: str) -> str:
        """Delete those of ``$ids`` that no document mentions any more (column ``id``: deleted)."""
        return (
            f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) "
            f"WHERE NOT EXISTS {{ MATCH (n)-[:{schema.MENTIONED_IN}]->() }} DETACH DELETE n"
        )

    def document_fingerprints(self) -> str:
        """Every Document with its fingerprint (columns name, fingerprint)."""
        return f"MATCH (d:{schema.DOCUMENT_LABEL}) RETURN d.name AS name, d.fingerprint AS fingerprint"

    # ----- counting and checking --------------------------------------------------------

    def count_nodes(self, label: str) -> str:
        return f"MATCH (n:{label}) RETURN count(n) AS n"

    def count_relationships(self, rel_type: str) -> str:
        return f"MATCH ()-[r:{rel_type}]->() RETURN count(r) AS n"

    def count_relationships_by_document(self, rel_type: str) -> str:
        """Per document, how many ``rel_type`` relationships there are (columns doc, n)."""
        return f"MATCH ()-[r:{rel_type}]->() RETURN r.doc AS doc, count(r) AS n"

    def count_missing_provenance(self, rel_type: str) -> str:
        """How many ``rel_type`` relationships lack a doc, or evidence (columns no_doc, no_evidence).

        MENTIONED_IN has no evidence column; its ``no_evidence`` is always 0.
        """
        columns = schema.relationship_columns(rel_type)
        no_evidence = "0"
        if "derived" in columns:  # a derived link (graph/places.py) has no sentence to cite
            no_evidence = "sum(CASE WHEN (r.evidence IS NULL OR r.evidence = '') AND NOT coalesce(r.derived, false) THEN 1 ELSE 0 END)"
        elif "evidence" in columns:
            no_evidence = "sum(CASE WHEN r.evidence IS NULL OR r.evidence = '' THEN 1 ELSE 0 END)"
        return (
            f"MATCH ()-[r:{rel_type}]->() RETURN "
            f"sum(CASE WHEN r.doc IS NULL OR r.doc = '' THEN 1 ELSE 0 END) AS no_doc, {no_evidence} AS no_evidence"
        )

    def document_counts(self) -> str:
        """Per document, the counts its record produced (columns doc, entities, relationships)."""
        return (
            f"MATCH (d:{schema.DOCUMENT_LABEL}) "
            "RETURN d.name AS doc, d.entity_count AS entities, d.relationship_count AS relationships"
        )

    def count_unmentioned(self, label: str) -> str:
        """How many ``label`` nodes no document mentions (column n)."""
        return f"MATCH (n:{label}) WHERE NOT EXISTS {{ MATCH (n)-[:{schema.MENTIONED_IN}]->() }} RETURN count(n) AS n"

    # ----- alias search -------------------------------------------------------------------

    def alias_search(self, text: str = "") -> str:
        """Entities whose name or alias contains ``text``, with :meth:`search_parameters` bound.

        Parameters ``$text`` (the folded text), ``$query`` (Neo4j: the full-text
        phrase), ``$labels`` (labels to keep) and ``$limit``; columns id, label,
        name, aliases. The embedded store scans ``search`` with ``CONTAINS``.
        Neo4j asks the ``cjk`` full-text index for the phrase when the text is
        two or more Chinese characters (the analyzer indexes pairs of them, so a
        phrase of pairs is exactly a substring) and keeps the hits whose
        ``search`` contains the text; any other text (one character, Latin
        letters or digits, which the analyzer keeps as whole words) is scanned
        for as on the embedded store, so both engines find the same entities.
        """
        if self.embedded:
            return (
                f"MATCH (n:{':'.join(schema.SEARCHABLE_LABELS)}) "
                "WHERE n.search CONTAINS $text AND label(n) IN $labels "
                "RETURN n.id AS id, label(n) AS label, n.name AS name, n.aliases AS aliases "
                "ORDER BY n.id LIMIT $limit"
            )
        if not fulltext_suits(fold_name(text)):
            return (
                f"MATCH (n:{'|'.join(schema.SEARCHABLE_LABELS)}) "
                "WHERE n.search CONTAINS $text AND labels(n)[0] IN $labels "
                "RETURN n.id AS id, labels(n)[0] AS label, n.name AS name, n.aliases AS aliases "
                "ORDER BY n.id LIMIT $limit"
            )
        return (
            f"CALL db.index.fulltext.queryNodes('{schema.FULLTEXT_INDEX}', $query) YIELD node, score "
            "WHERE node.search CONTAINS $text AND labels(node)[0] IN $labels "
            "RETURN node.id AS id, labels(node)[0] AS label, node.name AS name, node.aliases AS aliases "
            "ORDER BY score DESC, node.id LIMIT $limit"
        )

    def search_parameters(self, text: str) -> dict[str, str]:
        """The ``$text`` (and on Neo4j ``$query``) values for :meth:`alias_search`.

        Example:
            >>> EMBEDDED.search_parameters(" 工信委 ")
            {'text': '工信委'}
            >>> NEO4J.search_parameters("工信委")
            {'text': '工信委', 'query': '"工信委"'}
        """
        folded = fold_name(text)
        if self.embedded:
            return {"text": folded}
        return {"text": folded, "query": self.search_parameter(text)}

    def search_parameter(self, text: str) -> str:
        """The full-text phrase for ``text`` (Neo4j); the folded text on the embedded store.

        Example:
            >>> EMBEDDED.search_parameter(" 工信委 ")
            '工信委'
            >>> NEO4J.search_parameter("A+B")
            '"a\\\\+b"'
        """
        folded = fold_name(text)
        if self.embedded:
            return folded
        return '"' + _LUCENE_SPECIAL.sub(r"\\\1", folded) + '"'


_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]{2,}")


def fulltext_suits(folded: str) -> bool:
    """Whether the ``cjk`` full-text index finds exactly the names containing ``folded``.

    The analyzer indexes overlapping pairs of Han characters, so a phrase of two
    or more of them matches where the text occurs; a single character, or
    letters and digits (indexed as whole words), would be missed.

    Example:
        >>> fulltext_suits("工信委"), fulltext_suits("省"), fulltext_suits("abc公司")
        (True, False, False)
    """
    return bool(_HAN.fullmatch(folded))


def _shortest_path(match: re.Match[str]) -> str:
    kind = "ALL SHORTEST" if match["function"] == "allShortestPaths" else "SHORTEST"
    low = match["low"] or "1"
    # "*k" means exactly k hops; "*" or "*k.." is bounded by LadybugDB's default of 30.
    high = match["high"] or (low if match["low"] and not match["dots"] else "30")
    inner = match["inner"].strip()
    return f"{match['left']}{match['arrow_in']}[{inner}* {kind} {low}..{high}]{match['arrow_out']}{match['right']}"


# ----- rewrite rules for canned queries (pattern, replacement); extend here ---------------

EMBEDDED_RULES: list[Rule] = [
    (re.compile(r"(?<![\w.])type\s*\("), "label("),
    (re.compile(r"(?<![\w.])labels\s*\(\s*(\w+)\s*\)\s*\[\s*0\s*\]"), r"label(\1)"),
    (re.compile(r"(?<![\w.])toString\s*\("), "string("),
    (re.compile(r"(?<=[\w`])\.end\b"), ".`end`"),
    (
        re.compile(
            r"(?P<function>allShortestPaths|shortestPath)\s*\(\s*"
            r"(?P<left>\([^()]*\))\s*(?P<arrow_in><?-)\s*\[(?P<inner>[^\[\]*]*)\*\s*"
            r"(?P<low>\d+)?\s*(?:(?P<dots>\.\.)\s*(?P<high>\d+)?)?\s*\]\s*(?P<arrow_out>->?)\s*"
            r"(?P<right>\([^()]*\))\s*\)"
        ),
        _shortest_path,
    ),
    # List comprehensions → lambdas: [x IN l WHERE p | e] → list_transform(list_filter(l, x -> p), x -> e),
    # [x IN l | e] → list_transform(l, x -> e), [x IN l WHERE p] → list_filter(l, x -> p). These come
    # after labels(n)[0] so that the brackets left are the comprehension's own. LadybugDB cannot read a
    # $parameter inside a lambda (or any()/all()): bind it to a variable with WITH first.
    (
        re.compile(
            r"\[\s*(?P<var>[^\W\d]\w*)\s+(?i:IN)\s+(?P<list>(?:(?!\b(?i:WHERE)\b)[^\[\]|])+?)\s+(?i:WHERE)\s+"
            r"(?P<pred>[^\[\]|]+?)\s*\|\s*(?P<expr>[^\[\]]+?)\s*\]"
        ),
        r"list_transform(list_filter(\g<list>, \g<var> -> \g<pred>), \g<var> -> \g<expr>)",
    ),
    (
        re.compile(
            r"\[\s*(?P<var>[^\W\d]\w*)\s+(?i:IN)\s+(?P<list>(?:(?!\b(?i:WHERE)\b)[^\[\]|])+?)\s*\|\s*"
            r"(?P<expr>[^\[\]]+?)\s*\]"
        ),
        r"list_transform(\g<list>, \g<var> -> \g<expr>)",
    ),
    (
        re.compile(
            r"\[\s*(?P<var>[^\W\d]\w*)\s+(?i:IN)\s+(?P<list>(?:(?!\b(?i:WHERE)\b)[^\[\]|])+?)\s+(?i:WHERE)\s+"
            r"(?P<pred>[^\[\]|]+?)\s*\]"
        ),
        r"list_filter(\g<list>, \g<var> -> \g<pred>)",
    ),
]

NEO4J_RULES: list[Rule] = []

# The rule lists are shared, not copied: a rule appended to them applies at once.
EMBEDDED = Dialect("embedded", rules=EMBEDDED_RULES)
NEO4J = Dialect("neo4j", rules=NEO4J_RULES)

DIALECTS: dict[str, Dialect] = {"embedded": EMBEDDED, "neo4j": NEO4J}
