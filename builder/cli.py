"""Command line: `python -m builder outline FILE... [--json]`.

Exit status: 0 when every file parsed, 1 when any could not be parsed (the
others are still printed), 2 on a usage error.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from builder.errors import QikanError
from builder.model import Issue
from builder.outline import outline_json, outline_tree
from builder.parse import parse_file
from builder.sections import load_columns

log = logging.getLogger(__name__)


def parse_all(paths: Sequence[str]) -> tuple[list[Issue], list[QikanError]]:
    """Parse every file; a bad file becomes an error, the others still parse."""
    columns = load_columns()
    issues: list[Issue] = []
    errors: list[QikanError] = []
    for path in paths:
        try:
            issues.append(parse_file(path, columns))
        except QikanError as err:
            errors.append(err)
    return issues, errors


def duplicate_ids(issues: list[Issue]) -> list[QikanError]:
    """Two issues with the same id is an error naming both files."""
    seen: dict[str, Issue] = {}
    errors = []
    for issue in issues:
        if issue.id in seen:
            errors.append(QikanError(issue.source, f"issue id {issue.id} is also the id of "
                                     f"{seen[issue.id].source}; set `id:` in a sidecar"))
        else:
            seen[issue.id] = issue
    return errors


def cmd_outline(args: argparse.Namespace) -> int:
    issues, errors = parse_all(args.files)
    errors += duplicate_ids(issues)
    for err in errors:
        print(f"error: {err}", file=sys.stderr)
    if args.json:
        print(outline_json(issues))
    else:
        print("\n\n".join(outline_tree(i) for i in issues))
    return 1 if errors else 0


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m builder",
                                     description="qikan: newsletter archive builder")
    commands = parser.add_subparsers(dest="command", required=True)
    outline = commands.add_parser("outline", help="parse issues and show their structure")
    outline.add_argument("files", nargs="+", metavar="FILE", help="raw issue exports")
    outline.add_argument("--json", action="store_true", help="machine-readable JSON on stdout")
    outline.set_defaults(run=cmd_outline)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    args = make_parser().parse_args(argv)
    try:
        return args.run(args)
    except QikanError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # output piped into `head`: not an error
        sys.stderr.close()
        return 0
