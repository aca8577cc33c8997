"""Extraction: quality on the sample and development documents, and behaviour on
short documents written for these tests in styles the samples lack."""

from __future__ import annotations

from pathlib import Path

import pytest

from policykg.loaders.extract.extractor import Extractor
from policykg.loaders.extract.targets import parse_number
from policykg.loaders.quality.evaluate import evaluate

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
DEV = ROOT / "tests" / "data" / "dev"


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def extract_folder(extractor: Extractor, folder: Path) -> list[dict]:
    import re

    records = []
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        years = re.findall(r"(20\d\d)年", text[:400])
        record = extractor(text, doc=path.name, year=int(years[0]) if years else None)
        records.append(record.model_dump(mode="json"))
    return records


def facts(record, rel="RESPONSIBLE_FOR") -> set[tuple[str, str]]:
    return {(f.head, f.tail) for f in record.facts if f.rel == rel}


def roles(record) -> dict[tuple[str, str], str]:
    return {(f.head, f.tail): f.role for f in record.facts if f.rel == "RESPONSIBLE_FOR"}


# --------------------------------------------------------------------------------------------
# Quality bar on real documents
# --------------------------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize(
    "folder, gold", [(CORPUS, ROOT / "tests" / "data" / "gold"), (DEV / "docs", DEV / "gold")], ids=["sample", "dev"]
)
def test_quality_bar(extractor, folder, gold):
    report = evaluate(gold, extract_folder(extractor, folder), docs_dir=folder)
    rows = report.rows
    assert rows["fact:RESPONSIBLE_FOR->Industry"].f1 >= 0.90
    assert rows["fact:ALL"].f1 >= 0.85
    assert rows["entity:ALL"].f1 >= 0.90
    assert rows["evidence"].p == 1.0
    assert not report.missing


# Suites of documents written in other provinces' styles, read through the loaders exactly as
# ``policykg extract`` reads them. ``styles`` is held to the same bar as the samples; ``holdout``
# was annotated blind and is a floor that guards what generalises (see its README).
SUITES = {
    "styles": (0.90, 0.85, 0.90),
    "holdout": (0.83, 0.80, 0.90),
    # Real documents (tests/data/real/README.md): the development set, the second development set
    # (annotated later, scored before any rule looked at it), and the held-out set that no rule is
    # tuned on. Floors at the measured level, at or above the goals for the development
    # set (0.85 / 0.80 / 0.88); the README shows what is measured.
    "real/dev": (0.92, 0.81, 0.88),
    "real/dev2": (0.83, 0.59, 0.74),
    "real/holdout": (0.89, 0.70, 0.79),
}


@pytest.mark.slow
@pytest.mark.parametrize("suite", sorted(SUITES))
def test_quality_on_suites_in_other_styles(suite):
    from policykg.loaders.pipeline import extract_documents

    folder = ROOT / "tests" / "data" / suite
    outcomes = list(extract_documents([folder / "docs"]))
    assert all(o.ok for o in outcomes), [str(o.error) for o in outcomes if not o.ok]
    report = evaluate(folder / "gold", [o.record for o in outcomes], docs_dir=folder / "docs")
    rows = report.rows
    headline, all_facts, entities = SUITES[suite]
    assert rows["fact:RESPONSIBLE_FOR->Industry"].f1 >= headline
    assert rows["fact:ALL"].f1 >= all_facts
    assert rows["entity:ALL"].f1 >= entities
    assert rows["evidence"].p == 1.0
    assert not report.missing


def test_evidence_offsets_point_at_the_evidence(extractor):
    text = (CORPUS / "004_0637b02b723da48f.txt").read_text(encoding="utf-8")
    record = extractor(text, doc="004.txt", year=2015)
    assert record.facts
    for fact in record.facts:
        assert text[fact.start : fact.end] == fact.evidence


# --------------------------------------------------------------------------------------------
# Styles the samples lack (documents written for these tests)
# --------------------------------------------------------------------------------------------
LEAD_SUPPORT = """安徽省人民政府办公厅关于加快新能源汽车产业发展的实施意见
一、重点任务
1.做大做强新能源汽车产业，支持合肥经济技术开发区建设新能源汽车产业基地。（省经济和信息化厅牵头，省发展改革委、省科技厅配合）
2.推动集成电路产业集聚发展。（省科技厅、省商务厅按职责分工负责）
"""


