# zioinfo-mail — two commands for a newcomer:
#   make run    the webmail with its demo mail server on http://127.0.0.1:8026
#   make test   every test suite against a real Dovecot + Postfix (+ Chromium, nginx)
# Everything they need is installed by the scripts they call.

SHELL := /bin/bash
.DEFAULT_GOAL := help

.PHONY: help run test deps build backend frontend release mailstack-start mailstack-stop clean

help:
	@echo "make run      start the mail stack and the webmail on http://127.0.0.1:8026"
	@echo "make test     run every test suite (installs what is missing)"
	@echo "make build    build the backend (debug) and the SPA"
	@echo "make release  build the static release binary and the SPA"

run:
	@scripts/run-dev

test:
	@scripts/test-all

deps:
	@scripts/install-deps

build: backend frontend

backend:
	swift build --product zioinfo-mail

frontend:
	@if [ -f frontend/build.mjs ]; then scripts/install-deps frontend && node frontend/build.mjs; fi

release:
	@scripts/build-release

mailstack-start:
	@scripts/mailstack start

mailstack-stop:
	@scripts/mailstack stop

clean:
	rm -rf .build frontend/dist _workspace
