# Each target sets up its own virtual environment (.venv) on first use, then runs.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: demo test bench template clean

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "finsam-toolkit needs Python 3.11 or newer"'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@

demo: $(VENV)/.installed  ## Write and run the demo förbund into ./finsam-demo
	$(VENV)/bin/finsam demo finsam-demo --skriv-over

test: $(VENV)/.installed  ## Run the whole test suite: two workers, each test file on one (its module fixtures once)
	$(PY) -m pytest -q -n 2 --dist loadfile

bench: $(VENV)/.installed  ## Print the performance figures of every bench/ script
	@for script in bench/[!_]*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

template: $(VENV)/.installed  ## Rebuild workbooks/insatsrapport.xlsx and forbundsplan.xlsx from their declarations
	$(PY) -m toolkit.workbook
	$(PY) -m toolkit.plan.workbook

clean:
	rm -rf $(VENV) finsam-demo .pytest_cache .hypothesis
