# parley — `make run` builds and starts it, `make test` runs every test against a throwaway PostgreSQL.
SWIFT ?= swift
PREFIX ?= /usr/local
ARGS ?=

# Debian packages: the C libraries parley links, and what the tests need besides.
BUILD_PACKAGES := libedit-dev libcurl4-openssl-dev libpq-dev libsqlite3-dev dpkg-dev libssl-dev
TEST_PACKAGES := $(BUILD_PACKAGES) postgresql mandoc python3 python3-venv sqlite3 openssl
# Chainlit's data layer, installed from PyPI for the compatibility tests.
CHAINLIT_VENV := .build/chainlit-venv
# Release builds link the Swift runtime and Foundation statically: measured here, that saves about 6 MiB
# of resident memory and a third of the start-up CPU that loading their shared libraries costs. lld packs
# the relative relocations (1.8 MiB of them otherwise read at every start) and lays the functions of
# Linker/parley.order side by side: a piped prompt maps 5.2 MiB of parley's code instead of 9.7 MiB. parley's
# code asks for the metadata of its generic types directly rather than by mangled name, which the runtime
# demangled and checked against every protocol conformance in the binary: 0.8 ms of CPU in a piped prompt.
RELEASE := -c release --static-swift-stdlib -Xswiftc -use-ld=lld -Xlinker -z -Xlinker pack-relative-relocs \
	-Xlinker --symbol-ordering-file=$(CURDIR)/Linker/parley.order -Xlinker --no-warn-symbol-ordering \
	-Xswiftc -Xfrontend -Xswiftc -disable-concrete-type-metadata-mangled-name-accessors

# The C++ library the Swift runtime needs is linked in, where the compiler's development files have its archive:
# loading libstdc++.so and binding its symbols cost a piped prompt 1.3 ms. A folder holding only the archive,
# searched first, makes the link take it for -lstdc++.
STATIC_CXX := .build/static-libstdc++
CXX_ARCHIVE := $(wildcard $(shell clang++ -print-file-name=libstdc++.a 2>/dev/null))
ifneq ($(CXX_ARCHIVE),)
RELEASE += -Xlinker -L$(CURDIR)/$(STATIC_CXX)
LINK_INPUTS := $(STATIC_CXX)/libstdc++.a
endif

# parley's own libcurl (HTTP and TLS only) and libpq (TLS, no Kerberos or LDAP), built by
# Libraries/build-library.sh, with a second libpq without TLS for servers on this machine. A build in
# .build finds them in lib/parley of its build folder, as an installed parley finds them in
# $(PREFIX)/lib/parley; without them parley falls back to the system's libraries. They use the system's
# OpenSSL, and each is built again when its Debian development package is upgraded (the package's file
# list changes), so they take up the same fixes.
PRIVATE_LIBRARIES := .build/$(shell uname -m)-unknown-linux-gnu/lib/parley
CURL_LIBRARY := $(PRIVATE_LIBRARIES)/libcurl.so.4
PQ_LIBRARY := $(PRIVATE_LIBRARIES)/libpq.so.5
PQ_PLAIN_LIBRARY := $(PRIVATE_LIBRARIES)/libpq-plain.so.5
LIBRARIES := $(CURL_LIBRARY) $(PQ_LIBRARY) $(PQ_PLAIN_LIBRARY)
package_list = $(subst :,\:,$(wildcard /var/lib/dpkg/info/$(1)*.list))

.PHONY: run build test install bench link-order deps test-deps clean

# With no provider configured or in the environment, the first chat is with a small model served locally.
run: deps build
	@if ./.build/release/parley --list-providers >/dev/null 2>&1; then \
		./.build/release/parley $(ARGS); \
	else \
		Tests/LocalModel/run-local.sh ./.build/release/parley $(ARGS); \
	fi

build: $(LIBRARIES) $(LINK_INPUTS)
	$(SWIFT) build $(RELEASE) --product parley

$(STATIC_CXX)/libstdc++.a: $(CXX_ARCHIVE)
	@mkdir -p $(STATIC_CXX)
	ln -sfn $< $@

$(CURL_LIBRARY): Libraries/build-library.sh $(call package_list,libcurl4-openssl-dev)
	@.ci/ensure-packages $(BUILD_PACKAGES)
	Libraries/build-library.sh curl $@

$(PQ_LIBRARY): Libraries/build-library.sh $(call package_list,libpq-dev)
	@.ci/ensure-packages $(BUILD_PACKAGES)
	Libraries/build-library.sh libpq $@

$(PQ_PLAIN_LIBRARY): Libraries/build-library.sh $(call package_list,libpq-dev)
	@.ci/ensure-packages $(BUILD_PACKAGES)
	Libraries/build-library.sh libpq-plain $@

# The end-to-end tests wait on child processes; run apart, they never hold up the library tests' async work.
# They run the release binary, the one `make run` and `make install` give people.
test: test-deps $(CHAINLIT_VENV)/ready $(LIBRARIES) $(LINK_INPUTS)
	$(SWIFT) build --build-tests
	$(SWIFT) build $(RELEASE) --product parley
	PARLEY_TEST_CHAINLIT_PYTHON=$(CURDIR)/$(CHAINLIT_VENV)/bin/python Tests/with-postgres.sh sh -c \
		'$(SWIFT) test --skip-build --disable-xctest --skip EndToEndTests && \
		 PARLEY_BINARY=$(CURDIR)/.build/release/parley $(SWIFT) test --skip-build --disable-xctest --filter EndToEndTests'

$(CHAINLIT_VENV)/ready: Tests/EndToEndTests/Chainlit/requirements.txt
	python3 -m venv $(CHAINLIT_VENV)
	$(CHAINLIT_VENV)/bin/pip install --quiet --disable-pip-version-check -r $<
	touch $@

install: deps build
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/parley $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 0755 .build/release/parley $(DESTDIR)$(PREFIX)/bin/parley
	install -m 0644 $(LIBRARIES) $(DESTDIR)$(PREFIX)/lib/parley
	install -m 0644 man/parley.1 $(DESTDIR)$(PREFIX)/share/man/man1/parley.1

bench: test-deps build
	@.ci/ensure-packages time
	python3 Benchmarks/run.py .build/release/parley
	Tests/with-postgres.sh sh -c \
		'PARLEY_BENCH_DATABASE_URL=$$PARLEY_TEST_DATABASE_URL python3 Benchmarks/chat.py .build/release/parley'
	$(SWIFT) build $(RELEASE) --product parley-provider-bench
	python3 Benchmarks/providers.py .build/release/parley-provider-bench
	$(SWIFT) build $(RELEASE) --product parley-store-bench
	Tests/with-postgres.sh sh -c \
		'python3 Benchmarks/store.py .build/release/parley-store-bench "$$PARLEY_TEST_DATABASE_URL" 100000 \
		 .build/release/parley'

# Regenerates Linker/parley.order from the paths a release build runs most (see Linker/order.py).
link-order: test-deps build
	@.ci/ensure-packages valgrind
	Tests/with-postgres.sh sh -c \
		'PARLEY_ORDER_DATABASE_URL=$$PARLEY_TEST_DATABASE_URL python3 Linker/order.py .build/release/parley'
	rm -f .build/release/parley  # the build does not see the list as an input: the next one relinks

deps:
	@.ci/ensure-packages $(BUILD_PACKAGES)

test-deps:
	@.ci/ensure-packages $(TEST_PACKAGES)

clean:
	rm -rf .build
