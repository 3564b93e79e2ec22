# newskg: the two set-up commands are `make run` and `make test`; both go through `make install`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STORE ?= data/store
SAMPLE := service/data/sample-article.txt

.PHONY: install run test lint quality clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml Makefile
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[model,test]'
	# Debian's Chromium for the browser tests (Playwright drives it; it never downloads its own).
	command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium missing: browser tests will be skipped (install Debian's chromium as root)"; fi; }
	touch $@

run: install
	$(BIN)/newskg ingest $(SAMPLE) --store $(STORE)
	$(BIN)/newskg serve --store $(STORE) --host 127.0.0.1 --port 5000

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check service tests benchmarks

quality: install
	$(BIN)/python benchmarks/quality.py

clean:
	rm -rf $(VENV) data .pytest_cache
