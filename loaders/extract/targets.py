"""Targets: stated numeric goals, with value, unit, deadline year and responsible units.

A goal is a number with a unit that a goal verb (达到, 新增, 培育 …) governs in
its clause. Amounts that only qualify a noun (过百亿企业, 超500亿的工业园区) are
not goals; subsidies, fee cuts and meeting sizes are not goals either.
"""

from __future__ import annotations

import re
from functools import cache

import cn2an

from policykg.models import Target

from .lexicon import load_lexicon
from .text import NUMBERED, SpanIndex, sentence_around

CHINESE_DIGITS = "零〇一二两三四五六七八九十百千万亿"
# A number as written before its unit; 万 and 亿 stay with the unit (三十万辆 → 30 万辆).
NUMBER = r"(\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)"


def parse_number(text: str) -> float | None:
    """A number written in digits or Chinese numerals.

    >>> parse_number("1000"), parse_number("一千"), parse_number("千"), parse_number("0.5")
    (1000, 1000, 1000, 0.5)
    >>> parse_number("两") , parse_number("abc")
    (2, None)
    """
    text = text.strip()
    try:
        value = float(text)
    except ValueError:
        if not text or any(ch not in CHINESE_DIGITS for ch in text):
            return None
        if text[0] in "十百千万":
            text = "一" + text
        try:
            value = float(cn2an.cn2an(text, "smart"))
        except (ValueError, KeyError):
            return None
    return int(value) if value == int(value) else value


@cache
def _patterns():
    cues = load_lexicon().cues
    units = sorted(cues["target_units"], key=len, reverse=True)
    pattern = re.compile(NUMBER + "((?:万|亿)?(?:" + "|".join(re.escape(u) for u in units) + ")|亿)")
    verbs = sorted(cues["target_verbs"], key=len, reverse=True)
    deadlines = [re.compile(p) for p in cues["deadline_patterns"]]
    return pattern, verbs, cues["target_blockers"], deadlines


def deadline_year(text: str) -> int | None:
    """The deadline a sentence or title states (到2020年 → 2020; 2021—2023年 → 2023; 到“十四五”末
    → 2025, the last year of the five-year plan).

    >>> deadline_year("力争到2020年实现"), deadline_year("2021—2023年行动计划"), deadline_year("无")
    (2020, 2023, None)
    >>> deadline_year("到“十四五”末，规模翻番")
    2025
    """
    for pattern in _patterns()[3]:
        match = pattern.search(text)
        if match:
            return int(match.groups()[-1])
    plan = re.search(r"(?:到|至)[“\"]?(十[一二三四五六七八九]五)[”\"]?(?:时期|规划)?(?:末|期末)", text)
    if plan:
        return load_lexicon().cues["plan_period_ends"].get(plan.group(1))
    return None


def period_end(text: str, title: str | None, year: int | None) -> int | None:
    """The end of the period a document covers: the one its title or first lines name
    (2021—2023年), else the deadline its goals state most often (到2022年), else the one its goals
    count from the document's year (力争用3年时间, issued in 2020: 2020—2022).

    >>> period_end("……力争用3年时间，全省软件业收入翻一番。", None, 2020)
    2022
    >>> period_end("到2022年，规模达到100亿元。到2025年，……到2022年，建成10个。", None, 2020)
    2022
    """
    stated = deadline_year(title or "") or deadline_year(text[:200])
    if stated:
        return stated
    counts: dict[int, int] = {}
    for match in re.finditer(r"(?:到|至)(20\d\d)年", text):
        found = int(match.group(1))
        if year is None or found >= year:
            counts[found] = counts.get(found, 0) + 1
    if counts:
        return max(counts, key=lambda y: (counts[y], y))
    span = re.search(r"用([一二两三四五六七八九十\d])年(?:时间|左右)|([一二两三四五六七八九十\d])年内", text)
    if span and year:
        years = parse_number(span.group(1) or span.group(2))
        if years:
            return year + int(years) - 1
    return None


def _task_at(task_index: SpanIndex, position: int):
    """The first-found task whose text holds ``position`` (its end included)."""
    found = task_index.covering(position)
    return min(found, key=lambda pair: pair[0])[1] if found else None


