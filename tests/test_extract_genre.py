"""Extraction rules for the genre of real policy documents, each on a short text written for
these tests: what is a sector and what is only a means, names of parks, events and firms, where
things lie, and the year and subject of a goal."""

from __future__ import annotations

import pytest

from policykg.loaders.extract.extractor import Extractor


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def entities(record, label: str) -> set[str]:
    return {name for e in record.entities if e.type == label for name in (e.name, *e.aliases)}


def owned(record) -> set[tuple[str, str]]:
    return {(f.head, f.tail) for f in record.facts if f.rel == "RESPONSIBLE_FOR"}


def located(record) -> set[tuple[str, str]]:
    return {(f.head, f.tail) for f in record.facts if f.rel == "LOCATED_IN"}


def targets(record) -> set[tuple]:
    return {(t.subject, t.value, t.unit, t.year) for t in record.targets}


# --------------------------------------------------------------------------------------------
# Sectors and means
# --------------------------------------------------------------------------------------------
def test_technologies_merged_into_something_else_are_its_means(extractor):
    text = (
        "1.着力推进云计算、区块链、物联网同传统制造全面融合，培育软件、集成电路、传感器等产业。（责任单位：市经信局）\n"
    )
    record = extractor(text, doc="a.txt", year=2021)
    assert not entities(record, "Industry") & {"云计算", "区块链", "物联网"}
    assert {("市经信局", "软件"), ("市经信局", "集成电路")} <= owned(record)


def test_a_technology_the_title_develops_is_the_sector_throughout(extractor):
    body = "1.推进区块链在政务中的应用，培育区块链服务商。（责任单位：市经信局）\n"
    themed = extractor("某市关于加快发展区块链的实施意见\n" + body, doc="a.txt", year=2021)
    assert ("市经信局", "区块链") in owned(themed)
    plain = extractor("某市关于推进政务服务改革的实施意见\n" + body, doc="a.txt", year=2021)
    assert "区块链" not in entities(plain, "Industry")


def test_a_sector_list_counted_in_batches_or_opened_by_a_verb_of_choosing(extractor):
    text = (
        "1.推动类脑计算、量子通信、卫星互联网等一批前沿数字产业成长。（责任单位：市经信局）\n"
        "2.择优选择莲藕、茶叶、食用菌、生猪等产业，建设数字农业基地。（责任单位：市农业农村局）\n"
    )
    record = extractor(text, doc="a.txt", year=2021)
    assert {("市经信局", "量子通信"), ("市农业农村局", "莲藕")} <= owned(record)


def test_a_qualifier_before_a_sector_word_keeps_the_sector(extractor):
    text = "1.推进未来网络、量子通信等重点行业发展，培育重点产业。（责任单位：市工信局）\n"
    record = extractor(text, doc="a.txt", year=2021)
    industries = entities(record, "Industry")
    assert "未来网络" in industries
    assert "重点产业" not in industries and "重点" not in industries


def test_two_nouns_before_industry_after_a_verb_name_one_sector(extractor):
    text = "1.推动低空飞行产业发展，加快卫星遥感产业集聚。（责任单位：市发改委）\n"
    record = extractor(text, doc="a.txt", year=2021)
    assert {("市发改委", "低空飞行"), ("市发改委", "卫星遥感")} <= owned(record)


def test_a_sector_read_off_x_industry_keeps_its_written_form(extractor):
    text = "1.推动元宇宙产业发展。（责任单位：市发改委）\n"
    record = extractor(text, doc="a.txt", year=2021)
    assert "元宇宙产业" in entities(record, "Industry")


def test_a_technology_written_as_x_ye_is_a_sector(extractor):
    text = "1.在数字政府、智慧社区和智能制造业上共同发力。（责任单位：市工信局）\n"
    record = extractor(text, doc="a.txt", year=2021)
    assert ("市工信局", "智能制造") in owned(record)


def test_an_item_of_a_sector_list_joining_two_sectors_is_two_items(extractor):
    text = "1.大力推动工业设计、网络文学及电子竞技、数字出版等行业发展。（责任单位：市委宣传部）\n"
    record = extractor(text, doc="a.txt", year=2021)
    assert {"网络文学", "电子竞技"} <= entities(record, "Industry")


def test_a_field_heading_its_item_is_the_sector_of_the_item(extractor):
    text = "1.培育数字贸易等新业态。\n——智慧教育。建设智慧校园。（责任单位：市教育局）\n"
    record = extractor(text, doc="a.txt", year=2021)
    assert ("市教育局", "智慧教育") in owned(record)


