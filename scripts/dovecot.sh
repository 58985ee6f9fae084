#!/usr/bin/env bash
# A private Dovecot IMAP server on 127.0.0.1 for intake's tests and benchmarks.
#
#   scripts/dovecot.sh start            install Dovecot when missing, start a private instance
#   scripts/dovecot.sh stop             stop the instance this script started (nothing else)
#   scripts/dovecot.sh restart [--hard] stop, then start (same mail, same certificate); --hard
#                                       kills it instead, dropping connections mid-answer
#   scripts/dovecot.sh status           say whether it runs, and where
#   scripts/dovecot.sh env              print shell exports for the tests: eval "$(scripts/dovecot.sh env)"
#   scripts/dovecot.sh load N [PROFILE] [MAILBOX]
#                                       put N generated messages into MAILBOX (default INBOX);
#                                       PROFILE small (~2 KB) or realistic (~300 KB average,
#                                       some 1-5 MB); default realistic
#   scripts/dovecot.sh clear [MAILBOX]  remove every message of MAILBOX (default INBOX)
#   scripts/dovecot.sh doveadm ARGS...  run doveadm against the private instance
#
# Settings (environment):
#   INTAKE_DOVECOT_DIR        state folder (default: ${TMPDIR:-/tmp}/intake-dovecot-$UID)
#   INTAKE_DOVECOT_IMAPS_PORT IMAPS port (default 10993)
#   INTAKE_DOVECOT_IMAP_PORT  IMAP/STARTTLS port (default 10143)
#
# The instance has its own base_dir, state_dir, log and instance_name; it listens on 127.0.0.1
# only, keeps its mail in Maildir under the state folder, and runs mail processes as the
# system user `vmail`. The certificate is self-signed for IP:127.0.0.1 and DNS:localhost; the
# tests trust it through INTAKE_IMAP_CA_FILE.
#
# Users (one password, in the state folder's `password` file): the sales mailbox
# sales@example.test, and two requesters on another domain, requester@school.test and
# other@school.test, whose mail scripts/postfix.sh delivers here over LMTP ($DIR/run/lmtp) after
# checking their submissions' passwords with this Dovecot ($DIR/run/auth-postfix).
set -euo pipefail

DIR="${INTAKE_DOVECOT_DIR:-${TMPDIR:-/tmp}/intake-dovecot-$(id -u)}"
IMAPS_PORT="${INTAKE_DOVECOT_IMAPS_PORT:-10993}"
IMAP_PORT="${INTAKE_DOVECOT_IMAP_PORT:-10143}"
TEST_USER="sales@example.test"
REQUESTERS="requester@school.test other@school.test"
CONF="$DIR/dovecot.conf"
PIDFILE="$DIR/run/master.pid"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

log() { echo "dovecot.sh: $*" >&2; }

install_dovecot() {
    if command -v dovecot >/dev/null 2>&1 && command -v doveadm >/dev/null 2>&1 \
        && [ -x /usr/lib/dovecot/imap ] && [ -x /usr/lib/dovecot/lmtp ]; then
        return
    fi
    log "installing dovecot-imapd and dovecot-lmtpd (once)"
    local created_policy=no
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        # Keep the package's post-install from starting the system Dovecot on 143/993.
        printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
        chmod 755 /usr/sbin/policy-rc.d
        created_policy=yes
    fi
    export DEBIAN_FRONTEND=noninteractive
    local rc=0
    { apt-get update -qq && apt-get install -y -qq --no-install-recommends dovecot-imapd dovecot-lmtpd openssl; } >&2 || rc=$?
    if [ "$created_policy" = yes ]; then rm -f /usr/sbin/policy-rc.d; fi
    if [ $rc -ne 0 ]; then log "apt-get failed ($rc)"; exit $rc; fi
    # Should a system Dovecot have been started anyway, leave it alone: we use other ports.
}

ensure_user() {
    if ! id vmail >/dev/null 2>&1; then
        useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin vmail
    fi
}

