"""The words the graph answers in: roles of responsibility and the groups analysts ask about.

Defined once here and read by the record model (``policykg.models``), the derived
properties of industries (``graph/schema.py``), every canned query (the groups
travel as ``$leading_roles``, ``$responsible_roles``, ``$supporting_roles``,
``$hosting_roles``, see ``graph/queries.py``), the views and the analytics. The
README's "Roles" table is :func:`roles_table`; a test keeps the two equal.
"""

from __future__ import annotations

from typing import NamedTuple


class RoleWord(NamedTuple):
    """One value of ``RESPONSIBLE_FOR.role``: what the text says, and which group it counts in."""

    role: str
    group: str
    cues: str
    meaning: str


# Order matters: it is the order of the views' legends and of every listing.
ROLE_WORDS: tuple[RoleWord, ...] = (
    RoleWord(
        "lead",
        "leading",
        "牵头; the first-listed unit where the document says it leads",
        "the body that leads the work",
    ),
    RoleWord(
        "responsible",
        "responsible",
        "责任单位, 负责, 由…负责; a listed unit with no role",
        "a body named as responsible",
    ),
    RoleWord("host", "hosting", "承办 (of an event)", "the body that hosts an event"),
    RoleWord("cohost", "supporting", "协办 (of an event)", "a body that co-hosts an event"),
    RoleWord("coordinate", "supporting", "衔接协调 (of an event)", "a body that coordinates an event"),
    RoleWord("support", "supporting", "配合, 协同, 参与", "a body that supports the lead"),
)

ROLES: tuple[str, ...] = tuple(word.role for word in ROLE_WORDS)

# Groups, each a set of roles. ``leading`` is what "lead" means everywhere: a department leads
# an entity when it is named with role ``lead`` for it (牵头); hosting an event is not leading.
ROLE_GROUP_NAMES: tuple[str, ...] = ("leading", "responsible", "supporting", "hosting")
ROLE_GROUPS: dict[str, tuple[str, ...]] = {
    group: tuple(word.role for word in ROLE_WORDS if word.group == group) for group in ROLE_GROUP_NAMES
}
LEADING_ROLES: tuple[str, ...] = ROLE_GROUPS["leading"]
SUPPORTING_ROLES: tuple[str, ...] = ROLE_GROUPS["supporting"]
HOSTING_ROLES: tuple[str, ...] = ROLE_GROUPS["hosting"]


def role_group(role: str | None) -> str | None:
    """The group a role counts in.

    Example:
        >>> role_group("lead"), role_group("host"), role_group("cohost"), role_group(None)
        ('leading', 'hosting', 'supporting', None)
    """
    for word in ROLE_WORDS:
        if word.role == role:
            return word.group
    return None


def group_parameters() -> dict[str, list[str]]:
    """The groups as query parameters, ``$<group>_roles``, which every canned query may read.

    Example:
        >>> group_parameters()["leading_roles"]
        ['lead']
    """
    return {f"{group}_roles": list(roles) for group, roles in ROLE_GROUPS.items()}


def describe_group(group: str) -> str:
    """A group in words, for one-line definitions.

    Example:
        >>> describe_group("supporting")
        'role cohost, coordinate or support'
    """
    roles = ROLE_GROUPS[group]
    listed = roles[0] if len(roles) == 1 else f"{', '.join(roles[:-1])} or {roles[-1]}"
    return f"role {listed}"


def roles_table() -> str:
    """The README's "Roles" table (Markdown), generated from :data:`ROLE_WORDS`."""
    lines = ["| role | counts as | written in the text as | meaning |", "|---|---|---|---|"]
    lines += [f"| `{w.role}` | {w.group} | {w.cues} | {w.meaning} |" for w in ROLE_WORDS]
    return "\n".join(lines)
