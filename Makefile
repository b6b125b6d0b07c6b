# Two commands matter: `make run` starts the service, `make test` proves it works.
# Both build the virtualenv they need from requirements*.txt first.

LINTED := gateway tests worker.py wsgi.py $(wildcard bench)

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
FLASK := $(BIN)/flask --app wsgi
# Local runs sign and check Twilio webhooks with this token unless you set your own.
TWILIO_AUTH_TOKEN ?= local-dev-token
export TWILIO_AUTH_TOKEN
# `make run`, `make reply` and the tests run the service for trying it on this machine; anything
# else is production, which refuses to start without PUBLIC_BASE_URL.
GATEWAY_ENV ?= development
export GATEWAY_ENV

.PHONY: install run test test-clock test-clock-e2e lint format reply bench clean browser front

$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is needed (found: $$($(PYTHON) --version))"; exit 1; }
	@echo "Installing the service and its test tools into $(VENV)/ (about a minute, first run only)..."
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

## Start web + worker (+ embedded Redis) on http://127.0.0.1:5000 with SQLite in instance/.
## SMS_PROVIDER=aliyun|tencent without that provider's account: texts go to a local stand-in of
## its API (gateway/providers/standins/), which logs each SDK request.
run: install
	$(FLASK) db upgrade
	$(FLASK) demo
	$(FLASK) serve

## Lint, type-check, then the whole test suite against real SQLite, PostgreSQL and Redis, then
## the unit and integration suites once more with the clock just after midnight in Shanghai, so a
## test bound to the hour fails whatever hour this runs at (make test-clock runs every edge).
test: lint browser front
	$(BIN)/pytest
	$(BIN)/python -m tests.run_at "$(TEST_INSTANT)" $(BIN)/pytest -q -p no:cacheprovider tests/unit tests/integration

# UTC instants at the clock's edges; from each the clock runs on through the suite.
TEST_INSTANT := 2026-12-05 16:00:30
CLOCK_INSTANTS := \
	2026-12-05_16:00:30 \
	2026-12-31_15:56:00 \
	2027-01-31_14:30:00 \
	2028-02-29_03:00:00 \
	2027-03-14_09:58:00 \
	2027-11-07_08:58:00

## The end-to-end suite (gunicorn, worker and cron processes, the browser, the front) with the
## clock moved to TEST_INSTANT (make test-clock-e2e TEST_INSTANT="2027-03-14 09:58:00" for
## another): every process it starts runs on that same moved clock. Not part of make test: it
## takes as long again as the end-to-end tests in make test (20 minutes on a busy 2-core machine).
test-clock-e2e: install browser front
	$(BIN)/python -m tests.run_at "$(TEST_INSTANT)" $(BIN)/pytest -q -p no:cacheprovider tests/e2e

## The unit and integration suites at each instant of CLOCK_INSTANTS: just after midnight in
## Shanghai (00:00:30); just before it on the last day of a year, so the run crosses into the next
## (23:56); inside quiet hours on the last day of a month (22:30); 29 February (11:00); and two
## minutes before Los Angeles's clocks spring forward (01:58 PST) and fall back (01:58 PDT).
test-clock: install
	@for instant in $(CLOCK_INSTANTS); do \
		at="$$(echo $$instant | tr _ ' ')"; echo "== the suite at $$at UTC"; \
		$(BIN)/python -m tests.run_at "$$at" $(BIN)/pytest -q -p no:cacheprovider \
			tests/unit tests/integration || exit 1; \
	done

## The console's browser tests need Debian's chromium and chromium-driver, and a CJK font so the
## pages (and their screenshots) show Chinese as a receptionist sees it, at its real width:
## installed here when missing and this is root with apt (CI runs as root); elsewhere those
## tests skip, never in CI.
browser:
	@if { [ ! -x /usr/bin/chromedriver ] || [ ! -d /usr/share/fonts/opentype/noto ]; } \
		&& [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			chromium chromium-driver fonts-noto-cjk; \
	fi

## The production front's test (deploy/nginx.conf in front of gunicorn) needs Debian's nginx:
## installed here when missing and this is root with apt (CI runs as root); elsewhere that test
## skips, never in CI. The test starts its own nginx; the package's default site is not used.
front:
	@if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ] \
		&& [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx; \
	fi

lint: install
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/mypy

format: install
	$(BIN)/ruff check --fix $(LINTED)
	$(BIN)/ruff format $(LINTED)

## Send a signed customer reply to the service `make run` runs (on its port, whatever PORT says
## here): make reply FROM=+8613800138000 BODY=确认
## For a salon on Alibaba/Tencent Cloud add PROVIDER=aliyun|tencent [SIGN=签名 EXTEND=01] (the
## demo salon's by default): the reply is pushed as that provider pushes it.
reply: install
ifdef PROVIDER
	$(FLASK) simulate-push --provider "$(PROVIDER)" --from "$(FROM)" --body "$(BODY)" \
		--sign-name "$(SIGN)" --extend-code "$(EXTEND)"
else
	$(FLASK) simulate-reply --from "$(FROM)" --body "$(BODY)"
endif

## Benchmark the four stages with short settings (a few minutes); each bench's --help has more.
bench: install
	$(BIN)/python bench/webhook.py
	$(BIN)/python bench/outbound.py --messages 500
	$(BIN)/python bench/sweep.py --sizes 20000,100000
	$(BIN)/python bench/replies_e2e.py --customers 300 --requests 4000 --duration 15

clean:
	rm -rf $(VENV) instance .pytest_cache .mypy_cache .ruff_cache
