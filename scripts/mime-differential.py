#!/usr/bin/env python3
"""Differential check: intake's MIME parser against Python's email package (policy=default).

For every message, both parsers' subject, From/To/Cc/Reply-To addresses, attachment names
and text body are compared. A disagreement is either a bug to fix or a deliberate choice;
deliberate ones are listed in EXPLAINED below with the reason and the Swift test that pins
our behaviour. The script exits 1 when any disagreement is unexplained.

    swift build -c release --product mime-bench        # or the dev package's build
    python3 scripts/mime-differential.py --intake .build/release/mime-bench \
        [--generated 500] [PATH ...]                     # default PATH: the fixture corpus

--generated N adds N messages from the benchmark's corpus generator (same seed every run).
--python-written N adds N messages written by Python's own email package (EmailMessage,
policy=default: its folding, RFC 2047 and RFC 2231 choices) from random content: unicode
names and subjects, text in several charsets, HTML alternatives, attachments with unicode
file names, forwarded messages.
"""
import argparse
import email
import json
import os
import subprocess
import sys
import tempfile
from email import policy

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
FIXTURES = os.path.join(ROOT, "Tests", "MIMETests", "Fixtures")

# Deliberate disagreements: key -> reason. DeliberateDifferenceTests.swift pins each one.
EXPLAINED = {
    "textBody:empty-plain": "an empty text/plain alternative: intake takes the text of the HTML alternative; Python returns the empty part",
    "textBody:html-only": "Python's get_body(('plain',)) has no text for HTML-only mail; intake converts the HTML to text (the issue asks for it)",
    "text:windows-1252-for-latin1": "intake reads iso-8859-1/us-ascii labels as windows-1252 (WHATWG): 0x80-0x9F are quotes and dashes, not C1 controls",
    "text:charset-fallback": "undeclared/unknown/wrong-labelled 8-bit text: intake reads UTF-8 if valid else windows-1252, with a defect; Python substitutes U+FFFD or fails",
    "header:raw-8bit": "raw 8-bit header bytes: intake reads UTF-8 (RFC 6532), else windows-1252; Python's message_from_bytes leaves surrogate escapes",
    "header:obsolete-wsp-before-colon": "'Subject : x' (obs-field, RFC 5322 4.5: WSP before the colon) is a header for intake; Python's feedparser ends the header section there",
    "header:comment-in-cte": "'Content-Transfer-Encoding: base64 (comment)': RFC 2045 allows comments there; intake strips them and decodes, Python treats the encoding as unknown",
    "qp:soft-break-with-padding": "'= ' at a line end: RFC 2045 6.7 says trailing whitespace is transport padding, so it is a soft line break; Python's quopri keeps '='",
    "address:adjacent-encoded-words": "whitespace between adjacent encoded words in a display name is dropped (RFC 2047 6.2); Python keeps it",
    "address:comment-name": "'addr (Name)': intake takes the comment as display name (as Thunderbird shows it); Python drops comments",
    "attachments:expanded-multipart": "Python's iter_attachments yields nested multiparts (signed content, mixed in mixed) as one opaque part; intake lists the files inside it",
    "attachments:single-part": "a message whose only part is not a text body (a bare PDF, text marked attachment) lists that part; Python lists nothing",
    "attachments:uuencode-name": "intake takes an x-uuencode part's file name from its 'begin' line; Python does not decode x-uuencode",
    "limits": "intake stops at its limits (header length, header count, parts, depth) with a defect; Python reads everything (and overflows its recursion on deep nesting)",
    "textBody:not-a-mail": "bytes that are not a mail: intake gives the bytes as text with a defect; Python's header parser takes what it can",
    "textBody:broken-structure": "multipart without a usable boundary: intake reads the body as text/plain with a defect; Python gives a multipart with no parts, so no body",
    "tnef": "intake unpacks Outlook's winmail.dat into its attachments and body; Python lists winmail.dat",
}


def python_view(data):
    msg = email.message_from_bytes(data, policy=policy.default)
    view = {}
    try:
        view["subject"] = str(msg["subject"]) if msg["subject"] is not None else None
    except Exception as e:  # noqa: BLE001
        view["subject"] = f"<python error {type(e).__name__}>"
    for field, key in (("from", "from"), ("to", "to"), ("cc", "cc"), ("reply-to", "replyTo")):
        try:
            h = msg[field]
            view[key] = [] if h is None else [[a.display_name or None, a.addr_spec] for a in h.addresses]
        except Exception as e:  # noqa: BLE001
            view[key] = f"<python error {type(e).__name__}>"
    try:
        view["attachments"] = [p.get_filename() for p in msg.iter_attachments()]
    except Exception as e:  # noqa: BLE001
        view["attachments"] = f"<python error {type(e).__name__}>"
    try:
        body = msg.get_body(("plain",))
        view["textBody"] = body.get_content() if body is not None else None
    except Exception as e:  # noqa: BLE001
        view["textBody"] = f"<python error {type(e).__name__}>"
    return view


