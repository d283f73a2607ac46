"""Parsing speed: `outline`'s parse stage on the sample archive, and on larger inputs.

Prints MB/s on one core for each sample, then for each sample made 1×, 4× and 16×
longer (distinct copies of its lines) to show that time grows linearly with input.
Target: ≥ 2 MB/s (no jieba involved).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder.parse.columns import load_columns  # noqa: E402
from builder.parse.headings import bigram_list  # noqa: E402
from builder.parse.issue import parse_text  # noqa: E402
from builder.read.decode import decode  # noqa: E402


def cold_caches() -> None:
    """Forget cached bigrams so that every run parses from scratch."""
    bigram_list.cache_clear()


def distinct_copies(raw: bytes, copies: int) -> bytes:
    """`copies` versions of an issue, each line marked with its copy number (no cache hits)."""
    lines = raw.decode("utf-8").split("\n")
    return "\n".join(f"{line}{'ABCDEFGHIJKLMNOP'[k]}" if len(line.strip()) > 12 else line
                     for k in range(copies) for line in lines).encode("utf-8")


def best_of(runs: int, func) -> float:
    times = []
    for _ in range(runs):
        cold_caches()
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def measure(raw: bytes, name: str, columns, runs: int = 5) -> dict:
    seconds = best_of(runs, lambda: parse_text(decode(raw, name), name, columns=columns))
    return {"input": name, "bytes": len(raw), "seconds": round(seconds, 4),
            "mb_per_s": round(len(raw) / seconds / 1e6, 2)}


def main() -> None:
    columns = load_columns()
    samples = sorted((ROOT / "content" / "issues").glob("*.txt"))
    for path in samples:
        print(json.dumps(measure(path.read_bytes(), path.name, columns), ensure_ascii=False))
    for path in samples:
        rows = [measure(distinct_copies(path.read_bytes(), n), f"{path.name} ×{n}", columns, 3)
                for n in (1, 4, 16)]
        for row in rows:
            print(json.dumps(row, ensure_ascii=False))
        scale = rows[-1]["seconds"] / rows[0]["seconds"]
        print(json.dumps({"input": path.name, "time_16x_over_1x": round(scale, 1),
                          "linear_would_be": 16}))


if __name__ == "__main__":
    main()
