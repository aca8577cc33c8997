"""Canned analyst questions (``queries/*.cypher``) and ad-hoc Cypher: listing, parameters, running.

Each canned query is one ``.cypher`` file in the ``policykg.queries`` package,
opening with a header of ``// key: value`` comment lines::

    // name: industry-owners
    // question: Which departments are responsible for an industry, with role, evidence and document?
    // params: industry (any name or alias of the industry, e.g. 光伏)
    // definition: every RESPONSIBLE_FOR link from a department to the industry, one row each
    // example: policykg query industry-owners -p industry=光伏

``definition`` says in one line what the answer counts, in the words of the
vocabulary (``policykg/vocabulary.py``): ``{leading}``, ``{responsible}``,
``{supporting}`` and ``{hosting}`` stand for the roles of that group, so a
definition never restates them. The query itself reads the same groups as
``$leading_roles``, ``$responsible_roles``, ``$supporting_roles`` and
``$hosting_roles``, bound to every query that mentions them.

``params`` lists ``name (description)`` items separated by commas; a name may
carry a type and a default, ``top:int=20 (how many rows)``; ``params: none``
means the query takes none. The query text is written once, in the portable
Cypher that ``graph/dialect.py`` translates for each backend; values always
travel as ``$parameters``.

A filter that only applies when an optional parameter is given marks each of
its lines with a trailing ``// if: <name>`` comment; the lines are left out
when the parameter is empty (its declared default, meaning "any"), and so do
lines marked ``// if: <name>_units`` when a resolved entity is not a department
(see ``$<name>_units`` below)::

    WITH e
    WHERE $place_id = ''                                          // if: place
       OR EXISTS { MATCH (e)-[:LOCATED_IN]->(:Place {id: $place_id}) }  // if: place

The marked lines must filter nothing when the parameter is empty (here
``$place_id = ''``), so the text gives the same rows with or without them;
leaving them out spares the engine work it would do anyway (it evaluates an
``EXISTS`` for every row even where the ``OR`` is already true).

An optional header line names parameters to resolve before the query runs::

    // resolve: from, to
    // resolve: department (Department), industry (Industry)

Each named parameter holds a name or alias typed by an analyst. It is turned
into node ids by a small read query of its own (:data:`~policykg.graph.resolve.RESOLVE_CYPHER`, over
the labels in parentheses, ``|``-separated, or every searchable label): the
exact name beats an exact alias beats the shortest name or alias containing
the text, and every entity with the best fit is kept. The main query then
receives ``$<name>_id`` (one id, so the engine can look the node up by its key
instead of joining a search into a path or traversal) and ``$<name>_pattern``
(a regular expression matching any text that contains one of the entity's
names, for ``x.search =~ $<name>_pattern``), and, when it reads it,
``$<name>_units`` (the department's id and its divisions', PART_OF up to three
steps, for ``unit.id IN $<name>_units``: a constant list the engine filters a
table with, where a path to the department would be joined row by row; empty
for an entity that is not a department). It runs once per combination of
the resolved ids, distinct ids only, in id order; the rows are concatenated. A
name that resolves to nothing gives no rows; a parameter declared with an
empty default and left empty binds both as ``''`` ("any"). Both engines run
the same two steps.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict

from policykg.errors import QueryError
from policykg.names import label_of_id
from policykg.vocabulary import ROLE_GROUP_NAMES, describe_group, group_parameters

from . import schema
from .resolve import department_units, names_pattern, resolve_name

if TYPE_CHECKING:
    from .store import GraphStore

QUERY_PACKAGE = "policykg.queries"
HEADER_KEYS: tuple[str, ...] = ("name", "question", "params", "example")
OPTIONAL_HEADER_KEYS: tuple[str, ...] = ("definition", "resolve")
ParamType = Literal["str", "int", "float", "bool", "list", "json"]
PARAM_TYPES: tuple[str, ...] = ("str", "int", "float", "bool", "list", "json")

_HEADER_LINE = re.compile(r"^//\s*(?P<key>[a-z]+)\s*:\s*(?P<value>.*?)\s*$")
_PARAM_HEAD = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?::(?P<type>[a-z]+))?(?:=(?P<default>[^\s(]*))?$")
_RESOLVE_ITEM = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*(?:\((?P<labels>[A-Za-z|\s]*)\))?$")
_PAIR_KEY = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?::(?P<type>[A-Za-z]+))?$")


class QueryParam(BaseModel):
    """One parameter of a canned query, as its header declares it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    type: ParamType = "str"
    default: Any = None
    description: str = ""

    @property
    def required(self) -> bool:
        """A parameter without a default must be given."""
        return self.default is None


