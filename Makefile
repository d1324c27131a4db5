# Two commands for learners: `make lab` and `make test`. Everything else is for
# maintainers and instructors. Needs only Python 3.11+ and make.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
EXTRAS := $(VENV)/.extras-installed
# Extra options for JupyterLab, e.g. `make lab LAB_ARGS="--no-browser --port 8890"`.
LAB_ARGS ?=
# For `make grade`: the folder of notebooks to grade and where the CSV goes.
FOLDER ?=
OUTPUT ?= gradebook.csv
# How each submission's kernel is isolated: auto (bubblewrap where installed), bwrap, none.
SANDBOX ?= auto
# For `make nbgrader`: the nbgrader course folder, and which lessons (default: all).
NBGRADER ?= dist/nbgrader
LESSONS ?=

.PHONY: help lab test notebooks grade release nbgrader html extras update lint format benchmark

help:
	@echo "make lab        set up (first time only) and open JupyterLab on the start notebook"
	@echo "make test       set up, then run the unit tests and every notebook"
	@echo "make update     pull the newest lessons; your work in my-notebooks/ is kept"
	@echo "make notebooks  regenerate notebooks/ from solutions/ (maintainers)"
	@echo "make grade      grade FOLDER=... into OUTPUT=gradebook.csv and its -summary.csv (instructors)"
	@echo "make release    build dist/derivatives-course.zip, the course without solutions (instructors)"
	@echo "make nbgrader   write the lessons as nbgrader sources into NBGRADER=dist/nbgrader (instructors)"
	@echo "make html       build the website, every lesson executed, into dist/site/ (maintainers)"
	@echo "make extras     add the tools for the website, browser tests and Binder check"
	@echo "make lint       ruff check and format check;  make format: apply ruff"
	@echo "make benchmark  print the benchmark tables (grading a class: python benchmarks/grading.py)"

# The virtual environment, rebuilt when the pinned requirements change.
$(STAMP): requirements.txt constraints.txt pyproject.toml lab-settings/overrides.json
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed, found " + sys.version.split()[0])'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -r requirements.txt -c constraints.txt
	@# JupyterLab settings: no news or update checks (the course never needs the network).
	@mkdir -p $(VENV)/share/jupyter/lab/settings
	@cp lab-settings/overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	@touch $(STAMP)

# Tools beyond what learners need (requirements-extra.txt). The browser tests
# skip, saying so, until these and Chromium (apt-get install chromium) are present.
$(EXTRAS): $(STAMP) requirements-extra.txt
	$(BIN)/python -m pip install --disable-pip-version-check -r requirements-extra.txt -c constraints.txt
	@touch $(EXTRAS)

extras: $(EXTRAS)

# As root (in a container, or some WSL set-ups) JupyterLab refuses to start
# without --allow-root; say so and pass it.
AS_ROOT := $(shell [ "$$(id -u 2>/dev/null)" = 0 ] && echo yes)
ROOT_ARG := $(if $(AS_ROOT),--allow-root)

lab: $(STAMP)
	$(BIN)/python -m coursetools.workspace
	@$(if $(AS_ROOT),echo "Note: you are root (a container or WSL?). JupyterLab starts with --allow-root; as a normal user it is not needed.")
	$(BIN)/jupyter lab $(ROOT_ARG) $(LAB_ARGS) my-notebooks/00_start_here.ipynb

# Compiled modules are cached (__pycache__, ignored by git) even where the
# environment sets PYTHONDONTWRITEBYTECODE, as many containers do: otherwise
# every test process compiles the course, its tests and pytest's plugins again.
test: $(STAMP) lint
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -n auto --dist loadscope --no-loadscope-reorder

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

notebooks: $(STAMP)
	$(BIN)/python -m coursetools.student

grade: $(STAMP)
	@test -n "$(FOLDER)" || { echo "usage: make grade FOLDER=path/to/submissions [OUTPUT=gradebook.csv]"; exit 2; }
	$(BIN)/python -m coursetools.grade "$(FOLDER)" --output "$(OUTPUT)" --sandbox "$(SANDBOX)"

release: $(STAMP)
	$(BIN)/python -m coursetools.release --output dist

nbgrader: $(STAMP)
	$(BIN)/python -m coursetools.nbgrader_export "$(NBGRADER)" $(LESSONS)

html: $(EXTRAS)
	$(BIN)/python -m coursetools.site --output dist/site

update:
	git pull --ff-only
	$(MAKE) $(STAMP)
	$(BIN)/python -m coursetools.workspace

benchmark: $(STAMP)
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/optimisers.py
	$(BIN)/python benchmarks/gradient_cost.py
	$(BIN)/python benchmarks/engine_cost.py
	$(BIN)/python benchmarks/size.py
