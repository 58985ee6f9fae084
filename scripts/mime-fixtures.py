#!/usr/bin/env python3
"""Writes the MIME fixture corpus: Tests/MIMETests/Fixtures/<name>.eml.

Each message is built here, by hand, from the cases the parser must read: every client's
habits, every charset, every date format, every transfer encoding and structure. The expected
output (<name>.json) is recorded with `--record` from intake's parser and then checked by eye
and by the differential script against Python's email (scripts/mime-differential.py); a
fixture's JSON is only rewritten when its .eml is new or `--force` is given.

    python3 scripts/mime-fixtures.py                       # write the .eml files
    python3 scripts/mime-fixtures.py --record BIN          # and the missing .json via mime-bench
"""
import argparse
import base64
import json
import os
import quopri
import subprocess
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
OUT = os.path.join(ROOT, "Tests", "MIMETests", "Fixtures")
FIXTURES = {}


def fixture(name, text=None, raw=None):
    data = raw if raw is not None else text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")
    assert name not in FIXTURES, name
    FIXTURES[name] = data


def b64(data, width=76):
    s = base64.b64encode(data).decode()
    return "\n".join(s[i:i + width] for i in range(0, len(s), width))


def ew(text, charset="utf-8", enc="B"):
    data = text.encode(charset)
    if enc == "B":
        return f"=?{charset}?B?{base64.b64encode(data).decode()}?="
    q = "".join(chr(b) if (48 <= b <= 57 or 65 <= b <= 90 or 97 <= b <= 122) else ("_" if b == 32 else "=%02X" % b) for b in data)
    return f"=?{charset}?Q?{q}?="


HEAD = "From: =?utf-8?q?Ana_Garc=C3=ADa?= <ana@customer.example>\nTo: Sales <sales@example.com>\nDate: Tue, 24 Nov 2026 10:00:00 +0000\nMessage-ID: <{name}@customer.example>\nMIME-Version: 1.0\n"


def head(name, subject="License exception request"):
    return HEAD.format(name=name) + f"Subject: {subject}\n"


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 20

# ---------------------------------------------------------------- charsets (body and subject)
SAMPLES = {
    "latin": "Solicitud: 25.000 cuentas, año fiscal, señor Núñez - ¿precio?",
    "central": "Žádost o výjimku: 25 000 účtů, Łódź, Gdańsk",
    "cyrillic": "Запрос на исключение: 25 000 учётных записей",
    "greek": "Αίτημα εξαίρεσης: 25.000 λογαριασμοί",
    "hebrew": "בקשה לחריגה: 25,000 חשבונות",
    "arabic": "طلب استثناء: 25000 حساب",
    "turkish": "İstisna talebi: 25.000 hesap, ğüşıöç",
    "baltic": "Išimties prašymas: 25 000 paskyrų, ąčęėįšųūž",
    "vietnamese": "Yêu cầu ngoại lệ: 25.000 tài khoản",
    "chinese": "许可例外申请：25,000 个帐户",
    "chinese-trad": "許可例外申請：25,000 個帳戶",
    "japanese": "ライセンス例外申請：25,000アカウント",
    "korean": "라이선스 예외 요청: 25,000 계정",
    "thai": "คำขอยกเว้นใบอนุญาต 25,000 บัญชี",
    "nordic": "Forespørsel: 25 000 kontoer, Åse Ødegård",
    "celtic": "Iarratas: 25,000 cuntas, ŵŷ",
    "romanian": "Cerere de excepție: 25.000 de conturi, ș ț",
    "ascii": "License exception request for 25,000 seats",
    "euro": "Price 25.000 € per year",
}
CHARSETS = [
    ("utf-8", "latin"), ("us-ascii", "ascii"),
    ("iso-8859-1", "latin"), ("iso-8859-2", "central"), ("iso-8859-3", "celtic-mt"), ("iso-8859-4", "baltic4"),
    ("iso-8859-5", "cyrillic"), ("iso-8859-6", "arabic"), ("iso-8859-7", "greek"), ("iso-8859-8", "hebrew"),
    ("iso-8859-9", "turkish"), ("iso-8859-10", "nordic"), ("iso-8859-11", "thai"), ("iso-8859-13", "baltic"),
    ("iso-8859-14", "celtic"), ("iso-8859-15", "euro"), ("iso-8859-16", "romanian"),
    ("windows-1250", "central"), ("windows-1251", "cyrillic"), ("windows-1252", "latin"), ("windows-1253", "greek"),
    ("windows-1254", "turkish"), ("windows-1255", "hebrew"), ("windows-1256", "arabic"), ("windows-1257", "baltic"),
    ("windows-1258", "vietnamese-plain"),
    ("koi8-r", "cyrillic"), ("koi8-u", "cyrillic-u"),
    ("gb2312", "chinese"), ("gbk", "chinese"), ("gb18030", "chinese"), ("big5", "chinese-trad"),
    ("shift_jis", "japanese"), ("euc-jp", "japanese"), ("iso-2022-jp", "japanese"), ("euc-kr", "korean"),
    ("ks_c_5601-1987", "korean"), ("cp932", "japanese"), ("latin1", "latin"), ("cp1252", "latin"),
]
SAMPLES["celtic-mt"] = "Talba: 25,000 kont, ħ ġ ż"
SAMPLES["baltic4"] = "Prašymas: 25 000 paskyrų, ą č ę"
SAMPLES["vietnamese-plain"] = "Yeu cau: 25.000 tai khoan, đ ơ ư"
SAMPLES["cyrillic-u"] = "Запит на виняток: 25 000 облікових записів, ї є ґ"
PYCODEC = {"ks_c_5601-1987": "euc-kr", "iso-8859-11": "tis-620"}


