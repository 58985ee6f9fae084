#!/usr/bin/env bash
# Watch latency benchmark (make bench-watch): how long new mail waits between arriving in the mailbox
# and being filed by `intake watch`, over bursts of mail with realistic gaps, and whether any waits
# for good. Release builds of intake and watch-bench (this folder's Sources), the private Dovecot.
#
#   Benchmarks/watch/run.sh                 200 messages, bursts of 1-5, 0-0.5 s apart within a
#                                           burst, 0-3 s between bursts (about 2 minutes)
#   BENCH_MESSAGES=500 BENCH_SEED=7 Benchmarks/watch/run.sh
#   BENCH_BURST_MAX=5 BENCH_SPREAD_MAX=0.5 BENCH_GAP_MAX=3   the shape of the bursts (seconds)
#   BENCH_EVERY=2m                          watch's --every (the safety-net check while IDLE)
#   BENCH_LOG=FILE                          keep intake's log
#   BENCH_INTAKE=PATH                       time another intake binary (e.g. an older build)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

was_running=yes
scripts/dovecot.sh status >/dev/null 2>&1 || was_running=no
scripts/dovecot.sh start
eval "$(scripts/dovecot.sh env)"
cleanup() { if [ "$was_running" = no ]; then scripts/dovecot.sh stop; fi; }
trap cleanup EXIT

echo "== building intake and watch-bench (release)"
# The same flags as make build, so the two products share one release build.
swift build -c release --static-swift-stdlib --product intake 2>&1 | tail -1
swift build -c release --static-swift-stdlib --product watch-bench 2>&1 | tail -1

.build/release/watch-bench --intake "${BENCH_INTAKE:-.build/release/intake}" \
    --host "$INTAKE_IMAP_HOST" --port "$INTAKE_IMAP_IMAPS_PORT" --user "$INTAKE_IMAP_USER" \
    --password-file "$INTAKE_IMAP_PASSWORD_FILE" --ca-file "$INTAKE_IMAP_CA_FILE" \
    --samples Mailbox --rules Rules --every "${BENCH_EVERY:-2m}" \
    --messages "${BENCH_MESSAGES:-200}" --seed "${BENCH_SEED:-12}" --burst-max "${BENCH_BURST_MAX:-5}" \
    --spread-max "${BENCH_SPREAD_MAX:-0.5}" --gap-max "${BENCH_GAP_MAX:-3}"