def test_bracketed_lead_and_support(extractor):
    record = extractor(LEAD_SUPPORT, doc="ah.txt", year=2021)
    r = roles(record)
    assert r[("安徽省经济和信息化厅", "新能源汽车")] == "lead"
    assert r[("安徽省发展和改革委员会", "新能源汽车")] == "support"
    assert r[("安徽省科学技术厅", "新能源汽车")] == "support"
    assert ("安徽省经济和信息化厅", "合肥经济技术开发区") in r
    platform = next(e for e in record.entities if e.name == "合肥经济技术开发区")
    assert platform.type == "Platform"
    assert ("合肥经济技术开发区", "合肥市") in facts(record, "LOCATED_IN")
    department = next(e for e in record.entities if e.name == "安徽省经济和信息化厅")
    assert "省经济和信息化厅" in department.aliases


def test_remit_decides_pairs_under_by_duty_notes(extractor):
    text = """广东省工业和信息化厅印发促进产业发展若干措施的通知
1.支持外贸企业开拓市场，扶持茶产业和集成电路产业发展。（省商务厅、省农业农村厅按职责分工负责）
"""
    record = extractor(text, doc="gd.txt", year=2019)
    pairs = facts(record)
    assert ("广东省商务厅", "外贸") in pairs
    assert ("广东省农业农村厅", "茶") in pairs
    assert ("广东省农业农村厅", "外贸") not in pairs
    assert ("广东省商务厅", "茶") not in pairs


def test_remit_stated_elsewhere_in_the_document_decides_by_duty_pairs(extractor):
    text = """福建省经济和信息化委员会2016年工作要点
1.举办茶产业博览会，由省经信委一处衔接协调。
2.举办集成电路产业推介会，由省经信委二处衔接协调。
3.支持茶产业和集成电路产业提质增效。（省经信委一处、二处按职责分工负责）
"""
    record = extractor(text, doc="fj.txt", year=2016)
    pairs = facts(record)
    first, second = "福建省经济和信息化委员会一处", "福建省经济和信息化委员会二处"
    assert (first, "茶") in pairs and (second, "集成电路") in pairs
    by_duty = {(f.head, f.tail) for f in record.facts if f.rel == "RESPONSIBLE_FOR" and "提质增效" in f.evidence}
    assert by_duty == {(first, "茶"), (second, "集成电路")}


def test_an_appendix_list_belongs_to_the_task_that_promises_it(extractor):
    text = """河南省工业和信息化厅关于推进重点园区建设的通知
1.支持建设3个重点园区。（省工业和信息化厅牵头，省发展改革委配合）
2.加强人才培养。（省教育厅负责）
附件：3个重点园区名单
郑州经济技术开发区、洛阳高新技术产业开发区、新乡经济技术开发区
"""
    record = extractor(text, doc="hn.txt", year=2023)
    r = roles(record)
    for park in ("郑州经济技术开发区", "洛阳高新技术产业开发区", "新乡经济技术开发区"):
        assert r[("河南省工业和信息化厅", park)] == "lead"
        assert r[("河南省发展和改革委员会", park)] == "support"
        assert ("河南省教育厅", park) not in r


def test_magnitude_words_give_each_listed_item_its_target(extractor):
    text = """1.到2025年新增株洲轨道交通装备、长沙工程机械等2个千亿产业，培育企业过百亿元的5户。
责任单位：湖南省工业和信息化厅
"""
    record = extractor(text, doc="hu.txt", year=2021)
    got = {(t.subject, t.value, t.unit, t.year) for t in record.targets}
    assert ("轨道交通装备", 1000, "亿元", 2025) in got
    assert ("工程机械", 1000, "亿元", 2025) in got
    assert (None, 2, "个", 2025) in got
    assert all(t.responsible == ["湖南省工业和信息化厅"] for t in record.targets)


def test_a_goal_without_a_named_sector_takes_the_sector_of_the_title(extractor):
    text = """关于加快发展冷链物流的若干措施
1.到2025年，全省冷库库容达到500万吨，重点企业冷链流通率提高到60%以上。（省发展改革委、省商务厅按职责分工负责）
"""
    record = extractor(text, doc="cl.txt", year=2023)
    got = {(t.subject, t.value, t.unit, t.year) for t in record.targets}
    assert ("冷链物流", 500, "万吨", 2025) in got and ("冷链物流", 60, "%", 2025) in got


