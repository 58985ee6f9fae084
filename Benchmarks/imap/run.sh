#!/usr/bin/env bash
# IMAP fetch benchmark (make bench-imap): intake's fetcher against mbsync (isync) and the curl
# tool (one URL per message), on the same mailbox of a private local Dovecot, in one run.
#
#   Benchmarks/imap/run.sh                 3,000 realistic messages (~300 KB average, some 1-5 MB)
#   BENCH_MESSAGES=10000 Benchmarks/imap/run.sh
#   BENCH_POLL_MESSAGES=10000              size of the mailbox for the no-news poll (small messages)
#   BENCH_POLL_RUNS=20                     no-news polls timed per tool (median reported)
#   BENCH_IN_FLIGHT=256                    intake's fetch window (messages asked for, not yet answered)
#   BENCH_ROUNDS=5                         rounds over all tools; each tool's median and fastest round are reported
#   BENCH_KEEP=1                           keep the work folder
#   BENCH_REMOTE_MESSAGES=300              messages of the remote case (a server RTT away, below)
#   BENCH_RTT_MS=40                        the remote case's round trip
#   BENCH_REMOTE_ROUNDS=5                  rounds of the remote case (default BENCH_ROUNDS)
#   BENCH_PARTS="loopback remote poll"     which parts to run
#   BENCH_SETTLE=65                        seconds to wait after a sync before timing (0: none), see below
#
# The remote case runs mbsync and `intake poll` through delay-relay.c, a TCP relay on loopback that
# holds every chunk RTT/2 in each direction (the kernel here has no netem): what a real server's
# distance costs a client that keeps too few commands in flight.
#
# It starts the private Dovecot with scripts/dovecot.sh (and leaves it running if it was),
# installs isync when missing, loads the mailboxes once (reused on later runs when their size
# matches), and prints messages/s, MB/s and peak memory (/usr/bin/time -v) per tool, the ratios,
# and the no-news poll cost, process start included.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
messages="${BENCH_MESSAGES:-3000}"
poll_messages="${BENCH_POLL_MESSAGES:-10000}"
poll_runs="${BENCH_POLL_RUNS:-20}"
in_flight="${BENCH_IN_FLIGHT:-256}"
rounds="${BENCH_ROUNDS:-5}"
remote_messages="${BENCH_REMOTE_MESSAGES:-300}"
rtt="${BENCH_RTT_MS:-40}"
remote_rounds="${BENCH_REMOTE_ROUNDS:-$rounds}"
parts=" ${BENCH_PARTS:-loopback remote poll} "
box="bench-$messages"
poll_box="bench-poll-$poll_messages"
remote_box="bench-$remote_messages"
part() { [[ "$parts" == *" $1 "* ]]; }

"$root/scripts/install-deps.sh" isync
was_running=yes
"$root/scripts/dovecot.sh" status >/dev/null 2>&1 || was_running=no
"$root/scripts/dovecot.sh" start
eval "$("$root/scripts/dovecot.sh" env)"
password="$(cat "$INTAKE_IMAP_PASSWORD_FILE")"

work="$(mktemp -d "${TMPDIR:-/tmp}/intake-bench-imap.XXXXXX")"
relay_pid=
cleanup() {
    if [ -n "$relay_pid" ]; then kill "$relay_pid" 2>/dev/null || true; fi
    if [ "${BENCH_KEEP:-0}" != 1 ]; then rm -rf "$work"; else echo "kept $work"; fi
    if [ "$was_running" = no ]; then "$root/scripts/dovecot.sh" stop; fi
}
trap cleanup EXIT

bench="$work/.build/release/imap-bench"
if part loopback || part poll; then
    echo "== building imap-bench (release)"
    swift build -c release --package-path "$here" --scratch-path "$work/.build" 2>&1 | tail -1
fi

