"""Names: the one place that says how a name is written, compared and searched.

Three forms, each for one purpose:

- :func:`canonical_brackets` — how extraction writes a name: brackets full-width, as
  official names are printed (各县（市、区）人民政府);
- :func:`comparison_key` — how two written names are compared for identity (scoring
  against gold, the audit, views): white space, quotes and book-title marks dropped,
  brackets folded to ASCII; this is the contract's rule (ONTOLOGY.md, "Scoring");
- :func:`fold_name` — how a name is searched: NFKC (full-width letters, digits and
  brackets to ASCII), no white space, lower case. Each entity stores its names in this
  form (its ``search`` column) and a typed name is folded the same way to find it.

and the two that the graph builds from them: :func:`entity_id` (a node's stable id, from
:func:`entity_key`) and :func:`name_key` (the key under which a fact's endpoint is matched
to an entity of its record).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Brackets that official names write full-width, whatever the source typed.
CANONICAL_BRACKETS = str.maketrans(
    {"(": "（", ")": "）", "〔": "（", "〕": "）", "[": "（", "]": "）", "＜": "（", "＞": "）"}
    | {"﹝": "（", "﹞": "）", "［": "（", "］": "）", "〖": "（", "〗": "）"}
)
# Name comparison ignores white space and quotes (book-title marks included) and
# folds full-width brackets, so "（试行）" and "(试行)" are one name.
QUOTE_CHARACTERS = '“”"‘’「」《》'
BRACKET_FOLDS = {"（": "(", "）": ")"}
_COMPARISON_FOLD = str.maketrans({**BRACKET_FOLDS, **dict.fromkeys(QUOTE_CHARACTERS)})
_WHITE_SPACE = re.compile(r"\s+")
_QUOTES = re.compile(r"[\"'“”‘’「」『』《》〈〉]")


def canonical_brackets(text: str) -> str:
    """Write every bracket full-width, as canonical names do.

    >>> canonical_brackets("各市、县〔区〕人民政府")
    '各市、县（区）人民政府'
    """
    return text.translate(CANONICAL_BRACKETS)


def comparison_key(value: object) -> str:
    """The form in which two written names are compared: no white space, no quotes, ASCII brackets.

    Empty values (``None``, ``""``) give ``""``.

    >>> comparison_key(" “省工信委” ")
    '省工信委'
    >>> comparison_key("南昌VR科创城（一期）")
    '南昌VR科创城(一期)'
    >>> comparison_key("《中国制造 2025》")
    '中国制造2025'
    >>> comparison_key(None)
    ''
    """
    return _WHITE_SPACE.sub("", str(value or "")).translate(_COMPARISON_FOLD)


def fold_name(text: str) -> str:
    """Fold a name for searching: NFKC (full-width → ASCII), no white space, lower case.

    >>> fold_name(" ＡＢＣ 产业（集团） ")
    'abc产业(集团)'
    """
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()


def entity_key(name: str) -> str:
    """The canonical form of a name used in node ids: NFKC-folded, no white space.

    Example:
        >>> entity_key(" 江西省 工信委（ＶＲ） ")
        '江西省工信委(VR)'
    """
    return "".join(unicodedata.normalize("NFKC", name).split())


def entity_id(label: str, name: str) -> str:
    """Stable id of a shared entity node.

    Example:
        >>> entity_id("Department", "江西省工业和信息化委员会")
        'Department:江西省工业和信息化委员会'
    """
    return f"{label}:{entity_key(name)}"


def label_of_id(node_id: str) -> str:
    """The label a node id was made with (:func:`entity_id`).

    Example:
        >>> label_of_id("Industry:光伏")
        'Industry'
    """
    return str(node_id).split(":", 1)[0]


@lru_cache(maxsize=1 << 16)  # the same few thousand names recur in every document
def name_key(name: str) -> str:
    """The form in which names are compared when resolving a fact's endpoints.

    Example:
        >>> name_key("“南昌VR科创城”") == name_key("南昌vr科创城")
        True
    """
    return _QUOTES.sub("", fold_name(name))
