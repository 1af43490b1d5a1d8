# jaxalign — the two commands of the README:
#   make fit    create .venv, install jaxalign, run the default fit (fits/align_generic.yaml)
#   make test   create .venv, install jaxalign[test], run the default test suite
# and:  make test-slow (long physics validations), make notebooks (execute every notebook headless into
# results/notebooks/), make bench (benchmarks; needs network for the baseline tools), make clean.
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
STAMP   = $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
FIT    ?= fits/align_generic.yaml
OUT    ?= results/align_generic
# test processes (pytest-xdist; whole files per process so that a module's compiled fixtures are built
# once): 2 matches the CI machine and brings the default suite from ~14 to ~9 min there;
# WORKERS=0 runs everything in one process
WORKERS ?= 2
XDIST   = $(if $(filter 0,$(WORKERS)),,-n $(WORKERS) --dist loadfile)

.PHONY: fit test test-slow test-all notebooks bench venv clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	rm -f $(VENV)/.installed-*; touch $(STAMP)

venv: $(STAMP)

fit: $(STAMP)
	$(VENV)/bin/jaxalign fit $(FIT) --out $(OUT)

test: $(STAMP)
	$(PY) -m pytest -q $(XDIST)

test-slow: $(STAMP)
	$(PY) -m pytest -q -m slow $(XDIST)

test-all: $(STAMP)
	$(PY) -m pytest -q -m "slow or not slow" $(XDIST)

notebooks: $(STAMP)
	$(PY) -m pip install -q -e '.[test,notebooks]'
	$(PY) notebooks/run_all.py $(NB)

bench: $(STAMP)
	$(MAKE) -C benchmarks all PY=$(abspath $(PY))

clean:
	rm -rf $(VENV) results .pytest_cache