count_messages() {
    "$root/scripts/dovecot.sh" doveadm mailbox status -u "$INTAKE_IMAP_USER" messages "$1" 2>/dev/null | sed 's/.*messages=//' || echo 0
}
ensure_mailbox() {  # name count profile
    local have
    have="$(count_messages "$1")"
    if [ "$have" != "$2" ]; then
        echo "== loading $2 $3 messages into $1 (had ${have:-0})"
        "$root/scripts/dovecot.sh" doveadm mailbox delete -u "$INTAKE_IMAP_USER" "$1" >/dev/null 2>&1 || true
        "$root/scripts/dovecot.sh" load "$2" "$3" "$1" >/dev/null
    fi
}
if part loopback; then ensure_mailbox "$box" "$messages" realistic; fi
if part poll; then ensure_mailbox "$poll_box" "$poll_messages" small; fi
if part remote; then ensure_mailbox "$remote_box" "$remote_messages" realistic; fi
# ext4 without a journal (this VM's root) skips inodes freed in the last minute when it makes new ones
# (five minutes while their table block is still dirty): a pass right after a big `rm -rf` (the test
# suite's, or an earlier benchmark's clean-up) made its files 30-50 % slower, and intake, which makes five
# a case where mbsync makes one, lost most. Flushed, then a minute's wait, every tool starts level.
settle="${BENCH_SETTLE:-65}"
if [ "$settle" -gt 0 ]; then echo "== sync, then ${settle} s for recently freed inodes to age (BENCH_SETTLE=0 skips)"; sync; sleep "$settle"; fi

mailbox_vsize() { "$root/scripts/dovecot.sh" doveadm mailbox status -u "$INTAKE_IMAP_USER" vsize "$1" | sed 's/.*vsize=//'; }

# mbsync: one channel per mailbox, pulling into a Maildir, state kept beside it. It checks the
# certificate by name only (DNS:localhost), not by address.
mbsync_conf() {  # mailbox maildir [port]
    cat <<CONF
IMAPAccount bench
Host localhost
Port ${3:-$INTAKE_IMAP_IMAPS_PORT}
User $INTAKE_IMAP_USER
PassCmd "cat $INTAKE_IMAP_PASSWORD_FILE"
SSLType IMAPS
CertificateFile $INTAKE_IMAP_CA_FILE

IMAPStore remote
Account bench

MaildirStore local
Path $2/
Inbox $2/INBOX
SubFolders Verbatim

Channel bench
Far :remote:$1
Near :local:INBOX
Sync Pull
Create Near
Expunge None
SyncState *
CONF
}

# Runs a command under /usr/bin/time -v; keeps every round's seconds, and the tool's peak memory
# and client CPU of its fastest round.
# Every round writes to folders of its own: nothing is deleted while tools are timed (on ext4
# without a journal, files deleted in the last minutes make creating new ones slow).
measure() {  # label command...
    local label="$1"; shift
    local start end seconds peak_kb cpu before after others idle
    # Each tool starts with nothing of the previous one's waiting to be written to disk.
    sync
    before="$(cpu_times)"
    start="$(date +%s.%N)"
    /usr/bin/time -v -o "$work/$label.time" "$@" >"$work/$label.out" 2>&1 || {
        echo "$label failed:"; tail -n 20 "$work/$label.out"; exit 1; }
    end="$(date +%s.%N)"
    after="$(cpu_times)"
    seconds="$(calc "$end - $start")"
    peak_kb="$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/$label.time")"
    cpu="$(awk -F': ' '/User time|System time/ { t += $2 } END { printf "%.2f", t }' "$work/$label.time")"
    # What the rest of the machine ran meanwhile (the server, the relay, the kernel's writeback), and
    # how long the cores sat idle: where the server shares the client's cores, this is the share the
    # tool could not have.
    others="$(calc "$(echo "$after" | cut -d' ' -f1) - $(echo "$before" | cut -d' ' -f1) - $cpu")"
    idle="$(calc "$(echo "$after" | cut -d' ' -f2) - $(echo "$before" | cut -d' ' -f2)")"
    echo "   round $round: $label $seconds s (client CPU $cpu s, the rest of the machine $(printf %.2f "$others") s, cores idle $(printf %.2f "$idle") s)"
    all[$label]="${all[$label]:-} $seconds"
    if [ -z "${secs[$label]:-}" ] || awk "BEGIN { exit !($seconds < ${secs[$label]}) }"; then
        secs[$label]="$seconds"; peak[$label]="$peak_kb"; cpus[$label]="$cpu"; rest[$label]="$others"
    fi
}

# Seconds of CPU the whole machine ran (user, nice, system, interrupts) and sat idle (with I/O wait), from /proc/stat.
cpu_times() {
    awk -v hz="$(getconf CLK_TCK)" '/^cpu / { printf "%.3f %.3f\n", ($2 + $3 + $4 + $7 + $8) / hz, ($5 + $6) / hz }' /proc/stat
}

