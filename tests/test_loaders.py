"""Reading documents: each format, encodings, metadata, chunks and folder expansion."""

from __future__ import annotations

import doctest
import hashlib
import io
import re
from pathlib import Path

import pytest

from fixtures_loaders.builders import GOV_TITLE, gov_page, make_docx, make_numbered_docx, make_pdf
from policykg.errors import LoadError
from policykg.loaders.read import documents as read
from policykg.loaders.read import docx_file, encoding, html_page, metadata, pdf_file
from policykg.loaders.read.documents import SUPPORTED_SUFFIXES, SourceDocument, find_documents, read_document
from policykg.loaders.read.metadata import DocumentMetadata, extract_metadata

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "data" / "corpus").glob("*.txt")) + sorted(
    (ROOT / "tests" / "data" / "dev" / "docs").glob("*.txt")
)

NOTICE = (
    "某省工业和信息化厅关于印发推进新能源汽车产业发展行动计划的通知\n"
    "各设区市工业和信息化局：\n"
    "　　现将《推进新能源汽车产业发展行动计划》印发给你们，请认真贯彻执行。\n"
    "某省工业和信息化厅\n"
    "2021年6月18日\n"
    "推进新能源汽车产业发展行动计划\n"
    "一、发展目标\n"
    "到2023年，全省新能源汽车产量达到20万辆。（责任单位：省工业和信息化厅、省发展改革委）\n"
    "项目名称\t建设地点\t责任单位\n"
    "动力电池项目\t甲市经开区\t甲市人民政府\n"
)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


# --- plain text and encodings -------------------------------------------------------------


@pytest.mark.parametrize(
    ("codec", "expected_encoding"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("utf-16", "utf-16"),
        ("gb18030", "gb18030"),
        ("gbk", "gb18030"),
        ("gb2312", "gb18030"),
    ],
)
def test_text_is_decoded_verbatim_in_every_encoding(tmp_path, codec, expected_encoding):
    path = write(tmp_path, "notice.txt", NOTICE.encode(codec))
    doc = read_document(path)
    assert isinstance(doc, SourceDocument)
    assert doc.format == "text"
    assert doc.encoding == expected_encoding
    assert doc.text == NOTICE  # byte-order mark dropped, nothing else touched
    assert doc.size == path.stat().st_size
    assert doc.content_hash == hashlib.sha256(path.read_bytes()).hexdigest()
    assert doc.metadata.title == "某省工业和信息化厅关于印发推进新能源汽车产业发展行动计划的通知"
    assert doc.metadata.issuer == "某省工业和信息化厅"
    assert doc.metadata.date == "2021-06-18"


def test_gbk_only_and_gb18030_only_characters_survive(tmp_path):
    # 镕 is in GBK but not GB2312; 𠀀 (U+20000) needs GB18030's four-byte form.
    text = "朱镕基同志批示：加快发展。\n𠀀字测试行\n"
    assert read_document(write(tmp_path, "gbk.txt", text.encode("gbk", errors="ignore"))).text == text.replace("𠀀", "")
    assert read_document(write(tmp_path, "gb18030.txt", text.encode("gb18030"))).text == text


def test_line_endings_and_spaces_are_kept(tmp_path):
    text = "第一行\r\n　　第二行\t有TAB  两个空格\r\n\r\n第四行\r"
    doc = read_document(write(tmp_path, "crlf.txt", text.encode("utf-8")))
    assert doc.text == text


def test_utf16_without_byte_order_mark_is_recognised(tmp_path):
    text = "Policy notice 2020\nResponsible: 省工信厅\n"
    doc = read_document(write(tmp_path, "le.txt", text.encode("utf-16-le")))
    assert doc.encoding == "utf-16-le"
    assert doc.text == text


def test_big5_text_is_recognised(tmp_path):
    text = "臺灣的產業發展政策與推動方案，經濟部負責執行。各縣市政府應配合辦理相關業務。\n" * 20
    doc = read_document(write(tmp_path, "big5.txt", text.encode("big5")))
    assert doc.text == text


def test_encoding_is_told_by_the_bytes_not_the_suffix(tmp_path):
    doc = read_document(write(tmp_path, "notes.dat", NOTICE.encode("gb18030")))
    assert doc.format == "text"
    assert doc.text == NOTICE


