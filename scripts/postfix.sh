#!/usr/bin/env bash
# A private Postfix on 127.0.0.1 for intake's tests: authenticated submission in, delivery into the
# private Dovecot (scripts/dovecot.sh) over LMTP, and nothing ever leaving the machine.
#
#   scripts/postfix.sh start    install Postfix when missing, start a private instance (Dovecot must run)
#   scripts/postfix.sh stop     stop the instance this script started (nothing else)
#   scripts/postfix.sh status   say whether it runs, and where
#   scripts/postfix.sh env      print shell exports for the tests: eval "$(scripts/postfix.sh env)"
#
# Settings (environment):
#   INTAKE_POSTFIX_DIR             state folder (default: ${TMPDIR:-/tmp}/intake-postfix-$UID)
#   INTAKE_POSTFIX_SMTP_PORT       SMTP port, as a domain's MX: no login, mail for the test domains only,
#                                  STARTTLS offered (default 10025)
#   INTAKE_POSTFIX_SUBMISSION_PORT submission port: STARTTLS required, then a login (default 10587)
#   INTAKE_POSTFIX_SMTPS_PORT      submission with TLS from the first byte (default 10465)
#   INTAKE_DOVECOT_DIR             the Dovecot it works with (as for scripts/dovecot.sh)
#
# The instance has its own configuration folder (postfix -c), queue, data folder and log file
# ($DIR/log/postfix.log: Postfix logs there only, there is no syslog). It accepts mail for the test
# users of Dovecot (example.test, school.test) and nobody else: every other recipient is refused at
# RCPT (554 relay denied, even after a login), local delivery and every outbound transport are
# `error:`. Logins are checked by Dovecot's auth service. tempfail@school.test always gets
# "450 4.2.0 try later", for tests of a passing failure. The certificate is self-signed for
# IP:127.0.0.1 and DNS:localhost; tests trust it through INTAKE_SMTP_CA_FILE.
set -euo pipefail

DIR="${INTAKE_POSTFIX_DIR:-${TMPDIR:-/tmp}/intake-postfix-$(id -u)}"
SMTP_PORT="${INTAKE_POSTFIX_SMTP_PORT:-10025}"
SUBMISSION_PORT="${INTAKE_POSTFIX_SUBMISSION_PORT:-10587}"
SMTPS_PORT="${INTAKE_POSTFIX_SMTPS_PORT:-10465}"
DOVECOT_DIR="${INTAKE_DOVECOT_DIR:-${TMPDIR:-/tmp}/intake-dovecot-$(id -u)}"
CONF="$DIR/conf"
USERS="sales@example.test requester@school.test other@school.test"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

log() { echo "postfix.sh: $*" >&2; }

install_postfix() {
    if [ -x /usr/sbin/postfix ] && [ -x /usr/lib/postfix/sbin/master ]; then
        return
    fi
    log "installing postfix (once)"
    "$here/install-deps.sh"
}