running() {
    [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null
}

write_config() {
    mkdir -p "$DIR"/{run,state,log,tls,mail}
    chmod 755 "$DIR" "$DIR/run" "$DIR/state" "$DIR/log" "$DIR/tls"
    chown vmail:vmail "$DIR/mail"
    if [ ! -f "$DIR/tls/server.crt" ]; then
        openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -sha256 \
            -keyout "$DIR/tls/server.key" -out "$DIR/tls/server.crt" \
            -subj "/CN=localhost" \
            -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
            -addext "basicConstraints=critical,CA:TRUE" >/dev/null 2>&1
        chmod 600 "$DIR/tls/server.key"
    fi
    if [ ! -f "$DIR/password" ]; then
        # A fresh random password per state folder; the tests read it from this file.
        head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$DIR/password"
        chmod 644 "$DIR/password"
    fi
    local user
    for user in $TEST_USER $REQUESTERS; do
        printf '%s:{PLAIN}%s\n' "$user" "$(cat "$DIR/password")"
    done > "$DIR/users"
    chmod 644 "$DIR/users"
    local uid gid
    uid="$(id -u vmail)"; gid="$(id -g vmail)"
    cat > "$CONF" <<CONF
# Private Dovecot for intake's tests. Written by scripts/dovecot.sh.
instance_name = intake-test-$(basename "$DIR")
base_dir = $DIR/run
state_dir = $DIR/state
log_path = $DIR/log/dovecot.log
info_log_path = $DIR/log/dovecot.log
protocols = imap lmtp
listen = 127.0.0.1
ssl = yes
ssl_cert = <$DIR/tls/server.crt
ssl_key = <$DIR/tls/server.key
ssl_min_protocol = TLSv1.2
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = $uid
last_valid_uid = 0
mail_location = maildir:$DIR/mail/%u/Maildir
mail_max_userip_connections = 200
mailbox_idle_check_interval = 1 secs
# Tests log in with wrong passwords on purpose: no 2 s failure delay, no growing penalty
# on 127.0.0.1 for the logins that follow.
auth_failure_delay = 0
default_internal_user = vmail
default_login_user = vmail
namespace inbox {
  inbox = yes
  separator = /
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $DIR/users
}
userdb {
  driver = static
  args = uid=$uid gid=$gid home=$DIR/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $IMAP_PORT
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $IMAPS_PORT
    ssl = yes
  }
  process_min_avail = 1
}
service imap {
  process_limit = 256
}
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
service auth {
  unix_listener auth-userdb {
    mode = 0666
  }
  # Postfix's SMTP server checks submission passwords here (smtpd_sasl_type = dovecot).
  unix_listener auth-postfix {
    mode = 0666
  }
}
# Postfix delivers the test users' mail here (virtual_transport = lmtp:unix:…/run/lmtp).
service lmtp {
  unix_listener lmtp {
    mode = 0666
  }
}
protocol lmtp {
  # The whole address is the user (sales@example.test), as for IMAP.
  auth_username_format = %Lu
}
CONF
}

start() {
    install_dovecot
    ensure_user
    if running; then
        log "already running (pid $(cat "$PIDFILE"))"
        return
    fi
    write_config
    # stdio redirected: the master keeps the caller's stderr open otherwise.
    dovecot -c "$CONF" </dev/null >>"$DIR/log/start.log" 2>&1
    local i
    for i in $(seq 1 100); do
        if running && (exec 3<>"/dev/tcp/127.0.0.1/$IMAPS_PORT") 2>/dev/null; then
            log "started on 127.0.0.1:$IMAPS_PORT (IMAPS) and :$IMAP_PORT (STARTTLS); eval \"\$(scripts/dovecot.sh env)\""
            return
        fi
        sleep 0.1
    done
    log "did not start; see $DIR/log/dovecot.log and $DIR/log/start.log"
    tail -n 20 "$DIR/log/start.log" "$DIR/log/dovecot.log" >&2 2>/dev/null || true
    exit 1
}

stop() {
    if ! running; then
        log "not running"
        return
    fi
    local pid children
    pid="$(cat "$PIDFILE")"
    # The master's own processes (imap, imap-login, auth, …), to make sure none outlives it.
    children="$(pgrep -P "$pid" || true)"
    kill -TERM "$pid" 2>/dev/null || true
    local i
    for i in $(seq 1 100); do
        if ! kill -0 "$pid" 2>/dev/null; then
            log "stopped"
            return
        fi
        sleep 0.1
    done
    log "master $pid did not stop in 10 s; sending KILL to it and its processes"
    kill_now "$pid" $children
}

# KILL the master and the processes given, then wait up to 5 s for the master to be gone.
kill_now() {  # pid children...
    local pid="$1" i
    shift
    kill -KILL "$pid" "$@" 2>/dev/null || true
    for i in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
}

# Like a crash: the master and all its processes killed at once, connections dropped mid-answer.
kill_hard() {
    if ! running; then
        log "not running"
        return
    fi
    local pid children
    pid="$(cat "$PIDFILE")"
    children="$(pgrep -P "$pid" || true)"
    kill_now "$pid" $children
    log "killed"
}

status() {
    if running; then
        echo "running: pid $(cat "$PIDFILE"), 127.0.0.1:$IMAPS_PORT (IMAPS), 127.0.0.1:$IMAP_PORT (STARTTLS), state $DIR"
    else
        echo "not running (state $DIR)"
        return 3
    fi
}

print_env() {
    if [ ! -f "$DIR/password" ]; then
        log "no instance set up at $DIR: run scripts/dovecot.sh start"
        exit 1
    fi
    cat <<ENV
export INTAKE_IMAP_HOST=127.0.0.1
export INTAKE_IMAP_IMAPS_PORT=$IMAPS_PORT
export INTAKE_IMAP_STARTTLS_PORT=$IMAP_PORT
export INTAKE_IMAP_USER=$TEST_USER
export INTAKE_IMAP_PASSWORD_FILE=$DIR/password
export INTAKE_IMAP_CA_FILE=$DIR/tls/server.crt
export INTAKE_IMAP_MAILDIR=$DIR/mail/$TEST_USER/Maildir
export INTAKE_IMAP_DOVECOT_SCRIPT=$here/dovecot.sh
export INTAKE_DOVECOT_LMTP_SOCKET=$DIR/run/lmtp
export INTAKE_DOVECOT_AUTH_SOCKET=$DIR/run/auth-postfix
ENV
}

