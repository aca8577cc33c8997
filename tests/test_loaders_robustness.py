"""Bad input: every problem is one LoadError naming the file; large files stream."""

from __future__ import annotations

import hashlib
import random
import tracemalloc
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from fixtures_loaders.builders import make_docx, make_pdf
from policykg.errors import LoadError
from policykg.loaders.read.documents import SourceDocument, find_documents, read_document
from policykg.loaders.read.encoding import split_at_lines


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def load_error(path: Path) -> LoadError:
    with pytest.raises(LoadError) as caught:
        read_document(path)
    error = caught.value
    assert error.path == str(path)
    assert str(error).startswith(f"{path}: ")
    assert "\n" not in str(error)
    return error


@pytest.mark.parametrize(
    "content", [b"", b"   \n\t\r\n", "\u3000\u3000\n".encode(), b"\xef\xbb\xbf", "\n".encode("utf-16")]
)
def test_empty_files(tmp_path, content):
    assert "empty file" in load_error(write(tmp_path, "empty.txt", content)).problem


def test_random_binary_bytes(tmp_path):
    data = random.Random(7).randbytes(4096)
    assert load_error(write(tmp_path, "noise.txt", data)).problem == "binary file, not a text document"


@pytest.mark.parametrize(
    ("data", "named"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(64), "PNG image"),
        (b"\x7fELF\x02\x01\x01" + bytes(64), "ELF executable"),
        (b"\x1f\x8b\x08\x00" + bytes(32), "gzip archive"),
    ],
)
def test_known_binary_kinds_are_named(tmp_path, data, named):
    assert load_error(write(tmp_path, "file.txt", data)).problem == f"binary file ({named}), not a text document"


def test_undecodable_bytes(tmp_path):
    problem = load_error(write(tmp_path, "broken.txt", b"plain words \xff\xfe\xff and more\n" * 20)).problem
    assert problem.startswith("cannot be decoded as text (tried UTF-8, GB18030")


def test_undecodable_bytes_after_a_clean_head(tmp_path):
    data = b"an ASCII head line that goes on and on\n" * 3000 + b"\xff\xff\xff\n"
    assert "cannot be decoded as text" in load_error(write(tmp_path, "late.txt", data)).problem


