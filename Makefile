# Entry points of the Spirii chargebox contract kit. `make help` lists them.
# Every target runs in the kit's own virtual environment, which the first target creates.
PYTHON ?= python3
VENV := .venv
BIN := $(abspath $(VENV))/bin
# The generator's post-hooks call whichever ruff is first on PATH: make it the pinned one.
export PATH := $(BIN):$(PATH)

GENERATOR := openapi-python-client generate --path openapi.yaml \
	--config openapi-python-client.yaml --meta pdm --custom-template-path templates

.DEFAULT_GOAL := generate
.PHONY: help generate check-generated build publish lint test unit contract catalog compat bench mock stability nestjs

# The example budget per operation of `make contract` (empty: schemathesis.toml's default).
EXAMPLES ?=
# Test workers (pytest-xdist): the catalog's guard runs spend much of their time waiting on a
# server or a subprocess, so three keep two cores busy.
WORKERS ?= 3

help: ## List the targets.
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'

# The kit's tooling only; tests import the client straight from generated/ (pytest's pythonpath).
# PYTHONWARNINGS: setuptools warns about an editable install of a project with no packages (this
# one, on purpose), a banner every newcomer took for a problem; silenced for that install only.
# Every installed module is compiled once here, on every core (pip compiles on one): where
# PYTHONDONTWRITEBYTECODE is set (CI images often set it), Python never writes a .pyc itself, and
# each process would compile every module it imports again (a minute of make test's CPU there).
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	PYTHONWARNINGS=ignore::UserWarning $(BIN)/python -m pip install --quiet --no-compile -e '.[dev]'
	$(BIN)/python -m compileall -q -j 0 $(VENV)/lib >/dev/null || true  # as pip: a file that is not Python 3 stays uncompiled
	touch $@

# Generated into a fresh folder that then replaces generated/ whole, so a file the spec no longer
# produces cannot linger (the generator's --overwrite keeps files it did not write).
generate: $(VENV)/.installed ## Regenerate the client package in generated/ from openapi.yaml.
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(GENERATOR) --output-path "$$tmp/generated" && \
	rm -rf generated && cp -R "$$tmp/generated" generated

check-generated: $(VENV)/.installed ## Fail, naming the files, when generated/ is not what openapi.yaml generates.
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(GENERATOR) --output-path "$$tmp/generated" >/dev/null && \
	if diff -r --brief -x __pycache__ -x '*.egg-info' "$$tmp/generated" generated; then \
		echo "generated/ is up to date with openapi.yaml"; \
	else \
		echo "generated/ differs from what openapi.yaml generates: run 'make generate' and commit the result" >&2; \
		exit 1; \
	fi

lint: $(VENV)/.installed ## Validate openapi.yaml; ruff and mypy --strict on the hand-written code; actionlint on .github/workflows.
	openapi-spec-validator openapi.yaml
	ruff check .
	ruff format --check .
	mypy tests contract_tests mock drift spec bench compat publish examples templates/runtime
	actionlint

# Built from a copy, so the build backend's scratch files never land in generated/. DIST=... builds
# elsewhere (the wheel tests build their own, so publish's tests never see dist/ emptied under them).
DIST ?= dist
build: $(VENV)/.installed ## Build the client's wheel and sdist (version: info.version of openapi.yaml) into dist/ (DIST=... to change).
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	cp -R generated "$$tmp/client" && rm -rf "$(DIST)" && \
	python -m build --outdir "$(DIST)" "$$tmp/client"

publish: $(VENV)/.installed ## Upload the client to the index SPIRII_PUBLISH_* name; refuses a version it has, an older one, a break compat rejects.
	python -m publish --check-environment
	$(MAKE) --no-print-directory check-generated build
	python -m publish

# Before the tests, so no guard run of theirs waits on `npm ci` (a first install takes a minute).
# Standard library only: it needs no virtual environment, so make test runs it beside pip's install.
nestjs: ## Install and build the real NestJS app the catalog runs (drift/nestjs); skipped, saying why, without node 20.19+.
	$(PYTHON) -m drift.nestjs_build

# loadgroup: the tests that share one folder (publish's dist/) run on one worker, one at a time.
unit: $(VENV)/.installed nestjs ## The kit's own tests: spec, client, mock, and the guard against broken servers.
	pytest tests -n $(WORKERS) --dist loadgroup --durations=15

# The verdict's own exit code (0, 1, 3, 4, 75) comes from contract_tests/run, which CI jobs call
# directly: make reports any failing recipe as its exit 2, naming the script's code in its last line.
contract: $(VENV)/.installed ## Property-test a server against openapi.yaml (the bundled mock unless SPIRII_BASE_URL is set).
	$(if $(EXAMPLES),SPIRII_CONTRACT_EXAMPLES=$(EXAMPLES) )contract_tests/run

# make test runs a part of the catalog (drift/catalog.py's TEST_RUNS); this, every run of it.
catalog: $(VENV)/.installed nestjs ## Run the whole drift catalog (every entry on every personality) and write its table into docs/maintainers.md.
	rm -rf reports/drift-catalog
	KIT_FULL_CATALOG=1 pytest tests/test_guard.py -n $(WORKERS)
	python -m drift.readme_table

stability: $(VENV)/.installed ## 24 guard runs in a row against each of two long-lived servers (mock; NestJS, populated), writes and read-only, 6 seeds: 0 false alarms.
	python -m drift.stability

REF ?=
compat: $(VENV)/.installed ## Fail when openapi.yaml breaks clients of REF's version (default: last v* tag, origin/main, HEAD~1) without a major bump.
	python -m compat $(REF)

bench: $(VENV)/.installed ## Benchmarks side by side (guard vs CLI, client, mock vs Prism, generation) -> bench/results.md.
	PYTHONPATH=generated:. python -m bench

mock: $(VENV)/.installed ## Serve the bundled mock on http://127.0.0.1:8080 (PORT=... to change; key spirii-mock-key).
	python -m mock

# The set-up and the checks before the unit tests run two at a time (pip's install and mypy are
# each one core's work; the NestJS app's npm ci and tsc go beside them), each one's output kept
# together; then the unit tests, then the contract suite, which runs against the bundled mock
# here, whatever the caller's environment says.
test: ## Everything CI runs (5 to 6 min from a fresh clone): lint, check-generated, compat, the unit tests, the contract suite on the mock.
	$(MAKE) --no-print-directory -j2 --output-sync=target nestjs lint check-generated compat
	$(MAKE) --no-print-directory unit
	env -u SPIRII_BASE_URL -u SPIRII_API_KEY -u SPIRII_ALLOW_WRITES -u SPIRII_PREVIOUS_REPORT \
		$(MAKE) --no-print-directory contract
