# 亮赛比 — the two commands of the README, and a few helpers.
#   make run    set up and serve the demo on SQLite at http://127.0.0.1:$(PORT)
#   make test   set up and run the whole suite on SQLite and on a throwaway PostgreSQL

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PORT   ?= 8000
DEV    := DEBUG=1

.PHONY: run test venv venv-test migrate seed lint messages clean mutate

$(VENV)/.installed: requirements.txt
	@bash .ci/venv.sh "$(PYTHON)" "$(VENV)" requirements.txt
	@touch $@

# The PDF engine's libraries and the CJK font for printed summaries; without them the app still
# runs and the PDF buttons explain what is missing.
$(VENV)/.pdf-packages:
	@mkdir -p $(VENV)
	@bash .ci/system-packages.sh libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk && touch $@ \
	  || echo "Could not install the PDF packages; PDF downloads stay unavailable until they are installed."

$(VENV)/.installed-test: requirements.txt requirements-test.txt
	@bash .ci/venv.sh "$(PYTHON)" "$(VENV)" requirements-test.txt
	@touch $(VENV)/.installed $@

venv: $(VENV)/.installed
venv-test: $(VENV)/.installed-test

migrate: venv $(VENV)/.pdf-packages
	@$(DEV) $(PY) manage.py migrate --noinput -v 0

seed: migrate
	@$(DEV) $(PY) manage.py seed_demo

run: seed
	@echo ""
	@echo "亮赛比 is running at http://127.0.0.1:$(PORT)/  (Ctrl+C to stop)"
	$(DEV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

test:
	@bash .ci/test.sh

lint: venv-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Mutation testing of the rule modules, each with its own tests (bench/mutate.py; not in CI).
#   make mutate                    every module;  make mutate MODULES="text zone"  some of them
mutate: venv-test
	nice -n 10 $(PY) bench/mutate.py $(MODULES)

messages: venv
	cd $(CURDIR) && $(DEV) $(PY) manage.py makemessages -l en --no-obsolete --ignore=.venv --ignore=tests --ignore=staticfiles --ignore=test-artifacts --ignore=media
	cd $(CURDIR) && $(DEV) $(PY) manage.py compilemessages -l en -l zh_Hans --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles test-artifacts