# The median of a tool's rounds (the mean of the middle two for an even count).
median() {  # label
    echo ${all[$1]} | tr ' ' '\n' | sort -g | awk '{ a[NR] = $1 } END { printf "%.6f", (a[int((NR + 1) / 2)] + a[int(NR / 2) + 1]) / 2 }'
}

calc() { awk "BEGIN { printf \"%.6f\", $1 }"; }

declare -A secs peak files cpus all rest
report_line() {  # label files [mailbox size]
    local mb rate mbps med
    mb="$(calc "${3:-$vsize} / 1000000")"
    med="$(median "$1")"
    rate="$(calc "$2 / $med")"
    mbps="$(calc "$mb / $med")"
    printf "%-10s %8d %8.1f %9.2f %9.2f %8.0f %7.1f %8.1f %9.2f %9.2f\n" "$1" "$2" "$mb" "$med" "${secs[$1]}" "$rate" "$mbps" "$(calc "${peak[$1]} / 1024")" "${cpus[$1]}" "${rest[$1]}"
}

# intake's whole pipeline: fetch, parse, extract, rules, file (archive + SQLite), flag on the server.
echo "== building intake (release)"
(cd "$root" && swift build -c release --static-swift-stdlib --product intake 2>&1 | tail -1)  # as make build
intake_bin="$root/.build/release/intake"
clear_flags() {  # mailbox: undo --keep-in-inbox's $Intake flags so the next run sees the mail as new
    curl -s --cacert "$INTAKE_IMAP_CA_FILE" -u "$INTAKE_IMAP_USER:$password" \
        "imaps://$INTAKE_IMAP_HOST:$INTAKE_IMAP_IMAPS_PORT/$1" -X 'UID STORE 1:* -FLAGS ($Intake)' >/dev/null || true
}
intake_poll() {  # mailbox store [port]
    "$intake_bin" poll --imap "imaps://$INTAKE_IMAP_HOST:${3:-$INTAKE_IMAP_IMAPS_PORT}/$1" --user "$INTAKE_IMAP_USER" \
        --password-file "$INTAKE_IMAP_PASSWORD_FILE" --ca-file "$INTAKE_IMAP_CA_FILE" --keep-in-inbox \
        --store "$2" --rules "$root/Rules"
}