def norm_text(s):
    if s is None:
        return None
    s = s.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in s.split("\n")).strip("\n")


def intake_view(obj):
    return {
        "subject": obj["subject"],
        "from": [[a["name"], a["address"]] for a in obj["from"]],
        "to": [[a["name"], a["address"]] for a in obj["to"]],
        "cc": [[a["name"], a["address"]] for a in obj["cc"]],
        "replyTo": [[a["name"], a["address"]] for a in obj["replyTo"]],
        "attachments": [a["filename"] for a in obj["attachments"]],
        "textBody": obj["textBody"],
        "defects": obj["defects"],
        "htmlBody": obj["htmlBody"],
        "attachmentTypes": [a["contentType"] for a in obj["attachments"]],
    }


def has_surrogates(v):
    return "\\udc" in json.dumps(v, ensure_ascii=True).lower() if v is not None else False


def explain(name, field, ours, theirs, raw):
    """The EXPLAINED key that covers this disagreement, or None."""
    mine = ours[field]
    defects = " ".join(ours["defects"])
    lower = raw.lower()
    if "limit exceeded" in defects:
        return "limits"
    if "no header section" in defects or "missing header/body separator" in defects:
        return "textBody:not-a-mail"
    if b"application/ms-tnef" in lower or b"winmail.dat" in lower:
        return "tnef"
    if has_surrogates(theirs):
        return "header:raw-8bit"
    head = raw.replace(b"\r\n", b"\n").split(b"\n\n", 1)[0]
    if any(l[:1] not in (b" ", b"\t") and b":" in l and l.split(b":", 1)[0].endswith((b" ", b"\t")) for l in head.split(b"\n")):
        return "header:obsolete-wsp-before-colon"
    if field == "textBody":
        if theirs is None and mine is not None and ours["htmlBody"] is not None:
            return "textBody:html-only"
        if isinstance(theirs, str) and theirs.strip() == "" and ours["htmlBody"] is not None:
            return "textBody:empty-plain"
        if "no parts in" in defects or "missing boundary parameter" in defects:
            return "textBody:broken-structure"
        if b"content-transfer-encoding: base64 (" in lower:
            return "header:comment-in-cte"
        if b"= \r\n" in raw or b"= \n" in raw or b"=\t\r\n" in raw:
            return "qp:soft-break-with-padding"
        if ("data, read as" in defects) or "unknown charset" in defects:
            return "text:charset-fallback"
        if isinstance(theirs, str) and "\ufffd" in theirs:
            return "text:charset-fallback"
        if isinstance(theirs, str) and any(0x80 <= ord(c) < 0xA0 for c in theirs):
            return "text:windows-1252-for-latin1"
    if field == "attachments" and isinstance(theirs, list):
        if b"uuencode" in lower or b"x-uue" in lower:
            return "attachments:uuencode-name"
        if None in theirs and len(mine) >= len(theirs):
            return "attachments:expanded-multipart"
        if theirs == [] and len(mine) == 1:
            return "attachments:single-part"
    if field in ("from", "to", "cc", "replyTo") and isinstance(theirs, list) and len(theirs) == len(mine):
        if all(t[1] == o[1] for t, o in zip(theirs, mine)):
            pairs = [(t[0] or "", o[0] or "") for t, o in zip(theirs, mine) if t[0] != o[0]]
            if all(t.replace(" ", "") == o.replace(" ", "") for t, o in pairs) and b"?= =?" in raw:
                return "address:adjacent-encoded-words"
            if all(t == "" for t, _ in pairs) and b"(" in raw:
                return "address:comment-name"
    return None


SUBJECT_WORDS = ["License", "exception", "25.000", "cuentas", "Übersicht", "Grüße", "ñandú", "Запрос",
                 "許可", "ライセンス", "요청", "€", "—", "café", "naïve", "Ελλάδα", "שלום", "emoji 🎉", "x" * 30]
NAMES = ["Ana García", "Jörg Müller", "Zoë Dupont", "李伟", "山田太郎", "Doe, Jane", "O'Brien", "Søren", "Иван Петров", "plain"]
CHARSETS = ["utf-8", "iso-8859-1", "iso-8859-15", "windows-1252", "koi8-r", "shift_jis", "euc-kr", "gb2312", "big5", "iso-8859-2"]


