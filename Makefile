# The two set-up commands of the README: `make run` and `make test`.
# Both create .venv in the checkout, install exactly the versions of requirements/lock.txt
# (with their hashes) and compile the catalogs. `make upgrade` refreshes the lock and tests it.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := requirements/lock.txt
# The one command that writes the lock: every extra, every platform (Windows builds use it too).
LOCK_COMMAND := $(BIN)/uv pip compile pyproject.toml requirements/build.in --all-extras \
  --universal --python-version 3.11 --generate-hashes --quiet -o $(LOCK)

.PHONY: run test install catalogs extract check bench screenshots clean bundle smoke upgrade qt-deps

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The lock first (exact versions, hashes checked, nothing resolved), then the project itself
# built with the lock's setuptools, without reaching for anything else.
$(STAMP): pyproject.toml $(LOCK) | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes --no-deps -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/pip check
	touch $(STAMP)

# Newer versions of everything within pyproject.toml's ranges, then the whole test suite on them.
upgrade: | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes --no-deps -r $(LOCK)
	$(LOCK_COMMAND) --upgrade
	$(MAKE) test

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

# The system libraries Qt's window needs on Linux (installed when root, else the apt command).
qt-deps:
	bash packaging/install-qt-deps.sh

run: install qt-deps
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
