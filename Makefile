# guidepress: the two set-up commands are `make build` and `make test` (see README.md).
# Both install whatever is missing first (scripts/setup.sh), so they work on a fresh machine.

VENV ?= .venv
PY := $(VENV)/bin/python
GP := $(VENV)/bin/guidepress
LANGS := fr de es it pt nl pl ro el cs hu bg hr sv da fi zh

.PHONY: setup setup-browser build test serve catalogs clean bench

setup:
	@VENV=$(VENV) bash scripts/setup.sh

setup-browser:
	@VENV=$(VENV) bash scripts/setup.sh --browser

## build the whole site (and PDFs, once available) into site/
build: setup
	$(GP) build

## the checks on the code (ruff, then mypy, configured in pyproject.toml), then the whole test
## suite: a finding stops `make test` (and CI, which runs it) before any test runs
test: setup-browser
	$(VENV)/bin/ruff check guidepress scripts
	$(VENV)/bin/mypy
	$(PY) -m pytest

## live preview; `make serve lang=fr` previews one language plus the source
serve: setup
	$(GP) serve $(if $(lang),--lang $(lang))

## benchmark: guidepress against a stock MkDocs + static-i18n build of the same synthetic corpus
## (see PERFORMANCE.md); options pass through, e.g. `make bench ARGS="--quick"` or ARGS="--scale"
bench: setup
	$(PY) scripts/bench.py $(ARGS)

## refresh the interface catalogs: extract strings into locales/messages.pot, update every .po;
## only files whose messages changed are written (scripts/catalogs.py)
catalogs: setup
	$(PY) scripts/catalogs.py

clean:
	rm -rf site .pytest_cache
