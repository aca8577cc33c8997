"""The read-only guard: which Cypher may run as a read, decided as the engine reads the text.

A read that the guard lets through must not change the graph, its schema or
settings, and must not touch a file, the network or an extension: ``COPY …
TO`` and ``LOAD FROM`` run in LadybugDB's read-only mode, so on the embedded
store the guard is the wall, not the transaction.

The guard splits a query into tokens exactly as the engine's lexer does, so
that no text it takes for a string literal or a comment is code to the engine
(and the other way round). The two engines differ:

- LadybugDB (the openCypher grammar of Kùzu): a block comment is ``/*``, then
  any run of characters other than ``*`` or of ``*`` followed by anything but
  ``/``, then ``*/`` — so ``/* a **/ b */`` is *one* comment (the ``**`` pairs
  up); a line comment ends at a line break and must be followed by one (or by
  the end); strings take only the escapes ``\\\\ \\' \\" \\b \\f \\n \\r \\t``,
  ``\\xHH``, ``\\uHHHH`` and ``\\UHHHHHHHH``, any other backslash makes the
  string no string at all (the query fails to parse).
- Neo4j 5: a block comment ends at the first ``*/``; a backslash escapes the
  character after it.

Both: backticked names are ``` `…` ``` with ```` `` ```` for a backtick. Text
that does not close (a comment, string or name) is not a token of that kind:
the lexer goes on with its first character as a symbol, and so does this
module, which then reads what follows as code (the engine fails on it).

On top of the tokens the guard refuses, outside strings, comments and names:
every clause that writes, loads, exports, installs or attaches
(:data:`REFUSED_KEYWORDS`), ``CALL`` of a procedure not known to read, a second
statement after ``;``, and on Neo4j the APOC and ``dbms`` procedures and
functions that reach files, the network or other queries. A keyword directly
after ``.`` or ``:`` is a property key or a label (``n.set``, ``:Merge``) and
does not count.

The embedded store adds a check by the engine itself (``EXPLAIN`` of the
statement, :func:`refused_plan`): only plans made of reading operators run.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple


class Token(NamedTuple):
    """A lexical piece of a Cypher query."""

    kind: str  # word, number, string, identifier (backticked), parameter, comment, space, symbol
    text: str


_COMMON_TAIL = r"""
  | (?P<identifier>(?:`[^`]*`)+)
  | (?P<parameter>\$(?:[^\W\d]\w*|\d+))
  | (?P<number>(?:\d+(?:\.\d+)?|\.\d+)(?:[eE]-?\d+)?)
  | (?P<word>[^\W\d]\w*)
  | (?P<space>\s+)
  | (?P<symbol>.)
"""

_LADYBUG_ESCAPE = r"""\\(?:[\\'"bBfFnNrRtT]|[xX][0-9a-fA-F]{2}|[uU][0-9a-fA-F]{8}|[uU][0-9a-fA-F]{4})"""

TOKEN_PATTERNS: dict[str, re.Pattern[str]] = {
    "embedded": re.compile(
        r"""
    (?P<comment>//[^\r\n]*(?:\r?\n|\r?\Z)|/\*(?:[^*]|\*[^/])*\*/)
  | (?P<string>'(?:[^'\\]|ESC)*'|"(?:[^"\\]|ESC)*")
""".replace("ESC", _LADYBUG_ESCAPE)
        + _COMMON_TAIL,
        re.VERBOSE | re.DOTALL,
    ),
    "neo4j": re.compile(
        r"""
    (?P<comment>//[^\r\n]*|/\*.*?\*/)
  | (?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
"""
        + _COMMON_TAIL,
        re.VERBOSE | re.DOTALL,
    ),
}


def tokenize(cypher: str, engine: str = "embedded") -> list[Token]:
    """Split a query into tokens as ``engine``'s lexer does; strings, comments and backticked names stay whole.

    Example:
        >>> [t.text for t in tokenize("MATCH (n {name: 'CREATE'}) // SET") if t.kind == "word"]
        ['MATCH', 'n', 'name']
        >>> [t.kind for t in tokenize("/* a **/ b */ x")]
        ['comment', 'space', 'word']
        >>> [t.kind for t in tokenize("/* a **/ b */ x", "neo4j")][:3]
        ['comment', 'space', 'word']
    """
    return [Token(match.lastgroup or "symbol", match.group()) for match in TOKEN_PATTERNS[engine].finditer(cypher)]


# Clauses that change the database, the schema, the settings or the transaction, or that reach
# files, extensions and other databases (the first words of LadybugDB's statements, and Neo4j's).
REFUSED_KEYWORDS: frozenset[str] = frozenset(
    {
        "CREATE", "MERGE", "SET", "DELETE", "DETACH", "REMOVE", "DROP", "ALTER", "COPY",
        "LOAD", "FOREACH", "INSTALL", "UNINSTALL", "FORCE", "UPDATE", "ATTACH", "USE", "IMPORT",
        "EXPORT", "ANALYZE", "COMMENT", "CHECKPOINT", "BEGIN", "COMMIT", "ROLLBACK", "GRANT",
        "DENY", "REVOKE", "TERMINATE",
    }
)  # fmt: skip

# Procedures a read may CALL on the embedded store (catalogue and settings lookups).
EMBEDDED_READ_ONLY_PROCEDURES: frozenset[str] = frozenset(
    {
        "show_tables", "table_info", "show_connection", "show_functions", "current_setting",
        "db_version", "show_indexes", "show_sequences", "show_warnings", "show_attached_databases",
        "show_loaded_extensions", "show_official_extensions", "show_projected_graphs", "stats_info",
        "storage_info", "show_macros", "catalog_version", "storage_version",
    }
)  # fmt: skip

# Procedures a read may CALL on Neo4j ("" is a CALL { … } subquery, whose clauses are checked too).
NEO4J_READ_ONLY_PROCEDURES: frozenset[str] = frozenset(
    {
        "", "db.labels", "db.relationshiptypes", "db.propertykeys", "db.info", "db.ping",
        "db.schema.visualization", "db.schema.nodetypeproperties", "db.schema.reltypeproperties",
        "dbms.components",
    }
)  # fmt: skip

# Neo4j procedures and functions (by name prefix) that reach files, URLs, other queries or the server.
NEO4J_REFUSED_NAMESPACES: tuple[str, ...] = (
    "apoc.export", "apoc.import", "apoc.load", "apoc.log", "apoc.cypher", "apoc.periodic", "apoc.trigger",
    "apoc.custom", "apoc.systemdb", "apoc.do", "apoc.when", "apoc.case", "apoc.create", "apoc.merge",
    "apoc.refactor", "apoc.lock", "apoc.atomic", "apoc.schema", "apoc.graph", "apoc.spatial", "apoc.static",
    "apoc.config", "apoc.bolt", "apoc.es", "apoc.mongo", "apoc.couchbase", "apoc.redis", "apoc.generate",
    "apoc.util", "apoc.nodes.delete", "apoc.uuid", "apoc.ttl", "apoc.dv", "apoc.model", "apoc.vectordb",
    "apoc.ml", "dbms.", "db.create", "db.index", "db.clearquerycaches", "gds.",
)  # fmt: skip

READ_ONLY_PROCEDURES: dict[str, frozenset[str]] = {
    "embedded": EMBEDDED_READ_ONLY_PROCEDURES,
    "neo4j": NEO4J_READ_ONLY_PROCEDURES,
}


def refused_write(cypher: str, engine: str = "embedded") -> str | None:
    """Why a query may not run as a read on ``engine``, or ``None`` when it is a plain read.

    Words inside string literals, comments and backticks, property keys
    (``n.set``), labels (``:Merge``) and parameters (``$create``) do not count.

    Args:
        cypher: the query, as the engine will receive it.
        engine: ``"embedded"`` (LadybugDB) or ``"neo4j"``; decides how the text is tokenised.

    Example:
        >>> refused_write("MATCH (n {name: 'CREATE'}) RETURN n") is None
        True
        >>> refused_write("MATCH (n) DETACH DELETE n")
        'DETACH is a writing clause'
        >>> refused_write("/***/ ' */ LOAD FROM '/etc/passwd' RETURN * //'")
        'LOAD reaches files, extensions or the graph'
    """
    tokens = tokenize(cypher, engine)
    code = [(index, t) for index, t in enumerate(tokens) if t.kind not in ("space", "comment")]
    allowed_procedures = READ_ONLY_PROCEDURES[engine]
    for position, (index, token) in enumerate(code):
        adjacent = tokens[index - 1].text if index else ""
        if token.kind == "symbol" and token.text == ";" and position + 1 < len(code):
            return "a query must be a single statement (found ';' followed by more text)"
        if token.kind != "word" or adjacent in (".", ":"):
            continue
        word = token.text.upper()
        if word in REFUSED_KEYWORDS:
            return (
                f"{word} is a writing clause"
                if word in _GRAPH_WRITES
                else f"{word} reaches files, extensions or the graph"
            )
        following = [t for _, t in code[position + 1 :]]
        if word == "IN" and following and following[0].text.upper() == "TRANSACTIONS":
            return "CALL ... IN TRANSACTIONS writes in batches"
        name = _dotted_name([token, *following]).lower()
        if engine == "neo4j" and "." in name and name.startswith(NEO4J_REFUSED_NAMESPACES):
            return f"{name} reaches files, the network or other queries"
        if word == "CALL":
            procedure = _dotted_name(following)
            if procedure.lower() not in allowed_procedures:
                return f"CALL {procedure or '...'} is not a known read-only procedure"
    return None


_GRAPH_WRITES = frozenset({"CREATE", "MERGE", "SET", "DELETE", "DETACH", "REMOVE", "DROP", "ALTER", "FOREACH"})


def _dotted_name(tokens: Sequence[Token]) -> str:
    parts: list[str] = []
    for token in tokens:
        if token.kind in ("word", "identifier") or (token.kind == "symbol" and token.text == "."):
            parts.append(token.text.strip("`") if token.kind == "identifier" else token.text)
        else:
            break
    return "".join(parts)


# ----- the engine's own check: the operators of an EXPLAIN plan ------------------------------------

# Operators of LadybugDB plans that only read the graph (or values the query itself makes).
READ_OPERATORS: frozenset[str] = frozenset(
    {
        "RESULT_COLLECTOR", "PROJECTION", "FILTER", "FLATTEN", "LIMIT", "SKIP", "MULTIPLICITY_REDUCER",
        "ORDER_BY", "ORDER_BY_MERGE", "ORDER_BY_SCAN", "TOP_K", "TOP_K_SCAN", "AGGREGATE",
        "AGGREGATE_FINALIZE", "AGGREGATE_SCAN", "SIMPLE_AGGREGATE", "SIMPLE_AGGREGATE_FINALIZE",
        "SCAN_NODE_TABLE", "SCAN_REL_TABLE", "PRIMARY_KEY_SCAN_NODE_TABLE", "QUERY_PRIMARY_KEY_LOOKUP",
        "INDEX_LOOKUP", "HASH_JOIN_BUILD", "HASH_JOIN_PROBE", "INTERSECT", "INTERSECT_BUILD",
        "CROSS_PRODUCT", "UNION_ALL_SCAN", "UNWIND", "RECURSIVE_EXTEND", "PATH_PROPERTY_PROBE",
        "SEMI_MASKER", "DUMMY_SINK", "DUMMY_SIMPLE_SINK", "EMPTY_RESULT", "TABLE_FUNCTION_CALL",
        "ARRAY_EXTEND", "OFFSET", "PARTITIONER", "COUNT_REL_TABLE", "EXTEND",
    }
)  # fmt: skip

# Table functions a read plan may call: the engine's own intermediate results, and the catalogue.
READ_TABLE_FUNCTIONS: frozenset[str] = frozenset({"READ_FTABLE"} | {p.upper() for p in EMBEDDED_READ_ONLY_PROCEDURES})

_OPERATOR = re.compile(r"│\s*([A-Z][A-Z0-9_]*)\[\d+\]\s*│")
_FUNCTION = re.compile(r"Function:\s*(\w+)")


def refused_plan(plan: str) -> str | None:
    """Why an embedded ``EXPLAIN`` plan is not a plain read, or ``None``.

    Example:
        >>> refused_plan("│ RESULT_COLLECTOR[2] │\\n│ COPY_TO[1] │")
        'the engine plans COPY_TO, which is not a read'
        >>> refused_plan("│ TABLE_FUNCTION_CALL[1] │\\n│ Function: READ_CSV_PARALLEL │")
        'the engine plans the table function READ_CSV_PARALLEL, which is not a read'
        >>> refused_plan("│ RESULT_COLLECTOR[2] │\\n│ SCAN_NODE_TABLE[1] │") is None
        True
    """
    operators = _OPERATOR.findall(plan)
    if not operators:
        return "the engine's plan could not be read"
    for operator in operators:
        if operator not in READ_OPERATORS:
            return f"the engine plans {operator}, which is not a read"
    for function in _FUNCTION.findall(plan):
        if function.upper() not in READ_TABLE_FUNCTIONS:
            return f"the engine plans the table function {function}, which is not a read"
    return None