def test_large_gb18030_file_streams_and_reads_its_tail(tmp_path):
    body = "　　各地要加快推进重点项目建设，确保按期完成年度任务。\n" * 6000
    text = "某省发展改革委关于做好重点项目调度工作的通知\n" + body + "某省发展改革委\n2019年11月2日\n"
    path = write(tmp_path, "big.txt", text.encode("gb18030"))
    assert path.stat().st_size > encoding.HEAD_BYTES
    doc = read_document(path)
    assert doc.encoding == "gb18030"
    assert doc._text is None  # not decoded until asked
    assert doc.metadata.issuer == "某省发展改革委"
    assert doc.metadata.date == "2019-11-02"
    assert "".join(chunk for _, chunk in doc.chunks(10_000)) == text
    assert doc.text == text


def test_utf8_head_with_gbk_later_falls_back_to_gb18030(tmp_path):
    ascii_head = ("Policy register export, plain ASCII header line.\n" * 2000).encode()
    tail = "责任单位：省商务厅、省财政厅\n".encode("gbk")
    path = write(tmp_path, "mixed.txt", ascii_head + tail)
    assert len(ascii_head) > encoding.HEAD_BYTES
    doc = read_document(path)
    assert doc.encoding == "gb18030"
    assert doc.text.endswith("责任单位：省商务厅、省财政厅\n")


def test_tab_separated_tables_stay_as_they_are(tmp_path):
    doc = read_document(write(tmp_path, "table.tsv", NOTICE.encode()))
    assert "动力电池项目\t甲市经开区\t甲市人民政府\n" in doc.text


# --- web pages ----------------------------------------------------------------------------

CHROME = [
    "移动版",
    "当前位置",
    "首页",
    "分享到",
    "扫一扫",
    "打印本页",
    "关闭窗口",
    "版权所有",
    "ICP备",
    "相关文章",
    "索引号",
    "主题分类",
    "不应出现的脚本文字",
    "字号",
    "无障碍",
]

EXPECTED_ARTICLE = [
    GOV_TITLE,
    "各市、县（区）人民政府，省政府各部门：",
    "　　为加快培育光伏储能产业集群，经省政府同意，提出如下意见。",
    "　　一、主要目标",
    "到2025年，全省光伏储能产业营业收入达到3000亿元。",
    "项目名称\t建设地点\t责任单位",
    "高效电池片项目\t甲市高新区\t省发展改革委 省能源局",
    "储能电站示范项目\t乙县工业园区\t省发展改革委 省能源局",
    "合计两个项目\t省工业和信息化厅",
    "　　二、保障措施\xa0（省财政厅牵头，省科技厅配合）",
    "某省人民政府办公厅",
    "2020年3月5日",
]


@pytest.mark.parametrize(
    "layout",
    [
        {"markers": True},
        {"markers": False},
        {"markers": False, "container": None},
    ],
    ids=["content-markers", "content-container", "chrome-stripped"],
)
def test_government_page_keeps_the_article_only(tmp_path, layout):
    doc = read_document(write(tmp_path, "page.html", gov_page(**layout).encode()))
    assert doc.format == "html"
    assert doc.text.split("\n") == EXPECTED_ARTICLE
    for marker in CHROME:
        assert marker not in doc.text, marker
    assert doc.metadata == DocumentMetadata(
        title=GOV_TITLE, issuer="省政府办公厅", doc_number="某府厅发〔2020〕12号", date="2020-03-05", year=2020
    )


def test_page_without_metadata_table_reads_signature_and_title(tmp_path):
    doc = read_document(write(tmp_path, "page.htm", gov_page(meta_table=False, markers=False).encode()))
    assert doc.metadata.title == GOV_TITLE
    assert doc.metadata.issuer == "某省人民政府办公厅"
    assert doc.metadata.date == "2020-03-05"
    assert doc.metadata.doc_number is None