loopback() {
vsize="$(mailbox_vsize "$box")"
echo "== fetching $messages messages ($((vsize / 1000000)) MB) from $box, $rounds rounds"
# Every tool reads the same warm page cache: read the mailbox's files once first.
find "$INTAKE_IMAP_MAILDIR/.$box" -type f -exec cat {} + >/dev/null 2>&1 || true

# curl: one process, one connection, one URL (UID FETCH n BODY[]) per message.
uids="$(curl -s --cacert "$INTAKE_IMAP_CA_FILE" -u "$INTAKE_IMAP_USER:$password" \
    "imaps://$INTAKE_IMAP_HOST:$INTAKE_IMAP_IMAPS_PORT/$box" -X 'UID SEARCH ALL' | sed -n 's/^\* SEARCH //p' | tr -d '\r')"
curl_config() {  # output folder
    echo "user = \"$INTAKE_IMAP_USER:$password\""
    echo "cacert = \"$INTAKE_IMAP_CA_FILE\""
    for uid in $uids; do
        echo "url = \"imaps://$INTAKE_IMAP_HOST:$INTAKE_IMAP_IMAPS_PORT/$box;UID=$uid\""
        echo "output = \"$1/$uid.eml\""
    done
}


for round in $(seq 1 "$rounds"); do
    measure intake "$bench" fetch --mailbox "$box" --out "$work/intake.$round" --in-flight "$in_flight"
    files[intake]="$(ls "$work/intake.$round" | wc -l)"

    mkdir -p "$work/mbsync.$round"
    mbsync_conf "$box" "$work/mbsync.$round" > "$work/mbsyncrc.$round"
    measure mbsync mbsync -c "$work/mbsyncrc.$round" -q bench
    files[mbsync]="$(find "$work/mbsync.$round/INBOX" -type f -path '*/cur/*' -o -type f -path '*/new/*' | wc -l)"

    mkdir -p "$work/curl.$round"
    curl_config "$work/curl.$round" > "$work/curl.config"
    chmod 600 "$work/curl.config"
    measure curl curl -s -K "$work/curl.config"
    files[curl]="$(ls "$work/curl.$round" | wc -l)"

    clear_flags "$box"
    # /usr/bin/time runs programs, not shell functions: spell the command out.
    measure pipeline "$intake_bin" poll --imap "imaps://$INTAKE_IMAP_HOST:$INTAKE_IMAP_IMAPS_PORT/$box" --user "$INTAKE_IMAP_USER" \
        --password-file "$INTAKE_IMAP_PASSWORD_FILE" --ca-file "$INTAKE_IMAP_CA_FILE" --keep-in-inbox \
        --store "$work/store.$round" --rules "$root/Rules"
    files[pipeline]="$(find "$work/store.$round/Accepted" "$work/store.$round/Rejected" "$work/store.$round/Review" -mindepth 1 -maxdepth 1 -type d | wc -l)"
    clear_flags "$box"
done

echo
printf "%-10s %8s %8s %9s %9s %8s %7s %8s %9s %9s\n" tool messages MB "median s" "fastest s" "msg/s" "MB/s" "peak MB" "CPU s" "others s"
report_line pipeline "${files[pipeline]}"
report_line intake "${files[intake]}"
report_line mbsync "${files[mbsync]}"
report_line curl "${files[curl]}"
echo "(msg/s and MB/s at the median; peak memory, client CPU and the rest of the machine's CPU (others: the server, the kernel's writeback) of the fastest round)"
for label in pipeline intake mbsync curl; do printf "  %-9s rounds:%s\n" "$label" "${all[$label]}"; done
printf "ratios: intake's full pipeline (fetch+parse+rules+file) is %.2fx mbsync's bare fetch speed by median, %.2fx fastest against fastest (target >= 1); %.2fx curl's\n" \
    "$(calc "$(median mbsync) / $(median pipeline)")" "$(calc "${secs[mbsync]} / ${secs[pipeline]}")" "$(calc "$(median curl) / $(median pipeline)")"
printf "ratios: intake's fetch alone is %.2fx mbsync's speed by median (%.2fx fastest), %.2fx curl's; peak memory %.2fx mbsync's\n" \
    "$(calc "$(median mbsync) / $(median intake)")" "$(calc "${secs[mbsync]} / ${secs[intake]}")" \
    "$(calc "$(median curl) / $(median intake)")" \
    "$(calc "${peak[intake]} / ${peak[mbsync]}")"
}
if part loopback; then loopback; fi