def test_items_of_a_list_of_technologies_applied_are_not_sectors(extractor):
    text = "1.提升港口管理水平，推广工业机器人、仪器仪表等技术应用，围绕智慧交通、环境治理等应用场景。（责任单位：市交通局）\n"
    record = extractor(text, doc="a.txt", year=2021)
    assert not entities(record, "Industry") & {"工业机器人", "仪器仪表", "环境治理"}


def test_a_list_closed_by_technology_industries_is_a_list_of_sectors(extractor):
    text = "1.壮大工业机器人、仪器仪表等技术产业。（责任单位：市工信局）\n"
    record = extractor(text, doc="a.txt", year=2021)
    assert {"工业机器人", "仪器仪表"} <= entities(record, "Industry")


def test_a_sector_word_that_modifies_another_noun_is_not_a_sector(extractor):
    text = "1.整合医疗资源，推广超高清视频技术，公布服务电话号码。（责任单位：市卫健委）\n"
    record = extractor(text, doc="a.txt", year=2021)
    assert not entities(record, "Industry") & {"医疗", "超高清视频"}


def test_a_modifier_before_the_noun_of_x_industry_is_part_of_its_name(extractor):
    text = "1.发展新型建材产业，打造智能装备产业链。（责任单位：市工信局）\n"
    record = extractor(text, doc="a.txt", year=2021)
    assert {"新型建材", "智能装备"} <= entities(record, "Industry")


def test_fields_whose_firms_a_task_grows_are_sectors(extractor):
    text = "1.到2025年，培育卫星导航、海洋牧场等领域的企业20家，发展远程问诊、共享厨房等领域服务业。（责任单位：市发改委）\n"
    record = extractor(text, doc="a.txt", year=2021)
    assert {"卫星导航", "海洋牧场", "远程问诊", "共享厨房"} <= entities(record, "Industry")


def test_every_item_of_a_list_counted_as_industries_is_a_sector(extractor):
    text = "1.重点支持芯片封装、光学镜头和工业控制系统三大产业。（责任单位：市工信局）\n"
    record = extractor(text, doc="a.txt", year=2021)
    assert {"芯片封装", "光学镜头", "工业控制系统"} <= entities(record, "Industry")


def test_a_list_of_fields_starts_after_a_technology_joined_by_yu(extractor):
    text = "1.推动区块链与养老、托育、家政等领域融合。（责任单位：市民政局）\n"
    record = extractor(text, doc="a.txt", year=2021)
    aliases = {name: {name, *e.aliases} for e in record.entities for name in (e.name,)}
    assert any("养老" in aliases.get(tail, ()) for head, tail in owned(record) if head == "市民政局")


def test_a_technology_written_as_firms_of_it_is_a_sector(extractor):
    text = "1.引进一批人工智能企业。（责任单位：市商务局）\n"
    record = extractor(text, doc="a.txt", year=2021)
    assert ("市商务局", "人工智能") in owned(record)


def test_a_trade_written_with_ye_is_a_sector_but_common_ye_words_are_not(extractor):
    text = "1.支持电竞直播业集聚发展，促进就业和创业。（责任单位：市商务局）\n"
    record = extractor(text, doc="a.txt", year=2021)
    industries = entities(record, "Industry")
    assert "电竞直播业" in industries
    assert not industries & {"就业", "创业", "就", "创"}


def test_branches_of_a_vocabulary_sector_and_items_joined_by_yiji_are_sectors(extractor):
    text = "1.吸引芯片设计、软件开发以及无人机、卫星遥感等大数据产业相关企业集聚。（责任单位：市科技局）\n"
    record = extractor(text, doc="a.txt", year=2021)
    assert {"芯片设计", "软件开发", "无人机", "卫星遥感"} <= entities(record, "Industry")


def test_two_products_a_development_verb_governs_are_sectors(extractor):
    text = "1.积极发展激光投影设备、平板电脑及配件产品。（责任单位：市工信局）\n"
    record = extractor(text, doc="a.txt", year=2021)
    assert {"激光投影设备", "平板电脑及配件产品"} <= entities(record, "Industry")


def test_a_sector_name_closed_by_fuwuye_is_listed_whole(extractor):
    text = "1.围绕检验与认证服务业、航空制造业、冷链物流业三大板块招商。（责任单位：市商务局）\n"
    record = extractor(text, doc="a.txt", year=2021)
    assert "检验与认证服务业" in entities(record, "Industry")


def test_tax_administration_is_a_public_function_not_a_sector(extractor):
    text = "1.推进物流、文旅、税务、传媒等领域数据开放。（责任单位：市大数据局）\n"
    record = extractor(text, doc="a.txt", year=2021)
    assert "税务" not in entities(record, "Industry")


