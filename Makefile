# Social strategy reports — `make help` lists the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
KERNEL := reporting
# Narrow a run: make reports CLIENT=demo-cafe REPORT=kpi_review PERIOD=2026-10
CLIENT ?=
REPORT ?=
PERIOD ?=
JOBS ?=
LOCK_WAIT ?=
JSON ?=
RUN_ARGS := $(foreach c,$(CLIENT),--client $(c)) $(foreach r,$(REPORT),--report $(r)) \
            $(if $(PERIOD),--period $(PERIOD)) $(if $(JOBS),--jobs $(JOBS)) $(if $(LOCK_WAIT),--lock-wait $(LOCK_WAIT))
# JupyterLab refuses to run as root unless told; containers (where scheduled boxes often run) are root.
LAB_ARGS := $(if $(filter 0,$(shell id -u)),--allow-root)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Social reporting (project)" >/dev/null
	@touch $(STAMP)

.PHONY: help
help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

.PHONY: install
install: $(STAMP) ## Create the virtual environment and register the Jupyter kernel

.PHONY: reports
reports: $(STAMP) ## Produce every client's reports (CLIENT=, REPORT=, PERIOD=, JOBS=, LOCK_WAIT= seconds)
	$(BIN)/reporting run $(RUN_ARGS)

.PHONY: force
force: $(STAMP) ## Re-run every report even when nothing changed
	$(BIN)/reporting run --force $(RUN_ARGS)

.PHONY: send
send: $(STAMP) ## Email each stakeholder their new reports (SMTP_* variables; DRY_RUN=1 writes .eml; INCLUDE_PARTIAL=1)
	$(BIN)/reporting send $(foreach c,$(CLIENT),--client $(c)) $(if $(DRY_RUN),--dry-run) $(if $(INCLUDE_PARTIAL),--include-partial)

.PHONY: status
status: $(STAMP) ## Per client and report: last good run, period due, data coverage, stale data, failures, sends (JSON=1)
	$(BIN)/reporting status $(foreach c,$(CLIENT),--client $(c)) $(if $(JSON),--json)

.PHONY: validate
validate: $(STAMP) ## Check every client's parameters and data files (starts no kernel)
	$(BIN)/reporting validate $(foreach c,$(CLIENT),--client $(c))

.PHONY: demo
demo: $(STAMP) ## Regenerate the demo clients' data
	$(BIN)/reporting demo

.PHONY: test
test: $(STAMP) ## Run the whole test suite, notebooks end to end included
	$(BIN)/python -m pytest -n 2 --dist loadgroup

.PHONY: lab
lab: $(STAMP) ## Open JupyterLab on notebooks/ with the project kernel
	$(BIN)/jupyter lab $(LAB_ARGS) notebooks/

.PHONY: bench
bench: $(STAMP) ## Print the benchmark figures (import speed, listening scale, batch throughput)
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

.PHONY: model
model: $(STAMP) ## Rebuild the Korean sentiment model from ../shared/real-exports (tune, fit, measure; minutes)
	$(BIN)/python tools/build_ko_sentiment.py

.PHONY: clean
clean: ## Remove generated reports and caches (keeps the environment and data)
	rm -rf reports/*/ reports/index.html data/.cache .pytest_cache
