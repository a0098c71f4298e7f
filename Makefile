# Two commands on a fresh machine:
#   make demo   set up .venv and grade the bundled sample submissions into out/
#   make test   set up .venv and run the linters and the test suite
PYTHON ?= python3
VENV := .venv
ASSIGNMENTS := $(notdir $(patsubst %/,%,$(wildcard submissions/*/)))

.PHONY: demo test setup lint clean bench bench-read

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $@

# Byte-compiled once here: where PYTHONDONTWRITEBYTECODE is set, Python never writes
# the package's bytecode itself, and every cold "grader check" compiled its ~150
# modules from source (about 0.1 s). Only changed files are compiled again.
setup: $(VENV)/.installed
	@$(VENV)/bin/python -m compileall -q grader reference > /dev/null

demo: setup
	@for a in $(ASSIGNMENTS); do \
	  echo "== $$a"; \
	  $(VENV)/bin/grader grade $$a submissions/$$a --out out/$$a || exit 1; \
	done
	@echo "Gradebooks: out/<assignment>/grades.csv; class summary: out/<assignment>/summary.html;" \
	      "TA review queue: out/<assignment>/review.md (or grader review out/<assignment>)"

lint: setup
	$(VENV)/bin/ruff check grader reference tests

test: setup lint
	$(VENV)/bin/pytest -q

bench: setup   ## batch grading benchmark (in-process, Celery with 1 and 2 workers)
	$(VENV)/bin/python bench/run.py

bench-read: setup   ## reading vs checking time on a class of 1,000 free-form submissions
	$(VENV)/bin/python bench/read.py

clean:
	rm -rf $(VENV) out .pytest_cache .ruff_cache