# --------------------------------------------------------------------------------------------
# Parks, platforms, events and firms
# --------------------------------------------------------------------------------------------
def test_park_names_start_after_the_verb_before_them(extractor):
    text = "1.聚焦中国（湖南）自由贸易试验区长沙片区建设。（责任单位：市商务局）\n"
    record = extractor(text, doc="a.txt", year=2021)
    assert "中国（湖南）自由贸易试验区长沙片区" in entities(record, "Platform")


def test_research_and_data_platforms_and_5g_inside_a_name(extractor):
    text = "1.组建湘江实验室，支持长沙产业技术研究院和中国电信湖南5G联合创新中心建设。（责任单位：省科技厅）\n"
    record = extractor(text, doc="a.txt", year=2021)
    assert {"湘江实验室", "长沙产业技术研究院", "中国电信湖南5G联合创新中心"} <= entities(record, "Platform")


def test_a_level_and_a_kind_is_not_a_named_platform(extractor):
    text = "1.争创国家重点实验室和国家制造业创新中心，建设国家燃料电池技术创新中心。（责任单位：省科技厅）\n"
    record = extractor(text, doc="a.txt", year=2021)
    platforms = entities(record, "Platform")
    assert not platforms & {"国家重点实验室", "国家制造业创新中心"}
    assert "国家燃料电池技术创新中心" in platforms


def test_a_quoted_technology_is_not_a_platform(extractor):
    text = "1.开展“5G＋工业互联网”试点。（责任单位：市工信局）\n"
    record = extractor(text, doc="a.txt", year=2021)
    assert "5G＋工业互联网" not in entities(record, "Platform")


def test_new_park_suffixes_and_a_district_named_xincheng(extractor):
    text = "1.建设湘潭电商园和昭山新城，完善岳塘新城区配套。（责任单位：市发改委）\n"
    record = extractor(text, doc="a.txt", year=2021)
    platforms = entities(record, "Platform")
    assert {"湘潭电商园", "昭山新城"} <= platforms
    assert not any(name.endswith("新城区") or name == "岳塘新城" for name in platforms)


def test_the_park_of_a_committee_named_by_a_generic_word(extractor):
    text = "株洲市人民政府关于印发方案的通知\n1.完善高新区配套，推动高新区数字化改造。（责任单位：高新区管委会、市工信局）\n"
    record = extractor(text, doc="a.txt", year=2021)
    assert "株洲高新区" in entities(record, "Platform")
    assert ("株洲市工业和信息化局", "株洲高新区") in owned(record)


def test_a_quoted_campaign_is_not_an_event_but_a_quoted_activity_is(extractor):
    text = "1.实施“百企上云”行动，开展“数字赋能进园区”活动。（责任单位：市工信局）\n"
    record = extractor(text, doc="a.txt", year=2021)
    events = entities(record, "Event")
    assert "“百企上云”行动" not in events
    assert "“数字赋能进园区”活动" in events


def test_every_item_of_a_list_of_event_names_is_an_event(extractor):
    text = "1.借助湘江数字峰会、中国（长沙）智能制造交易会和橘洲花博会，办好在岳阳举办的洞庭湖经贸洽谈会和中部农博会。（责任单位：市商务局）\n"
    record = extractor(text, doc="a.txt", year=2021)
    events = entities(record, "Event")
    assert {"湘江数字峰会", "中国（长沙）智能制造交易会", "橘洲花博会", "洞庭湖经贸洽谈会"} <= events
    assert not any(name.startswith(("在", "办好", "借助")) for name in events)


def test_a_numbered_item_titled_by_an_event(extractor):
    text = (
        "3.湘江数据创新大赛。面向高校征集应用方案。（责任单位：市大数据局）\n4.举办三场推介会。（责任单位：市商务局）\n"
    )
    record = extractor(text, doc="a.txt", year=2021)
    events = entities(record, "Event")
    assert "湘江数据创新大赛" in events
    assert not any("三场" in name for name in events)


def test_the_other_items_of_a_list_naming_a_known_firm_are_firms(extractor):
    text = "1.支持华为、湘江鲲鹏等开展试点，推动长沙智创科技等高成长性企业发展。（责任单位：市工信局）\n"
    record = extractor(text, doc="a.txt", year=2021)
    assert {"湘江鲲鹏", "长沙智创科技"} <= entities(record, "Enterprise")


def test_parks_of_kinds_texts_use_and_a_branch_named_with_its_parent(extractor):
    text = (
        "岳阳市人民政府关于推进数字经济的通知\n"
        "1.打造枫林电商园区和洞庭金融服务区，推进岳阳创意园建设，支持华中数智研究院岳阳分院建设，"
        "建设三个软件创意园。（责任单位：市商务局）\n"
    )
    record = extractor(text, doc="a.txt", year=2021)
    platforms = entities(record, "Platform")
    assert {"枫林电商园区", "洞庭金融服务区", "岳阳创意园", "华中数智研究院岳阳分院"} <= platforms
    assert not any(name.startswith("三个") for name in platforms)


