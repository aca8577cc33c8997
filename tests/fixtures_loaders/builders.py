"""Small, valid documents of each format, built in memory for the loader tests.

PDFs are written by hand: pypdf cannot lay out text. Latin lines use the
standard Helvetica font; other lines use a Type0 font with Identity-H
encoding and a ToUnicode map, which is how CJK text is stored in real PDFs.
"""

from __future__ import annotations

from io import BytesIO


def _pdf_string(text: str) -> bytes:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"(" + escaped.encode("latin-1") + b")"


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def make_pdf(pages: list[list[str]], *, image_pages: int = 0, user_password: str | None = None) -> bytes:
    """A PDF with one page per list of lines, plus ``image_pages`` pages holding only an image.

    Args:
        pages: the text lines of each page.
        image_pages: pages with an image and no text (a scan).
        user_password: encrypt the result (RC4) with this password.
    """
    cjk_chars = sorted({char for page in pages for line in page if not line.isascii() for char in line})
    cid = {char: index + 1 for index, char in enumerate(cjk_chars)}
    objects: list[bytes] = [b"", b""]  # 1: catalog, 2: page tree, filled in at the end

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    helvetica = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    cmap_lines = [
        b"/CIDInit /ProcSet findresource begin",
        b"12 dict begin",
        b"begincmap",
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        b"/CMapName /Adobe-Identity-UCS def",
        b"/CMapType 2 def",
        b"1 begincodespacerange",
        b"<0000> <FFFF>",
        b"endcodespacerange",
    ]
    for start in range(0, len(cjk_chars), 100):
        batch = cjk_chars[start : start + 100]
        cmap_lines.append(b"%d beginbfchar" % len(batch))
        for char in batch:
            cmap_lines.append(b"<%04X> <%s>" % (cid[char], char.encode("utf-16-be").hex().upper().encode()))
        cmap_lines.append(b"endbfchar")
    cmap_lines += [b"endcmap", b"CMapName currentdict /CMap defineresource pop", b"end", b"end"]
    to_unicode = add(_stream(b"\n".join(cmap_lines)))
    descriptor = add(
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 4 /FontBBox [0 -200 1000 900]"
        b" /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 80 >>"
    )
    cid_font = add(
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /STSong-Light"
        b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>"
        b" /FontDescriptor %d 0 R /DW 1000 /CIDToGIDMap /Identity >>" % descriptor
    )
    cjk_font = add(
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H"
        b" /DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>" % (cid_font, to_unicode)
    )
    image = add(
        _stream(
            b"\x00\xff\xff\x00",
            b"/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 ",
        )
    )
    resources = b"<< /Font << /F1 %d 0 R /F2 %d 0 R >> /XObject << /Im1 %d 0 R >> >>" % (helvetica, cjk_font, image)

    page_ids = []
    contents = []
    for lines in pages:
        ops = [b"BT", b"16 TL", b"72 780 Td"]
        for line in lines:
            if line.isascii():
                ops.append(b"/F1 11 Tf " + _pdf_string(line) + b" Tj T*")
            else:
                codes = "".join(f"{cid[char]:04X}" for char in line).encode()
                ops.append(b"/F2 11 Tf <" + codes + b"> Tj T*")
        ops.append(b"ET")
        contents.append(b"\n".join(ops))
    contents += [b"q 200 0 0 200 72 500 cm /Im1 Do Q"] * image_pages
    for content in contents:
        stream = add(_stream(content))
        page_ids.append(
            add(
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources %s /Contents %d 0 R >>"
                % (resources, stream)
            )
        )
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    kids = b" ".join(b"%d 0 R" % page for page in page_ids)
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(page_ids))

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    data = bytes(out)
    if user_password is not None:
        from pypdf import PdfReader, PdfWriter

        writer = PdfWriter(clone_from=PdfReader(BytesIO(data)))
        writer.encrypt(user_password, algorithm="RC4-128")
        buffer = BytesIO()
        writer.write(buffer)
        data = buffer.getvalue()
    return data


def make_docx(
    blocks: list, *, title: str | None = None, merges: list[tuple[tuple[int, int], tuple[int, int]]] = ()
) -> bytes:
    """A .docx holding paragraphs (strings) and tables (lists of rows), in order.

    Args:
        blocks: each a paragraph's text or a table as a list of rows of cell texts.
        title: the core-properties title.
        merges: cell ranges ``((row, col), (row, col))`` to merge in the first table.
    """
    import docx

    document = docx.Document()
    first_table = True
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        table = document.add_table(rows=len(block), cols=max(len(row) for row in block))
        for r, row in enumerate(block):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
        if first_table:
            for (r1, c1), (r2, c2) in merges:
                merged = table.cell(r1, c1).merge(table.cell(r2, c2))
                merged.text = table.cell(r1, c1).paragraphs[0].text
            first_table = False
    if title:
        document.core_properties.title = title
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