def test_metadata_table_inside_the_content_container(tmp_path):
    page = """<html><head><title>某某条例_国务院文件_中国政府网</title></head><body>
    <div class="header"><a href=/>首页</a> | <a href=/en>EN</a> | <a href=/login>登录</a></div>
    <div class="BreadcrumbNav">首页 &gt; 政策 &gt; 国务院文件</div>
    <div class="pages_content">
      <table><tr><td>索 引 号：</td><td>000014349/2021-00066</td><td>主题分类：</td><td>综合政务</td></tr>
      <tr><td>发文机关：</td><td>国务院</td><td>成文日期：</td><td>2021年08月30日</td></tr>
      <tr><td>标　题：</td><td colspan=3>某某条例</td></tr>
      <tr><td>发文字号：</td><td>国令第845号</td><td>发布日期：</td><td>2021年09月04日</td></tr></table>
      <div id="UCAP-CONTENT"><p>　　《某某条例》已经国务院常务会议通过，现予公布，自2022年1月1日起施行。</p>
      <p>第一条　为了规范某某活动，制定本条例。</p></div>
      <div class="editor">【我要纠错】 责任编辑：张三</div>
    </div>
    <div class="footer">主办单位：国务院办公厅 版权所有：中国政府网 京ICP备05070218号</div></body></html>"""
    doc = read_document(write(tmp_path, "gov.htm", page.encode()))
    assert doc.text.split("\n") == [
        "　　《某某条例》已经国务院常务会议通过，现予公布，自2022年1月1日起施行。",
        "第一条　为了规范某某活动，制定本条例。",
    ]
    assert doc.metadata == DocumentMetadata(
        title="某某条例", issuer="国务院", doc_number="国令第845号", date="2021-08-30", year=2021
    )


def test_gbk_page_uses_its_declared_charset(tmp_path):
    page = gov_page(charset="gb2312").encode("gb18030")
    doc = read_document(write(tmp_path, "gbk.shtml", page))
    assert doc.encoding == "gb18030"
    assert doc.text.split("\n") == EXPECTED_ARTICLE


def test_html_content_is_sniffed_whatever_the_suffix(tmp_path):
    doc = read_document(write(tmp_path, "saved.txt", gov_page().encode()))
    assert doc.format == "html"
    assert "版权所有" not in doc.text


def test_layout_tables_are_read_as_paragraphs_not_rows():
    page = (
        "<html><body><table><tr><td><a href=/>首页</a></td></tr><tr><td>"
        "<table><tr><td><p>第一段正文内容。</p><p>第二段正文内容。</p></td></tr></table>"
        "</td></tr></table></body></html>"
    )
    assert html_page.html_to_text(page).text.split("\n") == ["第一段正文内容。", "第二段正文内容。"]


def test_unclosed_tags_and_entities():
    page = "<html><head><title>t</title><body><p>一&amp;二<p>三&lt;四<li>五<li>六</body>"
    assert html_page.html_to_text(page).text.split("\n") == ["一&二", "三<四", "五", "六"]


def test_page_title_without_site_prefix_becomes_first_line():
    page = "<html><head><title>关于开展质量提升行动的通知_某市人民政府</title></head><body><div class='content'><p>各区县：</p><p>现就有关事项通知如下。请各单位认真组织实施，按时报送材料。</p></div></body></html>"
    result = html_page.html_to_text(page)
    assert result.text.split("\n")[0] == "关于开展质量提升行动的通知"


# --- .docx and .pdf -----------------------------------------------------------------------


def test_docx_paragraphs_and_tables_in_body_order(tmp_path):
    data = make_docx(
        [
            "某市人民政府关于推进数字经济发展的实施方案",
            "各县（区）人民政府：",
            [
                ["任务", "牵头单位", "配合单位"],
                ["数据中心建设", "市发展改革委", "市工信局"],
                ["", "市大数据局", "市财政局"],
            ],
            "某市人民政府",
            "2022年4月1日",
        ],
        title="Microsoft Word - 实施方案.doc",
        merges=[((1, 0), (2, 0))],
    )
    doc = read_document(write(tmp_path, "plan.docx", data))
    assert doc.format == "docx"
    assert doc.encoding is None
    assert doc.text.split("\n") == [
        "某市人民政府关于推进数字经济发展的实施方案",
        "各县（区）人民政府：",
        "任务\t牵头单位\t配合单位",
        "数据中心建设\t市发展改革委\t市工信局",
        "数据中心建设\t市大数据局\t市财政局",
        "某市人民政府",
        "2022年4月1日",
    ]
    assert doc.metadata.title == "某市人民政府关于推进数字经济发展的实施方案"
    assert doc.metadata.issuer == "某市人民政府"
    assert doc.metadata.date == "2022-04-01"