# --------------------------------------------------------------------------------------------
# Bodies and places
# --------------------------------------------------------------------------------------------
def test_a_body_named_only_as_the_author_of_a_cited_policy_is_not_an_entity(extractor):
    text = (
        "湖南省人民政府办公厅关于印发方案的通知\n"
        "为落实国务院关于数字经济的部署，按照财政部、税务总局规定，制定本方案。\n"
        "1.发展光伏产业。（责任单位：省发展改革委）\n"
    )
    record = extractor(text, doc="a.txt", year=2021)
    departments = entities(record, "Department")
    assert not any("国务院" in name or "财政部" in name for name in departments)
    assert "湖南省发展和改革委员会" in departments


def test_a_document_whose_bodies_are_all_cited_keeps_them(extractor):
    text = (
        "湖南省数字经济发展规划\n为落实国务院关于数字经济的部署，制定本规划。重点发展光伏、集成电路、新型显示等产业。\n"
    )
    record = extractor(text, doc="a.txt", year=2021)
    assert entities(record, "Industry")


@pytest.mark.parametrize("opening, closing", [("﹝", "﹞"), ("［", "］"), ("〖", "〗")])
def test_a_collective_written_with_rare_brackets_is_one_body(extractor, opening, closing):
    text = (
        "衢州市人民政府办公室关于推进数字经济的通知\n"
        f"1.发展电子商务。[责任单位：市商务局，各县{opening}市、区{closing}政府]\n"
    )
    record = extractor(text, doc="a.txt", year=2021)
    assert ("衢州市各县（市、区）政府", "电子商务") in owned(record)
    names = {e.name for e in record.entities}
    assert not any(opening in name or closing in name for name in names)


def test_the_committees_of_the_parks_concerned_are_a_collective_of_the_city(extractor):
    text = "常州市人民政府关于推进数字经济的通知\n1.发展软件产业。（责任单位：市工信局、相关高新园区管委会、各有关开发区）\n"
    record = extractor(text, doc="a.txt", year=2021)
    assert {("常州市相关高新园区管委会", "软件"), ("常州市各有关开发区", "软件")} <= owned(record)


def test_where_a_national_name_a_named_event_and_a_listed_firm_lie(extractor):
    text = (
        "1.建设中国（岳阳）跨境电子商务综合试验区，参加湘潭电子信息产业对接会和株洲轨道交通博览会。"
        "（责任单位：市商务局、岳阳城投集团）\n"
    )
    record = extractor(text, doc="a.txt", year=2021)
    places = located(record)
    assert ("中国（岳阳）跨境电子商务综合试验区", "岳阳市") in places
    assert ("湘潭电子信息产业对接会", "湘潭市") in places
    assert ("岳阳城投集团", "岳阳市") in places


# --------------------------------------------------------------------------------------------
# Goals: year and subject
# --------------------------------------------------------------------------------------------
def test_a_goal_counted_in_years_from_the_document(extractor):
    text = "1.力争用3年时间，全市数字经济增加值突破500亿元。（责任单位：市发改委）\n"
    record = extractor(text, doc="a.txt", year=2021)
    assert ("数字经济", 500, "亿元", 2023) in targets(record)


def test_a_goal_takes_the_deadline_the_document_states_most_often(extractor):
    text = (
        "1.到2023年，软件业务收入达到200亿元。（责任单位：市工信局）\n"
        "2.到2023年，培育企业50家。（责任单位：市工信局）\n"
        "3.建成5G基站3000个。（责任单位：市通信办）\n"
    )
    record = extractor(text, doc="a.txt", year=2021)
    assert ("5G", 3000, "个", 2023) in targets(record)


def test_the_end_of_a_five_year_plan_and_this_year(extractor):
    text = "1.到“十四五”末，光伏产值达到800亿元；全年光伏出口增长10%。（责任单位：省工信厅）\n"
    record = extractor(text, doc="a.txt", year=2022)
    got = targets(record)
    assert ("光伏", 800, "亿元", 2025) in got
    assert ("光伏", 10, "%", 2022) in got


def test_the_condition_of_a_reward_is_not_a_goal(extractor):
    text = "1.对年营业收入首次突破5000万元、1亿元的软件企业，分别给予奖励。（责任单位：市财政局）\n"
    record = extractor(text, doc="a.txt", year=2021)
    assert not {t for t in targets(record) if t[1] == 5000}


def test_a_verb_before_a_well_known_firm_in_a_firm_list_is_not_part_of_its_name(extractor):
    text = "1.服务华为等企业在湘建设工业互联网平台。（责任单位：市工信局）\n"
    record = extractor(text, doc="a.txt", year=2021)
    firms = entities(record, "Enterprise")
    assert "华为" in firms
    assert "服务华为" not in firms


