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
from collections.abc import Sequence
from typing import TYPE_CHECKING

from policykg.errors import AmbiguousName, NameNotFound, QueryError
from policykg.graph import schema
from policykg.graph.places import division_of, province_of

if TYPE_CHECKING:
    from policykg.graph.store import GraphStore

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
    from policykg.graph.queries import resolve_entities

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
                for node_id in sorted(bodies, key=names.get)
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
        by_label.setdefault(node_id.split(":", 1)[0], []).append(node_id)
    names: dict[str, str] = {}
    for label, label_ids in by_label.items():
        if label not in schema.SEARCHABLE_LABELS:
            continue
        cypher = store.dialect.translate(
            f"UNWIND $ids AS id MATCH (c:{label} {{id: id}}) RETURN c.id AS id, c.name AS name"
        )
        names.update({row["id"]: row["name"] for row in store.run(cypher, {"ids": label_ids}, write=False)})
    return names


def nearest_hint(store: GraphStore, text: str, labels: Sequence[str]) -> str:
    """ "nearest: A, B, C" from the names of ``labels`` that look most like ``text``."""
    names: set[str] = set()
    for label in labels:
        cypher = store.dialect.translate(f"MATCH (c:{label}) RETURN c.name AS name")
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