GOV_TITLE = "某省人民政府办公厅关于加快推进光伏储能产业集群发展的实施意见"

ARTICLE_HTML = """
<p>各市、县（区）人民政府，省政府各部门：</p>
<p>　　为加快培育光伏储能产业集群，经省政府同意，提出如下意见。</p>
<p>　　一、主要目标<br>到2025年，全省光伏储能产业营业收入达到3000亿元。</p>
<table border="1">
  <tr><th>项目名称</th><th>建设地点</th><th>责任单位</th></tr>
  <tr><td>高效电池片项目</td><td>甲市高新区</td><td rowspan="2">省发展改革委<br>省能源局</td></tr>
  <tr><td>储能电站示范项目</td><td>乙县工业园区</td></tr>
  <tr><td colspan="2">合计两个项目</td><td>省工业和信息化厅</td></tr>
</table>
<p>　　二、保障措施&nbsp;（省财政厅牵头，省科技厅配合）</p>
<p style="text-align:right">某省人民政府办公厅</p>
<p style="text-align:right">2020年3月5日</p>
"""


def gov_page(
    article: str = ARTICLE_HTML,
    *,
    markers: bool = True,
    container: str | None = "zoom",
    meta_table: bool = True,
    charset: str = "utf-8",
) -> str:
    """A page laid out like a provincial government site: navigation, breadcrumb, metadata
    table, share/QR/print blocks and a footer around the article."""
    table = (
        f"""
    <table class="xxgk-info">
      <tr><td>索引号：</td><td>000014349/2020-12345</td><td>主题分类：</td><td>工业、交通</td></tr>
      <tr><td>发文机关：</td><td>省政府办公厅</td><td>成文日期：</td><td>2020-03-05</td></tr>
      <tr><td>标　　题：</td><td colspan="3">{GOV_TITLE}</td></tr>
      <tr><td>文号：</td><td>某府厅发〔2020〕12号</td><td>发布日期：</td><td>2020-03-09</td></tr>
    </table>"""
        if meta_table
        else ""
    )
    body = f"<div id='{container}' class='article-body'>{article}</div>" if container else article
    if markers:
        body = f'<meta name="ContentStart">{body}<meta name="ContentEnd">'
    return f"""<!DOCTYPE html>
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>某省人民政府 政策文件 {GOV_TITLE}</title>
<meta name="ArticleTitle" content="{GOV_TITLE}">
<meta name="PubDate" content="2020-03-09 10:30">
<meta name="ContentSource" content="省政府办公厅">
<style>.nav {{ color: red; }}</style>
<script>var pageTitle = "不应出现的脚本文字";</script>
</head>
<body>
<div class="top-bar"><a href="/m">移动版</a> | <a href="/en">English</a> | <a href="/wza">无障碍浏览</a></div>
<ul class="main-nav"><li><a href="/">首页</a></li><li><a href="/zw">政务公开</a></li><li><a href="/hd">政民互动</a></li></ul>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zw">政务公开</a> &gt; 政策文件</div>
{table}
<div class="article-head"><h1>{GOV_TITLE}</h1>
<div class="info">发布日期：2020-03-09　来源：省政府办公厅　字号：[ 大 中 小 ]</div></div>
<div class="bdsharebuttonbox">分享到：<a href="#">微信</a><a href="#">微博</a></div>
{body}
<div class="qrcode">扫一扫在手机打开当前页</div>
<div class="print-close">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</div>
<div class="xgwz">相关文章：<a href="/a">关于另一项工作的通知</a> <a href="/b">关于其他事项的意见</a></div>
<div class="footer">版权所有：某省人民政府办公厅　主办：某省人民政府办公厅　某ICP备05000000号　网站标识码3600000000</div>
</body></html>"""


def make_numbered_docx(items: list[tuple[int, str]]) -> bytes:
    """A .docx whose paragraphs carry Word's automatic numbering: 一、 / （一） / 1.

    Args:
        items: ``(level, text)`` per paragraph; level -1 is an unnumbered paragraph.
    """
    import docx
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    numbering = document.part.numbering_part.element
    # Schema order: every w:abstractNum before the first w:num.
    first_num = next(
        iter(numbering.iterchildren("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num")), None
    )
    position = numbering.index(first_num) if first_num is not None else len(numbering)
    numbering.insert(
        position,
        parse_xml(
            f'<w:abstractNum {w} w:abstractNumId="90">'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>'
            '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>'
            '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>'
            "</w:abstractNum>"
        ),
    )
    numbering.append(parse_xml(f'<w:num {w} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for level, text in items:
        paragraph = document.add_paragraph(text)
        if level >= 0:
            paragraph._p.get_or_add_pPr().append(
                parse_xml(f'<w:numPr {w}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>')
            )
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
