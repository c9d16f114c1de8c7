# The two commands: `make run` and `make test`. Everything else is a step they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test test-future bench smoke loadfault setup lint format messages clean

run: setup
	$(BIN)/ressourcenet migrate --no-input
	$(BIN)/ressourcenet loaddemo --if-empty
	@echo ""
	@echo "Ressourcenet runs on http://127.0.0.1:$(PORT)/"
	@echo "Demo logins (password: $${DEMO_PASSWORD:-ressourcenet}):"
	@echo "  admin@example.dk        administrator"
	@echo "  koordinator@example.dk  network coordinator"
	@echo "  medlem@example.dk       member"
	@echo "  bestyrelse@example.dk   board member"
	@echo "  redaktoer@example.dk    editor"
	@echo ""
	PORT=$(PORT) $(BIN)/ressourcenet serve

test: setup
	$(BIN)/ruff check .
	$(BIN)/pytest

# The whole suite with the clock five years ahead (Debian's faketime), to catch tests and
# code that fix a year. FUTURE changes the offset, e.g. FUTURE=+10y or FUTURE='@2027-03-28 00:30:00'.
FUTURE ?= +5y
test-future: setup
	faketime -f '$(FUTURE)' $(BIN)/pytest -p no:cacheprovider

# The benchmark suite on the national data set (benchmarks/national.py, docs/performance.md):
# BENCH_SCALE=0.1 for a quick run, BENCH_ARGS=--reuse to keep the data of the last run.
# With DATABASE_URL (PostgreSQL) and REDIS_URL it adds the load test (needs wrk).
bench: setup
	$(BIN)/python benchmarks/national.py $(BENCH_ARGS)

# The production set-up for real: two gunicorn servers and a task worker on this machine's
# PostgreSQL and Redis, and a smoke test alternating between them (see .ci/smoke.py).
smoke: setup
	$(BIN)/python .ci/smoke.py

# The same set-up under load: concurrent members writing while one app worker is killed
# (SIGKILL) halfway; fails on a lost acknowledged write or a 5xx (see .ci/load_fault.py,
# docs/reliability.md). LOADFAULT_ARGS="--clients 20 --seconds 20" for the short form.
LOADFAULT_ARGS ?= --clients 50 --seconds 60
loadfault: setup
	$(BIN)/python .ci/load_fault.py $(LOADFAULT_ARGS)

setup: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: requirements-dev.lock pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Refresh the translation catalogs after changing UI text (needs GNU gettext).
messages: setup
	cd ressourcenet && ../$(BIN)/ressourcenet makemessages -l da -l en --no-obsolete --no-location
	$(BIN)/python -m ressourcenet.lib.fill_english
	cd ressourcenet && ../$(BIN)/ressourcenet compilemessages

clean:
	rm -rf $(VENV) node_modules var