class ResolvedParam(BaseModel):
    """A parameter whose text is resolved to node ids before the query runs (``// resolve:``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    labels: tuple[str, ...] = schema.SEARCHABLE_LABELS

    @property
    def id_param(self) -> str:
        """The parameter the main query reads the resolved id from.

        Example:
            >>> ResolvedParam(name="from").id_param
            'from_id'
        """
        return f"{self.name}_id"

    @property
    def pattern_param(self) -> str:
        """The parameter holding a regular expression that matches a text containing any of the entity's names.

        Example:
            >>> ResolvedParam(name="industry").pattern_param
            'industry_pattern'
        """
        return f"{self.name}_pattern"

    @property
    def units_param(self) -> str:
        """The parameter holding the resolved department's id and its divisions' (bound when the query reads it).

        Example:
            >>> ResolvedParam(name="department").units_param
            'department_units'
        """
        return f"{self.name}_units"


class CannedQuery(BaseModel):
    """A parameterised analyst question read from ``queries/<name>.cypher``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    question: str
    definition: str = ""
    params: tuple[QueryParam, ...] = ()
    example: str = ""
    cypher: str
    resolve: tuple[ResolvedParam, ...] = ()

    def describe_params(self) -> str:
        """The parameters as one line, for listings.

        Example:
            >>> q = CannedQuery(name="x", question="?", cypher="RETURN 1",
            ...                 params=(QueryParam(name="industry", description="a name"),
            ...                         QueryParam(name="top", type="int", default=10)))
            >>> q.describe_params()
            'industry (a name), top:int=10'
        """
        parts = []
        for param in self.params:
            head = param.name if param.type == "str" else f"{param.name}:{param.type}"
            if not param.required:
                head += f"={param.default}"
            parts.append(f"{head} ({param.description})" if param.description else head)
        return ", ".join(parts)


# --------------------------------------------------------------------------- header parsing


def split_top_level(text: str, separator: str = ",") -> list[str]:
    """Split on ``separator`` outside parentheses (descriptions may hold commas).

    Example:
        >>> split_top_level("industry (a name, e.g. 光伏), year:int (a year)")
        ['industry (a name, e.g. 光伏)', 'year:int (a year)']
    """
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for char in text:
        if char in "(（":
            depth += 1
        elif char in ")）":
            depth = max(depth - 1, 0)
        if char == separator and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    if "".join(current).strip():
        parts.append("".join(current).strip())
    return parts


def parse_params(spec: str) -> tuple[QueryParam, ...]:
    """Parse a ``params:`` header value.

    Example:
        >>> [p.name for p in parse_params("none")]
        []
        >>> p = parse_params("top:int=20 (rows to show, largest first)")[0]
        >>> (p.name, p.type, p.default, p.description)
        ('top', 'int', 20, 'rows to show, largest first')

    Raises:
        QueryError: when an item cannot be read.
    """
    spec = spec.strip()
    if not spec or spec.lower() == "none":
        return ()
    params = []
    for item in split_top_level(spec):
        head, _, rest = item.partition("(")
        description = rest.rstrip().removesuffix(")").strip() if rest else ""
        match = _PARAM_HEAD.match(head.strip())
        if not match:
            raise QueryError(f"cannot read the parameter {item!r}; write it as name[:type][=default] (description)")
        param_type = match["type"] or "str"
        if param_type not in PARAM_TYPES:
            raise QueryError(
                f"parameter {match['name']!r} has unknown type {param_type!r}; use one of {', '.join(PARAM_TYPES)}"
            )
        default = coerce_value(match["default"], param_type, match["name"]) if match["default"] is not None else None
        params.append(
            QueryParam.model_validate(
                {"name": match["name"], "type": param_type, "default": default, "description": description}
            )
        )
    return tuple(params)


