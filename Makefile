# The two commands the README leads with:
#   make run    build intake (release) and run one poll over the sample Mailbox/
#   make test   install and start what the tests need, run the whole suite, stop what it started
# Others: make build, make bench-parse, make bench-imap, make bench-extract, make bench-watch, make clean.

SWIFT ?= swift
INTAKE := .build/release/intake
# The Swift runtime and Foundation linked in: a scheduled `intake poll` that finds nothing new is
# mostly process start, and resolving those libraries at each start costs about a third of it.
RELEASE := -c release --static-swift-stdlib

.PHONY: run test build deps bench-parse bench-imap bench-extract bench-watch clean

run: build
	$(INTAKE) poll --source Mailbox --store Mailbox/.intake --rules Rules

build: deps
	$(SWIFT) build $(RELEASE) --product intake

deps:
	@scripts/install-deps.sh

test: deps
	scripts/test.sh

bench-parse: deps
	pip install --quiet fast-mail-parser
	python3 Benchmarks/parse/generate.py
	swift build -c release --product mime-bench
	python3 Benchmarks/parse/run.py

bench-imap: deps
	Benchmarks/imap/run.sh

bench-extract: deps
	$(SWIFT) build -c release --product extract-bench
	.build/release/extract-bench Rules Rules/tests

bench-watch: deps
	Benchmarks/watch/run.sh

clean:
	rm -rf .build Mailbox/.intake
