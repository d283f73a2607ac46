"""Sidecars: values, converters, errors that name the file and line."""

from __future__ import annotations

import pytest

from builder.editorial.sidecar import load_sidecar
from builder.errors import SidecarError
from builder.model import IssueDate
from builder.parse.issue import parse_file


def write(tmp_path, text):
    (tmp_path / "issue.txt").write_text("x", encoding="utf-8")
    (tmp_path / "issue.yml").write_text(text, encoding="utf-8")
    return tmp_path / "issue.txt"


def test_no_sidecar(tmp_path):
    assert load_sidecar(tmp_path / "issue.txt").date is None


def test_values(tmp_path):
    sidecar = load_sidecar(write(tmp_path, "date: 2021-11-30\ntitle: 第11期\nid: 2021-11b\n"))
    assert (sidecar.date, sidecar.title, sidecar.id) == (IssueDate(2021, 11, 30), "第11期",
                                                         "2021-11b")
    assert load_sidecar(write(tmp_path, "date: '2021-11'\n")).date == IssueDate(2021, 11)


@pytest.mark.parametrize(("text", "line", "message"), [
    ("title: x\ncolour: red\n", 2, "unknown key 'colour'"),
    ("title: x\ndate: soon\n", 2, "date must be YYYY-MM"),
    ("id: ../../etc\n", 1, "id must be ASCII"),
    ("title: [unclosed\n", 2, "invalid YAML"),
    ("- a list\n", 1, "expected a mapping"),
])
def test_errors_name_file_and_line(tmp_path, text, line, message):
    with pytest.raises(SidecarError) as err:
        load_sidecar(write(tmp_path, text))
    assert str(err.value).startswith(f"{tmp_path / 'issue.yml'}:{line}: ")
    assert message in str(err.value)


def test_sidecar_sets_date_title_and_id(tmp_path, sample_paths):
    source = tmp_path / "dec.txt"
    source.write_bytes(sample_paths["dec"].read_bytes())
    (tmp_path / "dec.yml").write_text("date: 2020-12-31\ntitle: 十二月刊\nid: 2020-12x\n")
    issue = parse_file(source)
    assert (issue.id, str(issue.date), issue.date_inferred, issue.title) == \
        ("2020-12x", "2020-12-31", False, "十二月刊")