def parse_resolve(spec: str, params: Sequence[QueryParam] = ()) -> tuple[ResolvedParam, ...]:
    """Parse a ``resolve:`` header value: parameter names, each with optional labels.

    Example:
        >>> [(r.name, r.labels) for r in parse_resolve("department (Department), industry (Industry)")]
        [('department', ('Department',)), ('industry', ('Industry',))]
        >>> len(parse_resolve("from, to")[0].labels) > 1
        True

    Raises:
        QueryError: for an unreadable item, an unknown label, or a name that
            ``params`` (when given) does not declare as a string parameter.
    """
    declared = {param.name: param for param in params}
    resolved = []
    for item in split_top_level(spec):
        match = _RESOLVE_ITEM.match(item.strip())
        if not match:
            raise QueryError(f"cannot read the resolved parameter {item!r}; write it as name or name (Label|Label)")
        labels = tuple(label.strip() for label in (match["labels"] or "").split("|") if label.strip())
        unknown = [label for label in labels if label not in schema.SEARCHABLE_LABELS]
        if unknown:
            raise QueryError(
                f"cannot resolve {match['name']!r} over {', '.join(unknown)}; use labels of {', '.join(schema.SEARCHABLE_LABELS)}"
            )
        if params and (match["name"] not in declared or declared[match["name"]].type != "str"):
            raise QueryError(
                f"resolved parameter {match['name']!r} must also be declared in params: as a string parameter"
            )
        resolved.append(ResolvedParam(name=match["name"], labels=labels or schema.SEARCHABLE_LABELS))
    return tuple(resolved)


def parse_canned_query(text: str, expected_name: str | None = None) -> CannedQuery:
    """Read a canned query file: the header comment block, then the Cypher.

    Args:
        text: the whole file.
        expected_name: the file's stem; the header's ``name`` must equal it.

    Raises:
        QueryError: when the header misses a key, or its name differs from the file name.

    Example:
        >>> q = parse_canned_query('''// name: hello
        ... // question: Does it work?
        ... // definition: one row, the number 1
        ... // params: none
        ... // example: policykg query hello
        ... RETURN 1 AS one''')
        >>> (q.name, q.params, q.cypher)
        ('hello', (), 'RETURN 1 AS one')
    """
    header: dict[str, str] = {}
    body: list[str] = []
    in_header = True
    for line in text.splitlines():
        match = _HEADER_LINE.match(line.strip()) if in_header else None
        if match and match["key"] in HEADER_KEYS + OPTIONAL_HEADER_KEYS:
            header[match["key"]] = match["value"]
            continue
        if in_header and (not line.strip() or line.strip().startswith("//")):
            continue
        in_header = False
        body.append(line)
    label = expected_name or header.get("name", "?")
    missing = [key for key in HEADER_KEYS if key not in header]
    if missing:
        raise QueryError(
            f"canned query {label}: header misses {', '.join(missing)}; every file starts with // name:, // question:, // params:, // example:"
        )
    if expected_name and header["name"] != expected_name:
        raise QueryError(
            f"canned query file {expected_name}.cypher names itself {header['name']!r}; make the two agree"
        )
    cypher = "\n".join(body).strip()
    if not cypher:
        raise QueryError(f"canned query {label} has no Cypher after its header")
    params = parse_params(header["params"])
    resolve = parse_resolve(header.get("resolve", ""), params)
    check_conditionals(cypher, params, resolve, label)
    try:
        definition = header.get("definition", "").format(**{group: describe_group(group) for group in ROLE_GROUP_NAMES})
    except (KeyError, IndexError, ValueError) as err:
        raise QueryError(
            f"canned query {label}: its definition names {err} outside the vocabulary; use {{leading}}, {{responsible}}, {{supporting}} or {{hosting}}"
        ) from err
    return CannedQuery(
        name=header["name"],
        question=header["question"],
        definition=definition,
        params=params,
        example=header["example"],
        cypher=cypher,
        resolve=resolve,
    )


_IF_MARKER = re.compile(r"//\s*if:\s*(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*$")


def conditional_params(cypher: str) -> tuple[str, ...]:
    r"""The parameters named by ``// if: <name>`` line markers, in order of first use.

    Example:
        >>> conditional_params("MATCH (e)\nWHERE $p = ''  // if: place\n   OR e.x = $p  // if: place\nRETURN e")
        ('place',)
    """
    found: dict[str, None] = {}
    for line in cypher.splitlines():
        match = _IF_MARKER.search(line)
        if match:
            found[match["name"]] = None
    return tuple(found)


def check_conditionals(cypher: str, params: Sequence[QueryParam], resolve: Sequence[ResolvedParam], name: str) -> None:
    """Every ``// if:`` marker names a parameter that can be empty: declared with an empty default, or units."""
    can_be_empty = {param.name for param in params if param.default == ""} | {r.units_param for r in resolve}
    for param in conditional_params(cypher):
        if param not in can_be_empty:
            raise QueryError(
                f"canned query {name}: '// if: {param}' needs a parameter {param}= declared with an empty default,"
                " or the units of a resolved parameter"
            )


