"""Shared fixtures: the sample archive and parsed samples."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from builder.parse.columns import load_columns
from builder.parse.issue import parse_file

# CI runs the generated cases it ran last time (a clean clone must not fail on a case
# nobody has seen); a local `make test` explores new ones, and benchmarks/fuzz.py more.
# No deadline: a test checks what comes out, not how fast (a busy machine took 294 ms for
# a case that takes 105); speed is measured by benchmarks/.
settings.register_profile("local", deadline=None)
settings.register_profile("ci", parent=settings.get_profile("local"), derandomize=True,
                          database=None)
settings.load_profile("ci" if os.environ.get("CI") else "local")

ROOT = Path(__file__).resolve().parent.parent
ISSUES = ROOT / "content" / "issues"


@pytest.fixture(scope="session")
def columns():
    return load_columns()


@pytest.fixture(scope="session")
def sample_paths() -> dict[str, Path]:
    from tests.expected_samples import DEC_2020_FILE, NOV_2021_FILE

    return {"nov": ISSUES / NOV_2021_FILE, "dec": ISSUES / DEC_2020_FILE}


@pytest.fixture(scope="session")
def nov(sample_paths, columns):
    return parse_file(sample_paths["nov"], columns)


@pytest.fixture(scope="session")
def dec(sample_paths, columns):
    return parse_file(sample_paths["dec"], columns)


@pytest.fixture(scope="session")
def archive(nov, dec, columns):
    from builder.model import Archive
    from builder.parse.archive import newest_first

    return Archive(newest_first([dec, nov]), columns)


@pytest.fixture(scope="session")
def enrichment(archive, tmp_path_factory):
    from builder.enrich.enrichment import enrich

    return enrich(archive, cache_path=tmp_path_factory.mktemp("cache") / "tokens.pickle")


@pytest.fixture(scope="session", params=["mkdocs", "properdocs"])
def site(request, tmp_path_factory):
    """The sample archive built (strict) by MkDocs and by ProperDocs, once per test session."""
    from tests.site_helpers import mkdocs

    out = tmp_path_factory.mktemp(f"site-{request.param}") / "site"
    result = mkdocs(ROOT, "build", "--strict", "--site-dir", str(out), renderer=request.param)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def sample_pdfs(nov, dec, tmp_path_factory):
    """The two sample issues typeset as PDFs (tests/pdfs.py): name → what was typeset."""
    from tests.pdfs import typeset

    folder = tmp_path_factory.mktemp("pdfs")
    return {"nov": typeset(nov, folder / "nov.pdf"), "dec": typeset(dec, folder / "dec.pdf")}