def index_tasks(tasks) -> SpanIndex:
    """Tasks by position, each with its rank in the order they were found."""
    return SpanIndex((t.start, t.end + 1, (rank, t)) for rank, t in enumerate(tasks))


def _responsible(task) -> list[str]:
    """The departments of a task, in the order they are listed."""
    names: list[str] = []
    for unit_list in task.unit_lists if task else ():
        for assignment in unit_list.assignments:
            if assignment.unit.label == "Department" and assignment.unit.name not in names:
                names.append(assignment.unit.name)
    return names


def _magnitude_targets(text, match, listed, builder, task_index, s, e, offset, seen) -> list[Target]:
    """``A、B等6个千亿产业``: each listed item is to reach the magnitude (千亿 → 1000 亿元)."""
    words = load_lexicon().cues["magnitude_words"]
    tail = text[match.end() : match.end() + 8]
    word = next((w for w in sorted(words, key=len, reverse=True) if tail.startswith(w) or tail[:2].startswith(w)), None)
    if word is None:
        return []
    value, unit = words[word]
    year = deadline_year(text[s:e]) or deadline_year(builder.title or "") or builder.year
    out = []
    for mention in listed:
        key = (mention.name, value, unit, year)
        if mention.label == "Platform" or key in seen:
            continue
        seen.add(key)
        out.append(
            Target(
                subject=mention.name,
                metric="主营业务收入",
                value=value,
                unit=unit,
                year=year,
                responsible=_responsible(_task_at(task_index, match.start())),
                evidence=text[s:e],
                start=s + offset,
                end=e + offset,
            )
        )
    return out


def _vocabulary_subject(clause: str) -> list[str]:
    """The sector the metric before a number measures, umbrellas and technologies included
    (数字经济增加值占GDP的比重 → 数字经济; 工业互联网标识解析量 → 工业互联网): a goal is about it
    even where the sector is not one a task owns.

    >>> _vocabulary_subject("全市数字经济规模突破")
    ['数字经济']
    """
    from .mentions import _alternation

    lexicon = load_lexicon()
    terms = lexicon.industry_terms()
    pattern = lexicon.memo(("industry_re",), lambda: _alternation(list(terms)))
    # A term before a head noun modifies it (新能源汽车充电桩 counts piles, not cars).
    match = next(
        (m for m in pattern.finditer(clause) if len(m.group()) > 1 and not lexicon.modifies_a_head(clause, m.end())),
        None,
    )
    return [terms[match.group()].canonical] if match else []