def drop_unused_filters(cypher: str, bound: Mapping[str, Any]) -> str:
    r"""Leave out the lines marked ``// if: <name>`` whose parameter is empty (``''``, an empty list or missing).

    Example:
        >>> text = "MATCH (e)\nWHERE $p = ''  // if: place\n   OR e.x = $p  // if: place\nRETURN e"
        >>> drop_unused_filters(text, {"place": ""})
        'MATCH (e)\nRETURN e'
        >>> drop_unused_filters(text, {"place": "赣州"}) == text
        True
    """
    kept = []
    for line in cypher.splitlines():
        match = _IF_MARKER.search(line)
        if match and bound.get(match["name"]) in ("", None, []):
            continue
        kept.append(line)
    return "\n".join(kept)


# --------------------------------------------------------------------------- the bundled queries


@cache
def _bundled() -> dict[str, CannedQuery]:
    queries: dict[str, CannedQuery] = {}
    for entry in resources.files(QUERY_PACKAGE).iterdir():
        if entry.name.endswith(".cypher"):
            name = entry.name.removesuffix(".cypher")
            queries[name] = parse_canned_query(entry.read_text(encoding="utf-8"), expected_name=name)
    return dict(sorted(queries.items()))


def list_queries() -> list[CannedQuery]:
    """Every canned query shipped with the package, sorted by name."""
    return list(_bundled().values())


def get_query(name: str) -> CannedQuery:
    """The canned query called ``name``.

    Raises:
        QueryError: for an unknown name; the message lists the known ones.
    """
    queries = _bundled()
    if name not in queries:
        raise QueryError(
            f"no canned query named {name!r}; choose one of: {', '.join(queries)} (policykg queries lists them)"
        )
    return queries[name]


# --------------------------------------------------------------------------- parameters


def coerce_value(raw: str, param_type: str, name: str = "value") -> Any:
    """Turn a command-line string into the parameter's type.

    Example:
        >>> coerce_value("2014", "int"), coerce_value("光伏", "str"), coerce_value("a,b", "list")
        (2014, '光伏', ['a', 'b'])
        >>> coerce_value("yes", "bool"), coerce_value('{"k": 1}', "json")
        (True, {'k': 1})
        >>> coerce_value("99999999999999999999", "int", "top")
        Traceback (most recent call last):
        policykg.errors.QueryError: parameter top=99999999999999999999 is out of range; an int is between -9223372036854775808 and 9223372036854775807

    Raises:
        QueryError: when the string is not of that type.
    """
    try:
        if param_type == "str":
            return raw
        if param_type == "int":
            value = int(raw)
            if not -(2**63) <= value < 2**63:  # the engines' integers are 64-bit
                raise QueryError(
                    f"parameter {name}={raw} is out of range; an int is between {-(2**63)} and {2**63 - 1}"
                )
            return value
        if param_type == "float":
            return float(raw)
        if param_type == "bool":
            lowered = raw.strip().lower()
            if lowered in ("true", "yes", "1", "on"):
                return True
            if lowered in ("false", "no", "0", "off"):
                return False
            raise ValueError(raw)
        if param_type == "list":
            return [item.strip() for item in raw.split(",") if item.strip()]
        if param_type == "json":
            return json.loads(raw)
    except ValueError as err:
        raise QueryError(f"parameter {name}={raw!r} is not a valid {param_type}") from err
    raise QueryError(f"parameter {name} has unknown type {param_type!r}; use one of {', '.join(PARAM_TYPES)}")


def parse_param_pairs(pairs: Iterable[str]) -> dict[str, Any]:
    """Parse ``-p key=value`` options; ``key:int=5`` (or float, bool, list, json) gives a typed value.

    A label as the type (``key:Department=工信委``) gives an :class:`EntityName`, which
    :func:`resolve_param_names` turns into the entity's canonical name once a store is open.

    Only the first ``=`` separates, so values may contain ``=``.

    Example:
        >>> parse_param_pairs(["industry=光伏", "year:int=2014", "q=a=b"])
        {'industry': '光伏', 'year': 2014, 'q': 'a=b'}

    Raises:
        QueryError: for a pair without ``=`` or with a bad key.
    """
    params: dict[str, Any] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        match = _PAIR_KEY.match(key.strip())
        if not sep or not match:
            raise QueryError(f"cannot read parameter {pair!r}; write -p key=value (or key:int=value)")
        if match["type"] in schema.SEARCHABLE_LABELS:
            params[match["name"]] = EntityName(label=match["type"], text=raw, param=match["name"])
            continue
        params[match["name"]] = coerce_value(raw, match["type"] or "str", match["name"]) if match["type"] else raw
    return params


