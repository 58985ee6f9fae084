#!/usr/bin/env bash
# Installs the system packages intake builds against: libcurl (OpenSSL flavour) headers for the
# IMAP fetcher, SQLite headers for the store, Snowball's stemmers for extraction, the Public Suffix
# List (libpsl) for which organization a domain belongs to, and pkg-config; the converters that read
# attached letters, each run in its own confined process: poppler (pdfinfo, pdftotext, pdftoppm), Tesseract
# with its English, Spanish and Portuguese data, unzip for DOCX and ODT, antiword for Word 97-2003 (.doc),
# and prlimit (util-linux) for limits;
# and for the tests, python3's jsonschema, which checks every command's JSON against Schemas/case.schema.json,
# strace, which counts the converters a command starts (a letter read from the store's cache starts none),
# and Postfix with Dovecot's IMAP and LMTP servers (the private mail servers scripts/postfix.sh and scripts/dovecot.sh
# run; their packages' own services are never started: see below).
# Idempotent: apt-get runs only when a package is missing, and `apt-get update` at most once.
set -euo pipefail

packages=(libcurl4-openssl-dev libsqlite3-dev libstemmer-dev libpsl-dev pkg-config
          poppler-utils tesseract-ocr tesseract-ocr-eng tesseract-ocr-spa tesseract-ocr-por unzip antiword util-linux
          postfix dovecot-imapd dovecot-lmtpd strace)
# Extra packages may be asked for: scripts/install-deps.sh isync
packages+=("$@")

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$p")
    fi
done

# The tests' schema check runs whichever python3 is first on PATH: Debian's package serves the system
# one, pip any other (a pyenv or venv python does not see Debian's packages).
if ! python3 -c 'import jsonschema' 2>/dev/null; then
    if [ "$(command -v python3)" = /usr/bin/python3 ]; then
        missing+=(python3-jsonschema)
    else
        echo "install-deps: installing jsonschema with pip for $(command -v python3)" >&2
        python3 -m pip install --quiet jsonschema >&2
    fi
fi

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    SUDO=sudo
else
    SUDO=
fi

echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# Postfix asks how to configure the system's mail: "No configuration" writes no main.cf and starts
# nothing; the tests run their own instance (scripts/postfix.sh).
echo 'postfix postfix/main_mailer_type select No configuration' | $SUDO debconf-set-selections
# Keep the packages' post-install from starting the system Postfix (:25) or Dovecot (143/993).
created_policy=no
if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
    $SUDO chmod 755 /usr/sbin/policy-rc.d
    created_policy=yes
fi
rc=0
{ $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >&2 || rc=$?
if [ "$created_policy" = yes ]; then $SUDO rm -f /usr/sbin/policy-rc.d; fi
exit $rc
