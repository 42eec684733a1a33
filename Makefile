# parley — `make run` builds and starts it, `make test` runs every test against a throwaway PostgreSQL.
SWIFT ?= swift
PREFIX ?= /usr/local
ARGS ?=

# Debian packages: the C libraries parley links, and what the tests need besides.
BUILD_PACKAGES := libedit-dev libcurl4-openssl-dev libpq-dev libsqlite3-dev
TEST_PACKAGES := $(BUILD_PACKAGES) postgresql mandoc python3

.PHONY: run build test install bench deps test-deps clean

run: deps build
	./.build/release/parley $(ARGS)

build:
	$(SWIFT) build -c release --product parley

test: test-deps
	$(SWIFT) build --build-tests
	Tests/with-postgres.sh $(SWIFT) test --skip-build --disable-xctest

install: deps build
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 0755 .build/release/parley $(DESTDIR)$(PREFIX)/bin/parley
	install -m 0644 man/parley.1 $(DESTDIR)$(PREFIX)/share/man/man1/parley.1

bench: deps build
	python3 Benchmarks/run.py .build/release/parley
	$(SWIFT) build -c release --product parley-provider-bench
	python3 Benchmarks/providers.py .build/release/parley-provider-bench

deps:
	@.ci/ensure-packages $(BUILD_PACKAGES)

test-deps:
	@.ci/ensure-packages $(TEST_PACKAGES)

clean:
	rm -rf .build