LINES = """四川省促进白酒产业高质量发展行动方案（2021—2023年）
各牵头单位要加强统筹，列第一位的为牵头单位。
（一）做强白酒产业。
1.支持白酒企业技术改造，到2023年白酒产业营业收入达到一千亿元。
责任单位：省经济和信息化厅、省商务厅、各市（州）人民政府
2.发展现代物流。
牵头单位：省交通运输厅
配合单位：省商务厅
"""


def test_responsibility_lines_first_listed_leads_and_targets(extractor):
    record = extractor(LINES, doc="sc.txt", title="四川省促进白酒产业高质量发展行动方案（2021—2023年）", year=2021)
    r = roles(record)
    assert r[("四川省经济和信息化厅", "白酒")] == "lead"
    assert r[("四川省商务厅", "白酒")] == "responsible"
    assert r[("四川省交通运输厅", "现代物流")] == "lead"
    assert r[("四川省商务厅", "现代物流")] == "support"
    target = next(t for t in record.targets if t.unit == "亿元")
    assert (target.value, target.year, target.subject) == (1000, 2023, "白酒")
    assert "四川省经济和信息化厅" in target.responsible


def test_first_listed_leads_and_the_others_support(extractor):
    text = """湖南省推进工程机械产业发展三年行动计划（2019—2021年）
各项任务中，列第一位的为牵头单位，其他为配合单位。
1.做强工程机械产业。
责任单位：省工业和信息化厅、省科技厅、长沙市人民政府
2.发展软件产业。（省工业和信息化厅（牵头）、省商务厅）
"""
    r = roles(extractor(text, doc="hu.txt", year=2019))
    assert r[("湖南省工业和信息化厅", "工程机械")] == "lead"
    assert r[("湖南省科学技术厅", "工程机械")] == "support"
    assert r[("长沙市政府", "工程机械")] == "support"
    assert r[("湖南省工业和信息化厅", "软件")] == "lead"


def test_event_hosting_roles(extractor):
    text = """湖北省经济和信息化厅2017年产业推介活动方案
1、2017年5月在武汉市举办光电子信息产业合作推进会，邀请华为等企业参会。会议由武汉市政府具体承办，襄阳市、宜昌市政府协办，省经信厅电子信息处衔接协调。
"""
    record = extractor(text, doc="hb.txt", year=2017)
    r = roles(record)
    event = "光电子信息产业合作推进会"
    assert r[("武汉市政府", event)] == "host"
    assert r[("襄阳市政府", event)] == "cohost"
    assert r[("宜昌市政府", event)] == "cohost"
    division = next(h for (h, t), role in r.items() if role == "coordinate")
    assert division.endswith("电子信息处")
    assert (division, "湖北省经济和信息化厅") in facts(record, "PART_OF")
    assert (event, "武汉市") in facts(record, "LOCATED_IN")
    assert (event, "华为") in facts(record, "TARGETS")
    assert ("武汉市政府", "华为") not in r  # an invited firm is promoted, not owned


def test_project_table_unit_column(extractor):
    text = (
        "贵州省2020年工业重点项目表\n"
        "序号\t项目名称\t建设单位\t建设地点\t责任单位\n"
        "1\t年产10万吨铝材项目\t贵州华仁新材料有限公司\t清镇经济开发区\t清镇市人民政府\n"
        "2\t大数据产业园项目\t贵州云上科技有限公司\t贵阳高新技术产业开发区\t贵阳高新区管委会\n"
    )
    record = extractor(text, doc="gz.txt", year=2020)
    pairs = facts(record)
    assert ("清镇市政府", "贵州华仁新材料有限公司") in pairs
    assert ("清镇市政府", "清镇经济开发区") in pairs
    assert any(head.startswith("贵阳高新区管委会") or head.endswith("贵阳高新区管委会") for head, _ in pairs)