generate_mail() {
    # generate_mail COUNT PROFILE OUTDIR: writes COUNT messages into a Maildir new/ folder.
    /usr/bin/python3 - "$@" <<'PYGEN'
import base64, os, random, sys, time
count, profile, out = int(sys.argv[1]), sys.argv[2], sys.argv[3]
rng = random.Random(int(os.environ.get("INTAKE_LOAD_SEED", "5")))
os.makedirs(out, exist_ok=True)
companies = ["Acme Optics GmbH", "Nordwind Trading AB", "Kobe Precision KK", "Rio Sensores Ltda",
             "Lakeside Instruments Inc", "Marmara Elektronik AS", "Vltava Systems sro"]
words = ("request license exception export control classification item quantity end user "
         "destination shipment please review attached datasheet order thanks regards").split()
stamp, pid = int(time.time()), os.getpid()
total = 0
for i in range(count):
    if profile == "small":
        attach = rng.randint(200, 1500)
    else:
        # ~300 KB average: most messages 20-320 KB, one in twenty 1-5 MB.
        if rng.random() < 0.05:
            attach = rng.randint(1_000_000, 5_000_000)
        else:
            attach = rng.randint(20_000, 320_000)
        attach = int(attach / 1.37)
    company = rng.choice(companies)
    body = " ".join(rng.choice(words) for _ in range(rng.randint(40, 200)))
    lines = "\n".join(body[j:j + 72] for j in range(0, len(body), 72))
    payload = base64.encodebytes(rng.randbytes(attach)).decode()
    boundary = f"=_intake_{i}_{stamp}"
    msg = (
        f"Return-Path: <buyer{i}@example.org>\n"
        f"From: Buyer {i} <buyer{i}@example.org>\n"
        f"To: Sales <sales@example.test>\n"
        f"Subject: License exception request {i} from {company}\n"
        f"Date: Mon, 2 Nov 2026 10:{i % 60:02d}:00 +0100\n"
        f"Message-ID: <gen-{stamp}-{i}@example.org>\n"
        f"MIME-Version: 1.0\n"
        f"Content-Type: multipart/mixed; boundary=\"{boundary}\"\n"
        f"\n"
        f"--{boundary}\n"
        f"Content-Type: text/plain; charset=utf-8\n"
        f"\n"
        f"{company} asks for an exception.\n{lines}\n"
        f"--{boundary}\n"
        f"Content-Type: application/pdf; name=\"datasheet-{i}.pdf\"\n"
        f"Content-Disposition: attachment; filename=\"datasheet-{i}.pdf\"\n"
        f"Content-Transfer-Encoding: base64\n"
        f"\n"
        f"{payload}"
        f"--{boundary}--\n"
    ).encode()
    name = f"{stamp}.M{i}P{pid}.intake-gen"
    with open(os.path.join(out, name), "wb") as f:
        f.write(msg)
    total += len(msg)
print(f"generated {count} messages, {total / 1e6:.1f} MB (LF line ends on disk)", file=sys.stderr)
PYGEN
}

adm() {
    doveadm -c "$CONF" "$@"
}

load() {
    local n="${1:?usage: dovecot.sh load N [small|realistic] [MAILBOX]}"
    local profile="${2:-realistic}"
    local mailbox="${3:-INBOX}"
    running || { log "not running: scripts/dovecot.sh start"; exit 1; }
    local maildir="$DIR/mail/$TEST_USER/Maildir"
    adm mailbox create -u "$TEST_USER" "$mailbox" 2>/dev/null || true
    adm mailbox status -u "$TEST_USER" messages "$mailbox" >/dev/null
    local target="$maildir"
    if [ "$mailbox" != INBOX ]; then
        # Maildir++ layout: a/b lives in .a.b (the namespace separator is / for clients).
        target="$maildir/.$(echo "$mailbox" | tr '/' '.')"
    fi
    # Written straight into new/ (fast), then Dovecot is made to index them.
    generate_mail "$n" "$profile" "$target/new"
    chown -R vmail:vmail "$target"
    adm force-resync -u "$TEST_USER" "$mailbox"
    adm mailbox status -u "$TEST_USER" "messages vsize" "$mailbox"
}

clear_mailbox() {
    local mailbox="${1:-INBOX}"
    adm expunge -u "$TEST_USER" mailbox "$mailbox" all
}

cmd="${1:-}"
shift || true
case "$cmd" in
    start) start ;;
    stop) stop ;;
    restart)
        if [ "${1:-}" = "--hard" ]; then kill_hard; else stop; fi
        start ;;
    status) status ;;
    env) print_env ;;
    load) load "$@" ;;
    clear) clear_mailbox "$@" ;;
    doveadm) adm "$@" ;;
    *) sed -n '2,16p' "$0" >&2; exit 2 ;;
esac
