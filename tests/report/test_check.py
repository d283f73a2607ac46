"""`python -m builder check`: the editor's report and its exit status."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace

from builder.errors import ParseError
from builder.model import Block
from builder.report.check import LONG_CHARS, SHORT_CHARS, check_report, issue_warnings
from tests.conftest import ROOT
from tests.expected_samples import DEC_2020_FILE


def check(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "builder", "check", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


def test_report_on_the_sample_archive():
    result = check()
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "2021-11" in out and "2020-12" in out
    assert "2020-12-24 (inferred" in out
    assert "产业环境 10 · 运营竞争 6 · 技术情报 4 · 企业情报 6 · 海外借鉴 2" in out
    assert "dropped   page-number: 1" in out
    assert "unsure whether" in out
    assert "2 issue(s) checked, 65 articles" in out


def test_strict_fails_on_warnings():
    assert check("--strict").returncode == 1


def test_broken_sidecar_exits_non_zero(tmp_path, sample_paths):
    source = tmp_path / DEC_2020_FILE
    source.write_bytes(sample_paths["dec"].read_bytes())
    source.with_suffix(".yml").write_text("articles:\n  不存在:\n    title: x\n", "utf-8")
    result = check(source)
    assert result.returncode == 1
    assert f"{source.with_suffix('.yml')}:2: no article titled '不存在'" in result.stdout


def test_duplicates_across_issues_and_lengths(tmp_path, sample_paths):
    first = tmp_path / "a.txt"
    second = tmp_path / "b.txt"
    first.write_bytes(sample_paths["dec"].read_bytes())
    second.write_bytes(sample_paths["dec"].read_bytes())
    second.with_suffix(".yml").write_text("id: 2020-12-reprint\n", "utf-8")
    result = check(first, second)
    assert result.stdout.count("may duplicate") == 2 * 28
    assert "may duplicate “硅片：寡头格局如何破？” in 2020-12-reprint" in result.stdout


# --- in-process: the report's rules on issues made in the test ---------------------------

def test_short_long_and_duplicate_articles_are_warned_about(nov):
    first = nov.sections[0]
    short = replace(first.articles[0], blocks=(Block("paragraph", "短" * (SHORT_CHARS - 1)),))
    long = replace(first.articles[1], blocks=(Block("paragraph", "长" * (LONG_CHARS + 1)),))
    issue = replace(nov, sections=(replace(first, articles=(short, long)),), warnings=(),
                    source="/no/such/folder/x.txt")  # no published URLs recorded
    warnings = issue_warnings(issue, {})
    assert warnings == [f"very short article ({SHORT_CHARS - 1} characters): “{short.title}”",
                        f"very long article ({LONG_CHARS + 1} characters) — two articles run "
                        f"together? “{long.title}”"]
    reprint = replace(issue, id="reprint")
    report = check_report([issue, reprint], [])
    assert report.warnings == 2 * (2 + 2 + 1) and report.errors == 0  # + URLs not recorded
    assert "2 article URL(s) not recorded yet" in report.text
    assert f"“{short.title}” may duplicate “{short.title}” in reprint" in report.text


def test_a_clean_issue_and_errors_in_the_summary(nov):
    clean = replace(nov, sections=nov.sections[:1], warnings=())
    report = check_report([clean], [ParseError("x.txt", "file is empty")])
    assert report.errors == 1
    assert "error: x.txt: file is empty" in report.text
    assert report.text.endswith("1 error(s)")
    assert ("ok: nothing needs attention" in report.text) == (report.warnings == 0)
