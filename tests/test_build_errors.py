"""``build`` and ``extract`` of inputs with nothing to load, or with file names that are not UTF-8: one line each."""

from __future__ import annotations

import os
from pathlib import Path

from typer.testing import CliRunner

from policykg.cli import app

runner = CliRunner()
TEXT = "江西省人民政府办公厅关于加快光伏产业发展的通知\n一、大力发展光伏产业。（责任单位：省发改委）\n"


def _lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.strip()]


def test_build_of_an_empty_folder_into_a_new_store_is_one_line(tmp_path):
    (tmp_path / "empty").mkdir()
    result = runner.invoke(app, ["build", str(tmp_path / "empty"), "--db", str(tmp_path / "g.lbug"), "-q"])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert len(_lines(result.output)) == 1 and "no documents" in result.output


def test_build_of_only_unreadable_files_into_a_new_store_names_each_file(tmp_path):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "a.pdf").write_bytes(b"\x00\x01 not a pdf")
    (folder / "b.docx").write_bytes(b"PK\x03\x04 cut")
    result = runner.invoke(app, ["build", str(folder), "--db", str(tmp_path / "g.lbug"), "-q"])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = _lines(result.output)
    assert (
        len(lines) == 2 and lines[0].startswith(str(folder / "a.pdf")) and lines[1].startswith(str(folder / "b.docx"))
    )


def _badly_named(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    path = folder / os.fsdecode(b"\xb9\xe2\xb7\xfc.txt")  # 光伏 in GBK
    path.write_text(TEXT, encoding="utf-8")
    return folder


def test_extract_names_a_file_whose_name_is_not_utf8(tmp_path):
    folder = _badly_named(tmp_path)
    result = runner.invoke(app, ["extract", str(folder), "-o", str(tmp_path / "out.jsonl"), "-q"])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = _lines(result.output)
    assert (
        lines[0] == f"{folder}/\\xb9\\xe2\\xb7\\xfc.txt: the file name is not valid UTF-8; "
        "rename the file (e.g. `convmv -f gbk -t utf-8 --notest FILE`)"
    )
    assert lines[1:] == ["0 of 1 documents extracted, 1 failed."]


def test_build_names_a_file_whose_name_is_not_utf8(tmp_path):
    folder = _badly_named(tmp_path)
    result = runner.invoke(app, ["build", str(folder), "--db", str(tmp_path / "g.lbug"), "-q"])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert _lines(result.output) == [
        f"{folder}/\\xb9\\xe2\\xb7\\xfc.txt: the file name is not valid UTF-8; "
        "rename the file (e.g. `convmv -f gbk -t utf-8 --notest FILE`)"
    ]