# The remote case: mbsync and intake's whole pipeline through the relay, round by round.
remote() {
local rvsize
rvsize="$(mailbox_vsize "$remote_box")"
cc -O2 -pthread -o "$work/delay-relay" "$here/delay-relay.c"
"$work/delay-relay" 0 "$INTAKE_IMAP_HOST" "$INTAKE_IMAP_IMAPS_PORT" "$rtt" >"$work/relay.out" 2>&1 &
relay_pid=$!
for _ in $(seq 1 100); do grep -q '^ready' "$work/relay.out" 2>/dev/null && break; sleep 0.1; done
relay_port="$(sed -n 's/^ready //p' "$work/relay.out")"
[ -n "$relay_port" ] || { echo "the delay relay did not start:"; cat "$work/relay.out"; exit 1; }
echo
echo "== remote: $remote_messages messages ($((rvsize / 1000000)) MB) from $remote_box through a ${rtt} ms round trip, $remote_rounds rounds"
find "$INTAKE_IMAP_MAILDIR/.$remote_box" -type f -exec cat {} + >/dev/null 2>&1 || true
clear_flags "$remote_box"
for round in $(seq 1 "$remote_rounds"); do
    mkdir -p "$work/rmbsync.$round"
    mbsync_conf "$remote_box" "$work/rmbsync.$round" "$relay_port" > "$work/rmbsyncrc.$round"
    measure "mbsync@${rtt}ms" mbsync -c "$work/rmbsyncrc.$round" -q bench
    files["mbsync@${rtt}ms"]="$(find "$work/rmbsync.$round/INBOX" -type f -path '*/cur/*' -o -type f -path '*/new/*' | wc -l)"

    measure "pipeline@${rtt}ms" "$intake_bin" poll --imap "imaps://$INTAKE_IMAP_HOST:$relay_port/$remote_box" --user "$INTAKE_IMAP_USER" \
        --password-file "$INTAKE_IMAP_PASSWORD_FILE" --ca-file "$INTAKE_IMAP_CA_FILE" --keep-in-inbox \
        --store "$work/rstore.$round" --rules "$root/Rules"
    files["pipeline@${rtt}ms"]="$(find "$work/rstore.$round/Accepted" "$work/rstore.$round/Rejected" "$work/rstore.$round/Review" -mindepth 1 -maxdepth 1 -type d | wc -l)"
    clear_flags "$remote_box"
done
kill "$relay_pid" 2>/dev/null || true
relay_pid=
echo
printf "%-14s %8s %8s %9s %9s %8s %7s %8s %9s %9s\n" tool messages MB "median s" "fastest s" "msg/s" "MB/s" "peak MB" "CPU s" "others s"
report_line "pipeline@${rtt}ms" "${files["pipeline@${rtt}ms"]}" "$rvsize"
report_line "mbsync@${rtt}ms" "${files["mbsync@${rtt}ms"]}" "$rvsize"
for label in "pipeline@${rtt}ms" "mbsync@${rtt}ms"; do printf "  %-15s rounds:%s\n" "$label" "${all[$label]}"; done
printf "ratios: at a %s ms round trip, intake's full pipeline is %.2fx mbsync's bare fetch speed by median, %.2fx fastest against fastest (goal >= 1.2)\n" \
    "$rtt" "$(calc "$(median "mbsync@${rtt}ms") / $(median "pipeline@${rtt}ms")")" "$(calc "${secs["mbsync@${rtt}ms"]} / ${secs["pipeline@${rtt}ms"]}")"
}
if part remote; then remote; fi

if part poll; then
echo
echo "== no-news poll on $poll_messages messages ($poll_box), median of $poll_runs, process start included"
uidnext="$("$root/scripts/dovecot.sh" doveadm mailbox status -u "$INTAKE_IMAP_USER" uidnext "$poll_box" | sed 's/.*uidnext=//')"
mkdir -p "$work/mbsync-poll"
mbsync_conf "$poll_box" "$work/mbsync-poll" > "$work/mbsyncrc-poll"
mbsync -c "$work/mbsyncrc-poll" -q bench   # first sync: fetch everything once
median_ms() {  # command...
    local i start end
    for i in $(seq 1 "$poll_runs"); do
        start="$(date +%s%N)"
        "$@" >/dev/null 2>&1
        end="$(date +%s%N)"
        echo $(( (end - start) / 1000 ))
    done | sort -n | awk '{ a[NR] = $1 } END { printf "%.1f", a[int((NR + 1) / 2)] / 1000 }'
}
"$bench" poll --mailbox "$poll_box" --uidnext "$uidnext"
intake_ms="$(median_ms "$bench" poll --mailbox "$poll_box" --uidnext "$uidnext")"
# The real command: a first poll files the mailbox, then time the polls that find nothing new.
clear_flags "$poll_box"
intake_poll "$poll_box" "$work/poll-store" >/dev/null
cli_ms="$(median_ms intake_poll "$poll_box" "$work/poll-store")"
clear_flags "$poll_box"
mbsync_ms="$(median_ms mbsync -c "$work/mbsyncrc-poll" -q bench)"
curl_ms="$(median_ms curl -s --cacert "$INTAKE_IMAP_CA_FILE" -u "$INTAKE_IMAP_USER:$password" \
    "imaps://$INTAKE_IMAP_HOST:$INTAKE_IMAP_IMAPS_PORT/" -X "STATUS $poll_box (UIDNEXT UIDVALIDITY MESSAGES)")"
printf "%-22s %8s ms\n" "intake poll (command)" "$cli_ms" "intake (fetcher only)" "$intake_ms" "mbsync" "$mbsync_ms" "curl STATUS" "$curl_ms"
printf "ratio: intake poll's no-news cost is %.2fx mbsync's (target <= 0.5); the fetcher alone %.2fx\n" \
    "$(calc "$cli_ms / $mbsync_ms")" "$(calc "$intake_ms / $mbsync_ms")"
fi