def test_a_governments_own_information_system_is_not_a_platform(extractor):
    text = "1.完善某省一体化政务服务平台，建设湘江智谷大数据产业园。（责任单位：市数据局）\n"
    record = extractor(text, doc="a.txt", year=2021)
    platforms = entities(record, "Platform")
    assert not {p for p in platforms if "政务" in p}
    assert "湘江智谷大数据产业园" in platforms


def test_a_government_fund_and_a_clause_ending_in_a_firm_word_are_not_firms(extractor):
    text = "1.用好市级产业引导基金，支持企业通过兼并重组组建软件公司。（责任单位：市财政局）\n"
    record = extractor(text, doc="a.txt", year=2021)
    assert not entities(record, "Enterprise")


def test_a_firm_inside_an_events_name_is_part_of_the_event(extractor):
    text = "1.组织企业参加中国电子信息博览会。（责任单位：市工信局）\n"
    record = extractor(text, doc="a.txt", year=2021)
    assert "中国电子信息博览会" in entities(record, "Event")
    assert not entities(record, "Enterprise")


def test_an_event_cited_by_its_proper_name_without_a_verb_of_holding(extractor):
    text = "1.依托长沙国际工程机械展览会，推动工程机械产业对外合作。（责任单位：市商务局）\n"
    record = extractor(text, doc="a.txt", year=2021)
    assert "长沙国际工程机械展览会" in entities(record, "Event")
    heads = {f.head for f in record.facts if f.rel == "RESPONSIBLE_FOR" and f.tail == "长沙国际工程机械展览会"}
    assert heads == {"市商务局"}


def test_a_product_noun_glued_to_a_sector_word_names_one_compound_sector(extractor):
    text = "1.培育汽车电子、光通信器件和农机装备，发展新型建材。（责任单位：市工信局）\n"
    record = extractor(text, doc="a.txt", year=2021)
    assert {"汽车电子", "光通信器件", "农机装备", "新型建材"} <= entities(record, "Industry")


def test_two_sectors_side_by_side_are_not_one_compound(extractor):
    text = "1.推动旅游会展和物流大数据发展。（责任单位：市商务局）\n"
    record = extractor(text, doc="a.txt", year=2021)
    assert not entities(record, "Industry") & {"旅游会展", "物流大数据"}


def test_a_slogan_that_counts_its_parts_is_not_a_platform(extractor):
    text = "1.推进“一张网”“两中心三平台”“感知网”建设，用好“湘江数据服务网”。（责任单位：市数据局）\n"
    record = extractor(text, doc="a.txt", year=2021)
    platforms = entities(record, "Platform")
    assert not platforms & {"一张网", "两中心三平台", "感知网"}
    assert "湘江数据服务网" in platforms


def test_a_zone_listed_among_responsible_units_is_its_committee(extractor):
    text = "1.推进软件产业发展。（责任单位：市工信局，湘江新区，各区县）\n"
    record = extractor(text, doc="a.txt", year=2021)
    committees = {e.name: e.aliases for e in record.entities if e.type == "Department" and "湘江新区" in e.name}
    assert committees == {"湘江新区管委会": ["湘江新区"]}
    assert {f.head for f in record.facts if f.rel == "RESPONSIBLE_FOR"} >= {"湘江新区管委会"}


def test_a_company_listed_among_responsible_units_owns_its_share(extractor):
    text = "1.推进光纤宽带网络建设。加快5G产业发展。（责任单位：市工信局，某某电信股份有限公司湘潭分公司）\n"
    record = extractor(text, doc="a.txt", year=2021)
    owners = {(f.head, f.tail) for f in record.facts if f.rel == "RESPONSIBLE_FOR"}
    assert ("某某电信股份有限公司湘潭分公司", "5G") in owners
    assert "某某电信股份有限公司湘潭分公司" in entities(record, "Enterprise")


def test_operators_branches_customs_and_member_units_are_read_as_units(extractor):
    text = (
        "1.推进千兆光网建设，发展5G产业。（责任单位：市工信局、湘潭联通、湘潭移动，"
        "市数字经济领导小组成员单位，各通信运营商，湘潭海关）\n"
    )
    record = extractor(text, doc="a.txt", year=2021)
    heads = {f.head for f in record.facts if f.rel == "RESPONSIBLE_FOR" and f.tail == "5G"}
    assert {"湘潭联通", "湘潭移动"} <= entities(record, "Enterprise")
    assert {"湘潭联通", "湘潭移动", "湘潭海关"} <= heads
    departments = entities(record, "Department")
    assert any(name.endswith("各通信运营商") for name in departments)
    assert any(name.endswith("领导小组成员单位") for name in departments)


