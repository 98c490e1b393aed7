# The two set-up commands of the README: `make run` and `make test`.
# Both create .venv in the checkout, install what is needed and compile the catalogs.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install catalogs extract check bench screenshots clean bundle smoke

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP) catalogs

catalogs: $(STAMP)
	$(BIN)/pybabel compile --domain=cybercabinet --directory=i18n --statistics

# Re-extract the source strings and merge them into every catalog (for developers).
extract: $(STAMP)
	$(BIN)/pybabel extract --no-location --sort-output --mapping-file=babel.cfg \
	  --project=CyberCabinet --copyright-holder=CyberCabinet --output-file=i18n/cybercabinet.pot app
	$(BIN)/pybabel update --domain=cybercabinet --input-file=i18n/cybercabinet.pot \
	  --output-dir=i18n --no-fuzzy-matching --ignore-obsolete
	$(BIN)/python i18n/complete_english.py

run: install
	$(BIN)/cybercabinet

# The whole test suite: system packages it needs, the tests, ruff (with bandit rules), mypy.
test: install
	bash packaging/install-system-deps.sh
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: install
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/run_all.py

# Retake the screenshots of docs/screenshots/ (English; --language de|fr|it for another).
screenshots: install
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.gui.screenshots

# The installer for this platform (~2 minutes, so not part of `make test`): dist/cybercabinet/
# and dist/cybercabinet-<version>-linux-<arch>.tar.gz; then its smoke test (`make bundle smoke`).
# Windows: packaging\build.ps1 (docs/install.md).
bundle: install
	bash packaging/build.sh

smoke:
	bash packaging/smoke_test.sh dist/cybercabinet

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
