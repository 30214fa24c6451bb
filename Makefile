# Rumbo: `make run` and `make test` set up whatever is missing, then do their job.
SHELL := /bin/bash
.DEFAULT_GOAL := help

UV_VERSION := 0.13.9
# The project runs on the newest of these (pyproject.toml's requires-python); Rasa 3.6 needs 3.10.
PYTHON_VERSIONS := 3.13 3.12
PYTHON = $(shell scripts/find-python.sh $(PYTHON_VERSIONS))
PY310 = $(shell scripts/find-python310.sh)
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
RASA_VENV := .venv-rasa
PY := $(VENV)/bin/python
RASA := $(RASA_VENV)/bin/rasa
MODEL := models/rumbo.tar.gz
TRAINING_INPUTS := config.yml domain.yml $(shell find nlu bot/data -name '*.yml' 2>/dev/null | sort)
export UV_CACHE_DIR ?= $(HOME)/.cache/uv
export UV_LINK_MODE := copy
# Precompiled bytecode: each process (and every test that starts one) would otherwise compile
# numpy, matplotlib and SQLAlchemy from source when PYTHONDONTWRITEBYTECODE is set.
export UV_COMPILE_BYTECODE := 1

.PHONY: help setup run test bench lint lock model db clean

help:
	@echo "make run    set up what is missing and start every process"
	@echo "make test   set up what is missing and run the whole test suite"
	@echo "make bench  run the benchmarks and write docs/benchmarks.md"
	@echo "make lint   ruff, the import contracts and the type checker"

$(UV):
	@py="$(PYTHON)"; test -n "$$py" || exit 1; \
	echo "bootstrapping uv with $$py"; \
	"$$py" -m venv $(TOOLS) && $(TOOLS)/bin/pip install -q "uv==$(UV_VERSION)"

$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	@py="$(PYTHON)"; test -n "$$py" || exit 1; \
	$(UV) sync --frozen --python "$$py"
	@touch $@

$(RASA_VENV)/.synced: requirements-rasa.txt | $(UV)
	@py="$(PY310)"; test -n "$$py" || exit 1; \
	test -x $(RASA_VENV)/bin/python || $(UV) venv -q --python "$$py" $(RASA_VENV)
	$(UV) pip sync -q --python $(RASA_VENV)/bin/python requirements-rasa.txt
	@touch $@

setup: $(VENV)/.synced $(RASA_VENV)/.synced

$(MODEL): $(TRAINING_INPUTS) | $(RASA_VENV)/.synced
	@echo "training the assistant's model (training data or config changed)"
	@mkdir -p models
	$(RASA) train --config config.yml --domain domain.yml --data nlu bot/data \
		--out models --fixed-model-name rumbo --quiet

model: $(MODEL)

db: $(VENV)/.synced
	$(VENV)/bin/rumbo db upgrade

run: setup $(MODEL) db
	$(VENV)/bin/rumbo dev

test: setup $(MODEL)
	$(VENV)/bin/pytest $(PYTEST_ARGS)

bench: setup $(MODEL)
	$(PY) -m bench

lint: $(VENV)/.synced
	$(VENV)/bin/ruff check bot actions crm_core connectors texts tests bench
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

lock: | $(UV)
	$(UV) lock --python "$(PYTHON)"
	$(UV) pip compile -q --python "$(PY310)" --custom-compile-command "make lock" \
		requirements-rasa.in -o requirements-rasa.txt

clean:
	rm -rf $(VENV) $(RASA_VENV) $(TOOLS) models .pytest_cache
