# 两个命令 / two commands: `make run` and `make test`. Both are idempotent.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := .make
export DEBUG ?= 1

.PHONY: run test deps test-deps sysdeps sysdeps-run lint check bench clean

$(STAMP)/venv: requirements/base.txt
	@mkdir -p $(STAMP)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements/base.txt
	@touch $@

$(STAMP)/test-venv: $(STAMP)/venv requirements/test.txt
	$(PY) -m pip install -q --disable-pip-version-check -r requirements/test.txt
	@touch $@

$(STAMP)/npm: package.json package-lock.json
	@mkdir -p $(STAMP)
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# System packages (fonts, chromium, …): installed with apt-get when root, else one line saying how.
sysdeps-run:
	@scripts/sysdeps run

sysdeps:
	@scripts/sysdeps test

deps: $(STAMP)/venv $(STAMP)/npm

test-deps: sysdeps deps $(STAMP)/test-venv

run: sysdeps-run deps
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --if-empty
	@echo ""
	@echo "演示账号（密码均为 liangxin-demo）：admin、county、nonpublic、social、auditor、"
	@echo "  instructor01 … instructor22、contact001 …、unit01 …"
	@echo "打开 http://127.0.0.1:$(PORT)/"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: test-deps
	$(PY) -m pytest $(PYTEST_ARGS)

lint: test-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache

check: test-deps
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

bench: test-deps
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) node_modules $(STAMP) staticfiles