def test_municipal_bodies_and_collectives(extractor):
    text = """盐城市人民政府关于推进新能源产业链发展的实施意见
1.由市工信局担任新能源产业链牵头单位，推动氢能和储能产业发展。
（市工信局牵头，市发改委、各县（市、区）人民政府配合）
"""
    record = extractor(text, doc="yc.txt", year=2024)
    r = roles(record)
    assert r[("盐城市工业和信息化局", "氢能")] == "lead"
    assert r[("盐城市各县（市、区）人民政府", "储能")] == "support"
    assert r[("盐城市发展和改革委员会", "储能")] == "support"


def test_not_a_policy_document_gives_an_empty_record(extractor):
    text = (
        "今天白天到夜间郑州市、许昌市多云转小雨，气温十五到二十二度，东南风三到四级。"
        "粮食产区请注意排涝，农机手出行注意安全。"
    )
    record = extractor(text, doc="weather.txt", year=2023)
    assert (record.entities, record.facts, record.targets) == ([], [], [])


@pytest.mark.parametrize("text, value", [("1000", 1000), ("一千", 1000), ("两", 2), ("十五", 15), ("0.5", 0.5)])
def test_parse_number(text, value):
    assert parse_number(text) == value


def test_words_glued_across_boundaries_are_not_industries(extractor):
    record = extractor("1.优化工业结构，选择80家具有代表性的企业。\n责任单位：省工信厅", doc="x.txt", year=2021)
    assert not [e for e in record.entities if e.type == "Industry"]


@pytest.mark.slow
def test_records_are_deterministic_across_processes(tmp_path):
    """Same input, same record, whatever the hash seed of the process."""
    import os
    import subprocess
    import sys

    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"r{seed}.jsonl"
        subprocess.run(
            [sys.executable, "-m", "policykg.cli", "extract", str(CORPUS), "-o", str(out), "-q"],
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
        )
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_windows_line_endings_change_nothing(extractor):
    text = """活动一：2024茶产业（福州）招商推介会
时间：2024年5月
承办单位：福州市人民政府
衔接协调：省工业和信息化厅消费品工业处
主要内容：推介白茶和茉莉花茶产业。
"""
    unix = extractor(text, doc="a.txt", year=2024)
    windows = extractor(text.replace("\n", "\r\n"), doc="a.txt", year=2024)
    assert facts(unix) == facts(windows)
    assert ("福州市政府", "2024茶产业（福州）招商推介会") in facts(unix)
    coordinators = {h for (h, t), role in roles(unix).items() if role == "coordinate"}
    assert any(h.endswith("消费品工业处") for h in coordinators)


# --------------------------------------------------------------------------------------------
# Layouts of real documents
# --------------------------------------------------------------------------------------------
def test_notes_mid_line_each_close_the_text_before_them(extractor):
    text = (
        "黄山市数字经济实施方案\n"
        "（一）推动光伏产业发展（市发改委牵头，市财政局配合）。支持茶产业提质增效（市农业农村局负责）。\n"
    )
    r = roles(extractor(text, doc="hs.txt", year=2020))
    assert r[("黄山市发展和改革委员会", "光伏")] == "lead"
    assert r[("黄山市财政局", "光伏")] == "support"
    assert r[("黄山市农业农村局", "茶")] == "responsible"
    assert ("黄山市发展和改革委员会", "茶") not in r


def test_labelled_fields_inside_a_square_bracket_note(extractor):
    text = (
        "凤山县人民政府办公室关于印发凤山县数字经济发展三年行动计划的通知\n"
        "1.大力发展跨境电商。〔牵头单位：县商务局;配合单位：各乡（镇）人民政府,县发改局、财政局〕\n"
    )
    record = extractor(text, doc="fs.txt", year=2019)
    r = roles(record)
    assert r[("凤山县商务局", "跨境电商")] == "lead"
    assert r[("凤山县发改局", "跨境电商")] == "support"
    assert r[("凤山县财政局", "跨境电商")] == "support"  # 财政局 takes the 县 written once for the list
    assert r[("凤山县各乡（镇）人民政府", "跨境电商")] == "support"
    assert all("：" not in e.name and ":" not in e.name for e in record.entities)


