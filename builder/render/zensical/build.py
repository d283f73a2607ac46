"""Build the site with Zensical: pages into a work folder, Zensical on it, search added.

The work folder (`<cache>/zensical/`) is a Zensical project: `mkdocs.yml` (the project's
own, with `docs_dir` and `site_dir` pointing into the folder), `docs/` (the generated
pages, the feed and the curated pages, rewritten only where their bytes changed, so that
Zensical's own cache skips the rest), `overrides/` (the project's templates, plus this
adapter's `templates/`: the search box as a compact field in Zensical's header, driven
by the same search script as the MkDocs site, Zensical's own search left idle) and
`site/`. The search index is built from the pipeline's search records while Zensical
renders, then moved into the site.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from builder.errors import QikanError
from builder.pipeline import Site, build
from builder.render import ESCAPED_META
from builder.search.index import FOLDER, start_index
from builder.settings import read_config, settings_from_config
from builder.write.output import write_tree

TEMPLATES = Path(__file__).parent / "templates"
"""Templates and assets this adapter adds to the project's overrides (the search box in
Zensical's header)."""

def zensical_config(text: str, problems: int = 0) -> str:
    """The project's mkdocs.yml for the work folder: pages in `docs/`, the site in `site/`,
    templates in `overrides/`; `watch:` dropped (its folders are the project's); `extra:
    qikan_problems` (the banner of overrides/main.html) when the build had problems. Edited
    as text: Zensical reads the YAML tags of the original (`!ENV`, `!!python/...`) itself."""
    text = re.sub(r"^docs_dir:.*$", "docs_dir: docs", text, flags=re.M)
    text = re.sub(r"^site_dir:.*\n", "", text, flags=re.M)
    text = re.sub(r"^watch:\n(?:[ \t]+-.*\n)+", "", text, flags=re.M)
    text = re.sub(r"^(\s+custom_dir:).*$", r"\1 overrides", text, flags=re.M)
    if problems:
        line = f"  qikan_problems: {problems}\n"
        text, found = re.subn(r"^extra:[ \t]*\n", lambda m: m.group(0) + line, text,
                              count=1, flags=re.M)
        text += "" if found else f"\nextra:\n{line}"
    return text + "\nsite_dir: site\n"


def escape_front_matter(page: str) -> str:
    """A generated page with the front-matter values that templates print HTML-escaped
    (ESCAPED_META): the builder writes one `key: JSON value` line per key."""
    if not page.startswith("---\n"):
        return page
    end = page.index("\n---\n", 3)
    lines = [_escaped(line) for line in page[4:end].split("\n")]
    return "---\n" + "\n".join(lines) + page[end:]


def _escaped(line: str) -> str:
    key, _, value = line.partition(": ")
    if key not in ESCAPED_META:
        return line
    text = json.loads(value)
    return f"{key}: {json.dumps(html.escape(text), ensure_ascii=False)}" \
        if isinstance(text, str) else line


def curated_pages(folder: Path) -> dict[str, str]:
    """The pages of the project's `docs_dir` (about …)."""
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(folder.rglob("*.md"))} if folder.is_dir() else {}


def prepare(config: Path, site: Site, work: Path) -> None:
    """The work folder: config, pages (changed bytes only) and templates."""
    data, base = read_config(config), config.resolve().parent
    pages = {path: escape_front_matter(page) for path, page in site.pages.items()}
    write_tree(work / "docs", {**curated_pages(base / data.get("docs_dir", "docs")),
                               **site.files(), **pages})
    overrides = work / "overrides"
    shutil.rmtree(overrides, ignore_errors=True)
    theme = data.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    if custom:
        shutil.copytree(base / custom, overrides)
    shutil.copytree(TEMPLATES, overrides, dirs_exist_ok=True)
    text = config.read_text(encoding="utf-8")
    (work / "mkdocs.yml").write_text(zensical_config(text, len(site.errors)),
                                     encoding="utf-8")


def render(work: Path, strict: bool) -> None:
    """Zensical's build of the work folder."""
    result = subprocess.run([sys.executable, "-m", "zensical", "build", "-f",
                             str(work / "mkdocs.yml"), *(["--strict"] if strict else [])],
                            cwd=work, capture_output=True, text=True)
    if result.returncode != 0:
        raise QikanError(work / "mkdocs.yml", "Zensical failed: "
                         + (result.stderr or result.stdout).strip()[-1500:])


class _Index:
    """The search index the pipeline's search records start (none without records)."""

    def __init__(self, staging: Path, cache: Path | None) -> None:
        self.staging, self.cache, self.pending = staging, cache, None

    def start(self, records) -> None:
        self.pending = start_index(records, self.staging, self.cache)

    def cancel(self) -> None:
        if self.pending is not None:
            self.pending.cancel()
            self.pending = None

    def finish_into(self, built: Path) -> None:
        """Wait for the index and move it into the built site."""
        if self.pending is None:
            return
        self.pending.finish(self.staging)
        self.pending = None
        shutil.rmtree(built / FOLDER, ignore_errors=True)
        (built / FOLDER).parent.mkdir(parents=True, exist_ok=True)
        os.rename(self.staging / FOLDER, built / FOLDER)


def build_site(config: Path, site_dir: Path, strict: bool = False) -> Site:
    """The whole site, built by Zensical into `site_dir` (replaced only when complete)."""
    settings = settings_from_config(config)
    work = settings.cache / "zensical"
    index = _Index(work / "search", settings.cache)
    try:
        site = build(settings, index.start)
        if strict and site.errors:
            raise QikanError(site.errors[0].path, f"{len(site.errors)} issue(s) could not be "
                                                  f"built (strict): {site.errors[0].message}")
        prepare(config, site, work)
        render(work, strict)
        index.finish_into(work / "site")
    except BaseException:
        index.cancel()  # no indexing process outlives a failed build
        raise
    shutil.rmtree(site_dir, ignore_errors=True)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(work / "site", site_dir)
    return site


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m builder.render.zensical",
                                     description="Build the archive's site with Zensical.")
    parser.add_argument("--config", default="mkdocs.yml", type=Path)
    parser.add_argument("--site-dir", default="site", type=Path)
    parser.add_argument("--strict", action="store_true", help="fail on any unusable issue")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        site = build_site(args.config.resolve(), args.site_dir.resolve(), args.strict)
    except QikanError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except (OSError, RuntimeError) as error:  # a folder that cannot be written, the index …
        print(f"error: {args.config}: {error}", file=sys.stderr)
        return 1
    for error in site.errors:
        print(f"warning: {error}", file=sys.stderr)
    print(f"qikan: {site.summary}; Zensical site in {args.site_dir} "
          f"({time.perf_counter() - start:.1f} s)", file=sys.stderr)
    return 0
