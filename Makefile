# Quick start: `make demo` then `make test`. Everything a fresh clone needs is installed here.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= data/pst.duckdb
APT_PACKAGES := tesseract-ocr tesseract-ocr-fra libreoffice-writer-nogui chromium fonts-dejavu-core

.PHONY: demo test test-fast lint bench system-deps bytecode clean dictionary gallery

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml requirements.lock
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

# OCR needs tesseract with French, .doc/.odt need LibreOffice, the report test needs Chromium;
# installed when missing (Debian).
system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO="sudo"; \
	  $$SUDO apt-get install -y -q $$missing >/dev/null 2>&1 || { $$SUDO apt-get update -q >/dev/null && $$SUDO apt-get install -y -q $$missing >/dev/null; } \
	  || echo "warning: could not install$$missing; scanned PDFs will be recorded as errors"; \
	fi

# The project's modules byte-compiled, as pip does for an installed package (an editable install does not):
# otherwise every `pst` command compiles them again where PYTHONDONTWRITEBYTECODE is set (0.15 s a command);
# and spaCy's French tokenizer pattern compiled once (warehouse/analysis/compiled_patterns.py: 3.4 s of CPU
# saved each time the French pipeline loads), its lemmatizer's tables saved in a form read in a third of the
# time (warehouse/analysis/lemma_tables.py: 0.6 s a load), and the taxonomy's phrases analysed once
# (warehouse/analysis/phrase_analyses.py: 0.8 s each time the theme classifier is built).
bytecode: $(STAMP)
	@$(BIN)/python -m compileall -q pipeline extractors normalizers flows warehouse >/dev/null
	@$(BIN)/python -m warehouse.analysis.compiled_patterns
	@$(BIN)/python -m warehouse.analysis.lemma_tables
	@$(BIN)/python -m warehouse.analysis.phrase_analyses

demo: $(STAMP) system-deps bytecode
	$(BIN)/pst ingest data/samples --db $(DB)
	$(BIN)/pst sql "SELECT cpas_name, level, count(*) AS items FROM v_plan_items GROUP BY ALL ORDER BY ALL" --db $(DB)

# Both cores: one worker per core, each test file on one worker (its fixtures built once).
test: $(STAMP) system-deps bytecode
	$(BIN)/pytest -q -n 2 --dist loadfile

test-fast: $(STAMP) bytecode
	$(BIN)/pytest -q -n 2 --dist loadfile -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

# Regenerate tests/gallery (LibreOffice renders the Word files; French hyphenation needs hyphen-fr) and
# print its per-family scores; `pytest -s tests/gallery` checks them.
gallery: $(STAMP) system-deps
	$(BIN)/python -m tests.gallery.generate
	$(BIN)/python -m tests.gallery.report --diffs 0

# The figures of issue 13 against their anchors; `make bench BENCH=--quick` for a short run while developing.
bench: $(STAMP) system-deps bytecode
	$(BIN)/python benchmarks/memory.py
	$(BIN)/python benchmarks/run.py $(BENCH)

dictionary: $(STAMP)
	$(BIN)/python -c "import pathlib, tempfile; from warehouse.loader import Warehouse; from warehouse.dictionary import data_dictionary_markdown as md; wh = Warehouse(pathlib.Path(tempfile.mkdtemp()) / 'w.duckdb'); pathlib.Path('docs/DATA_DICTIONARY.md').write_text(md(wh.con), encoding='utf-8')"

clean:
	rm -rf $(VENV) .pytest_cache data/pst.duckdb data/pst.duckdb.wal