def test_a_place_name_read_across_other_words_is_not_a_place(extractor):
    text = "1.创建省级数字乡村示范县，推进智慧农业发展。（责任单位：市农业农村局）\n"
    record = extractor(text, doc="a.txt", year=2021)
    assert "范县" not in entities(record, "Place")


def test_operators_by_their_one_word_brands_and_a_firm_that_names_its_park(extractor):
    text = "1.组织移动、联通、铁塔等运营企业共建基站，推进紫光某某终端总部基地建设。（责任单位：市工信局）\n"
    record = extractor(text, doc="a.txt", year=2021)
    firms = entities(record, "Enterprise")
    assert {"中国移动", "中国联通", "中国铁塔"} <= firms
    assert "紫光集团" in firms
    assert "紫光某某终端总部基地" in entities(record, "Platform")


def test_named_platforms_with_a_firm_a_sector_or_a_latin_term_in_their_names(extractor):
    text = (
        "1.推进华为某某5G边缘计算实验室、国家信息光电子创新中心和新松虚拟现实（VR）研究院建设。（责任单位：市科技局）\n"
    )
    record = extractor(text, doc="a.txt", year=2021)
    assert {"华为某某5G边缘计算实验室", "国家信息光电子创新中心", "新松虚拟现实（VR）研究院"} <= entities(
        record, "Platform"
    )


def test_a_clause_or_two_joined_places_is_not_one_platform_name(extractor):
    text = "1.落实省政府关于印发某某湖智能制造创新发展示范区规划的要求，支持企业在湘江软件产业集聚区发展。（责任单位：市发改委）\n"
    record = extractor(text, doc="a.txt", year=2021)
    platforms = entities(record, "Platform")
    assert not {p for p in platforms if p.startswith("印发") or "在" in p}


def test_a_bureau_in_a_list_with_its_level_written_once_is_a_body_not_a_division(extractor):
    text = (
        "湖南省发展和改革委员会关于推进数字经济的通知\n"
        "1.发展软件产业。（责任单位：省发展改革委、工业和信息化厅、大数据局）\n"
    )
    record = extractor(text, doc="a.txt", year=2021)
    assert not [f for f in record.facts if f.rel == "PART_OF" and "大数据局" in f.head]


def test_a_national_centre_named_by_its_field_and_city_and_an_event_of_another_province(extractor):
    text = "1.依托国家超算长沙中心，组织企业参加深圳电子信息产业对接活动。（责任单位：市工信局）\n"
    record = extractor(text, doc="a.txt", year=2021)
    assert "国家超算长沙中心" in entities(record, "Platform")
    assert "深圳电子信息产业对接活动" in entities(record, "Event")


def test_a_list_item_never_begins_inside_a_word(extractor):
    # The list before it takes up to sixteen characters, so this list's match begins inside 回收.
    text = "1.支持园区、学校、医院等单位依托动力电池储能系统回收设备、光伏组件、风电装备等领域建设平台。（责任单位：市工信局）\n"
    record = extractor(text, doc="a.txt", year=2021)
    industries = entities(record, "Industry")
    assert "收设备" not in industries
    assert {"回收设备", "光伏组件", "风电装备"} <= industries


def test_an_event_word_closing_a_description_is_not_a_named_event(extractor):
    text = (
        "1.办好湘江软件产业博览会，举办全市工业设计创新大赛，积极参加国家级以上制造业领域峰会和各类高端论坛。"
        "（责任单位：市工信局）\n"
    )
    record = extractor(text, doc="a.txt", year=2021)
    events = entities(record, "Event")
    assert {"湘江软件产业博览会", "全市工业设计创新大赛"} <= events
    assert not {e for e in events if "领域" in e or "高端" in e or e.startswith("举办")}


def test_working_groups_and_task_forces_are_bodies_of_the_jurisdiction(extractor):
    text = (
        "湘潭市人民政府关于加快数字经济发展的意见\n"
        "成立湘潭市数字经济发展领导小组，统筹全市工作。\n"
        "1.推进软件产业发展。（责任单位：市工信局、市软件产业工作专班，工作专班）\n"
    )
    record = extractor(text, doc="a.txt", year=2021)
    departments = entities(record, "Department")
    assert "湘潭市数字经济发展领导小组" in departments
    heads = {f.head for f in record.facts if f.rel == "RESPONSIBLE_FOR"}
    assert any(head.endswith("软件产业工作专班") for head in heads)
    assert "工作专班" not in departments


