# The two commands the README leads with:
#   make run    build intake (release) and run one poll over the sample Mailbox/
#   make test   install and start what the tests need, run the whole suite, stop what it started
# Others: make build, make install, make uninstall, make bench-parse, make bench-imap, make bench-extract,
# make bench-watch, make bench-letters, make clean.

SWIFT ?= swift
INTAKE := .build/release/intake
# The Swift runtime and Foundation linked in: a scheduled `intake poll` that finds nothing new is
# mostly process start, and resolving those libraries at each start costs about a third of it.
RELEASE := -c release --static-swift-stdlib

# make install: where the installed intake lives. It finds its configuration (etc/intake) and rules
# (share/intake/Rules) from its own path, so they stay under one PREFIX. DESTDIR stages the files
# for a package. INSTALL_BINARY installs an already built binary instead of building the release
# one (the tests install the debug build).
PREFIX ?= /usr/local
DESTDIR ?=
INSTALL_BINARY ?=
BINDIR = $(DESTDIR)$(PREFIX)/bin
CONFDIR = $(DESTDIR)$(PREFIX)/etc/intake
RULESDIR = $(DESTDIR)$(PREFIX)/share/intake/Rules
UNITDIR = $(DESTDIR)$(PREFIX)/lib/systemd/system
UNITS = intake-poll.service intake-poll.timer intake-watch.service
# The units and the default configuration are written for /usr/local; installed, they name PREFIX.
FOR_PREFIX = sed -e 's|/usr/local|$(PREFIX)|g'

.PHONY: run test build deps install uninstall bench-parse bench-imap bench-extract bench-watch bench-letters clean

run: build
	$(INTAKE) poll --source Mailbox --store Mailbox/.intake --rules Rules

build: deps
	$(SWIFT) build $(RELEASE) --product intake

deps:
	@scripts/install-deps.sh

test: deps
	scripts/test.sh

install: $(if $(INSTALL_BINARY),,build)
	install -d $(BINDIR) $(CONFDIR) $(DESTDIR)$(PREFIX)/share/intake $(UNITDIR)
	install -m 0755 $(or $(INSTALL_BINARY),$(INTAKE)) $(BINDIR)/intake
	@# The rules are replaced whole: a file left from an older set would change its version. The
	@# held-out sets are the project's scoring data, not part of a working install.
	rm -rf $(RULESDIR).new
	mkdir $(RULESDIR).new
	tar -C Rules --exclude=./heldout -cf - . | tar -C $(RULESDIR).new --no-same-owner -xf -
	chmod -R u=rwX,go=rX $(RULESDIR).new
	rm -rf $(RULESDIR)
	mv $(RULESDIR).new $(RULESDIR)
	@# The configuration is the operator's: never overwritten.
	@if [ -e $(CONFDIR)/intake.yaml ]; then echo "kept $(CONFDIR)/intake.yaml"; \
	 else $(FOR_PREFIX) contrib/intake.yaml > $(CONFDIR)/intake.yaml && chmod 0644 $(CONFDIR)/intake.yaml && echo "wrote $(CONFDIR)/intake.yaml"; fi
	$(FOR_PREFIX) contrib/systemd/intake.env.example > $(CONFDIR)/intake.env.example
	for unit in $(UNITS); do $(FOR_PREFIX) contrib/systemd/$$unit > $(UNITDIR)/$$unit && chmod 0644 $(UNITDIR)/$$unit || exit 1; done

# Removes what install put there; a configuration that was changed, and the password, stay.
uninstall:
	rm -f $(BINDIR)/intake $(CONFDIR)/intake.env.example
	rm -rf $(RULESDIR)
	rmdir $(DESTDIR)$(PREFIX)/share/intake 2>/dev/null || true
	for unit in $(UNITS); do rm -f $(UNITDIR)/$$unit; done
	@if [ -e $(CONFDIR)/intake.yaml ] && $(FOR_PREFIX) contrib/intake.yaml | cmp -s - $(CONFDIR)/intake.yaml; then \
	 rm -f $(CONFDIR)/intake.yaml; elif [ -e $(CONFDIR)/intake.yaml ]; then echo "kept $(CONFDIR)/intake.yaml (changed since install)"; fi
	rmdir $(CONFDIR) 2>/dev/null || true

bench-parse: deps
	pip install --quiet fast-mail-parser
	python3 Benchmarks/parse/generate.py --profile requests
	python3 Benchmarks/parse/generate.py --profile mix
	$(SWIFT) build $(RELEASE) --product intake
	python3 Benchmarks/parse/run.py --intake $(INTAKE)

bench-imap: deps
	Benchmarks/imap/run.sh

bench-extract: deps
	$(SWIFT) build -c release --product extract-bench
	.build/release/extract-bench Rules Rules/tests

bench-watch: deps
	Benchmarks/watch/run.sh

bench-letters: deps
	$(SWIFT) build -c release --product letters-bench
	.build/release/letters-bench Rules Rules/tests

clean:
	rm -rf .build Mailbox/.intake
