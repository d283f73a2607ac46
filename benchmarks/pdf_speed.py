"""PDF reading speed: a ~70-page issue (the two samples' articles typeset as one issue by
tests/pdfs.py) read by builder/read/pdf.py on one core.

    python benchmarks/pdf_speed.py [--repeat 5]

Prints one JSON object: pages, size, the median seconds of reading the PDF (text, fonts,
furniture, figures) and of reading and parsing it into an issue, pages and MB per second,
figures cut out and the share of the reading time spent rendering them. Target: a 70-page
issue in 3 s or less.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder.model import Section  # noqa: E402
from builder.parse.archive import load_archive  # noqa: E402
from builder.parse.columns import load_columns  # noqa: E402
from builder.parse.issue import parse_file  # noqa: E402
from builder.read import pdf  # noqa: E402
from tests.pdfs import typeset  # noqa: E402


def one_issue():
    """Both samples' articles as one issue, column by column (the newer issue's date)."""
    archive = load_archive(ROOT / "content" / "issues", ROOT / "site_data")
    newest = archive.issues[0]
    sections = []
    for column in archive.columns.columns:
        articles = tuple(a for issue in archive.issues for s in issue.sections
                         if s.name == column.name for a in s.articles)
        if articles:
            sections.append(Section(column.name, column.slug, column.order, articles))
    return replace(newest, sections=tuple(sections))


def timed(function, repeat: int) -> list[float]:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        runs.append(time.perf_counter() - start)
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    columns = load_columns()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "issue.pdf"
        made = typeset(one_issue(), path)
        size = path.stat().st_size / 1e6
        rendering = []
        original = pdf._render

        def render(*a, **k):
            start = time.perf_counter()
            try:
                return original(*a, **k)
            finally:
                rendering.append(time.perf_counter() - start)

        pdf._render = render
        reading = timed(lambda: pdf.read_pdf(path, columns), args.repeat)
        pdf._render = original
        parsing = timed(lambda: parse_file(path, columns), args.repeat)
    read = statistics.median(reading)
    figures = len(made.figures)
    per_run = sum(rendering) / args.repeat
    print(json.dumps({
        "pages": made.pages, "mb": round(size, 2), "figures": figures,
        "read_seconds": round(read, 3), "read_and_parse_seconds":
            round(statistics.median(parsing), 3),
        "pages_per_second": round(made.pages / read, 1), "mb_per_second": round(size / read, 2),
        "figure_seconds": round(per_run, 3), "figure_share": round(per_run / read, 3),
        "runs": [round(r, 3) for r in reading]}))


if __name__ == "__main__":
    main()
