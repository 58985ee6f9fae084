#!/usr/bin/env bash
# The whole test suite, as `make test` and CI run it: starts the private Dovecot the IMAP tests talk
# to, builds and runs every test target, runs the rule tests, and stops what it started.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/dovecot.sh start
trap 'scripts/dovecot.sh stop || true' EXIT
eval "$(scripts/dovecot.sh env)"

swift build --build-tests
# The end-to-end tests run the built binary; tell them where it is.
export INTAKE_BINARY="$PWD/.build/debug/intake"
swift test --skip-build

echo "== intake rules test Rules/tests"
.build/debug/intake rules test Rules/tests
