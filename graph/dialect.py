"""Every piece of Cypher that differs between LadybugDB (embedded) and Neo4j.

The write algorithm (``graph/write.py``) never writes engine-specific Cypher itself:
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

from policykg.errors import StoreError
from policykg.names import fold_name

from . import schema
from .guard import Token, refused_write, tokenize
from .statements import quote

__all__ = [
    "DIALECTS",
    "EMBEDDED",
    "NEO4J",
    "Dialect",
    "EmbeddedDialect",
    "Neo4jDialect",
    "Token",
    "refused_write",
    "tokenize",
]

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


class Dialect:
    """What one engine's Cypher looks like where the two engines differ.

    The base class writes the forms both engines share through a few hooks
    (:meth:`value`, :meth:`create_nodes` …); :class:`EmbeddedDialect` and
    :class:`Neo4jDialect` say only what differs. Use the instances ``EMBEDDED`` and ``NEO4J``.
    """

    name: str = ""
    rules: Sequence[Rule] = ()

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

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

    def refused_write(self, cypher: str) -> str | None:
        """Why ``cypher`` may not run as a read on this engine, or ``None`` (see ``graph/guard.py``)."""
        return refused_write(cypher, self.name)

    # ----- hooks: what differs ----------------------------------------------------------------

    def schema_statements(self) -> list[str]:
        """DDL that creates every label and relationship type; safe to run again."""
        raise NotImplementedError

    def label_of(self, variable: str) -> str:
        """The expression for a node's (single) label."""
        raise NotImplementedError

    def type_of(self, variable: str) -> str:
        """The expression for a relationship's type."""
        raise NotImplementedError

    def any_of_labels(self, labels: Sequence[str]) -> str:
        """A node pattern's label part matching a node of any of ``labels``."""
        raise NotImplementedError

    def value(self, name: str, kind: str) -> str:
        """The expression reading column ``name`` (of type ``kind``) from a ``$rows`` row."""
        return f"row.{quote(name)}"

    def merge_nodes(self, label: str, *, derived: bool = False) -> str:
        """Insert or update nodes by ``id`` from ``$rows`` (one map per node, every column; the derived ones if ``derived``)."""
        raise NotImplementedError

    def create_nodes(self, label: str, *, derived: bool = False) -> str:
        """Insert nodes known to be new, with their derived columns if ``derived``."""
        return self.merge_nodes(label, derived=derived)

    def merge_relationships(self, rel_type: str, head: str, tail: str) -> str:
        """Insert or update relationships by ``id``; both ends are matched by two MATCH clauses."""
        raise NotImplementedError

    def create_relationships(self, rel_type: str, head: str, tail: str) -> str:
        """Insert relationships known to be new (``$rows`` with head, tail and every column)."""
        return self.merge_relationships(rel_type, head, tail)

    def add_rollup_columns(self, label: str, present: Iterable[str]) -> list[str]:
        """DDL adding the derived columns a table made by an earlier version lacks."""
        return []

    def alias_search(self, text: str = "") -> str:
        """Entities whose name or alias contains ``text``, with :meth:`search_parameters` bound.

        Parameters ``$text`` (the folded text), ``$query`` (Neo4j: the full-text
        phrase), ``$labels`` (labels to keep) and ``$limit``; columns id, label,
        name, aliases. Here: a scan of ``search`` with ``CONTAINS`` over every searchable label.
        """
        label = self.label_of("n")
        return (
            f"MATCH (n:{self.any_of_labels(schema.SEARCHABLE_LABELS)}) "
            f"WHERE n.search CONTAINS $text AND {label} IN $labels "
            f"RETURN n.id AS id, {label} AS label, n.name AS name, n.aliases AS aliases "
            "ORDER BY n.id LIMIT $limit"
        )

    def search_parameters(self, text: str) -> dict[str, str]:
        """The ``$text`` (and on Neo4j ``$query``) values for :meth:`alias_search`.

        Example:
            >>> EMBEDDED.search_parameters(" 工信委 ")
            {'text': '工信委'}
            >>> NEO4J.search_parameters("工信委")
            {'text': '工信委', 'query': '"工信委"'}
        """
        return {"text": fold_name(text)}

    # ----- forms both engines share, written through the hooks ------------------------------

    def all_nodes(self) -> str:
        """Every node with its id, label and properties, in id order."""
        return f"MATCH (n) RETURN n.id AS id, {self.label_of('n')} AS label, n AS props ORDER BY id"

    def all_relationships(self) -> str:
        """Every relationship with its ends, type and properties, in id order."""
        return (
            "MATCH (a)-[r]->(b) "
            f"RETURN a.id AS source, b.id AS target, {self.type_of('r')} AS type, r AS props ORDER BY r.id"
        )

    def set_node_names(self, label: str) -> str:
        """Update ``aliases`` and ``search`` of existing nodes from ``$rows``."""
        aliases = self.value("aliases", "STRING[]")
        return f"UNWIND $rows AS row MATCH (n:{label} {{id: row.id}}) SET n.aliases = {aliases}, n.search = row.search"

    def set_rollups(self, label: str) -> str:
        """Write the derived properties of ``label`` nodes from ``$rows`` (``id`` and every derived column)."""
        sets = ", ".join(
            f"n.{quote(name)} = {self.value(name, kind)}" for name, kind in schema.ROLLUP_PROPERTIES[label]
        )
        return f"UNWIND $rows AS row MATCH (n:{label} {{id: row.id}}) SET {sets}"


