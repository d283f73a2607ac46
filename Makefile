# qikan — every target does its work each time it is asked (.PHONY).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.qikan-installed
ISSUES := $(wildcard content/issues/*.pdf content/issues/*.txt content/issues/*.md)

# Material prints a banner about MkDocs 2 / Zensical on every run; we know (see README).
export NO_MKDOCS_2_WARNING := 1

.PHONY: install test lint outline site serve build check urls gh-deploy bench clean

# The virtual environment is rebuilt when the pinned requirements change. The project
# itself is installed editable: MkDocs finds the qikan plugin through its entry point.
$(STAMP): requirements.txt requirements-test.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -r requirements-test.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

lint: install
	$(BIN)/ruff check builder tests benchmarks

test: install lint
	$(BIN)/python -m pytest -q -m "not slow"

# The renderer: mkdocs (default), properdocs (the maintained MkDocs 1.6 fork) or zensical.
RENDERER ?= mkdocs
BUILD_mkdocs     := $(BIN)/mkdocs build
BUILD_properdocs := $(BIN)/properdocs build -f mkdocs.yml
BUILD_zensical   := $(BIN)/python -m builder.render.zensical
SERVE_mkdocs     := $(BIN)/mkdocs serve
SERVE_properdocs := $(BIN)/properdocs serve -f mkdocs.yml

# The static site in site/. STRICT=1 fails on any warning (e.g. an issue that cannot be parsed).
# OFFLINE=1: a site that works from file:// and loads nothing from other hosts.
# SITE_URL=https://example.org/archive/: absolute links in feed.xml and sitemap.xml.
# Built aside and swapped in: a failed build leaves the previous site/ as it was. The site
# before it is kept in .site.prev and built over the next time (only what changed is
# written; what is no longer built is removed: builder/render/mkdocs/in_place.py).
site: install
	$(if $(BUILD_$(RENDERER)),,$(error RENDERER must be mkdocs, properdocs or zensical))
	$(if $(filter zensical,$(RENDERER)),rm -rf .site.new)
	if [ ! -d .site.new ] && [ -d .site.prev ]; then mv .site.prev .site.new; fi
	$(if $(OFFLINE),OFFLINE=true) $(if $(SITE_URL),SITE_URL=$(SITE_URL)) \
	  $(BUILD_$(RENDERER)) --site-dir .site.new $(if $(STRICT),--strict)
	rm -rf .site.prev .site.old
	if [ -d site ]; then mv site .site.prev; fi
	mv .site.new site

# Preview at http://127.0.0.1:8000 — saving a file in content/ or site_data/ rebuilds and reloads.
serve: install
	$(if $(SERVE_$(RENDERER)),,$(error make serve: RENDERER must be mkdocs or properdocs (Zensical has no plugin API: make site RENDERER=zensical)))
	$(SERVE_$(RENDERER)) --dirty --dev-addr 127.0.0.1:8000

# The generated Markdown only (renderer-agnostic), into build/pages/.
build: install
	$(BIN)/python -m builder build --out build/pages

# What needs attention before publishing (STRICT=1: warnings fail too).
check: install
	$(BIN)/python -m builder check $(if $(STRICT),--strict)

# Record the URLs every article is published under (content/issues/<stem>.urls.yml; commit
# them): an article renamed later keeps its old URL working (a redirect page).
urls: install
	$(BIN)/python -m builder urls --write

# Alternative to the GitHub Actions workflow: push site/ to the gh-pages branch.
gh-deploy: install
	$(if $(SITE_URL),SITE_URL=$(SITE_URL)) $(BIN)/mkdocs gh-deploy --strict --force

outline: install
	$(BIN)/python -m builder outline $(ISSUES)

bench: install
	$(BIN)/python benchmarks/parse_speed.py
	$(BIN)/python benchmarks/site_build.py
	$(BIN)/python benchmarks/enrich_cache.py
	$(BIN)/python benchmarks/pdf_speed.py
	$(BIN)/python benchmarks/fuzz.py --cases 2000
	$(BIN)/python benchmarks/archive.py --issues $(or $(ARCHIVE_ISSUES),12) --repeat $(or $(ARCHIVE_REPEAT),1)
	$(BIN)/python benchmarks/serve_edit.py --issues $(or $(ARCHIVE_ISSUES),12)

clean:
	rm -rf site .site.new .site.prev .site.old build .cache
