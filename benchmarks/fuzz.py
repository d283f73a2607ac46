"""Fuzz the parser with mutated sample issues (cut, shuffled, duplicated, truncated mid-
character, random bytes, re-encoded) and report the case count, failures and time.

Every case must end in a parsed issue that keeps all its text (in an article or in the
dropped list) or in a documented one-line error. Exit status 1 when any case fails.

    python benchmarks/fuzz.py --cases 10000 [--seed 0] [--jobs 2]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fuzzing import cases, outcome  # noqa: E402


def run(case: tuple[int, str, bytes]) -> tuple[int, str, str, str | None]:
    number, name, raw = case
    return number, name, *outcome(raw)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    start = time.perf_counter()
    work = ((n, name, raw) for n, (name, raw) in enumerate(cases(args.cases, args.seed)))
    by_mutation: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    failures = []
    with Pool(args.jobs) as pool:
        for number, name, kind, problem in pool.imap_unordered(run, work, chunksize=20):
            by_mutation[name] += 1
            outcomes[kind] += 1
            if problem is not None:
                failures.append({"case": number, "mutation": name, "problem": problem[-500:]})
    print(json.dumps({"cases": sum(by_mutation.values()), "failures": len(failures),
                      "seconds": round(time.perf_counter() - start, 1), "seed": args.seed,
                      "parsed": outcomes["parsed"], "documented_errors": outcomes["error"],
                      "by_mutation": dict(by_mutation), "first_failures": failures[:5]},
                     ensure_ascii=False, indent=1))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
