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

.PHONY: install run test lint format reply bench clean browser front

$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is needed (found: $$($(PYTHON) --version))"; exit 1; }
	@echo "Installing the service and its test tools into $(VENV)/ (about a minute, first run only)..."
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

## Start web + worker (+ embedded Redis) on http://127.0.0.1:5000 with SQLite in instance/.
run: install
	$(FLASK) db upgrade
	$(FLASK) demo
	$(FLASK) serve

## Lint, type-check, then the whole test suite against real SQLite, PostgreSQL and Redis.
test: lint browser front
	$(BIN)/pytest

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

## Send a signed customer reply to the running service: make reply FROM=+8613800138000 BODY=确认
## For a salon on Alibaba/Tencent Cloud add PROVIDER=aliyun|tencent SIGN=签名 [EXTEND=01]: the
## reply is pushed as that provider pushes it (needs SMS_CALLBACK_TOKEN).
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
