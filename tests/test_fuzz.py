"""Fuzzing the parser: never a traceback, only documented errors, no text lost.

`make test` runs a reduced count; `python benchmarks/fuzz.py` runs 10,000 cases
(and `pytest -m slow` runs it too).
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT
from tests.fuzzing import cases, check

LINES = st.one_of(
    st.sampled_from(["产业环境", "运营竞争", "目录", "Page 3", "©2021 不得转载 2021.11.30",
                     "信息产业监测", "## **技术情报**", "### 标题", "- 条目 ..... 5", "——副标题",
                     "资料来源：Wind", "", " ", "# 封面", "**加粗**", "12", "2. 5D封装"]),
    st.text(min_size=0, max_size=60),
    st.text(alphabet=st.sampled_from(list("中文标题产业芯片。，？！：“”《》 \t#*-.0123456789")),
            min_size=1, max_size=90),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(LINES, min_size=0, max_size=40), st.booleans())
def test_generated_issues(lines, dated):
    raw = "\n".join(lines).encode("utf-8")
    assert check(raw, dated=dated) is None


def test_mutated_samples_reduced_count():
    failures = [(name, problem) for name, raw in cases(300, seed=7)
                if (problem := check(raw)) is not None]
    assert failures == []


@pytest.mark.slow
def test_full_fuzz_script():
    result = subprocess.run([sys.executable, "benchmarks/fuzz.py", "--cases", "10000"],
                            cwd=ROOT, capture_output=True, text=True, timeout=3600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert '"failures": 0' in result.stdout