def test_docx_cell_merged_across_columns_is_written_once(tmp_path):
    data = make_docx([[["合并的标题行", "", "x"], ["a", "b", "c"]]], merges=[((0, 0), (0, 1))])
    doc = read_document(write(tmp_path, "merged.docx", data))
    assert doc.text.split("\n") == ["合并的标题行\tx", "a\tb\tc"]


def test_docx_core_title_is_a_hint_when_the_text_has_no_heading(tmp_path):
    data = make_docx(["一、工作目标", "推动产业集聚发展。"], title="关于推动产业集聚发展的若干措施")
    assert read_document(write(tmp_path, "hint.docx", data)).metadata.title == "关于推动产业集聚发展的若干措施"


def test_docx_automatic_numbering_is_shown_as_word_shows_it(tmp_path):
    data = make_numbered_docx(
        [
            (-1, "某市工作方案"),
            (0, "总体要求"),
            (1, "指导思想"),
            (1, "工作目标"),
            (2, "完成甲"),
            (2, "完成乙"),
            (0, "主要任务"),
            (1, "发展产业"),
        ]
    )
    doc = read_document(write(tmp_path, "numbered.docx", data))
    assert doc.text.split("\n") == [
        "某市工作方案",
        "一、总体要求",
        "（一）指导思想",
        "（二）工作目标",
        "1.完成甲",
        "2.完成乙",
        "二、主要任务",
        "（一）发展产业",
    ]


def test_pdf_text_layer_with_latin_and_chinese_lines(tmp_path):
    data = make_pdf(
        [
            ["Annex 1 (draft)", "某省推进氢能产业发展实施方案", "2023年5月6日"],
            ["二、责任分工", "省能源局牵头，省科技厅配合。"],
        ]
    )
    doc = read_document(write(tmp_path, "plan.pdf", data))
    assert doc.format == "pdf"
    assert doc.text.split("\n") == [
        "Annex 1 (draft)",
        "某省推进氢能产业发展实施方案",
        "2023年5月6日",
        "二、责任分工",
        "省能源局牵头，省科技厅配合。",
    ]
    assert doc.metadata.title == "某省推进氢能产业发展实施方案"
    assert doc.metadata.year == 2023


def test_pdf_is_sniffed_whatever_the_suffix(tmp_path):
    doc = read_document(write(tmp_path, "download.bin", make_pdf([["某市工作要点"]])))
    assert doc.format == "pdf"


# --- metadata -----------------------------------------------------------------------------

SAMPLE_METADATA = {
    "000_856dea704c3a152c.txt": ("2014年战略性新兴产业推进工作指导意见", None, None, None, 2014),
    "003_909b1875fc27441b.txt": (
        "江西省工信委2011年战略性新兴产业推介活动工作方案",
        "江西省工信委",
        "赣工信科技字[2011]144号",
        "2011-04-10",
        2011,
    ),
    "004_0637b02b723da48f.txt": (
        "江西省工信委关于着力推动赣南等原中央苏区工业和信息化加快发展的实施方案",
        "江西省工信委",
        None,
        "2015-07-01",
        2015,
    ),
    "dev1_shichang-jianguan-wending-zengzhang-2020.txt": (
        "江西省市场监管局印发《关于有效应对疫情促进经济稳定增长若干举措》的通知",
        "江西省市场监管局",
        None,
        "2020-02-12",
        2020,
    ),
    "dev2_jinrong-zhichi-fangkong-yiqing-2020.txt": (
        "江西省人民政府办公厅印发关于金融支持防控疫情稳定经济增长若干措施的通知",
        "江西省人民政府办公厅",
        None,
        "2020-02-09",
        2020,
    ),
    "dev3_rongzi-danbao-xiaowei-sannong-2020.txt": (
        "江西省人民政府办公厅印发关于完善政府性融资担保体系切实支持小微企业和“三农”发展若干措施的通知",
        "江西省人民政府办公厅",
        None,
        "2020-03-16",
        2020,
    ),
}


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name[:4])
def test_metadata_of_sample_and_development_documents(path):
    title, issuer, doc_number, date, year = SAMPLE_METADATA[path.name]
    doc = read_document(path)
    assert doc.text == path.read_text(encoding="utf-8")
    assert doc.metadata == DocumentMetadata(title=title, issuer=issuer, doc_number=doc_number, date=date, year=year)