def test_table_flattened_to_one_cell_per_line(extractor):
    text = (
        "宁波市数字化转型重点任务\n序号\n工作任务\n牵头单位\n配合单位\n完成时间\n"
        "1\n推进跨境电商发展\n市商务局\n市财政局、市市场监管局\n2019年底\n"
        "2\n推进旅游大数据应用\n市文化广电旅游局\n市发改委\n2019年底\n"
    )
    r = roles(extractor(text, doc="nb.txt", year=2019))
    assert r[("宁波市商务局", "跨境电商")] == "lead"
    assert r[("宁波市市场监督管理局", "跨境电商")] == "support"
    assert r[("宁波市文化广电旅游局", "旅游")] == "lead"
    assert ("宁波市商务局", "旅游") not in r


def test_collectives_and_unregistered_bodies_belong_to_their_jurisdiction(extractor):
    text = "定西市人民政府关于推进数字经济创新发展的意见\n1.发展电子商务。（责任单位：市大数据局，各县区政府）\n"
    facts_found = facts(extractor(text, doc="dx.txt", year=2019))
    assert ("定西市大数据局", "电子商务") in facts_found
    assert ("定西市各县区政府", "电子商务") in facts_found


def test_items_of_a_sector_enumeration_are_sectors(extractor):
    text = (
        "凤山县数字经济行动计划\n"
        "1.发展智能音响设备、智能穿戴终端、车载显示设备、高清投影设备等电子产品。（县工信局负责）\n"
        "2.推进茶叶、竹木、陶瓷、装备制造等加工企业智能化改造。（县发改局负责）\n"
    )
    found = facts(extractor(text, doc="fs2.txt", year=2019))
    for sector in ("智能音响设备", "智能穿戴终端", "车载显示设备"):
        assert ("凤山县工信局", sector) in found
    for sector in ("竹木", "陶瓷", "装备制造"):
        assert ("凤山县发改局", sector) in found


def test_fields_of_government_are_not_sectors(extractor):
    text = "某市数字政府方案\n1.推动大数据在政务服务、城市管理、社会治理等领域应用。（市大数据局负责）\n"
    record = extractor(text, doc="zw.txt", year=2020)
    assert not {e.name for e in record.entities if e.type == "Industry"} & {"政务服务", "城市管理", "社会治理"}


def test_firms_listed_by_name(extractor):
    text = (
        "惠州市促进数字经济产业发展若干措施\n"
        "1.支持立讯精密、闻泰科技、澜起科技等龙头企业落户，引进电子信息、生物医药等企业。（市工业和信息化局负责）\n"
    )
    record = extractor(text, doc="hz.txt", year=2021)
    firms = {e.name for e in record.entities if e.type == "Enterprise"}
    assert {"立讯精密", "闻泰科技", "澜起科技"} <= firms
    assert not firms & {"电子信息", "生物医药"}


def test_real_records_are_clean_and_whole():
    """Over every real test document: no entity name carries a label, a cut bracket or a line
    break, and every fact and target names entities of its own record (so every record loads)."""
    from policykg.loaders.extract.departments import clean_name
    from policykg.loaders.pipeline import extract_documents

    folders = [ROOT / "tests" / "data" / "real" / part / "docs" for part in ("dev", "dev2", "holdout")]
    records = [o.record for o in extract_documents(folders)]
    names = [e.name for r in records for e in r.entities]
    assert len(names) > 1000
    dirty = [n for n in names if not clean_name(n) or "\n" in n or n.startswith(("下同", "配合", "责任", "牵头"))]
    assert dirty == []
    for record in records:
        known = {name for e in record.entities for name in (e.name, *e.aliases)}
        assert [(f.head, f.tail) for f in record.facts if f.head not in known or f.tail not in known] == [], record.doc
        assert [t.subject for t in record.targets if t.subject and t.subject not in known] == [], record.doc


def test_collectives_of_two_provinces_never_merge(extractor):
    henan = extractor(
        "河南省人民政府办公厅关于印发方案的通知\n1.发展物流业。（责任单位：省商务厅，各省辖市政府）\n",
        doc="hn.txt",
        year=2021,
    )
    anhui = extractor(
        "安徽省人民政府办公厅关于印发方案的通知\n1.发展物流业。（责任单位：省商务厅，各市人民政府）\n",
        doc="ah.txt",
        year=2021,
    )
    heads = {
        f.head
        for r in (henan, anhui)
        for f in r.facts
        if f.rel == "RESPONSIBLE_FOR" and f.head.startswith(("河南", "安徽"))
    }
    assert {"河南省各省辖市政府", "安徽省各市人民政府"} <= heads