def extract_targets(text, mentions, tasks, builder, offset) -> list[Target]:
    """Every numeric goal of the text, with its subject, deadline and the units of its task."""
    pattern, verbs, blockers, _ = _patterns()
    count_units = set(load_lexicon().cues["count_units"])
    # The period the document covers (行动方案（2024—2026年）) is named in its title or first lines.
    covered = period_end(text, builder.title, builder.year)
    targets: list[Target] = []
    seen: set[tuple] = set()
    subjects = [m for m in mentions if m.label in ("Industry", "Enterprise", "Platform")]
    subject_index = SpanIndex((m.start, m.end, m) for m in subjects)
    task_index = index_tasks(tasks)
    title_end = text.find("\n", 0, 200)
    theme = {m.name for m in subjects if m.label == "Industry" and 0 <= m.start < (title_end if title_end > 0 else 0)}
    for match in pattern.finditer(text):
        raw, unit = match.group(1), match.group(2)
        value = parse_number(raw)
        if value is None or value == 0:
            continue
        s, e = sentence_around(text, match.start(), match.end())
        clause_start = max(text.rfind(c, s, match.start()) for c in "，,；;：:") + 1
        clause_start = max(clause_start, s)
        before = text[clause_start : match.start()]
        after = text[match.end() : match.end() + 3]
        clause_end = min([i for i in (text.find(c, match.end(), e) for c in "，,；;") if i >= 0] or [e])
        clause = text[clause_start:clause_end]
        if any(b in clause for b in blockers) and not (unit == "个百分点" and "降" in before):
            continue
        opening = NUMBERED.sub("", text[clause_start : match.start()], count=1).lstrip()
        if opening.startswith("对") and any(b in text[s:e] for b in blockers):
            continue  # 对…首次突破1亿元的企业，给予奖励: the condition of a reward, not a goal
        if before.count("《") > before.count("》") or text[s : match.start()].count("《") > text[
            s : match.start()
        ].count("》"):
            continue  # a number inside a cited title (《…20条政策措施》)
        if re.match(r"[年月日号]", after) or (unit in ("个", "家") and re.match(r"[月季]", after)):
            continue
        if re.search(r"[\d.]$", text[max(0, match.start() - 1) : match.start()]) or after[:1] in "-—－~至到":
            continue  # part of a range (2—3个) or of a longer number
        if (
            unit.lstrip("万亿") not in count_units
            and re.match(r"[\u4e00-\u9fff]", after)
            and not after.startswith(("以上", "左右", "和", "、", "，"))
        ):
            continue  # 过百亿企业: an amount that qualifies a noun
        # One-character verbs (过, 超, 达) govern only the number right after them; 超500亿元的8个
        # counts the things that pass the amount.
        governed = any((v in before) if len(v) > 1 else before.endswith(v) for v in verbs) or (
            unit.lstrip("万亿") in count_units and re.search(r"(?:超|过|达)[\d.]+[亿万]?元?的$", before)
        )
        if not governed and not (unit == "个百分点" and "降" in before):
            continue
        if (
            unit.lstrip("万亿") in count_units
            and re.match(r"(?:过|超|以上的)", after) is None
            and re.search(r"[\u4e00-\u9fff]{0,2}$", before) is None
        ):
            continue
        # The deadline of the sentence, else one stated earlier in its paragraph (到2025年，…；…), else
        # the end of the period the document covers, else the document's year.
        paragraph = text.rfind("\n", 0, s) + 1
        # 全年/今年 is the year the document is issued; otherwise the period it covers.
        this_year = builder.year if re.search(r"全年|今年|当年", clause) else None
        year = deadline_year(text[s:e]) or this_year or deadline_year(text[paragraph:s]) or covered or builder.year
        task = _task_at(task_index, match.start())
        responsible = _responsible(task)
        clause_subjects = subject_index.starting_in(clause_start, match.start())
        listed = bool(clause_subjects) and re.match(r"\s*等\s*$", text[clause_subjects[-1].end : match.start()])
        if listed:
            # 新增A、B等6个千亿产业: the number counts the list; each item gets the magnitude the list names.
            targets.extend(_magnitude_targets(text, match, clause_subjects, builder, task_index, s, e, offset, seen))
            clause_subjects = []
        if unit == "亿":
            unit = "亿元"
        metric = re.sub(r"^(?:力争|确保|争取|推动|实现|其中|全年|并|到20\d\d年|20\d\d年)+", "", before).strip("，, ")
        names = [m.name for m in clause_subjects if m.label != "Platform"]
        if not names and not clause_subjects:
            # No subject before the number: one named after it in the clause, else the task's one sector.
            after_subjects = [
                m.name for m in subject_index.starting_in(match.end(), clause_end) if m.label == "Industry"
            ]
            in_task = {
                m.name
                for m in (subject_index.starting_in(task.start, task.end) if task else [])
                if m.label == "Industry"
            }
            measured = _vocabulary_subject(before) if not listed else []
            for name in measured:
                builder.add_entity("Industry", name)  # a target names an entity of its record
            names = measured or after_subjects[:1] or (sorted(in_task) if len(in_task) == 1 else [])
            if not names and len(theme) == 1 and (not in_task or theme <= in_task):
                names = sorted(theme)  # the one sector the document's title is about
        names = names or [None]
        for name in names:
            key = (name, value, unit, year)
            if key in seen:
                continue
            seen.add(key)
            targets.append(
                Target(
                    subject=name,
                    metric=metric or unit,
                    value=value,
                    unit=unit,
                    year=year,
                    responsible=responsible,
                    evidence=text[s:e],
                    start=s + offset,
                    end=e + offset,
                )
            )
    return targets