def test_sample_titles_agree_with_gold_records():
    import json

    for gold in (ROOT / "tests" / "data" / "gold").glob("*.json"):
        record = json.loads(gold.read_text(encoding="utf-8"))
        meta = read_document(ROOT / "data" / "corpus" / record["doc"]).metadata
        assert (meta.title, meta.year) == (record["title"], record["year"])


def test_own_doc_number_not_one_cited_in_the_body():
    text = "为贯彻落实《国务院关于促进产业发展的意见》（国发〔2019〕5号），现提出如下意见。\n一、总体要求\n"
    assert extract_metadata(text).doc_number is None
    text = "某府发〔2021〕3号\n\n某省人民政府关于加快发展的意见\n各市人民政府：\n根据《某条例》（国发〔2019〕5号）……\n"
    meta = extract_metadata(text)
    assert (meta.doc_number, meta.year, meta.title) == ("某府发〔2021〕3号", 2021, "某省人民政府关于加快发展的意见")


def test_title_broken_across_lines_and_red_header_skipped():
    text = "某省人民政府文件\n某府字〔2018〕40号\n某省人民政府关于印发\n推进制造业高质量发展行动计划（2018—2020年）的通知\n各市人民政府：\n"
    meta = extract_metadata(text)
    assert meta.title == "某省人民政府关于印发推进制造业高质量发展行动计划（2018—2020年）的通知"
    assert meta.issuer == "某省人民政府"
    assert meta.doc_number == "某府字〔2018〕40号"


def test_issuer_line_above_a_title_that_goes_on_with_guanyu():
    text = "某市住房和城乡建设局\n关于做好物业管理工作的通知\n各物业企业：\n请按要求落实。\n某市住房和城乡建设局\n2022年3月\n"
    meta = extract_metadata(text)
    assert meta == DocumentMetadata(
        title="某市住房和城乡建设局关于做好物业管理工作的通知", issuer="某市住房和城乡建设局", date="2022-03", year=2022
    )


def test_signature_in_the_tail_with_chinese_numeral_date():
    head = "关于做好春季农业生产工作的通知\n各县（市、区）农业农村局：\n现将有关事项通知如下。\n"
    tail = "三、加强督导。各地要及时报送进展。\n某市农业农村局\n二〇一九年三月二十一日\n"
    meta = extract_metadata(head, tail)
    assert (meta.issuer, meta.date, meta.year) == ("某市农业农村局", "2019-03-21", 2019)


def test_signature_and_date_on_one_line():
    meta = extract_metadata(
        "关于做好年度考核工作的通知\n各单位：\n请按时报送。\n某县人力资源和社会保障局　　2018年12月3日\n"
    )
    assert (meta.issuer, meta.date) == ("某县人力资源和社会保障局", "2018-12-03")


def test_labelled_lines_and_source_line():
    text = "标题：关于开展安全生产检查的通知\n发文机关：某市应急管理局\n成文日期：2021年08月09日\n正文如下。\n"
    meta = extract_metadata(text)
    assert (meta.title, meta.issuer, meta.date) == ("关于开展安全生产检查的通知", "某市应急管理局", "2021-08-09")
    meta = extract_metadata("关于开展评选工作的通知\n各单位：\n", "……\n来源： 某县教育局2017年05月02日")
    assert (meta.issuer, meta.date) == ("某县教育局", "2017-05-02")


def test_year_without_a_date_comes_from_the_title_or_the_years_named():
    assert extract_metadata("2016年全省工业转型升级工作要点\n各地：\n").year == 2016
    text = "关于推进物流业发展的意见\n各地：\n力争到2020年物流业增加值增长10%，2020年底前完成，2018年启动。\n"
    assert extract_metadata(text).year == 2020


def test_not_a_policy_document_has_empty_metadata(tmp_path):
    doc = read_document(write(tmp_path, "readme.txt", b"Shopping list: apples, pears.\nRemember the milk.\n"))
    assert doc.metadata == DocumentMetadata()


def test_helpers_doctests():
    for module in (encoding, metadata, html_page, docx_file, pdf_file, read):
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert result.failed == 0, module.__name__


# --- chunks -------------------------------------------------------------------------------