def test_a_government_and_the_zone_committee_in_its_brackets_are_both_responsible(extractor):
    text = (
        "湘潭市人民政府关于加快数字经济发展的意见\n"
        "1.推进软件产业发展。（责任单位：市工信局，岳塘区人民政府〈湘潭某某开发区管委会〉，雨湖区人民政府（湘潭某某园区管委会））\n"
    )
    record = extractor(text, doc="a.txt", year=2021)
    heads = {f.head for f in record.facts if f.rel == "RESPONSIBLE_FOR" and f.tail == "软件"}
    assert {"岳塘区政府", "湘潭某某开发区管委会", "雨湖区政府", "湘潭某某园区管委会"} <= heads


def test_the_city_a_platform_name_brackets_after_it_is_part_of_the_name(extractor):
    text = "1.依托智能制造湖南省实验室（株洲）建设中试基地。（责任单位：市科技局）\n"
    record = extractor(text, doc="a.txt", year=2021)
    assert "智能制造湖南省实验室（株洲）" in entities(record, "Platform")


def test_an_event_named_for_a_list_of_its_themes_keeps_the_list(extractor):
    text = "1.举办电子信息、新材料等产业合作推进会。（责任单位：市商务局）\n"
    record = extractor(text, doc="a.txt", year=2021)
    assert "电子信息、新材料等产业合作推进会" in entities(record, "Event")


def test_a_compound_sector_ends_where_a_verb_or_a_series_word_follows(extractor):
    text = "1.支持企业研发信息安全芯片系列新品，以汽车电子为重点拓展市场。（责任单位：市工信局）\n"
    record = extractor(text, doc="a.txt", year=2021)
    assert {"信息安全芯片", "汽车电子"} <= entities(record, "Industry")


def test_the_field_of_an_internet_plus_action_and_technology_firms_are_sectors(extractor):
    text = "1.推进“互联网＋体育”应用，培育信息技术企业。（责任单位：市体育局）\n"
    record = extractor(text, doc="a.txt", year=2021)
    owned = {f.tail for f in record.facts if f.rel == "RESPONSIBLE_FOR"}
    assert {"体育", "信息技术"} <= owned


def test_a_district_whose_name_another_province_shares_is_read_in_its_own_city(extractor):
    # 和平区 is a district of 天津市 and of 沈阳市: a 沈阳 document names its own.
    text = "沈阳市人民政府办公厅关于加快发展数字经济的若干措施\n1.推动和平区动漫产业园建设。（责任单位：市文旅局）\n"
    record = extractor(text, doc="a.txt", year=2020)
    # named with its city, so that the graph never merges it with 天津市's; written form an alias
    assert {"沈阳市和平区", "和平区"} <= entities(record, "Place")
    assert ("和平区动漫产业园", "沈阳市和平区") in located(record)


def test_two_things_joined_before_a_park_word_are_not_one_park(extractor):
    text = "1.加快建设特色镇及高端装备产业园区，打造重点领域和产业集群。（责任单位：市商务局）\n"
    record = extractor(text, doc="a.txt", year=2020)
    assert not {n for n in entities(record, "Platform") if "及" in n or "和" in n}


def test_a_city_document_reads_short_names_only_of_its_own_counties(extractor):
    # 公安 is also the short name of 公安县 (荆州市): a 武汉 document means the police by it.
    text = (
        "武汉市人民政府关于加快数字经济发展的意见\n"
        "1.推进人工智能在教育、公安、交通等行业应用，支持新洲、蔡甸建设数据中心。（责任单位：市经信局）\n"
    )
    record = extractor(text, doc="a.txt", year=2020)
    places = entities(record, "Place")
    assert "公安县" not in places
    assert "新洲区" in places


def test_a_register_name_heading_a_branch_or_office_is_not_a_body_of_its_own(extractor):
    text = (
        "1.扩大普惠金融服务，支持软件企业融资。（责任单位：县金融办、人民银行某某县支行）\n"
        "2.借鉴国务院扶贫办推介的案例，发展农村电商。（责任单位：县商务局）\n"
    )
    record = extractor(text, doc="a.txt", year=2020)
    bodies = entities(record, "Department")
    assert "人民银行某某县支行" in bodies
    assert not bodies & {"中国人民银行", "国务院"}


def test_places_listed_before_a_kind_of_government_name_their_governments(extractor):
    text = "某省人民政府办公厅关于推进数字经济的通知\n1.建设软件产业园区，发展软件产业。（责任单位：省工信厅，洛阳、许昌等省辖市政府）\n"
    record = extractor(text.replace("某省", "河南省"), doc="a.txt", year=2021)
    heads = {head for head, tail in owned(record) if tail == "软件"}
    assert {"洛阳市政府", "许昌市政府"} <= heads
    assert not {name for name in entities(record, "Department") if "等" in name}


