"""`python -m builder outline`: output shapes, exit codes, bad input."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import ROOT


def outline(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "builder", "outline", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


def test_json_shape(sample_paths):
    result = outline("--json", sample_paths["nov"], sample_paths["dec"])
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == ["issues"]
    issue = data["issues"][0]
    assert list(issue) == ["source", "id", "date", "date_inferred", "title", "sections",
                           "dropped", "warnings"]
    section = issue["sections"][0]
    assert list(section) == ["name", "slug", "articles"]
    article = section["articles"][0]
    assert list(article) == ["title", "subtitle", "slug", "page", "subheadings", "body"]
    assert [i["id"] for i in data["issues"]] == ["2021-11", "2020-12"]
    counts = [sum(len(s["articles"]) for s in i["sections"]) for i in data["issues"]]
    assert counts == [37, 28]
    assert {"kind", "count", "sample", "lines"} <= set(issue["dropped"][0])


def test_subheadings_appear_in_body_as_level_two_headings(sample_paths):
    data = json.loads(outline("--json", sample_paths["dec"]).stdout)
    article = next(a for s in data["issues"][0]["sections"] for a in s["articles"]
                   if a["title"] == "硅片：寡头格局如何破？")
    assert "## “寡头格局”与“客户捆绑”" in article["body"].splitlines()
    assert "\n\n" in article["body"]


def test_readable_tree(sample_paths):
    result = outline(sample_paths["nov"])
    assert result.returncode == 0
    assert "2021-11" in result.stdout and "p.3" in result.stdout
    assert "产业环境 (9)" in result.stdout and "dropped contents" in result.stdout


def test_bad_files_fail_alone(tmp_path, sample_paths):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "image.txt"
    binary.write_bytes(bytes(range(256)) * 20)
    nocolumn = tmp_path / "prose.txt"
    nocolumn.write_text("这是一段没有任何栏目的文字。\n" * 5, encoding="utf-8")
    result = outline("--json", empty, sample_paths["dec"], binary, nocolumn)
    assert result.returncode == 1
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 3
    assert errors[0].startswith(f"error: {empty}: ") and "empty" in errors[0]
    assert str(binary) in errors[1] and str(nocolumn) in errors[2]
    assert "Traceback" not in result.stderr
    assert [i["id"] for i in json.loads(result.stdout)["issues"]] == ["2020-12"]


def test_same_issue_twice_is_a_duplicate_id(tmp_path, sample_paths):
    copy = tmp_path / "copy.txt"
    copy.write_bytes(sample_paths["dec"].read_bytes())
    result = outline(sample_paths["dec"], copy)
    assert result.returncode == 1
    assert "issue id 2020-12 is also the id of" in result.stderr


def test_usage_error_exits_2():
    assert outline().returncode == 2


def test_build_refuses_a_wrong_number_of_workers(tmp_path):
    result = subprocess.run([sys.executable, "-m", "builder", "build", "--out", str(tmp_path),
                             "--workers", "lots"], capture_output=True, text=True, cwd=ROOT,
                            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "argument --workers: expected 'auto' or a number of processes" in result.stderr
