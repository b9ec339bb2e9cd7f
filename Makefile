# Slipway — the README's commands. `make run` and `make test` install what is missing first.

SHELL := /bin/bash
.DEFAULT_GOAL := help

# Debian packages Slipway builds against, and the tools its tests and benchmarks drive.
DEB_PACKAGES := libgit2-dev libcurl4-openssl-dev libsqlite3-dev libyaml-dev libssl-dev \
                libmicrohttpd-dev zlib1g-dev pkg-config git python3 python3-yaml
SWIFT ?= swift
SWIFT_BUILD_FLAGS ?=
CONFIG ?= debug
DATA ?= .slipway
PORT ?= 8080
BIN = .build/$(CONFIG)/slipway

.PHONY: help deps build release test lint format run bench fuzz-api clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

deps: ## install the missing Debian packages (apt-get update only when something is missing)
	@missing=$$(for p in $(DEB_PACKAGES); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	    echo "installing:" $$missing; \
	    if [ "$$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi; \
	    $$sudo apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@command -v $(SWIFT) >/dev/null || { echo "error: no Swift toolchain on PATH; install Swift 6 from swift.org and retry" >&2; exit 2; }

build: deps ## build the debug binary (.build/debug/slipway)
	$(SWIFT) build $(SWIFT_BUILD_FLAGS)

release: deps ## build the optimized binary (.build/release/slipway)
	$(SWIFT) build -c release $(SWIFT_BUILD_FLAGS)

lint: ## check formatting (swift format lint --strict)
	$(SWIFT) format lint --strict --parallel -r Package.swift Sources Tests bench

format: ## rewrite sources in the house format
	$(SWIFT) format format --in-place --parallel -r Package.swift Sources Tests bench

test: deps lint ## install what is missing, build, lint, run every test
	$(SWIFT) build --build-tests $(SWIFT_BUILD_FLAGS)
	$(SWIFT) test --skip-build $(SWIFT_BUILD_FLAGS)
	MAX_TIME=45 BIN=$(BIN) bash Tests/Fuzz/fuzz-api.sh

fuzz-api: build ## fuzz the admin API from its OpenAPI document with schemathesis (no 5xx allowed)
	MAX_TIME=$${MAX_TIME:-300} BIN=$(BIN) bash Tests/Fuzz/fuzz-api.sh

run: build ## start `slipway serve` on the embedded default with a working demo (docs/demo/serve-demo.sh)
	BIN=$(BIN) DATA=$(DATA) PORT=$(PORT) bash docs/demo/serve-demo.sh

bench: DEB_PACKAGES += wrk
bench: deps ## build optimized and run every benchmark in bench/ (ratios against baselines)
	$(SWIFT) build -c release $(SWIFT_BUILD_FLAGS)
	@for script in bench/*.sh; do echo "== $$script"; SLIPWAY=.build/release/slipway bash "$$script" || exit 1; done

clean: ## remove build products and benchmark scratch data
	rm -rf .build bench/.work
