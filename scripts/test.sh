#!/usr/bin/env bash
# The whole test suite, as `make test` and CI run it: starts the private Dovecot the IMAP tests talk
# to and the private Postfix the SMTP tests submit to (it delivers into that Dovecot), builds and runs
# every test target, runs the rule tests, and stops what it started.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/dovecot.sh start
trap 'scripts/dovecot.sh stop || true' EXIT
eval "$(scripts/dovecot.sh env)"
# Postfix after Dovecot (it needs Dovecot's LMTP and auth sockets) and stopped before it (it keeps
# its auth connection open).
scripts/postfix.sh start
trap 'scripts/postfix.sh stop || true; scripts/dovecot.sh stop || true' EXIT
eval "$(scripts/postfix.sh env)"

swift build --build-tests
# The end-to-end tests run the built binary; tell them where it is.
export INTAKE_BINARY="$PWD/.build/debug/intake"
swift test --skip-build

echo "== intake rules lint Rules"
.build/debug/intake rules lint Rules
# Held-out sets, written blind and never tuned on, are scored against a floor: the score they had when
# they were scored (Rules/heldout/README.md), so a change that reads requests worse fails here. Every
# miss is listed. The aim is 0.97 of verdicts and of fields.
echo "== intake rules test Rules/heldout/set1 (written before issue 11's work)"
.build/debug/intake rules test Rules/heldout/set1 --min-verdicts 1 --min-fields 0.975
echo "== intake rules test Rules/heldout/set2 (scored once, then its misses' causes fixed through Rules/tests)"
.build/debug/intake rules test Rules/heldout/set2 --min-verdicts 0.98 --min-fields 0.975
echo "== intake rules test Rules/heldout/set3 (scored once, then its misses' causes fixed through Rules/tests)"
.build/debug/intake rules test Rules/heldout/set3 --min-verdicts 0.98 --min-fields 0.97
echo "== intake rules test Rules/heldout/set4 (scored once, then its misses' causes fixed through Rules/tests)"
.build/debug/intake rules test Rules/heldout/set4 --min-verdicts 0.98 --min-fields 0.985
echo "== intake rules test Rules/heldout/set5 (scored once, then its misses' causes fixed through Rules/tests)"
.build/debug/intake rules test Rules/heldout/set5 --min-verdicts 0.98 --min-fields 0.97
echo "== intake rules test Rules/heldout/set6 (scored once, then its misses' causes fixed through Rules/tests)"
.build/debug/intake rules test Rules/heldout/set6 --min-verdicts 0.99 --min-fields 0.975
echo "== intake rules test Rules/heldout/set7 (scored once, then its misses' causes fixed through Rules/tests)"
.build/debug/intake rules test Rules/heldout/set7 --min-verdicts 0.99 --min-fields 0.98
echo "== intake rules test Rules/heldout/set8 (scored once, then its misses' causes fixed through Rules/tests)"
.build/debug/intake rules test Rules/heldout/set8 --min-verdicts 0.99 --min-fields 0.98
echo "== intake rules test Rules/heldout/set9 (scored once, then its misses' causes fixed through Rules/tests)"
.build/debug/intake rules test Rules/heldout/set9 --min-verdicts 0.99 --min-fields 0.975
echo "== intake rules test Rules/heldout/set10 (scored once, then its misses' causes fixed through Rules/tests)"
.build/debug/intake rules test Rules/heldout/set10 --min-verdicts 0.98 --min-fields 0.98
echo "== intake rules test Rules/heldout/set11 (scored once, then its misses' causes fixed through Rules/tests)"
.build/debug/intake rules test Rules/heldout/set11 --min-verdicts 0.98 --min-fields 0.975
echo "== intake rules test Rules/heldout/set12 (scored once, then its misses' causes fixed through Rules/tests)"
.build/debug/intake rules test Rules/heldout/set12 --min-verdicts 0.98 --min-fields 0.98
echo "== intake rules test Rules/heldout/set13 (scored once, then its misses' causes fixed through Rules/tests)"
.build/debug/intake rules test Rules/heldout/set13 --min-verdicts 0.99 --min-fields 0.97
echo "== intake rules test Rules/heldout/set14 (scored once, then its misses' causes fixed through Rules/tests; its letters relabelled by reading them)"
.build/debug/intake rules test Rules/heldout/set14 --min-verdicts 0.99 --min-fields 0.975
echo "== intake rules test Rules/heldout/set15 (scored once, then its misses' causes fixed through Rules/tests)"
.build/debug/intake rules test Rules/heldout/set15 --min-verdicts 0.99 --min-fields 0.973
echo "== intake rules test Rules/heldout/set16 (scored once, then its misses' causes fixed through Rules/tests)"
.build/debug/intake rules test Rules/heldout/set16 --min-verdicts 0.99 --min-fields 0.99
echo "== intake rules test Rules/heldout/set17 (scored once, then its misses' causes fixed through Rules/tests)"
.build/debug/intake rules test Rules/heldout/set17 --min-verdicts 0.99 --min-fields 0.98
echo "== intake rules test Rules/heldout/set18 (scored once)"
.build/debug/intake rules test Rules/heldout/set18 --min-verdicts 0.97 --min-fields 0.975
echo "== intake rules test Rules/tests"
.build/debug/intake rules test Rules/tests --min-verdicts 1 --min-fields 0.996