def _match_ends(rel_type: str, head: str, tail: str) -> str:
    return f"UNWIND $rows AS row MATCH (a:{head} {{id: row.head}}) MATCH (b:{tail} {{id: row.tail}}) "


class EmbeddedDialect(Dialect):
    """LadybugDB: typed tables, ``CAST`` of batch columns, ``CREATE`` for new rows, a scan for search.

    A batch parameter's column that is null in every row is typed STRING, so
    non-string columns are cast; ``SET n += map`` does not parse, so properties
    are set one by one.
    """

    name = "embedded"
    rules = EMBEDDED_RULES

    def label_of(self, variable: str) -> str:
        return f"label({variable})"

    def type_of(self, variable: str) -> str:
        return f"label({variable})"

    def any_of_labels(self, labels: Sequence[str]) -> str:
        return ":".join(labels)

    def schema_statements(self) -> list[str]:
        statements = [
            f"CREATE NODE TABLE IF NOT EXISTS {label}("
            + ", ".join(f"{quote(name)} {kind}" for name, kind in schema.table_properties(label))
            + ", PRIMARY KEY(id))"
            for label in schema.NODE_LABELS
        ]
        for rel_type in schema.RELATIONSHIP_TYPES:
            heads, tails = schema.RELATIONSHIP_ENDPOINTS[rel_type]
            pairs = [f"FROM {head} TO {tail}" for head in heads for tail in tails]
            columns = [f"{quote(name)} {kind}" for name, kind in schema.RELATIONSHIP_PROPERTIES[rel_type]]
            statements.append(f"CREATE REL TABLE IF NOT EXISTS {rel_type}({', '.join(pairs + columns)})")
            # A store made by an earlier version gains the pairs added since (Enterprise → Industry).
            statements.extend(
                f"ALTER TABLE {rel_type} ADD IF NOT EXISTS FROM {head} TO {tail}" for head in heads for tail in tails
            )
        return statements

    def value(self, name: str, kind: str) -> str:
        source = f"row.{quote(name)}"
        return source if kind == "STRING" else f"CAST({source} AS {kind})"

    def create_nodes(self, label: str, *, derived: bool = False) -> str:
        columns = schema.table_properties(label) if derived else schema.NODE_PROPERTIES[label]
        values = ", ".join(f"{quote(name)}: {self.value(name, kind)}" for name, kind in columns)
        return f"UNWIND $rows AS row CREATE (n:{label} {{{values}}})"

    def merge_nodes(self, label: str, *, derived: bool = False) -> str:
        columns = (schema.table_properties(label) if derived else schema.NODE_PROPERTIES[label])[1:]
        sets = ", ".join(f"n.{quote(name)} = {self.value(name, kind)}" for name, kind in columns)
        return f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) SET {sets}"

    def create_relationships(self, rel_type: str, head: str, tail: str) -> str:
        values = ", ".join(
            f"{quote(name)}: {self.value(name, kind)}" for name, kind in schema.RELATIONSHIP_PROPERTIES[rel_type]
        )
        return _match_ends(rel_type, head, tail) + f"CREATE (a)-[r:{rel_type} {{{values}}}]->(b)"

    def merge_relationships(self, rel_type: str, head: str, tail: str) -> str:
        columns = schema.RELATIONSHIP_PROPERTIES[rel_type][1:]
        sets = ", ".join(f"r.{quote(name)} = {self.value(name, kind)}" for name, kind in columns)
        return _match_ends(rel_type, head, tail) + f"MERGE (a)-[r:{rel_type} {{id: row.id}}]->(b) SET {sets}"

    def copy_nodes(self, label: str, *, derived: bool = False) -> str:
        """``COPY`` of new ``label`` nodes from the table ``$rows`` (the loaded columns, in schema order).

        A table with derived columns names the columns the rows carry: the loaded
        ones (the others stay null until recomputed), or every one if ``derived``.

        Example:
            >>> EMBEDDED.copy_nodes("Place")
            'COPY Place FROM $rows'
            >>> EMBEDDED.copy_nodes("Department")
            'COPY Department(id, name, aliases, search) FROM $rows'
            >>> EMBEDDED.copy_nodes("Enterprise", derived=True)
            'COPY Enterprise(id, name, aliases, search, named_industries, located_in) FROM $rows'
        """
        if label not in schema.NODE_PROPERTIES:
            raise StoreError(f"no node table {label!r} in the schema")
        if label not in schema.ROLLUP_PROPERTIES:
            return f"COPY {label} FROM $rows"
        columns = [name for name, _ in (schema.table_properties(label) if derived else schema.NODE_PROPERTIES[label])]
        return f"COPY {label}({', '.join(columns)}) FROM $rows"

    def copy_relationships(self, rel_type: str, head: str, tail: str) -> str:
        """``COPY`` of new relationships from ``$rows`` (``from``, ``to``, then the schema's columns).

        Example:
            >>> EMBEDDED.copy_relationships("PART_OF", "Department", "Department")
            "COPY PART_OF FROM $rows (from='Department', to='Department')"
        """
        heads, tails = schema.RELATIONSHIP_ENDPOINTS.get(rel_type, ((), ()))
        if head not in heads or tail not in tails:
            raise StoreError(f"no relationship table {rel_type} from {head} to {tail} in the schema")
        return f"COPY {rel_type} FROM $rows (from='{head}', to='{tail}')"

    def table_columns(self, label: str) -> str:
        """The names of the columns of ``label``'s table."""
        return f"CALL table_info('{label}') RETURN name"

    def auto_checkpoint(self, on: bool) -> str:
        """Turn the engine's automatic checkpoints on or off (off during a bulk load)."""
        return f"CALL auto_checkpoint={'true' if on else 'false'}"

    def add_rollup_columns(self, label: str, present: Iterable[str]) -> list[str]:
        have = set(present)
        return [
            f"ALTER TABLE {label} ADD {quote(name)} {kind}"
            for name, kind in schema.ROLLUP_PROPERTIES.get(label, ())
            if name not in have
        ]