pid_of_master() {
    local pidfile="$DIR/queue/pid/master.pid"
    [ -f "$pidfile" ] || return 1
    local pid
    pid="$(tr -d ' \n' < "$pidfile")"
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

running() { pid_of_master >/dev/null; }

write_config() {
    mkdir -p "$CONF" "$DIR/queue" "$DIR/data" "$DIR/log" "$DIR/tls"
    # Postfix wants its queue owned by root and its data folder by its own user.
    chown root:root "$DIR/queue"
    chown postfix:postfix "$DIR/data"
    chmod 755 "$DIR" "$DIR/log" "$DIR/tls"
    if [ ! -f "$DIR/tls/server.crt" ]; then
        openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -sha256 \
            -keyout "$DIR/tls/server.key" -out "$DIR/tls/server.crt" \
            -subj "/CN=localhost" \
            -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
            -addext "basicConstraints=critical,CA:TRUE" >/dev/null 2>&1
        chmod 600 "$DIR/tls/server.key"
    fi
    local user
    for user in $USERS; do echo "$user ok"; done > "$CONF/mailboxes"
    echo "tempfail@school.test 450 4.2.0 try later" > "$CONF/recipient_access"
    cat > "$CONF/main.cf" <<CONF
# Private Postfix for intake's tests. Written by scripts/postfix.sh.
compatibility_level = 3.6
queue_directory = $DIR/queue
data_directory = $DIR/data
mail_owner = postfix
setgid_group = postdrop
myhostname = mail.example.test
mydomain = example.test
myorigin = example.test
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
smtputf8_enable = no
biff = no
append_dot_mydomain = no
# No syslog here: the log is a file, or failures are silent.
maillog_file = $DIR/log/postfix.log
maillog_file_prefixes = $DIR/log
# One crashed smtpd must not close the port for the default 60 s.
service_throttle_time = 1s
# Nothing leaves this machine: no local delivery, no relay, no outbound SMTP.
mydestination =
mynetworks =
relay_domains =
alias_maps =
alias_database =
local_transport = error:local delivery is off on this test server
default_transport = error:this test server delivers to its own test users only
relay_transport = error:this test server delivers to its own test users only
virtual_mailbox_domains = example.test school.test
virtual_mailbox_maps = texthash:$CONF/mailboxes
virtual_transport = lmtp:unix:$DOVECOT_DIR/run/lmtp
# Recipients outside the test domains are refused even after a login (554 relay denied).
smtpd_relay_restrictions = reject_unauth_destination
smtpd_recipient_restrictions = check_recipient_access texthash:$CONF/recipient_access
smtpd_sasl_type = dovecot
smtpd_sasl_path = $DOVECOT_DIR/run/auth-postfix
smtpd_sasl_auth_enable = no
smtpd_tls_cert_file = $DIR/tls/server.crt
smtpd_tls_key_file = $DIR/tls/server.key
smtpd_tls_security_level = may
smtpd_tls_loglevel = 0
CONF
    # Every service without chroot: the Dovecot sockets are outside the queue folder.
    cat > "$CONF/master.cf" <<CONF
# Private Postfix for intake's tests. Written by scripts/postfix.sh.
127.0.0.1:$SMTP_PORT inet n - n - - smtpd
127.0.0.1:$SUBMISSION_PORT inet n - n - - smtpd
  -o syslog_name=postfix/submission
  -o smtpd_tls_security_level=encrypt
  -o smtpd_tls_auth_only=yes
  -o smtpd_sasl_auth_enable=yes
  -o smtpd_client_restrictions=permit_sasl_authenticated,reject
127.0.0.1:$SMTPS_PORT inet n - n - - smtpd
  -o syslog_name=postfix/smtps
  -o smtpd_tls_wrappermode=yes
  -o smtpd_sasl_auth_enable=yes
  -o smtpd_client_restrictions=permit_sasl_authenticated,reject
pickup    unix n - n 60 1 pickup
cleanup   unix n - n - 0 cleanup
qmgr      unix n - n 300 1 qmgr
tlsmgr    unix - - n 1000? 1 tlsmgr
rewrite   unix - - n - - trivial-rewrite
bounce    unix - - n - 0 bounce
defer     unix - - n - 0 bounce
trace     unix - - n - 0 bounce
verify    unix - - n - 1 verify
flush     unix n - n 1000? 0 flush
proxymap  unix - - n - - proxymap
proxywrite unix - - n - 1 proxymap
smtp      unix - - n - - smtp
relay     unix - - n - - smtp
showq     unix n - n - - showq
error     unix - - n - - error
retry     unix - - n - - error
discard   unix - - n - - discard
local     unix - n n - - local
virtual   unix - n n - - virtual
lmtp      unix - - n - - lmtp
anvil     unix - - n - 1 anvil
scache    unix - - n - 1 scache
postlog   unix-dgram n - n - 1 postlogd
CONF
    # A configuration file younger than 2 s makes the master wait before it starts (2-3 s instead
    # of a quarter second): date them a minute back.
    touch -d "@$(( $(date +%s) - 60 ))" "$CONF"/*
}

start() {
    install_postfix
    if running; then
        log "already running (pid $(pid_of_master))"
        return
    fi
    if [ ! -S "$DOVECOT_DIR/run/lmtp" ] || [ ! -S "$DOVECOT_DIR/run/auth-postfix" ]; then
        log "no Dovecot with LMTP at $DOVECOT_DIR: run scripts/dovecot.sh start first (same INTAKE_DOVECOT_DIR)"
        exit 1
    fi
    write_config
    # stdio redirected: the master would keep the caller's stderr open.
    if ! postfix -c "$CONF" start </dev/null >>"$DIR/log/start.log" 2>&1; then
        log "did not start; see $DIR/log/start.log and $DIR/log/postfix.log"
        tail -n 20 "$DIR/log/start.log" "$DIR/log/postfix.log" >&2 2>/dev/null || true
        # Fatal main.cf errors show only on a terminal.
        script -qec "postfix -c $CONF check" /dev/null >&2 || true
        exit 1
    fi
    local i port
    for i in $(seq 1 100); do
        local up=yes
        for port in "$SMTP_PORT" "$SUBMISSION_PORT" "$SMTPS_PORT"; do
            (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { up=no; break; }
        done
        if [ $up = yes ] && running; then
            log "started on 127.0.0.1:$SUBMISSION_PORT (submission, STARTTLS), :$SMTPS_PORT (smtps), :$SMTP_PORT (smtp); eval \"\$(scripts/postfix.sh env)\""
            return
        fi
        sleep 0.1
    done
    log "did not open its ports; see $DIR/log/postfix.log"
    tail -n 20 "$DIR/log/postfix.log" >&2 2>/dev/null || true
    exit 1
}

stop() {
    local pid
    if ! pid="$(pid_of_master)"; then
        log "not running"
        return
    fi
    postfix -c "$CONF" stop </dev/null >>"$DIR/log/start.log" 2>&1 || true
    local i
    for i in $(seq 1 100); do
        if ! kill -0 "$pid" 2>/dev/null; then
            log "stopped"
            return
        fi
        sleep 0.1
    done
    log "master $pid did not stop in 10 s; sending KILL to it and its processes"
    kill -KILL "$pid" $(pgrep -P "$pid" || true) 2>/dev/null || true
}

status() {
    if running; then
        echo "running: pid $(pid_of_master), 127.0.0.1:$SUBMISSION_PORT (submission), :$SMTPS_PORT (smtps), :$SMTP_PORT (smtp), state $DIR"
    else
        echo "not running (state $DIR)"
        return 3
    fi
}

print_env() {
    if [ ! -f "$DIR/tls/server.crt" ]; then
        log "no instance set up at $DIR: run scripts/postfix.sh start"
        exit 1
    fi
    # The users log in with the Dovecot test password (the same file for all).
    cat <<ENV
export INTAKE_SMTP_HOST=127.0.0.1
export INTAKE_SMTP_PORT=$SMTP_PORT
export INTAKE_SMTP_SUBMISSION_PORT=$SUBMISSION_PORT
export INTAKE_SMTP_SMTPS_PORT=$SMTPS_PORT
export INTAKE_SMTP_CA_FILE=$DIR/tls/server.crt
export INTAKE_SMTP_SALES_USER=sales@example.test
export INTAKE_SMTP_REQUESTER_USER=requester@school.test
export INTAKE_SMTP_OTHER_USER=other@school.test
export INTAKE_SMTP_PASSWORD_FILE=$DOVECOT_DIR/password
export INTAKE_SMTP_TEMPFAIL_ADDRESS=tempfail@school.test
export INTAKE_SMTP_LOG=$DIR/log/postfix.log
export INTAKE_POSTFIX_SCRIPT=$here/postfix.sh
ENV
}

cmd="${1:-}"
shift || true
case "$cmd" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    env) print_env ;;
    *) sed -n '2,12p' "$0" >&2; exit 2 ;;
esac