class EntityName(BaseModel):
    """A parameter typed with a label (``-p d:Department=工信委``): a name to resolve before the query runs."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str
    text: str
    param: str


def resolve_param_names(store: GraphStore, params: Mapping[str, Any], *, province: str | None = None) -> dict[str, Any]:
    """Replace each :class:`EntityName` by the canonical name of the one entity it resolves to.

    Raises:
        NameNotFound, AmbiguousName: as :func:`~policykg.graph.resolve.resolve_name`.
        QueryError: for a name that fits several entities of one jurisdiction.
    """
    from .resolve import entity_names

    resolved: dict[str, Any] = {}
    for key, value in params.items():
        if not isinstance(value, EntityName):
            resolved[key] = value
            continue
        found = resolve_name(store, value.text, (value.label,), province=province, option=f"-p {key}:{value.label}")
        names = sorted(entity_names(store, found).values())
        if len(names) > 1:
            shown = ", ".join(names[:8]) + (" …" if len(names) > 8 else "")
            raise QueryError(
                f"{value.text} names {len(names)} {value.label} entities ({shown}); give -p {key}:{value.label}= one of them"
            )
        resolved[key] = names[0]
    return resolved


def bind_params(query: CannedQuery, given: Mapping[str, Any]) -> dict[str, Any]:
    """Check ``given`` against the query's declared parameters and type the values.

    Strings from the command line are converted to the declared type; missing
    optional parameters take their defaults.

    Raises:
        QueryError: naming the missing or unknown parameter(s).

    Example:
        >>> q = CannedQuery(name="x", question="?", cypher="RETURN 1",
        ...                 params=(QueryParam(name="year", type="int"), QueryParam(name="top", type="int", default=5)))
        >>> bind_params(q, {"year": "2014"})
        {'year': 2014, 'top': 5}
    """
    declared = {param.name: param for param in query.params}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        known = ", ".join(declared) or "none"
        raise QueryError(f"query {query.name} takes no parameter {', '.join(unknown)}; its parameters: {known}")
    missing = [param for param in query.params if param.required and param.name not in given]
    if missing:
        wanted = "; ".join(f"{p.name} ({p.description})" if p.description else p.name for p in missing)
        flags = " ".join(f"-p {p.name}=…" for p in missing)
        raise QueryError(f"query {query.name} needs parameter {wanted}: add {flags}")
    bound: dict[str, Any] = {}
    for param in query.params:
        if param.name not in given:
            bound[param.name] = param.default
            continue
        value = given[param.name]
        bound[param.name] = coerce_value(value, param.type, param.name) if isinstance(value, str) else value
    return bound


def resolved_bindings(store: GraphStore, query: CannedQuery, bound: Mapping[str, Any], *,
                      province: str | None = None) -> list[dict[str, Any]]:  # fmt: skip
    """The parameter sets the main query runs with: one per combination of resolved ids.

    Without a ``resolve:`` header this is ``[bound]``; a name that resolves to
    nothing gives no parameter sets at all. A parameter whose declared
    default is empty and that is left empty means "any": its id and pattern
    are bound as ``''``. A query that reads ``$<name>_units`` also gets the
    resolved department's id with its divisions' (:func:`~policykg.graph.resolve.department_units`).
    """
    optional = {param.name for param in query.params if param.default == ""}
    bindings: list[dict[str, Any]] = [dict(bound)]
    for resolved in query.resolve:
        text = bound[resolved.name]
        if text == "" and resolved.name in optional:
            entities = {"": ""}
        else:
            found = resolve_name(store, text, resolved.labels, province=province, option=f"-p {resolved.name}")
            entities = {node_id: names_pattern(search) for node_id, search in found.items()}
        bindings = [
            {**binding, resolved.id_param: node_id, resolved.pattern_param: pattern}
            for binding in bindings
            for node_id, pattern in entities.items()
        ]
        if f"${resolved.units_param}" in query.cypher:
            for binding in bindings:
                binding[resolved.units_param] = department_units(store, binding[resolved.id_param])
    return bindings


# --------------------------------------------------------------------------- running


_KEYED_NODE = re.compile(r"\((?P<var>\w*):(?P<labels>[A-Za-z_|]+)\s*\{id:\s*\$(?P<param>\w+_id)\}\)")


def narrow_labels(cypher: str, ids: Mapping[str, str]) -> str:
    """Narrow ``(n:A|B|C {id: $x_id})`` to the one label the resolved id names.

    An id starts with its label (``Industry:光伏``), and the engines look a key
    up in one table far faster than in a union of tables. Only labels of the
    schema are written into the text, and only where the pattern already
    allowed them.

    Example:
        >>> narrow_labels("MATCH (a:Department|Place {id: $from_id})-->(b:Place {id: $to_id})",
        ...               {"from_id": "Place:赣州市", "to_id": ""})
        'MATCH (a:Place {id: $from_id})-->(b:Place {id: $to_id})'
    """

    def narrowed(match: re.Match[str]) -> str:
        label = label_of_id(ids.get(match["param"]) or "")
        allowed = match["labels"].split("|")
        if label not in schema.NODE_LABELS or label not in allowed or len(allowed) == 1:
            return match[0]
        return f"({match['var']}:{label} {{id: ${match['param']}}})"

    return _KEYED_NODE.sub(narrowed, cypher)


def vocabulary_params(cypher: str) -> dict[str, list[str]]:
    """The role groups of the vocabulary that ``cypher`` reads (``$leading_roles`` …).

    Example:
        >>> vocabulary_params("MATCH (d)-[r]->(i) WHERE r.role IN $leading_roles RETURN d")
        {'leading_roles': ['lead']}
    """
    return {name: roles for name, roles in group_parameters().items() if f"${name}" in cypher}


def run_query(store: GraphStore, name: str, params: Mapping[str, Any] | None = None, *,
              province: str | None = None) -> list[dict[str, Any]]:  # fmt: skip
    """Run the canned query ``name`` read-only, with its parameters checked and typed.

    Parameters named in the query's ``resolve:`` header are first resolved to
    node ids (see the module docstring); the query then runs once per
    combination of ids, a label union on a node looked up by a resolved id
    narrowed to that id's label (:func:`narrow_labels`), without the lines of
    filters on optional parameters left empty (:func:`drop_unused_filters`).

    Args:
        store: an open store (embedded or Neo4j).
        name: a canned query name (``policykg queries`` lists them).
        params: parameter values; strings are converted to the declared types.
        province: resolve names within this province only (``graph/resolve.py``).

    Returns:
        The result rows.

    Raises:
        NameNotFound: a name that no entity carries (the message lists the nearest).
        AmbiguousName: a name of bodies in several jurisdictions.
        QueryError: unknown query, missing or unknown parameter, or a failing query.
    """
    query = get_query(name)
    bound = bind_params(query, params or {})
    rows: list[dict[str, Any]] = []
    for binding in resolved_bindings(store, query, bound, province=province):
        cypher = store.dialect.translate(drop_unused_filters(query.cypher, binding))
        ids = {resolved.id_param: binding[resolved.id_param] for resolved in query.resolve}
        narrowed = narrow_labels(cypher, ids) if ids else cypher
        rows += store.run(narrowed, {**vocabulary_params(narrowed), **binding}, write=False)
    return rows


def run_cypher(
    store: GraphStore,
    cypher: str,
    params: Mapping[str, Any] | None = None,
    *,
    write: bool = False,
) -> list[dict[str, Any]]:
    """Run ad-hoc Cypher, read-only unless ``write`` is set.

    The text goes to the engine as written (after the dialect's translation of
    the portable constructs); values belong in ``params``.

    Raises:
        QueryError: for an empty query, a syntax error (the engine's message),
            or a write attempted without ``write=True``.
    """
    if not cypher or not cypher.strip():
        raise QueryError("the query is empty; pass the Cypher text as the argument")
    params = resolve_param_names(store, params or {})
    translated = store.dialect.translate(cypher)
    if not write:
        reason = store.dialect.refused_write(translated)
        if reason is not None:
            raise QueryError(
                f"refused to run a write as a read-only query: {reason}; allow writes with --write (write=True)"
            )
    return store.run(translated, dict(params or {}), write=write)


def query_table_rows(queries: Sequence[CannedQuery]) -> list[dict[str, str]]:
    """The listing ``policykg queries`` prints: name, question, definition, parameters, example."""
    return [
        {
            "name": q.name,
            "question": q.question,
            "definition": q.definition,
            "params": q.describe_params() or "none",
            "example": q.example,
        }
        for q in queries
    ]