class Neo4jDialect(Dialect):
    """Neo4j: constraints and indexes instead of tables, ``MERGE … SET n += row {…}``, a full-text index for search."""

    name = "neo4j"
    rules = NEO4J_RULES
    # Waits up to ``$seconds`` for the indexes to come online (after the schema is created).
    AWAIT_INDEXES = "CALL db.awaitIndexes($seconds)"

    def label_of(self, variable: str) -> str:
        return f"labels({variable})[0]"

    def type_of(self, variable: str) -> str:
        return f"type({variable})"

    def any_of_labels(self, labels: Sequence[str]) -> str:
        return "|".join(labels)

    def schema_statements(self) -> list[str]:
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

    def merge_nodes(self, label: str, *, derived: bool = False) -> str:
        columns = (schema.table_properties(label) if derived else schema.NODE_PROPERTIES[label])[1:]
        projection = ", ".join(f".{quote(name)}" for name, _ in columns)
        return f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) SET n += row {{{projection}}}"

    def merge_relationships(self, rel_type: str, head: str, tail: str) -> str:
        columns = schema.RELATIONSHIP_PROPERTIES[rel_type][1:]
        projection = ", ".join(f".{quote(name)}" for name, _ in columns)
        return (
            _match_ends(rel_type, head, tail)
            + f"MERGE (a)-[r:{rel_type} {{id: row.id}}]->(b) SET r += row {{{projection}}}"
        )

    def alias_search(self, text: str = "") -> str:
        """The ``cjk`` full-text index when the text is two or more Chinese characters, else a scan.

        The analyzer indexes pairs of Han characters, so a phrase of pairs is exactly
        a substring; the hits are kept when their ``search`` contains the text. Any
        other text (one character, Latin letters or digits, which the analyzer keeps
        as whole words) is scanned for as on the embedded store, so both engines
        find the same entities.
        """
        if not fulltext_suits(fold_name(text)):
            return super().alias_search(text)
        return (
            f"CALL db.index.fulltext.queryNodes('{schema.FULLTEXT_INDEX}', $query) YIELD node, score "
            "WHERE node.search CONTAINS $text AND labels(node)[0] IN $labels "
            "RETURN node.id AS id, labels(node)[0] AS label, node.name AS name, node.aliases AS aliases "
            "ORDER BY score DESC, node.id LIMIT $limit"
        )

    def search_parameters(self, text: str) -> dict[str, str]:
        return {"text": fold_name(text), "query": fulltext_phrase(text)}


def fulltext_phrase(text: str) -> str:
    """The Lucene phrase that asks Neo4j's full-text index for ``text`` (folded, special characters escaped).

    Example:
        >>> fulltext_phrase("A+B")
        '"a\\\\+b"'
    """
    return '"' + _LUCENE_SPECIAL.sub(r"\\\1", fold_name(text)) + '"'


# The rule lists are shared, not copied: a rule appended to them applies at once.
EMBEDDED = EmbeddedDialect()
NEO4J = Neo4jDialect()

DIALECTS: dict[str, Dialect] = {"embedded": EMBEDDED, "neo4j": NEO4J}