def test_truncated_docx(tmp_path):
    data = make_docx(["某市工作方案", [["a", "b"], ["c", "d"]]])
    problem = load_error(write(tmp_path, "cut.docx", data[: len(data) // 2])).problem
    assert problem == "not a readable .docx (truncated or corrupt zip)"


def test_docx_that_is_not_a_zip_or_not_word(tmp_path):
    assert "not a readable .docx" in load_error(write(tmp_path, "text.docx", "这不是压缩包".encode())).problem
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert "no word/document.xml" in load_error(write(tmp_path, "sheet.docx", buffer.getvalue())).problem
    assert load_error(write(tmp_path, "archive.zip", buffer.getvalue())).problem.startswith("binary file (ZIP archive)")


def test_legacy_word_file(tmp_path):
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    assert "legacy Office file" in load_error(write(tmp_path, "old.doc", data)).problem
    assert "save it as .docx" in load_error(write(tmp_path, "old.docx", data)).problem


def test_truncated_pdf(tmp_path):
    data = make_pdf([["某省工作要点", "一、总体要求"]])
    problem = load_error(write(tmp_path, "cut.pdf", data[: len(data) // 2])).problem
    assert problem.startswith("not a readable PDF (truncated")


@pytest.mark.parametrize("junk", [b"\n" + bytes(4096), b"\r\n<html><body>404</body></html>\n" * 200, b"%PDF-junk"])
def test_pdf_with_junk_after_its_end_is_read(tmp_path, junk):
    data = make_pdf([["某省工作要点", "一、总体要求"]])
    assert data.rstrip().endswith(b"%%EOF")
    document = read_document(write(tmp_path, "padded.pdf", data + junk))
    assert "某省工作要点" in document.text


def test_corrupt_pdf(tmp_path):
    data = make_pdf([["某省工作要点"]])
    garbled = data[:16] + random.Random(3).randbytes(len(data) - 64) + data[-48:]
    assert load_error(write(tmp_path, "garbled.pdf", garbled)).problem.startswith("not a readable PDF")
    assert load_error(write(tmp_path, "header.pdf", b"%PD")).problem.startswith("not a readable PDF")


def test_scanned_pdf_gets_a_clear_message(tmp_path):
    for name, data in [("scan.pdf", make_pdf([], image_pages=2)), ("blank.pdf", make_pdf([[]]))]:
        problem = load_error(write(tmp_path, name, data)).problem
        assert problem == "scanned PDF with no text layer; run OCR first (e.g. ocrmypdf) and load the result"


def test_encrypted_pdf(tmp_path):
    problem = load_error(write(tmp_path, "locked.pdf", make_pdf([["secret"]], user_password="pw"))).problem
    assert problem.startswith("encrypted PDF")


def test_missing_file_and_folder_given_as_a_document(tmp_path):
    assert "no such file" in load_error(tmp_path / "absent.txt").problem
    assert "is a folder" in load_error(tmp_path).problem


def test_folder_with_no_documents(tmp_path):
    folder = tmp_path / "scans"
    folder.mkdir()
    write(folder, "page1.jpg", b"\xff\xd8\xff\xe0")
    write(folder, ".notes.txt", b"hidden")
    with pytest.raises(LoadError) as caught:
        find_documents([folder])
    assert caught.value.path == str(folder)
    assert "folder holds no documents" in caught.value.problem


def test_web_page_without_text(tmp_path):
    page = b"<html><head><script>load()</script></head><body><div id='app'></div></body></html>"
    assert "web page with no article text" in load_error(write(tmp_path, "app.html", page)).problem


def test_ragged_tab_rows_are_kept_as_they_are(tmp_path):
    text = "项目\t地点\t责任单位\t备注\n光伏电站\t甲县\n储能\t乙市\t省能源局\t\t\t多余列\n\t\t\n"
    assert read_document(write(tmp_path, "ragged.txt", text.encode())).text == text


def test_same_document_under_two_names(tmp_path):
    data = "关于推进工作的通知\n各单位：\n请认真落实。\n".encode("gb18030")
    first = read_document(write(tmp_path, "a.txt", data))
    second = read_document(write(tmp_path, "copy of a.txt", data))
    assert first.content_hash == second.content_hash == hashlib.sha256(data).hexdigest()
    assert (first.name, second.name) == ("a.txt", "copy of a.txt")


def test_fifty_megabyte_text_streams_in_modest_memory(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYKG_MAX_DOCUMENT_MB", "64")  # above the default limit, on purpose
    line = "　　推进重点产业链发展，责任单位：省工业和信息化厅、省发展改革委、各设区市人民政府\t2023年\n"
    block = (line * 2000).encode("utf-8")
    path = tmp_path / "huge.txt"
    with path.open("wb") as stream:
        stream.write("某省关于推进重点产业链发展的工作方案\n".encode())
        while stream.tell() < 50 * 1024 * 1024:
            stream.write(block)
    size = path.stat().st_size

    tracemalloc.start()
    try:
        doc = read_document(path)
        chars = 0
        expected_offset = 0
        for offset, chunk in doc.chunks():
            assert offset == expected_offset
            assert chunk.endswith("\n")
            expected_offset += len(chunk)
            chars += len(chunk)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert doc.size == size >= 50 * 1024 * 1024
    assert doc.metadata.title == "某省关于推进重点产业链发展的工作方案"
    assert chars == len("某省关于推进重点产业链发展的工作方案\n") + (
        size - len("某省关于推进重点产业链发展的工作方案\n".encode())
    ) // len(block) * 2000 * len(line)
    assert peak < 60 * 1024 * 1024, f"peak traced memory {peak / 2**20:.1f} MiB"


# --- properties ---------------------------------------------------------------------------

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".txt", ".html", ".docx", ".pdf", ".bin", ""]))
def test_any_bytes_give_a_document_or_a_load_error(tmp_path, data, suffix):
    path = write(tmp_path, f"fuzz{suffix}", data)
    try:
        doc = read_document(path)
    except LoadError:
        return
    assert isinstance(doc, SourceDocument)
    assert "".join(chunk for _, chunk in doc.chunks(50)) == doc.text


@FUZZ
@given(
    prefix=st.sampled_from([b"%PDF-1.4\n", b"PK\x03\x04", b"<html><body>", b"\xef\xbb\xbf", b"\xff\xfe"]),
    rest=st.binary(max_size=2000),
)
def test_bytes_behind_a_known_signature_give_a_document_or_a_load_error(tmp_path, prefix, rest):
    path = write(tmp_path, "signed.bin", prefix + rest)
    try:
        assert isinstance(read_document(path).text, str)
    except LoadError:
        pass


_CATEGORIES = ("L", "N", "P", "Zs", "Sm", "Sc", "So")
_NOT_SNIFFED = "<{\ufeff%\u2028\u2029"  # markup, RTF, PDF signatures and Unicode line separators
_CONTROLS = st.sampled_from("\n\t\r")


def _text(chars: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.text(st.one_of(chars, _CONTROLS), min_size=1, max_size=400).filter(lambda t: t.strip())


@FUZZ
@given(
    text=_text(st.characters(categories=_CATEGORIES, exclude_characters=_NOT_SNIFFED)),
    codec=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
)
def test_unicode_text_round_trips(tmp_path, text, codec):
    assert read_document(write(tmp_path, "round.txt", text.encode(codec))).text == text


@FUZZ
@given(text=_text(st.characters(codec="gb2312", categories=_CATEGORIES, exclude_characters=_NOT_SNIFFED)))
def test_mainland_chinese_text_round_trips_through_gb18030(tmp_path, text):
    data = text.encode("gb18030")
    if not text.isascii():
        # Bytes that are valid UTF-8 too are read as UTF-8; real GB18030 text never is.
        try:
            data.decode("utf-8")
            assume(False)
        except UnicodeDecodeError:
            pass
    assert read_document(write(tmp_path, "round.txt", data)).text == text


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(st.text(st.sampled_from("ab\n\r政"), max_size=30), max_size=12), max_chars=st.integers(1, 40))
def test_split_at_lines_keeps_every_character(pieces, max_chars):
    text = "".join(pieces)
    chunks = list(split_at_lines(pieces, max_chars))
    assert "".join(chunk for _, chunk in chunks) == text
    for offset, chunk in chunks:
        assert 0 < len(chunk) <= max_chars
        assert text[offset : offset + len(chunk)] == chunk
    for _, chunk in chunks[:-1]:
        assert chunk.endswith(("\n", "\r")) or len(chunk) >= max_chars - 1


# --- input limits ---------------------------------------------------------------------------
def test_a_document_over_the_size_limit_is_refused_in_one_line(tmp_path, monkeypatch):
    from policykg.errors import LoadError
    from policykg.loaders.read.documents import read_document

    monkeypatch.setenv("POLICYKG_MAX_DOCUMENT_MB", "0.01")
    path = tmp_path / "huge.txt"
    path.write_text("推进光伏产业发展。" * 2000, encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        read_document(path)
    assert "huge.txt" in str(caught.value) and "POLICYKG_MAX_DOCUMENT_MB" in str(caught.value)


def test_a_docx_part_that_inflates_past_the_limit_is_refused(tmp_path, monkeypatch):
    import zipfile

    from policykg.errors import LoadError
    from policykg.loaders.read.documents import read_document

    monkeypatch.setenv("POLICYKG_MAX_DOCX_PART_MB", "1")
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>" + " " * (3 * 1024 * 1024) + "</w:document>")
    with pytest.raises(LoadError) as caught:
        read_document(path)
    assert "bomb.docx" in str(caught.value) and "POLICYKG_MAX_DOCX_PART_MB" in str(caught.value)


def test_a_page_nested_past_the_limit_is_refused(tmp_path, monkeypatch):
    from policykg.errors import LoadError
    from policykg.loaders.read.documents import read_document

    monkeypatch.setenv("POLICYKG_MAX_PAGE_DEPTH", "1000")
    path = tmp_path / "deep.html"
    path.write_text("<html><body>" + "<div>" * 5000 + "光伏" + "</div>" * 5000 + "</body></html>", encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        read_document(path)
    assert "deep.html" in str(caught.value) and "POLICYKG_MAX_PAGE_DEPTH" in str(caught.value)
    monkeypatch.setenv("POLICYKG_MAX_PAGE_DEPTH", "100000")
    assert "光伏" in read_document(path).text