def python_written(directory, count, seed=11):
    """Messages written by Python's EmailMessage from random content."""
    import random
    from email.message import EmailMessage
    from email.headerregistry import Address as PyAddress
    rng = random.Random(seed)
    for i in range(count):
        m = EmailMessage()
        m["Subject"] = " ".join(rng.choice(SUBJECT_WORDS) for _ in range(rng.randint(1, 12)))
        m["From"] = PyAddress(rng.choice(NAMES), f"user{i}", "example.com")
        m["To"] = [PyAddress(rng.choice(NAMES), f"to{i}_{k}", "example.org") for k in range(rng.randint(1, 3))]
        if rng.random() < 0.3:
            m["Cc"] = PyAddress(rng.choice(NAMES), "cc", "example.net")
        m["Date"] = "Tue, 24 Nov 2026 10:00:00 +0000"
        m["Message-ID"] = f"<py{i}@example.com>"
        text = "\n".join(" ".join(rng.choice(SUBJECT_WORDS) for _ in range(rng.randint(3, 15))) for _ in range(rng.randint(1, 20))) + "\n"
        cs = rng.choice(CHARSETS)
        try:
            text.encode(cs)
            m.set_content(text, charset=cs, cte=rng.choice([None, "base64", "quoted-printable"]) if cs != "utf-8" or rng.random() < 0.5 else None)
        except (UnicodeEncodeError, ValueError, LookupError):
            m.set_content(text)
        if rng.random() < 0.5:
            m.add_alternative("<html><body><p>" + text.replace("\n", "<br>") + "</p></body></html>", subtype="html")
        for k in range(rng.choice([0, 0, 1, 1, 2, 3])):
            name = rng.choice(["letter.pdf", "Übersicht 2026.xlsx", "contrato firmado.pdf", "請求書.pdf",
                               "very long file name " * 5 + ".docx", "a;b=c.txt", "quote\"d.pdf"])
            data = bytes(rng.randrange(256) for _ in range(rng.randint(0, 3000)))
            m.add_attachment(data, maintype="application", subtype=rng.choice(["pdf", "octet-stream"]), filename=name)
        if rng.random() < 0.15:
            inner = EmailMessage()
            inner["Subject"] = "inner " + rng.choice(SUBJECT_WORDS)
            inner["From"] = PyAddress(rng.choice(NAMES), "inner", "example.com")
            inner.set_content("forwarded body\n")
            m.add_attachment(inner)
        with open(os.path.join(directory, f"py{i:05d}.eml"), "wb") as f:
            f.write(m.as_bytes(policy=policy.default))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--intake", default=os.path.join(ROOT, ".build", "release", "mime-bench"))
    ap.add_argument("--generated", type=int, default=0, help="also check N generated messages")
    ap.add_argument("--python-written", type=int, default=0, help="also check N messages written by Python's email")
    ap.add_argument("--verbose", "-v", action="store_true", help="print explained disagreements too")
    args = ap.parse_args()

    files = []
    for p in args.paths or [FIXTURES]:
        if os.path.isdir(p):
            files += sorted(os.path.join(d, n) for d, _, ns in os.walk(p) for n in ns if n.endswith(".eml"))
        else:
            files.append(p)
    tmp = None
    if args.generated:
        tmp = tempfile.mkdtemp(prefix="mime-diff-")
        subprocess.run([sys.executable, os.path.join(ROOT, "Benchmarks", "parse", "generate.py"), "--out", tmp,
                        "--count", str(args.generated), "--seed", "7"], check=True, stdout=subprocess.DEVNULL)
    if args.python_written:
        tmp = tmp or tempfile.mkdtemp(prefix="mime-diff-")
        python_written(tmp, args.python_written)
    if tmp:
        files += sorted(os.path.join(tmp, n) for n in os.listdir(tmp))

    out = subprocess.run([args.intake, "json", *files], capture_output=True, check=True).stdout.decode()
    ours_by_file = {}
    for line in out.splitlines():
        obj = json.loads(line)
        ours_by_file[obj["file"]] = intake_view(obj)

    fields = ["subject", "from", "to", "cc", "replyTo", "attachments", "textBody"]
    agree = 0
    explained = {}
    unexplained = []
    for path in files:
        with open(path, "rb") as f:
            raw = f.read()
        name = os.path.basename(path)
        ours = ours_by_file.get(path)
        theirs = python_view(raw)
        for field in fields:
            a, b = ours[field], theirs[field]
            if field == "textBody":
                a, b = norm_text(a), norm_text(b)
            if field == "subject" and a is not None and b is not None:
                a, b = a.strip(), b.strip()
            if a == b:
                agree += 1
                continue
            key = explain(name, field, ours, theirs[field], raw)
            if key:
                explained.setdefault(key, []).append(name)
                if args.verbose:
                    print(f"explained [{key}] {name} {field}:\n  intake: {a!r}\n  python: {b!r}")
            else:
                unexplained.append((name, field, a, b))

    total = agree + sum(len(v) for v in explained.values()) + len(unexplained)
    print(f"{len(files)} messages, {total} field comparisons: {agree} agree, "
          f"{sum(len(v) for v in explained.values())} differ deliberately, {len(unexplained)} unexplained")
    for key, names in sorted(explained.items()):
        print(f"  deliberate [{key}] x{len(names)}: {EXPLAINED[key]}")
    for name, field, a, b in unexplained:
        print(f"UNEXPLAINED {name} {field}:\n  intake: {str(a)[:300]!s}\n  python: {str(b)[:300]!s}")
    if tmp:
        for n in os.listdir(tmp):
            os.remove(os.path.join(tmp, n))
        os.rmdir(tmp)
    sys.exit(1 if unexplained else 0)


if __name__ == "__main__":
    main()