def charset_fixtures():
    for cs, sample in CHARSETS:
        text = SAMPLES[sample]
        data = text.encode(PYCODEC.get(cs, cs))
        for cte in ("8bit", "base64", "quoted-printable"):
            if cte == "8bit":
                body = data
            elif cte == "base64":
                body = b64(data).encode()
            else:
                body = quopri.encodestring(data).rstrip(b"\n")
            if cs == "iso-2022-jp" and cte == "quoted-printable":
                continue
            name = f"charset-{cs}-{cte}"
            if cte != "8bit" and cs not in ("utf-8", "iso-8859-1", "windows-1251", "shift_jis", "iso-2022-jp", "gb2312", "koi8-r", "big5", "euc-kr"):
                continue
            subject = ew(text, PYCODEC.get(cs, cs) if cs not in PYCODEC else cs, "B" if cte != "quoted-printable" else "Q")
            if cs in PYCODEC:
                subject = "=?%s?B?%s?=" % (cs, base64.b64encode(data).decode())
            hdr = (head(name, subject) + f"Content-Type: text/plain; charset={cs}\nContent-Transfer-Encoding: {cte}\n\n").replace("\n", "\r\n").encode()
            fixture(name, raw=hdr + body.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n") + b"\r\n")
    # Labels that lie or are unknown.
    fixture("charset-unknown-label-latin1-bytes", raw=(head("u1") + "Content-Type: text/plain; charset=x-mac-klingon\r\n\r\n").replace("\n", "\r\n").replace("\r\r", "\r").encode() + "café crème\r\n".encode("latin-1"))
    fixture("charset-unknown-label-utf8-bytes", raw=(head("u2") + "Content-Type: text/plain; charset=x-unknown\n\n").replace("\n", "\r\n").encode() + "café crème\r\n".encode("utf-8"))
    fixture("charset-utf8-label-latin1-bytes", raw=(head("u3") + "Content-Type: text/plain; charset=utf-8\n\n").replace("\n", "\r\n").encode() + "25.000 cuentas, año\r\n".encode("latin-1"))
    fixture("charset-missing-label-8bit", raw=(head("u4") + "Content-Type: text/plain\n\n").replace("\n", "\r\n").encode() + "Grüße aus Köln\r\n".encode("utf-8"))
    fixture("charset-latin1-label-cp1252-quotes", raw=(head("u5") + "Content-Type: text/plain; charset=iso-8859-1\n\n").replace("\n", "\r\n").encode() + "\u201cQuoted\u201d \u2013 dash \u20ac\r\n".encode("cp1252"))
    fixture("charset-quoted-label", raw=(head("u6") + "Content-Type: text/plain; charset=\"UTF-8\"\n\n").replace("\n", "\r\n").encode() + "Déjà vu\r\n".encode("utf-8"))
    fixture("charset-utf16", raw=(head("u7") + "Content-Type: text/plain; charset=utf-16\nContent-Transfer-Encoding: base64\n\n").replace("\n", "\r\n").encode() + b64("Hello\r\nWorld €".encode("utf-16")).encode() + b"\r\n")


# ---------------------------------------------------------------- dates
DATES = [
    "Tue, 24 Nov 2026 10:00:00 +0000", "Tue, 24 Nov 2026 11:00:00 +0100", "24 Nov 2026 02:00:00 -0800",
    "Tue, 24 Nov 2026 05:00:00 EST", "Tue, 24 Nov 2026 06:00:00 EDT", "Tue, 24 Nov 2026 04:00:00 CST",
    "Tue, 24 Nov 2026 03:00:00 MST", "Tue, 24 Nov 2026 02:00:00 PST", "Tue, 24 Nov 2026 03:00:00 PDT",
    "Tue, 24 Nov 2026 10:00:00 GMT", "Tue, 24 Nov 2026 10:00:00 UT", "Tue, 24 Nov 2026 10:00 +0000",
    "Tue, 24 Nov 26 10:00:00 +0000", "Wed, 24 Nov 99 10:00:00 +0000", "24 Nov 126 10:00:00 +0000",
    "Tue, 24 Nov 2026 10:00:00 +0000 (UTC)", "Tue, 24 Nov 2026 11:00:00 +0100 (CET)", "Tue, 24 Nov 2026 10:00:00 Z",
    "Tue, 24 Nov 2026 10:00:00 -0000", "Tue Nov 24 10:00:00 2026", "Tuesday, 24-Nov-26 10:00:00 GMT",
    "2026-11-24T11:00:00+01:00", "24 November 2026 10:00:00 +0000", "Tue,24 Nov 2026 10:00:00 +0000",
    "tue, 24 nov 2026 10:00:00 +0000", "Tue, 24 Nov 2026  10:00:00  +0000", "Tue, 24 Nov 2026 10:00:00",
    "Tue, 24 Nov 2026 10:00:00 +0530", "Mon, 30 Nov 2026 23:30:00 -0100", "Thu, 29 Feb 2024 12:00:00 +0000",
    "Tue, 24 Nov 2026 10:00:60 +0000", "Tue, 24 Nov 2026 10:00:00 A", "Tue, 24 Sept 2026 10:00:00 +0000",
    "not a date", "", "Tue, 31 Feb 2026 10:00:00 +0000", "Tue, 24 Nov 2026 25:00:00 +0000",
]


def date_fixtures():
    for i, d in enumerate(DATES):
        text = f"From: a@example.com\nTo: sales@example.com\nSubject: date {i}\nDate: {d}\nMessage-ID: <date{i}@example.com>\n\nbody\n"
        fixture(f"date-{i:02d}", text)


# ---------------------------------------------------------------- headers and addresses
ADDRESS_CASES = {
    "plain": "a@example.com",
    "name-angle": "Jane Doe <jane@example.com>",
    "quoted-comma": "\"Doe, Jane\" <jane@example.com>, bob@example.org",
    "comments": "Pete(A nice \\) chap) <pete(his account)@silly.test(his host)>",
    "group": "A Group:Ed Jones <c@a.test>,joe@where.test,John <jdoe@one.test>;, Mary <mary@x.test>",
    "empty-group": "undisclosed-recipients:;",
    "encoded-name": ew("Jörg Müller") + " <j@x.test>",
    "encoded-name-q": ew("Jörg Müller", enc="Q") + " <j@x.test>",
    "encoded-in-quotes": "\"" + ew("Jörg") + "\" <j@x.test>",
    "adjacent-encoded": ew("Jö") + " " + ew("rg") + " <j@x.test>",
    "comment-name": "joe@example.com (Joe Q. Public)",
    "route": "<@route.test:joe@example.com>",
    "empty-members": ", , a@b.test,,",
    "case-kept": "Parker@XYZ.edu",
    "quoted-local": "\"quoted local\"@x.test",
    "utf8-raw": "José Ñandú <jose@ejemplo.es>",
    "many": ", ".join(f"User {i} <u{i}@example.com>" for i in range(30)),
    "folded": "Jane Doe\n <jane@example.com>,\n Bob <bob@example.org>",
    "angle-only": "<sales@example.com>",
    "dotted-name": "John Q. Public <jqp@example.com>",
    "missing-close-angle": "Broken <broken@example.com",
    "latin1-encoded": ew("Søren", "iso-8859-1", "Q") + " <s@x.dk>",
}


def header_fixtures():
    for key, value in ADDRESS_CASES.items():
        fixture(f"address-{key}", f"From: {value}\nTo: {value}\nCc: {value}\nReply-To: {value}\nSubject: address {key}\n\nbody\n")
    subjects = {
        "b-utf8": ew("Héllo wörld"), "q-latin1": ew("café crème", "iso-8859-1", "Q"),
        "adjacent": ew("25.000 ") + " " + ew("cuentas"), "adjacent-folded": ew("25.000 ") + "\n " + ew("cuentas"),
        "mixed": "Re: " + ew("Anfrage") + " wegen Lizenz", "split-multibyte": "=?utf-8?B?4o?= =?utf-8?B?gqw=?=",
        "malformed": "=?utf-8?x?bad?= stays", "missing-end": "=?utf-8?q?unterminated", "language": "=?utf-8*en?q?lang?=",
        "no-space-before": "Re:" + ew("x"), "raw-utf8": "Übersicht 25.000 Konten", "long-folded": "word " * 40,
        "encoded-space-between-ascii": ew("a") + " b " + ew("c"), "underscore": "=?utf-8?q?a_b_c?=",
        "lowercase-hex": "=?utf-8?q?caf=c3=a9?=", "koi8": ew("Привет", "koi8-r"), "iso2022": ew("日本語", "iso-2022-jp"),
        "empty": "", "tabs": "a\tb\t c", "iso2022-invalid": "=?ISO-2022-JP?B?GyRCJWkleCU7JXMlOU5jMzAbKEI=?=",
        "unknown-charset": "=?x-klingon?q?caf=C3=A9?=", "empty-encoded": "=?utf-8?q??=",
    }
    for key, value in subjects.items():
        fixture(f"subject-{key}", f"From: a@example.com\nSubject: {value}\n\nbody\n")
    fixture("header-obsolete-space-before-colon", "From : a@example.com\nSubject  : spaced\nTo: b@example.com\n\nbody\n")
    fixture("header-case-insensitive", "FROM: a@example.com\nsubject: lower\nMESSAGE-id: <x@y>\n\nbody\n")
    fixture("header-continuation-first", " leading continuation\nSubject: after\nFrom: a@example.com\n\nbody\n")
    fixture("header-no-separator", "Subject: s\nFrom: a@example.com\nThis line is not a header\nmore body\n")
    fixture("header-lf-only", None, raw=b"Subject: lf only\nFrom: a@example.com\n\nbody\nline\n")
    fixture("header-unix-from", "From someone@example.com Tue Nov 24 10:00:00 2026\nSubject: mbox style\nFrom: a@example.com\n\nbody\n")
    fixture("header-no-body", "Subject: only headers\nFrom: a@example.com\n")
    fixture("header-duplicate-subject", "Subject: first\nSubject: second\nFrom: a@example.com\n\nbody\n")
    fixture("not-a-mail-text", "Hello, this is not a mail.\nJust text.\n")
    fixture("not-a-mail-binary", None, raw=bytes(range(256)))
    fixture("not-a-mail-empty", None, raw=b"")
    fixture("header-very-long", "Subject: " + "x" * 100_000 + "\nFrom: a@example.com\n\nbody\n")
    fixture("header-many-fields", "".join(f"X-Field-{i}: value {i}\n" for i in range(1500)) + "Subject: many\n\nbody\n")


# ---------------------------------------------------------------- transfer encodings
def encoding_fixtures():
    text = "Hello world, 25.000 cuentas.\nSecond line — ñ.\n"
    data = text.encode()
    t = lambda name, cte, body: fixture(name, head(name) + f"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: {cte}\n\n{body}\n")
    t("base64-clean", "base64", b64(data))
    t("base64-one-line", "base64", base64.b64encode(data).decode())
    t("base64-no-padding", "base64", base64.b64encode(data).decode().rstrip("="))
    t("base64-stray-chars", "base64", b64(data)[:20] + "!*" + b64(data)[20:])
    t("base64-spaces", "base64", " ".join(b64(data)))
    t("base64-short-lines", "base64", b64(data, 10))
    t("base64-uppercase-cte", "BASE64", b64(data))
    t("base64-garbage-after-padding", "base64", b64(data) + "\n====\n")
    t("qp-clean", "quoted-printable", quopri.encodestring(data).decode())
    t("qp-lowercase-hex", "quoted-printable", "caf=c3=a9 cr=c3=a8me")
    t("qp-soft-breaks", "quoted-printable", "a very long line that was=\n broken with a soft=\nbreak")
    t("qp-bare-equals", "quoted-printable", "1 + 1 = 2 and =ZZ stays")
    t("qp-trailing-space", "quoted-printable", "trailing   \nspaces\t\nend")
    t("qp-soft-break-space", "quoted-printable", "soft = \nbreak")
    t("7bit", "7bit", "plain seven bit")
    t("8bit", "8bit", "eight bit ñ")
    t("binary", "binary", "binary ñ")
    t("unknown-cte", "x-gzip64", "whatever")
    t("cte-with-comment", "base64 (encoded)", b64(data))
    uu = "begin 644 note.txt\n" + "".join(__import__("binascii").b2a_uu(data[i:i + 45]).decode() for i in range(0, len(data), 45)) + "`\nend"
    fixture("uuencode-attachment", head("uu") + f"Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nsee attached\n--b\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: x-uuencode\n\n{uu}\n--b--\n")
    fixture("uuencode-no-begin", head("uu2") + f"Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nsee attached\n--b\nContent-Type: application/octet-stream; name=x.bin\nContent-Transfer-Encoding: uuencode\n\n{uu.split(chr(10), 1)[1]}\n--b--\n")


# ---------------------------------------------------------------- structure
def att(ctype, name, data, disposition="attachment", extra=""):
    return (f"Content-Type: {ctype}; name=\"{name}\"\nContent-Disposition: {disposition}; filename=\"{name}\"\n{extra}"
            f"Content-Transfer-Encoding: base64\n\n{b64(data)}\n")


def structure_fixtures():
    alt = "--alt\nContent-Type: text/plain; charset=utf-8\n\nPlain body\n--alt\nContent-Type: text/html; charset=utf-8\n\n<p>HTML <b>body</b></p>\n--alt--\n"
    fixture("multipart-alternative", head("s1") + "Content-Type: multipart/alternative; boundary=alt\n\n" + alt)
    fixture("multipart-mixed-pdf", head("s2") + "Content-Type: multipart/mixed; boundary=mix\n\npreamble text\n--mix\nContent-Type: multipart/alternative; boundary=alt\n\n" + alt + "--mix\n" + att("application/pdf", "letter.pdf", PDF) + "--mix--\nepilogue text\n")
    fixture("multipart-missing-close", head("s3") + "Content-Type: multipart/mixed; boundary=mix\n\n--mix\nContent-Type: text/plain\n\nbody\n--mix\n" + att("application/pdf", "letter.pdf", PDF))
    fixture("multipart-no-boundary-param", head("s4") + "Content-Type: multipart/mixed\n\n--mix\nContent-Type: text/plain\n\nbody\n--mix--\n")
    fixture("multipart-boundary-not-found", head("s5") + "Content-Type: multipart/mixed; boundary=nothere\n\n--mix\nContent-Type: text/plain\n\nbody\n--mix--\n")
    fixture("multipart-boundary-like-lines", head("s6") + "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\n--bb is not a boundary\n--b x neither\n---b nor this\n--b\n" + att("text/plain", "t.txt", b"second") + "--b--\n")
    fixture("multipart-boundary-trailing-space", head("s7") + "Content-Type: multipart/mixed; boundary=b\n\n--b   \nContent-Type: text/plain\n\nbody\n--b-- \n")
    fixture("multipart-empty", head("s8") + "Content-Type: multipart/mixed; boundary=b\n\n--b--\n")
    fixture("multipart-quoted-boundary-special", head("s9") + "Content-Type: multipart/mixed; boundary=\"=_Part_0.1(x)'+?\"\n\n--=_Part_0.1(x)'+?\nContent-Type: text/plain\n\nbody\n--=_Part_0.1(x)'+?--\n")
    fixture("multipart-nested-mixed", head("s10") + "Content-Type: multipart/mixed; boundary=o\n\n--o\nContent-Type: text/plain\n\nouter\n--o\nContent-Type: multipart/mixed; boundary=i\n\n--i\nContent-Type: text/plain\n\ninner text\n--i\n" + att("application/pdf", "inner.pdf", PDF) + "--i--\n--o--\n")
    fixture("multipart-inner-missing-close", head("s11") + "Content-Type: multipart/mixed; boundary=o\n\n--o\nContent-Type: multipart/alternative; boundary=i\n\n--i\nContent-Type: text/plain\n\ntext\n--i\nContent-Type: text/html\n\n<p>x</p>\n--o\n" + att("application/pdf", "a.pdf", PDF) + "--o--\n")
    fixture("multipart-related-html", head("s12") + "Content-Type: multipart/related; boundary=r; type=\"text/html\"\n\n--r\nContent-Type: text/html; charset=utf-8\n\n<html><body><p>Logo: <img src=\"cid:logo\" alt=\"Company logo\"></p></body></html>\n--r\nContent-Type: image/png\nContent-ID: <logo>\nContent-Transfer-Encoding: base64\n\n" + b64(PNG) + "\n--r--\n")
    fixture("multipart-related-start", head("s13") + "Content-Type: multipart/related; boundary=r; start=\"<root>\"\n\n--r\nContent-Type: image/png\nContent-ID: <img>\nContent-Transfer-Encoding: base64\n\n" + b64(PNG) + "\n--r\nContent-Type: text/html\nContent-ID: <root>\n\n<p>root part</p>\n--r--\n")
    fixture("multipart-mixed-related-alternative", head("s14") + "Content-Type: multipart/mixed; boundary=m\n\n--m\nContent-Type: multipart/related; boundary=r\n\n--r\nContent-Type: multipart/alternative; boundary=alt\n\n" + alt + "--r\nContent-Type: image/png\nContent-ID: <i>\nContent-Transfer-Encoding: base64\n\n" + b64(PNG) + "\n--r--\n--m\n" + att("application/pdf", "contract.pdf", PDF) + "--m--\n")
    fixture("multipart-signed", head("s15") + "Content-Type: multipart/signed; micalg=pgp-sha256; protocol=\"application/pgp-signature\"; boundary=s\n\n--s\nContent-Type: multipart/mixed; boundary=m\n\n--m\nContent-Type: text/plain\n\nsigned text\n--m\n" + att("application/pdf", "signed.pdf", PDF) + "--m--\n--s\nContent-Type: application/pgp-signature; name=\"signature.asc\"\nContent-Disposition: attachment; filename=\"signature.asc\"\n\n-----BEGIN PGP SIGNATURE-----\nabc\n-----END PGP SIGNATURE-----\n--s--\n")
    fixture("multipart-report-bounce", head("s16") + "Content-Type: multipart/report; report-type=delivery-status; boundary=r\n\n--r\nContent-Type: text/plain\n\nYour message could not be delivered.\n--r\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.com\n\nFinal-Recipient: rfc822; nobody@example.com\nAction: failed\nStatus: 5.1.1\n--r\nContent-Type: message/rfc822\n\nFrom: sales@example.com\nTo: nobody@example.com\nSubject: Your quote\n\nOriginal text\n--r--\n")
    fixture("multipart-digest", head("s17") + "Content-Type: multipart/digest; boundary=d\n\npreamble\n--d\n\nFrom: a@example.com\nSubject: digest one\n\nfirst\n--d\n\nFrom: b@example.com\nSubject: digest two\n\nsecond\n--d\nContent-Type: text/plain\n\nexplicit text part\n--d--\n")
    fixture("message-rfc822-forward", head("s18", "Fwd: request") + "Content-Type: multipart/mixed; boundary=f\n\n--f\nContent-Type: text/plain\n\nForwarding the customer's letter.\n--f\nContent-Type: message/rfc822; name=\"original.eml\"\nContent-Disposition: attachment; filename=\"original.eml\"\n\nFrom: Customer <c@customer.example>\nTo: someone@example.com\nSubject: The signed letter\nDate: Mon, 23 Nov 2026 09:00:00 +0100\nContent-Type: multipart/mixed; boundary=g\n\n--g\nContent-Type: text/plain\n\nPlease find the signed letter.\n--g\n" + att("application/pdf", "signed-letter.pdf", PDF) + "--g--\n--f--\n")
    fixture("message-rfc822-inline", head("s19", "Fwd: inline") + "Content-Type: multipart/mixed; boundary=f\n\n--f\nContent-Type: text/plain\n\nsee below\n--f\nContent-Type: message/rfc822\nContent-Disposition: inline\n\nFrom: x@example.com\nSubject: inline forwarded\n\ninline body\n--f--\n")
    fixture("message-global", head("s20", "Fwd: global") + "Content-Type: multipart/mixed; boundary=f\n\n--f\nContent-Type: text/plain\n\nsee below\n--f\nContent-Type: message/global\n\nFrom: Jörg <j@beispiel.de>\nSubject: Grüße aus Köln\nContent-Type: text/plain; charset=utf-8\n\nUTF-8 headers ü\n--f--\n")
    fixture("message-rfc822-base64", head("s21", "Fwd: encoded") + "Content-Type: multipart/mixed; boundary=f\n\n--f\nContent-Type: text/plain\n\nsee attached\n--f\nContent-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n" + b64(b"From: e@example.com\r\nSubject: encoded inner\r\n\r\ninner body\r\n") + "\n--f--\n")
    fixture("message-rfc822-nested-twice", head("s22", "Fwd: Fwd") + "Content-Type: message/rfc822\n\nFrom: b@example.com\nSubject: Fwd: middle\nContent-Type: message/rfc822\n\nFrom: c@example.com\nSubject: innermost\n\ninnermost body\n")
    fixture("single-part-pdf", head("s23") + "Content-Type: application/pdf; name=\"only.pdf\"\nContent-Disposition: attachment; filename=\"only.pdf\"\nContent-Transfer-Encoding: base64\n\n" + b64(PDF) + "\n")
    fixture("single-part-text-attachment", head("s24") + "Content-Type: text/plain; name=\"notes.txt\"\nContent-Disposition: attachment; filename=\"notes.txt\"\n\nnotes\n")
    fixture("html-only", head("s25") + "Content-Type: text/html; charset=utf-8\n\n<html><head><title>T</title><style>p{color:red}</style></head><body><h1>Request</h1><p>We need <b>25.000</b> accounts &amp; a quote.</p><ul><li>Term: 3 years</li><li>Start: Jan</li></ul><table><tr><th>Item</th><th>Qty</th></tr><tr><td>Seats</td><td>25.000</td></tr></table><p>See <a href=\"https://customer.example/rfq\">our RFQ</a>.</p><script>alert(1)</script></body></html>\n")
    fixture("alternative-empty-plain", head("s43") + "Content-Type: multipart/alternative; boundary=a\n\n--a\nContent-Type: text/plain; charset=utf-8\n\n\n--a\nContent-Type: text/html; charset=utf-8\n\n<div>Only the HTML says it: 25.000 accounts</div>\n--a--\n")
    fixture("alternative-html-first", head("s26") + "Content-Type: multipart/alternative; boundary=a\n\n--a\nContent-Type: text/html\n\n<p>html first</p>\n--a\nContent-Type: text/plain\n\nplain second\n--a--\n")
    fixture("mixed-text-attachment-text", head("s27") + "Content-Type: multipart/mixed; boundary=m\n\n--m\nContent-Type: text/plain\n\nfirst text\n--m\nContent-Type: image/jpeg; name=photo.jpg\nContent-Disposition: inline; filename=photo.jpg\nContent-Transfer-Encoding: base64\n\n/9j/4AAQSkZJRg==\n--m\nContent-Type: text/plain\n\nsecond text\n--m--\n")
    fixture("no-content-type-multipart-child", head("s28") + "Content-Type: multipart/mixed; boundary=m\n\n--m\n\nno headers in this part\n--m--\n")
    fixture("invalid-content-type", head("s29") + "Content-Type: garbage\n\nbody read as text\n")
    fixture("content-type-params-case", head("s30") + "CONTENT-TYPE: Multipart/Mixed; BOUNDARY=\"X\"\n\n--X\nContent-Type: TEXT/PLAIN; CHARSET=UTF-8\n\nbody\n--X--\n")
    fixture("attachment-no-filename", head("s31") + "Content-Type: multipart/mixed; boundary=m\n\n--m\nContent-Type: text/plain\n\nbody\n--m\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n" + b64(b"\x00\x01\x02") + "\n--m--\n")
    fixture("attachment-name-only-in-content-type", head("s32") + "Content-Type: multipart/mixed; boundary=m\n\n--m\nContent-Type: text/plain\n\nbody\n--m\nContent-Type: application/pdf; name=\"from-ct.pdf\"\nContent-Transfer-Encoding: base64\n\n" + b64(PDF) + "\n--m--\n")
    fixture("attachment-rfc2231", head("s33") + "Content-Type: multipart/mixed; boundary=m\n\n--m\nContent-Type: text/plain\n\nbody\n--m\nContent-Type: application/pdf\nContent-Disposition: attachment;\n filename*0*=utf-8''%E2%82%AC%20Angebot%20;\n filename*1*=M%C3%BCller;\n filename*2=.pdf\nContent-Transfer-Encoding: base64\n\n" + b64(PDF) + "\n--m--\n")
    fixture("attachment-rfc2231-latin1-lang", head("s34") + "Content-Type: multipart/mixed; boundary=m\n\n--m\nContent-Type: text/plain\n\nbody\n--m\nContent-Type: application/pdf\nContent-Disposition: attachment; filename*=iso-8859-1'de'Gr%FC%DFe.pdf\n\nx\n--m--\n")
    fixture("attachment-rfc2047-filename", head("s35") + "Content-Type: multipart/mixed; boundary=m\n\n--m\nContent-Type: text/plain\n\nbody\n--m\nContent-Type: application/pdf; name=\"" + ew("Solicitud año.pdf") + "\"\nContent-Disposition: attachment; filename=\"" + ew("Solicitud año.pdf") + "\"\n\nx\n--m--\n")
    fixture("attachment-utf8-raw-filename", head("s36") + "Content-Type: multipart/mixed; boundary=m\n\n--m\nContent-Type: text/plain\n\nbody\n--m\nContent-Type: application/pdf\nContent-Disposition: attachment; filename=\"Übersicht – 2026.pdf\"\n\nx\n--m--\n")
    fixture("attachment-path-filename", head("s37") + "Content-Type: multipart/mixed; boundary=m\n\n--m\nContent-Type: text/plain\n\nbody\n--m\nContent-Type: application/pdf\nContent-Disposition: attachment; filename=\"../../etc/passwd\"\n\nx\n--m--\n")
    deep = head("s38") + "Content-Type: multipart/mixed; boundary=b0\n\n"
    for i in range(1, 60):
        deep += f"--b{i - 1}\nContent-Type: multipart/mixed; boundary=b{i}\n\n"
    deep += "--b59\nContent-Type: text/plain\n\nleaf\n"
    fixture("limit-deep-nesting", deep)
    many = head("s39") + "Content-Type: multipart/mixed; boundary=b\n\n" + "".join(f"--b\nContent-Type: text/plain; name=p{i}.txt\n\n{i}\n" for i in range(2100)) + "--b--\n"
    fixture("limit-many-parts", many)
    fixture("preamble-epilogue-only-text", head("s40") + "Content-Type: multipart/alternative; boundary=a\n\nThis is a multi-part message in MIME format.\n\n--a\nContent-Type: text/plain\n\nthe body\n--a--\n\nepilogue that is not a part\n")
    fixture("lf-only-multipart", None, raw=(head("s41") + "Content-Type: multipart/mixed; boundary=m\n\n--m\nContent-Type: text/plain\n\nlf body\n--m\n" + att("application/pdf", "lf.pdf", PDF) + "--m--\n").encode())
    fixture("inline-image-disposition", head("s42") + "Content-Type: multipart/mixed; boundary=m\n\n--m\nContent-Type: text/plain\n\nbody\n--m\n" + att("image/png", "inline.png", PNG, "inline") + "--m--\n")


# ---------------------------------------------------------------- clients
def client_fixtures():
    fixture("client-outlook-html-cp1252", "From: \"M\u00fcller, J\u00f6rg\" <j.mueller@kunde.example>\nTo: \"Sales\" <sales@example.com>\nSubject: =?iso-8859-1?Q?Anfrage_Lizenzausnahme_f=FCr_25.000_Konten?=\nThread-Topic: Anfrage\nThread-Index: AdtGxyz==\nDate: Tue, 24 Nov 2026 10:00:00 +0000\nMessage-ID: <AM0PR01MB1234@AM0PR01MB1234.eurprd01.prod.outlook.com>\nAccept-Language: de-DE, en-US\nContent-Language: de-DE\nX-MS-Has-Attach: yes\nContent-Type: multipart/mixed;\n\tboundary=\"_004_AM0PR01MB1234_\"\nMIME-Version: 1.0\n\n--_004_AM0PR01MB1234_\nContent-Type: multipart/alternative;\n\tboundary=\"_000_AM0PR01MB1234_\"\n\n--_000_AM0PR01MB1234_\nContent-Type: text/plain; charset=\"iso-8859-1\"\nContent-Transfer-Encoding: quoted-printable\n\nSehr geehrte Damen und Herren,\n\nwir ben=F6tigen 25.000 Konten =96 bitte um ein Angebot.\n\nMit freundlichen Gr=FC=DFen\nJ=F6rg M=FCller\n\n--_000_AM0PR01MB1234_\nContent-Type: text/html; charset=\"iso-8859-1\"\nContent-Transfer-Encoding: quoted-printable\n\n<html><head><meta http-equiv=3D\"Content-Type\" content=3D\"text/html; charset=3Diso-8859-1\"><style><!-- p.MsoNormal {margin:0cm} --></style></head><body lang=3D\"DE\"><div class=3D\"WordSection1\"><p class=3D\"MsoNormal\">Sehr geehrte Damen und Herren,<o:p></o:p></p><p class=3D\"MsoNormal\">wir ben=F6tigen 25.000 Konten.</p></div></body></html>\n\n--_000_AM0PR01MB1234_--\n\n--_004_AM0PR01MB1234_\nContent-Type: application/pdf; name=\"Schreiben unterzeichnet.pdf\"\nContent-Description: Schreiben unterzeichnet.pdf\nContent-Disposition: attachment; filename=\"Schreiben unterzeichnet.pdf\"; size=88;\n\tcreation-date=\"Tue, 24 Nov 2026 09:58:00 GMT\";\n\tmodification-date=\"Tue, 24 Nov 2026 09:58:00 GMT\"\nContent-Transfer-Encoding: base64\n\n" + b64(PDF) + "\n\n--_004_AM0PR01MB1234_--\n")
    fixture("client-gmail-alternative", "MIME-Version: 1.0\nDate: Tue, 24 Nov 2026 11:00:00 +0100\nMessage-ID: <CAF=abc123@mail.gmail.com>\nSubject: =?UTF-8?B?U29saWNpdHVkIGRlIGV4Y2VwY2nDs24=?=\nFrom: =?UTF-8?Q?Ana_Garc=C3=ADa?= <ana.garcia@gmail.example>\nTo: sales@example.com\nContent-Type: multipart/mixed; boundary=\"0000000000001234abcd\"\n\n--0000000000001234abcd\nContent-Type: multipart/alternative; boundary=\"0000000000001234abcc\"\n\n--0000000000001234abcc\nContent-Type: text/plain; charset=\"UTF-8\"\nContent-Transfer-Encoding: base64\n\n" + b64("Hola,\r\n\r\nNecesitamos 25.000 cuentas.\r\n\r\nSaludos,\r\nAna\r\n".encode()) + "\n--0000000000001234abcc\nContent-Type: text/html; charset=\"UTF-8\"\nContent-Transfer-Encoding: quoted-printable\n\n<div dir=3D\"ltr\">Hola,<div><br></div><div>Necesitamos 25.000 cuentas.</div></div>\n\n--0000000000001234abcc--\n--0000000000001234abcd\nContent-Type: application/pdf; name=\"=?UTF-8?B?Y2FydGEgZmlybWFkYS5wZGY=?=\"\nContent-Disposition: attachment; filename=\"=?UTF-8?B?Y2FydGEgZmlybWFkYS5wZGY=?=\"\nContent-Transfer-Encoding: base64\nContent-ID: <f_abc123>\nX-Attachment-Id: f_abc123\n\n" + b64(PDF) + "\n--0000000000001234abcd--\n")
    fixture("client-apple-mail", "From: Zoë Dupont <zoe@example.fr>\nContent-Type: multipart/mixed;\n\tboundary=\"Apple-Mail=_1234-5678\"\nMime-Version: 1.0 (Mac OS X Mail 16.0 \\(3731.500.231\\))\nSubject: Demande d'exception\nDate: Tue, 24 Nov 2026 11:00:00 +0100\nMessage-Id: <1234-5678@example.fr>\nTo: sales@example.com\n\n\n--Apple-Mail=_1234-5678\nContent-Transfer-Encoding: quoted-printable\nContent-Type: text/plain;\n\tcharset=utf-8\n\nBonjour,\n\nVoici la lettre sign=C3=A9e.\n\n--Apple-Mail=_1234-5678\nContent-Disposition: attachment;\n\tfilename=lettre.pdf\nContent-Type: application/pdf;\n\tx-unix-mode=0644;\n\tname=\"lettre.pdf\"\nContent-Transfer-Encoding: base64\n\n" + b64(PDF) + "\n--Apple-Mail=_1234-5678\nContent-Transfer-Encoding: 7bit\nContent-Type: text/plain;\n\tcharset=us-ascii\n\n\nCordialement,\nZoe\n--Apple-Mail=_1234-5678--\n")
    fixture("client-thunderbird-flowed", "Message-ID: <tb1@example.de>\nDate: Tue, 24 Nov 2026 11:00:00 +0100\nMIME-Version: 1.0\nUser-Agent: Mozilla Thunderbird\nContent-Language: de-DE\nTo: sales@example.com\nFrom: =?UTF-8?Q?J=c3=b6rg_M=c3=bcller?= <joerg@example.de>\nSubject: Lizenz\nContent-Type: multipart/mixed; boundary=\"------------abc123\"\n\nThis is a multi-part message in MIME format.\n--------------abc123\nContent-Type: text/plain; charset=UTF-8; format=flowed\nContent-Transfer-Encoding: 8bit\n\nHallo, \nbitte um Angebot für 25.000 Konten.\n\n--------------abc123\nContent-Type: application/pdf; name=\"Gr\u00fc\u00dfe.pdf\"\nContent-Disposition: attachment;\n filename*=UTF-8''Gr%C3%BC%C3%9Fe.pdf\nContent-Transfer-Encoding: base64\n\n" + b64(PDF) + "\n\n--------------abc123--\n")
    fixture("client-lotus-notes", "From: John Smith/ACME@ACME\nTo: sales@example.com\nSubject: Request\nDate: Tue, 24 Nov 2026 05:00:00 -0500\nMessage-ID: <OF1234.5678-ON852@acme.example>\nMIME-Version: 1.0\nContent-type: multipart/related; \n\tBoundary=\"0__=0ABBF0DFDFD5A3E18f9e8a93df938690918c0ABBF0DFDFD5A3E1\"\n\n--0__=0ABBF0DFDFD5A3E18f9e8a93df938690918c0ABBF0DFDFD5A3E1\nContent-type: multipart/alternative; \n\tBoundary=\"1__=0ABBF0DFDFD5A3E18f9e8a93df938690918c0ABBF0DFDFD5A3E1\"\n\n--1__=0ABBF0DFDFD5A3E18f9e8a93df938690918c0ABBF0DFDFD5A3E1\nContent-type: text/plain; charset=US-ASCII\nContent-transfer-encoding: quoted-printable\n\nPlease quote 1,250 seats.\n\n--1__=0ABBF0DFDFD5A3E18f9e8a93df938690918c0ABBF0DFDFD5A3E1\nContent-type: text/html; charset=US-ASCII\nContent-Disposition: inline\nContent-transfer-encoding: quoted-printable\n\n<html><body><p>Please quote 1,250 seats.<img src=3D\"cid:1__=0ABB@acme\"></p></body></html>\n\n--1__=0ABBF0DFDFD5A3E18f9e8a93df938690918c0ABBF0DFDFD5A3E1--\n\n--0__=0ABBF0DFDFD5A3E18f9e8a93df938690918c0ABBF0DFDFD5A3E1\nContent-type: image/gif; \n\tname=\"graycol.gif\"\nContent-Disposition: inline; filename=\"graycol.gif\"\nContent-ID: <1__=0ABB@acme>\nContent-transfer-encoding: base64\n\nR0lGODlhEAAQAKEC\n\n--0__=0ABBF0DFDFD5A3E18f9e8a93df938690918c0ABBF0DFDFD5A3E1--\n")
    fixture("client-eudora-8bit-unlabelled", None, raw=("From: old@example.com\r\nTo: sales@example.com\r\nSubject: old client\r\nDate: 24 Nov 96 10:00 EST\r\n\r\n").encode() + "Grüße, 25.000 Konten\r\n".encode("latin-1"))
    fixture("client-mutt-pgp-signed", "Date: Tue, 24 Nov 2026 10:00:00 +0000\nFrom: Ivan Petrov <ivan@example.ru>\nTo: sales@example.com\nSubject: Signed request\nMessage-ID: <20261124100000.abc@example.ru>\nMIME-Version: 1.0\nContent-Type: multipart/signed; micalg=pgp-sha512;\n\tprotocol=\"application/pgp-signature\"; boundary=\"sig\"\nContent-Disposition: inline\nUser-Agent: Mutt/2.2\n\n\n--sig\nContent-Type: text/plain; charset=koi8-r\nContent-Disposition: inline\nContent-Transfer-Encoding: 8bit\n\nplain signed text\n\n--sig\nContent-Type: application/pgp-signature; name=\"signature.asc\"\nContent-Description: PGP signature\n\n-----BEGIN PGP SIGNATURE-----\niQEzBAABCgAdFiEE\n-----END PGP SIGNATURE-----\n\n--sig--\n")
    fixture("client-iphone", "From: Li Wei <liwei@example.cn>\nContent-Type: multipart/alternative; boundary=Apple-Mail-A1B2\nContent-Transfer-Encoding: 7bit\nMime-Version: 1.0 (1.0)\nDate: Wed, 25 Nov 2026 08:00:00 +0800\nSubject: =?utf-8?B?6K645Y+v5L6L5aSW?=\nMessage-Id: <A1B2@example.cn>\nTo: sales@example.com\nX-Mailer: iPhone Mail (21A)\n\n\n--Apple-Mail-A1B2\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n=E6=88=91=E4=BB=AC=E9=9C=80=E8=A6=81 25,000 =E4=B8=AA=E5=B8=90=E6=88=B7\n\nSent from my iPhone\n--Apple-Mail-A1B2\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: 7bit\n\n<html><body><div>25,000</div></body></html>\n--Apple-Mail-A1B2--\n")
    fixture("client-yahoo", "Date: Tue, 24 Nov 2026 10:00:00 +0000 (UTC)\nFrom: Maria Rossi <maria.rossi@yahoo.example>\nReply-To: Maria Rossi <maria.rossi@yahoo.example>\nTo: \"sales@example.com\" <sales@example.com>\nMessage-ID: <1234.5678@mail.yahoo.example>\nSubject: Richiesta eccezione\nMIME-Version: 1.0\nContent-Type: multipart/alternative; \n\tboundary=\"----=_Part_123_456.789\"\n\n------=_Part_123_456.789\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 7bit\n\nServono 25.000 account.\n------=_Part_123_456.789\nContent-Type: text/html; charset=UTF-8\nContent-Transfer-Encoding: 7bit\n\n<html><body><div>Servono 25.000 account.</div></body></html>\n------=_Part_123_456.789--\n")
    fixture("client-japanese-iso2022", None, raw=b"From: =?ISO-2022-JP?B?GyRCOzNFRBsoQg==?= <yamada@example.jp>\r\nTo: sales@example.com\r\nSubject: =?ISO-2022-JP?B?GyRCJWkhPCU7JXMlOU5jMzAbKEI=?=\r\nDate: Tue, 24 Nov 2026 19:00:00 +0900\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=ISO-2022-JP\r\nContent-Transfer-Encoding: 7bit\r\n\r\n" + "ライセンス例外の申請です。\r\n25,000アカウント\r\n".encode("iso-2022-jp"))
    fixture("client-chinese-gb2312", None, raw=("From: =?gb2312?B?" + base64.b64encode("王伟".encode("gb2312")).decode() + "?= <wang@example.cn>\r\nTo: sales@example.com\r\nSubject: =?gb2312?B?" + base64.b64encode("许可证例外申请".encode("gb2312")).decode() + "?=\r\nDate: Tue, 24 Nov 2026 18:00:00 +0800\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=gb2312\r\nContent-Transfer-Encoding: base64\r\n\r\n").encode() + b64("我们需要25,000个帐户。".encode("gb2312")).encode() + b"\r\n")
    fixture("client-korean-outlook", None, raw=("From: =?ks_c_5601-1987?B?" + base64.b64encode("김철수".encode("euc-kr")).decode() + "?= <kim@example.kr>\r\nTo: sales@example.com\r\nSubject: =?ks_c_5601-1987?B?" + base64.b64encode("라이선스 예외".encode("euc-kr")).decode() + "?=\r\nDate: Tue, 24 Nov 2026 19:00:00 +0900\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=\"ks_c_5601-1987\"\r\nContent-Transfer-Encoding: base64\r\n\r\n").encode() + b64("25,000 계정이 필요합니다.".encode("euc-kr")).encode() + b"\r\n")
    fixture("client-russian-koi8", None, raw=("From: =?koi8-r?B?" + base64.b64encode("Иван".encode("koi8-r")).decode() + "?= <ivan@example.ru>\r\nTo: sales@example.com\r\nSubject: =?koi8-r?Q?" + "".join("=%02X" % b for b in "Запрос".encode("koi8-r")) + "?=\r\nDate: Tue, 24 Nov 2026 13:00:00 +0300\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=koi8-r\r\nContent-Transfer-Encoding: 8bit\r\n\r\n").encode() + "Нам нужно 25 000 учётных записей.\r\n".encode("koi8-r"))
    fixture("client-mailing-list-footer", "From: list@lists.example.org\nTo: sales@example.com\nSubject: [list] request\nList-Id: <list.lists.example.org>\nContent-Type: multipart/mixed; boundary=\"===============123==\"\nMIME-Version: 1.0\n\n--===============123==\nContent-Type: text/plain; charset=\"us-ascii\"\nContent-Transfer-Encoding: 7bit\n\nlist message body\n--===============123==\nContent-Type: text/plain; charset=\"us-ascii\"\nContent-Transfer-Encoding: 7bit\nContent-Disposition: inline\n\n_______________________________________________\nlist mailing list\n--===============123==--\n")
    fixture("client-exchange-forward-inline-headers", "From: Sales Rep <rep@example.com>\nTo: sales@example.com\nSubject: FW: Request from ACME\nDate: Tue, 24 Nov 2026 10:00:00 +0000\nContent-Type: text/plain; charset=\"utf-8\"\nContent-Transfer-Encoding: base64\n\n" + b64("FYI\r\n\r\nFrom: John <john@acme.example>\r\nSent: Monday, November 23, 2026 9:00 AM\r\nTo: Rep <rep@example.com>\r\nSubject: Request\r\n\r\nWe need 1,250 seats.\r\n".encode()) + "\n")
    fixture("client-bounce-postfix", "From: MAILER-DAEMON@mx.example.com (Mail Delivery System)\nTo: sales@example.com\nSubject: Undelivered Mail Returned to Sender\nDate: Tue, 24 Nov 2026 10:00:00 +0000 (UTC)\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status;\n\tboundary=\"ABC.123/mx.example.com\"\n\n--ABC.123/mx.example.com\nContent-Description: Notification\nContent-Type: text/plain; charset=us-ascii\n\nThis is the mail system at host mx.example.com.\n\n--ABC.123/mx.example.com\nContent-Description: Delivery report\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.com\n\nFinal-Recipient: rfc822; gone@example.org\nAction: failed\n\n--ABC.123/mx.example.com\nContent-Description: Undelivered Message Headers\nContent-Type: text/rfc822-headers\n\nFrom: sales@example.com\nSubject: quote\n\n--ABC.123/mx.example.com--\n")
    fixture("client-calendar-invite", head("cal") + "Content-Type: multipart/mixed; boundary=c\n\n--c\nContent-Type: multipart/alternative; boundary=a\n\n--a\nContent-Type: text/plain\n\nMeeting\n--a\nContent-Type: text/calendar; method=REQUEST; charset=utf-8\n\nBEGIN:VCALENDAR\nEND:VCALENDAR\n--a--\n--c\nContent-Type: application/ics; name=invite.ics\nContent-Disposition: attachment; filename=invite.ics\n\nBEGIN:VCALENDAR\nEND:VCALENDAR\n--c--\n")
    fixture("client-docx-xlsx", head("office") + "Content-Type: multipart/mixed; boundary=o\n\n--o\nContent-Type: text/plain\n\nsee files\n--o\n" + att("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Anfrage.docx", b"PK\x03\x04docx") + "--o\n" + att("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Preise.xlsx", b"PK\x03\x04xlsx") + "--o--\n")


# ---------------------------------------------------------------- regressions
def regression_fixtures():
    # Inputs that made an earlier parser quadratic (found by review while fuzzing): each must
    # parse in linear time.
    fixture("regression-html-unclosed-tags", head("r1") + "Content-Type: text/html\n\n" + "<a " * 30_000 + "\n")
    fixture("regression-encoded-word-starts", "From: a@example.com\nSubject: " + "=?a?q?x" * 8_000 + "\n\nbody\n")
    fixture("regression-nested-rfc822-deep", "Content-Type: message/rfc822\n\n" * 200 + "Subject: deep\n\nbody\n")
    fixture("regression-many-dashes", head("r4") + "Content-Type: multipart/mixed; boundary=\"" + "-" * 60 + "\"\n\n" + ("-" * 120 + "\n") * 2_000)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--record", metavar="MIME_BENCH", help="write missing .json files with this mime-bench binary")
    ap.add_argument("--force", action="store_true", help="rewrite every .json")
    args = ap.parse_args()
    charset_fixtures()
    date_fixtures()
    header_fixtures()
    encoding_fixtures()
    structure_fixtures()
    client_fixtures()
    regression_fixtures()
    import mime_fixtures_extra  # noqa: E402  (TNEF and other binary builders)
    for name, data in mime_fixtures_extra.fixtures().items():
        fixture(name, raw=data)
    os.makedirs(OUT, exist_ok=True)
    for name, data in FIXTURES.items():
        with open(os.path.join(OUT, name + ".eml"), "wb") as f:
            f.write(data)
    print(f"{len(FIXTURES)} fixtures in {os.path.relpath(OUT, ROOT)}")
    if args.record:
        todo = [n for n in FIXTURES if args.force or not os.path.exists(os.path.join(OUT, n + ".json"))]
        for n in todo:
            out = subprocess.run([args.record, "json", os.path.join(OUT, n + ".eml")], capture_output=True, check=True).stdout
            obj = json.loads(out)
            del obj["file"]
            with open(os.path.join(OUT, n + ".json"), "w", encoding="utf-8") as f:
                json.dump(obj, f, ensure_ascii=False, indent=1)
                f.write("\n")
        print(f"recorded {len(todo)} expected outputs")


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    main()
