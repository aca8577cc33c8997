"""One name resolver for every command: a name typed by an analyst → the entities it means.

``policykg query`` (resolved parameters), ``viz --department/--industry/--place``, ``cypher``
and ``export --cypher`` parameters typed with a label (``-p d:Department=工信委``) all call
:func:`resolve_name`, so a name means the same everywhere:

1. the exact name, else every entity with an exact alias or a name equal after folding (white
   space, quotes, full-width forms, case);
2. else every entity one of whose names contains the text (for a body, the closest one only:
   a body is one thing, a fragment of its name is not a kind);
3. else nothing: :class:`~policykg.errors.NameNotFound`, "no Industry named 造船; nearest: …".

A name that fits bodies of more than one jurisdiction (省发改委 with two provinces loaded) is
refused (:class:`~policykg.errors.AmbiguousName`), listing them and how to pick one: the full
name, or ``--province``; the answers of two provinces are never merged.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from policykg.errors import AmbiguousName, NameNotFound, QueryError
from policykg.names import entity_id, fold_name, label_of_id

from . import schema, statements
from .dialect import contains_any_pattern
from .places import division_of, province_of

if TYPE_CHECKING:
    from .store import GraphStore

NEAREST = 5


def label_words(labels: Sequence[str]) -> str:
    """How a not-found message names what was looked for.

    Example:
        >>> label_words(["Industry"]), label_words(["Place", "Department"]), label_words(schema.SEARCHABLE_LABELS)
        ('Industry', 'Place or Department', 'entity')
    """
    if tuple(labels) == schema.SEARCHABLE_LABELS:
        return "entity"
    return " or ".join(labels)


def resolve_name(
    store: GraphStore, text: str, labels: Sequence[str] = schema.SEARCHABLE_LABELS, *,
    province: str | None = None, option: str | None = None,
) -> dict[str, str]:  # fmt: skip
    """The entities ``text`` means, id → ``search`` column, in id order.

    Args:
        store: an open store.
        text: a name, alias or fragment.
        labels: the labels to look at.
        province: keep only entities of this province (江西 or 江西省), for a name that
            several jurisdictions share.
        option: how the caller's user gives the name (``-p department``), for the messages.

    Raises:
        NameNotFound: nothing fits; the message lists the nearest names.
        AmbiguousName: bodies of several jurisdictions fit and no province is given.
    """

    found = resolve_entities(store, text, labels)
    if province:
        wanted = division_of(province)
        if wanted is None:
            raise QueryError(f"no province named {province}; give a province such as 江西 or 安徽省")
        names = entity_names(store, found)
        found = {
            node_id: search for node_id, search in found.items() if province_of(names[node_id]) == province_of(wanted)
        }
        if not found:
            raise NameNotFound(f"no {label_words(labels)} named {text} in {wanted}")
    if not found:
        raise NameNotFound(f"no {label_words(labels)} named {text}; {nearest_hint(store, text, labels)}")
    bodies = [node_id for node_id in found if node_id.startswith("Department:")]
    if len(bodies) > 1:
        names = entity_names(store, bodies)
        provinces = {province_of(names[node_id]) for node_id in bodies}
        if len(provinces) > 1:
            listed = ", ".join(
                f"{names[node_id]} ({province_of(names[node_id]) or 'no province'})"
                for node_id in sorted(bodies, key=lambda node_id: names[node_id])
            )
            flag = option or "the name"
            first = sorted(names[node_id] for node_id in bodies)[0]
            some = sorted(p for p in provinces if p)[:1]
            pick = f" or --province {some[0]}" if some else ""
            raise AmbiguousName(
                f"{text} names bodies in {len(provinces)} jurisdictions: {listed}; pick one with {flag}={first}{pick}"
            )
    return found


def entity_names(store: GraphStore, ids: Sequence[str] | dict[str, str]) -> dict[str, str]:
    """The canonical names of the entities ``ids``."""
    by_label: dict[str, list[str]] = {}
    for node_id in ids:
        by_label.setdefault(label_of_id(node_id), []).append(node_id)
    names: dict[str, str] = {}
    for label, label_ids in by_label.items():
        if label not in schema.SEARCHABLE_LABELS:
            continue
        cypher = statements.names_by_id(label)
        names.update({row["id"]: row["name"] for row in store.run(cypher, {"ids": label_ids}, write=False)})
    return names


def nearest_hint(store: GraphStore, text: str, labels: Sequence[str]) -> str:
    """ "nearest: A, B, C" from the names of ``labels`` that look most like ``text``."""
    names: set[str] = set()
    for label in labels:
        cypher = statements.names_of(label)
        names.update(row["name"] for row in store.run(cypher, {}, write=False) if row["name"])
    near = nearest_names(text, names)
    if near:
        return f"nearest: {', '.join(near)}"
    return "no name shares a character with it" if names else "the graph holds none of that label"


def nearest_names(text: str, names: set[str] | Sequence[str], limit: int = NEAREST) -> list[str]:
    """The names that share most with ``text`` (characters in order, then in common).

    Example:
        >>> nearest_names("造船", ["船舶制造", "光伏", "海洋工程装备", "汽车制造"])[:2]
        ['船舶制造', '汽车制造']
    """
    chars = set(text)

    def closeness(name: str) -> tuple[float, int, str]:
        return (-difflib.SequenceMatcher(None, text, name).ratio() - len(chars & set(name)), len(name), name)

    return [name for name in sorted(names, key=closeness) if chars & set(name)][:limit]


def best_fits(rows: Iterable[Mapping[str, Any]]) -> list[str]:
    """The ids of the rows with the lowest ``fit``, sorted.

    Example:
        >>> best_fits([{"id": "b", "fit": 2}, {"id": "a", "fit": 2}, {"id": "c", "fit": 5}])
        ['a', 'b']
        >>> best_fits([])
        []
    """
    rows = list(rows)
    if not rows:
        return []
    best = min(row["fit"] for row in rows)
    return sorted({row["id"] for row in rows if row["fit"] == best})


def names_pattern(search: str) -> str:
    r"""A regular expression matching a whole text that contains any name of an entity.

    ``search`` is the entity's ``search`` column (its names, folded and
    lower-cased, one per line); a name that contains a shorter one adds
    nothing and is left out. Both engines read ``text =~ pattern`` as a match
    of the whole text, hence the ``.*`` on each side (``(?s)``: across lines).

    Example:
        >>> names_pattern("光伏\n光伏产业\n太阳能光伏")
        '(?s).*(?:光伏).*'
        >>> names_pattern("新能源汽车\n电动汽车")
        '(?s).*(?:新能源汽车|电动汽车).*'
        >>> names_pattern("a.b")
        '(?s).*(?:a\\.b).*'
    """
    return contains_any_pattern(search.split("\n"))


def resolve_entities(store: GraphStore, text: str, labels: Sequence[str] = schema.SEARCHABLE_LABELS) -> dict[str, str]:
    """The entities that fit ``text`` best, id → ``search`` column, in id order (see :func:`resolve_names`).

    Three steps, each taken only when the one before finds no best fit: an
    exact name, looked up by key in each label's table; a name or alias equal
    to the text after folding; a name or alias containing the text. The
    answer is the one a single search over every name would give, but the
    common case never scans for fragments.
    """
    unknown = [label for label in labels if label not in schema.SEARCHABLE_LABELS]
    if unknown or not labels:
        raise QueryError(
            f"cannot resolve names over {', '.join(unknown) or 'no label'}; use labels of {', '.join(schema.SEARCHABLE_LABELS)}"
        )
    labels_text = "|".join(labels)
    rows = []
    if text:  # an exact name fits best of all: looked up by key first, one table per branch
        branches = [statements.RESOLVE_KEY_CYPHER.format(label=label, key=f"key_{n}") for n, label in enumerate(labels)]
        keys = {f"key_{n}": entity_id(label, text) for n, label in enumerate(labels)}
        keyed = "\nUNION ALL\n".join(branches)
        rows = [{**row, "fit": 0} for row in store.run(keyed, keys, write=False) if row["name"] == text]
    if text and not rows:
        exact = statements.RESOLVE_EXACT_CYPHER.format(labels=labels_text)
        folded = fold_name(text)
        lines = {"folded": folded, "first": f"{folded}\n", "last": f"\n{folded}", "line": f"\n{folded}\n"}
        found = [row["id"] for row in store.run(exact, lines, write=False)]
        rows = fit_entities(store, text, found) if found else []
    partial = not rows or min(row["fit"] for row in rows) > 1
    if partial:  # no name equals the text: look for fragments
        cypher = statements.RESOLVE_CYPHER.format(labels=labels_text)
        rows = store.run(cypher, {"text": text}, write=False)
    search = {row["id"]: row["search"] or "" for row in rows}
    if partial:  # every entity a fragment names, but only the closest body (a body is one, not a kind)
        closest_body = best_fits([row for row in rows if row["id"].startswith("Department:") and row["fit"] < 1000])
        kept = sorted(
            {row["id"] for row in rows if row["fit"] < 1000 and not row["id"].startswith("Department:")}
            | set(closest_body)
        )
        return {node_id: search[node_id] for node_id in kept}
    return {node_id: search[node_id] for node_id in best_fits(rows)}


def fit_entities(store: GraphStore, text: str, ids: Sequence[str]) -> list[dict[str, Any]]:
    """How well each of the entities ``ids`` fits ``text`` (rows of id, search, fit), looked up by key, one branch per label."""
    by_label: dict[str, list[str]] = {}
    for node_id in ids:
        by_label.setdefault(label_of_id(node_id), []).append(node_id)
    branches = [statements.RESOLVE_FIT_CYPHER.format(label=label, ids=f"ids_{n}") for n, label in enumerate(by_label)]
    params = {f"ids_{n}": label_ids for n, label_ids in enumerate(by_label.values())}
    return store.run("\nUNION ALL\n".join(branches), {"text": text, **params}, write=False)


def resolve_names(store: GraphStore, text: str, labels: Sequence[str] = schema.SEARCHABLE_LABELS) -> list[str]:
    """The ids of the entities that fit ``text`` best, as every canned query resolves a name.

    Args:
        store: an open store.
        text: a name, alias or fragment of one (an empty text resolves to nothing).
        labels: entity labels to look at (from the schema).

    Returns:
        The ids with the best fit, sorted; empty when nothing fits.

    Raises:
        QueryError: for a label outside :data:`schema.SEARCHABLE_LABELS` or a failing query.
    """
    return list(resolve_entities(store, text, labels))


def department_units(store: GraphStore, node_id: str) -> list[str]:
    """The ids of the department ``node_id`` and of its divisions, sorted; empty for any other entity."""
    if not node_id.startswith("Department:"):
        return []
    return sorted(row["id"] for row in store.run(statements.UNITS_CYPHER, {"id": node_id}, write=False))
