"""Command line: `python -m builder outline|build|check …`.

Exit status: 0 when every file parsed, 1 when any could not be parsed (the
others are still printed), 2 on a usage error.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from builder.editorial.published import load_published, unrecorded, write_record
from builder.errors import QikanError
from builder.parse.archive import issue_files, load_issues
from builder.parse.columns import load_columns
from builder.pipeline import build
from builder.report.check import check_report, url_report
from builder.report.outline import outline_json, outline_tree
from builder.settings import settings_from_config
from builder.workers import wanted
from builder.write.output import write_tree

log = logging.getLogger(__name__)


def cmd_outline(args: argparse.Namespace) -> int:
    issues, errors = load_issues([Path(f) for f in args.files], load_columns())
    for err in errors:
        print(f"error: {err}", file=sys.stderr)
    if args.json:
        print(outline_json(issues))
    else:
        print("\n\n".join(outline_tree(i) for i in issues))
    return 1 if errors else 0


def cmd_build(args: argparse.Namespace) -> int:
    settings = settings_from_config(
        Path(args.config), content=_path(args.content), site_data=_path(args.site_data),
        cache=_path(args.cache), workers=args.workers)
    site = build(settings)
    for err in site.errors:
        print(f"error: {err}", file=sys.stderr)
    counts = write_tree(Path(args.out), site.files())
    print(f"{site.summary} → {args.out}: "
          + ", ".join(f"{n} {what}" for what, n in counts.items()))
    return 1 if site.errors else 0


def _workers(value: str) -> str:
    try:
        wanted(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error).removeprefix("workers: ")) from None
    return value


def _path(value: str | None) -> Path | None:
    return Path(value).resolve() if value else None


def _issues(args: argparse.Namespace):
    """The issues the command names (every issue in --content by default), and errors."""
    paths = [Path(f) for f in args.files] or issue_files(Path(args.content))
    return load_issues(paths, load_columns())


def _issue_arguments(command: argparse.ArgumentParser) -> None:
    command.add_argument("files", nargs="*", metavar="FILE",
                         help="raw issue exports (default: every issue in --content)")
    command.add_argument("--content", default="content/issues", help="folder of raw issues")


def cmd_check(args: argparse.Namespace) -> int:
    issues, errors = _issues(args)
    report = check_report(issues, errors)
    print(report.text)
    return 1 if report.errors or (args.strict and report.warnings) else 0


def cmd_urls(args: argparse.Namespace) -> int:
    issues, errors = _issues(args)
    for error in errors:
        print(f"error: {error}", file=sys.stderr)
    for issue in issues:
        published = load_published(issue.source)
        print(url_report(issue, published))
        if args.write and (unrecorded(issue, published) or not published):
            print(f"  recorded in {write_record(issue, published)}")
    return 1 if errors else 0


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m builder",
                                     description="qikan: newsletter archive builder")
    commands = parser.add_subparsers(dest="command", required=True)
    outline = commands.add_parser("outline", help="parse issues and show their structure")
    outline.add_argument("files", nargs="+", metavar="FILE", help="raw issue exports")
    outline.add_argument("--json", action="store_true", help="machine-readable JSON on stdout")
    outline.set_defaults(run=cmd_outline)
    build = commands.add_parser("build", help="write the site's Markdown pages")
    build.add_argument("--out", required=True, help="output folder for the Markdown pages")
    build.add_argument("--config", default="mkdocs.yml",
                       help="mkdocs.yml: the archive's name, URL and the qikan plugin's options")
    build.add_argument("--content", help="folder of raw issues (default: from --config)")
    build.add_argument("--site-data", help="folder of curated data (default: from --config)")
    build.add_argument("--cache", help="cache of parsed issues and segmentation "
                                       "(default: from --config)")
    build.add_argument("--workers", type=_workers, help="processes for parsing: auto or a number")
    build.set_defaults(run=cmd_build)
    check = commands.add_parser("check", help="report what needs attention before publishing")
    _issue_arguments(check)
    check.add_argument("--strict", action="store_true",
                       help="exit 1 on warnings too, not only on errors (for CI)")
    check.set_defaults(run=cmd_check)
    urls = commands.add_parser("urls", help="the URLs articles were published under: "
                                            "changes, and with --write record the current ones")
    _issue_arguments(urls)
    urls.add_argument("--write", action="store_true",
                      help="record the current URLs in <stem>.urls.yml next to each issue")
    urls.set_defaults(run=cmd_urls)
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