def test_a_remark_in_angle_brackets_after_a_unit_names_no_unit(extractor):
    text = "1.发展软件产业。（责任单位：市经信局，各区人民政府〈含开发区、风景区管委会，下同〉）\n"
    record = extractor(text, doc="a.txt", year=2020)
    heads = {head for head, tail in owned(record) if tail == "软件"}
    assert "风景区管委会" not in heads
    assert "市经信局" in heads
    assert any(head.endswith("各区人民政府") for head in heads)


def test_bodies_cited_as_authors_or_certifiers_are_not_parties(extractor):
    text = (
        "1.对国家工信部门认定的试点示范项目给予奖励，按照财政部、国家发展改革委、工业和信息化部等三部门公布的"
        "《目录》执行，发展软件产业。（责任单位：市经信局）\n"
    )
    record = extractor(text, doc="a.txt", year=2020)
    bodies = entities(record, "Department")
    assert "市经信局" in bodies
    assert not bodies & {"中华人民共和国工业和信息化部", "国家发展和改革委员会", "工信部", "国家发展改革委"}


def test_a_field_department_written_with_its_level_is_that_body_not_the_ministry(extractor):
    text = "第五条 市工业和信息化部门负责全市软件产业的促进工作。\n"
    record = extractor(text, doc="a.txt", year=2020)
    bodies = entities(record, "Department")
    assert "中华人民共和国工业和信息化部" not in bodies
    assert any(name.endswith("工业和信息化部门") or name.endswith("工业和信息化局") for name in bodies)


def test_a_technology_glued_before_a_product_sector_is_part_of_its_name(extractor):
    text = "1.大力发展天线、基站等5G通信设备制造业，鼓励企业开拓市场。（责任单位：市经信局）\n"
    record = extractor(text, doc="a.txt", year=2021)
    industries = entities(record, "Industry")
    assert "5G通信设备制造业" in industries
    assert "通信设备" not in industries


def test_rankings_and_offerings_listed_before_a_firm_word_are_not_firms(extractor):
    text = "1.新引进10家以上全国软件百强、电子信息百强、智能制造解决方案等企业，发展软件产业。（责任单位：市商务局）\n"
    record = extractor(text, doc="a.txt", year=2021)
    assert not {n for n in entities(record, "Enterprise") if n.endswith(("百强", "解决方案"))}


def test_a_region_inside_a_longer_region_or_named_like_a_district_is_the_region(extractor):
    text = "河南省人民政府关于数字经济的意见\n1.建设中原算力枢纽，深化粤港澳合作，发展软件产业。（责任单位：省发展改革委）\n"
    record = extractor(text, doc="a.txt", year=2021)
    places = entities(record, "Place")
    assert not places & {"中原区", "港澳"}


def test_a_sector_word_before_an_installation_or_a_discipline_is_a_modifier(extractor):
    text = "1.每年新增新能源汽车充电桩1万个，开设大数据专业和计算机科学课程。（责任单位：市发改委）\n"
    record = extractor(text, doc="a.txt", year=2021)
    assert not entities(record, "Industry") & {"新能源汽车", "大数据", "计算机"}


def test_a_field_that_is_the_whole_object_of_developing_is_a_sector(extractor):
    text = "1.大力发展数字金融，推动智慧医疗服务下沉。（责任单位：市金融办）\n"
    record = extractor(text, doc="a.txt", year=2021)
    assert ("市金融办", "数字金融") in owned(record)
    assert "智慧医疗" not in entities(record, "Industry")


def test_proper_events_with_a_quoted_label_or_closed_by_a_festival_word(extractor):
    text = (
        "1.办好“启航杯”全国工业软件挑战赛、“6·18”某某交易会，发挥深圳国际文化节等平台作用，发展软件产业。"
        "（责任单位：市科技局）\n"
    ).replace("某某", "泉州")
    record = extractor(text, doc="a.txt", year=2021)
    events = entities(record, "Event")
    assert {"“启航杯”全国工业软件挑战赛", "深圳国际文化节"} <= events


def test_a_city_named_short_at_the_head_of_its_own_regulation_is_its_jurisdiction(extractor):
    text = "深圳经济特区软件产业促进条例\n第五条 市工业和信息化部门负责全市软件产业的促进工作。\n"
    record = extractor(text, doc="a.txt", year=2022)
    assert "深圳市工业和信息化部门" in entities(record, "Department")


def test_a_district_government_whose_district_name_another_city_shares_is_named_with_its_city(extractor):
    beijing = "北京市人民政府办公厅关于数字经济的通知\n1.发展软件产业。（责任单位：朝阳区政府）\n"
    shenyang = "沈阳市人民政府办公厅关于数字经济的通知\n1.发展软件产业。（责任单位：和平区政府）\n"
    assert ("北京市朝阳区政府", "软件") in owned(extractor(beijing, doc="a.txt", year=2020))
    assert ("沈阳市和平区政府", "软件") in owned(extractor(shenyang, doc="b.txt", year=2020))