@pytest.mark.parametrize("max_chars", [1, 7, 64, 1000, 1_000_000])
def test_chunks_concatenate_to_the_text_with_right_offsets(max_chars):
    doc = read_document(SAMPLES[1])
    text = doc.text
    pieces = list(doc.chunks(max_chars))
    assert "".join(chunk for _, chunk in pieces) == text
    for offset, chunk in pieces:
        assert text[offset : offset + len(chunk)] == chunk
        assert 0 < len(chunk) <= max_chars
    for _, chunk in pieces[:-1]:
        # a chunk ends at a line end unless a single line is longer than max_chars
        assert chunk.endswith("\n") or len(chunk) == max_chars


def test_streamed_chunks_across_small_read_blocks(tmp_path, monkeypatch):
    text = "".join(f"第{i}行：推进产业链协同发展，责任单位：省工信厅\r\n" for i in range(3000))
    path = write(tmp_path, "blocks.txt", text.encode("gb18030"))
    monkeypatch.setattr(encoding, "BLOCK_BYTES", 7)  # cut multi-byte characters between reads
    doc = read_document(path)
    assert doc._text is None
    pieces = list(doc.chunks(100))
    assert "".join(chunk for _, chunk in pieces) == text
    assert all(chunk.endswith("\r\n") and len(chunk) <= 100 for _, chunk in pieces)
    assert [offset for offset, _ in pieces] == [sum(len(c) for _, c in pieces[:i]) for i in range(len(pieces))]


def test_chunks_refuses_a_size_below_one():
    with pytest.raises(ValueError, match="at least 1"):
        read_document(SAMPLES[0]).chunks(0)


# --- finding documents --------------------------------------------------------------------


def test_find_documents_expands_folders_sorted_and_skips_hidden(tmp_path):
    for name in [
        "b/2.docx",
        "b/1.txt",
        "a.html",
        "c/notes.csv",
        ".hidden/x.txt",
        "b/.draft.txt",
        "b/~$2.docx",
        "d/e/f.PDF",
        "z.md",
    ]:
        write(tmp_path / "docs", name, b"x")
    explicit = write(tmp_path, "extra.dat", b"x")
    found = find_documents([tmp_path / "docs", explicit, tmp_path / "docs" / "a.html"])
    relative = [p.relative_to(tmp_path).as_posix() for p in found]
    assert relative == ["docs/a.html", "docs/b/1.txt", "docs/b/2.docx", "docs/d/e/f.PDF", "docs/z.md", "extra.dat"]


def test_find_documents_errors_name_the_path(tmp_path):
    with pytest.raises(LoadError, match="no such file or folder") as missing:
        find_documents([tmp_path / "nowhere"])
    assert missing.value.path == str(tmp_path / "nowhere")
    (tmp_path / "empty").mkdir()
    write(tmp_path / "pictures", "photo.jpg", b"\xff\xd8\xff")
    for folder in ("empty", "pictures"):
        with pytest.raises(LoadError, match="folder holds no documents"):
            find_documents([tmp_path / folder])


def test_supported_suffixes():
    assert {".txt", ".html", ".htm", ".docx", ".pdf"} <= SUPPORTED_SUFFIXES
    assert all(suffix.startswith(".") and suffix == suffix.lower() for suffix in SUPPORTED_SUFFIXES)


def _without_numbering_part(data: bytes) -> bytes:
    """The same .docx with its numbering part removed, as LibreOffice and Word write a document without lists."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename == "word/numbering.xml":
                continue
            content = source.read(item.filename)
            if item.filename in ("word/_rels/document.xml.rels", "[Content_Types].xml"):
                text = content.decode("utf-8")
                text = re.sub(r"<Relationship [^>]*numbering[^>]*/>", "", text)
                text = re.sub(r"<Override [^>]*numbering[^>]*/>", "", text)
                content = text.encode("utf-8")
            target.writestr(item, content)
    return out.getvalue()


def test_docx_without_a_numbering_part_is_read(tmp_path):
    data = _without_numbering_part(make_docx(["关于推进光伏产业发展的通知", "责任单位：省发改委"]))
    assert "numbering" not in str(zipfile_names(data))
    doc = read_document(write(tmp_path, "plain.docx", data))
    assert "关于推进光伏产业发展的通知" in doc.text and "责任单位：省发改委" in doc.text


def zipfile_names(data: bytes) -> list[str]:
    import zipfile

    return zipfile.ZipFile(io.BytesIO(data)).namelist()
