#!/usr/bin/env python3
"""Deterministic benchmark corpora for the MIME parser. Same seed → byte-identical corpus.

--profile requests (issue 13's corpus, ~224 MB, 1,000 messages → Benchmarks/.work/requests): what
sales@ receives, license-exception requests, most with a signed letter or a scan attached (base64,
30–200 kB, a quarter with two, one in twenty 0.5–1.5 MB), a tenth forwarding the original request.

--profile mix (~220 MB, 4,000 messages → Benchmarks/.work/corpus): the mix real mail has. Mostly
small multipart/alternative messages, some plain text, some with office-sized attachments, a few
with large ones; a sprinkle of quoted-printable, legacy charsets, encoded-word subjects and
forwarded messages.

    python3 Benchmarks/parse/generate.py [--profile requests|mix] [--out DIR] [--count N]
"""
import argparse
import base64
import os
import random

WORDS = ("license exception request account users seats renewal quote pricing contract "
         "discount approval customer enterprise annual term volume cuentas solicitud "
         "Lizenz Ausnahme Anfrage remise tarif devis 25.000 1,250 EUR USD please thanks "
         "regards meeting schedule follow up attached signed letter").split()
NAMES = ["Ana García", "Jörg Müller", "Zoë Dupont", "Li Wei", "John Smith", "Søren Kierkegaard",
         "Élodie Martin", "Sales Team", "Maria Rossi", "Ivan Petrov"]


def words(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def paragraph_text(rng, lines):
    return "\r\n".join(words(rng, rng.randint(6, 14)) for _ in range(lines)) + "\r\n"


def qp_encode(text):
    out = []
    for line in text.split("\r\n"):
        enc = "".join(c if (32 <= ord(c) < 127 and c != "=") else "".join("=%02X" % b for b in c.encode("utf-8")) for c in line)
        while len(enc) > 75:
            cut = 75
            while enc[cut - 1] == "=" or enc[cut - 2] == "=":
                cut -= 1
            out.append(enc[:cut] + "=")
            enc = enc[cut:]
        out.append(enc)
    return "\r\n".join(out)


def b64_lines(data):
    s = base64.b64encode(data).decode()
    return "\r\n".join(s[i:i + 76] for i in range(0, len(s), 76)) + "\r\n"


def encoded_word(text):
    return "=?utf-8?B?" + base64.b64encode(text.encode()).decode() + "?="


def headers(rng, i, ctype):
    name = rng.choice(NAMES)
    subj = words(rng, rng.randint(3, 9))
    if rng.random() < 0.2:
        subj = encoded_word("Re: " + subj + " – ñ")
    h = [
        f"Received: from mx{i % 7}.example.net (mx{i % 7}.example.net [192.0.2.{i % 250}])\r\n\tby mail.example.com with ESMTPS id {i:08x}\r\n\tfor <sales@example.com>; Tue, 24 Nov 2026 10:{i % 60:02d}:00 +0000",
        f"From: {encoded_word(name) if rng.random() < 0.3 else chr(34) + name.encode('ascii', 'replace').decode() + chr(34)} <user{i}@customer{i % 97}.example>",
        f"To: Sales <sales@example.com>" + (f", \"Doe, Jane\" <jane{i}@example.com>" if rng.random() < 0.3 else ""),
        f"Subject: {subj}",
        f"Date: Tue, {1 + i % 28} Nov 2026 {i % 24:02d}:{i % 60:02d}:00 +0100",
        f"Message-ID: <{i}.{rng.randrange(1 << 30)}@customer.example>",
        "MIME-Version: 1.0",
        f"Content-Type: {ctype}",
    ]
    return "\r\n".join(h) + "\r\n"


def alternative(rng, i, boundary):
    text = paragraph_text(rng, rng.randint(5, 60))
    html = "<html><body>" + "".join(f"<p>{words(rng, rng.randint(8, 20))}</p>" for _ in range(rng.randint(5, 60))) + "</body></html>"
    if rng.random() < 0.25:
        tpart = f"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n{qp_encode(text)}\r\n"
    elif rng.random() < 0.15:
        tpart = "Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        tpart = tpart + text.encode("latin-1", "replace").decode("latin-1") + "\r\n"
    else:
        tpart = f"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n{b64_lines(text.encode())}"
    hpart = f"Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n{qp_encode(html)}\r\n"
    return f"--{boundary}\r\n{tpart}--{boundary}\r\n{hpart}--{boundary}--\r\n"


def attachment(rng, size, boundary):
    kind = rng.choice([("application/pdf", "pdf"), ("image/png", "png"), ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"), ("image/jpeg", "jpg")])
    name = f"{words(rng, 2).replace(' ', '_')}.{kind[1]}"
    data = rng.randbytes(size)
    return (f"--{boundary}\r\nContent-Type: {kind[0]}; name=\"{name}\"\r\nContent-Disposition: attachment; filename=\"{name}\"\r\n"
            f"Content-Transfer-Encoding: base64\r\n\r\n{b64_lines(data)}")


def message(rng, i):
    r = rng.random()
    if r < 0.72:
        b = f"alt{i}"
        return headers(rng, i, f"multipart/alternative; boundary=\"{b}\"") + "\r\n" + alternative(rng, i, b)
    if r < 0.85:
        return headers(rng, i, "text/plain; charset=utf-8") + "Content-Transfer-Encoding: 8bit\r\n\r\n" + paragraph_text(rng, rng.randint(3, 40))
    outer, inner = f"mix{i}", f"alt{i}"
    body = f"--{outer}\r\nContent-Type: multipart/alternative; boundary=\"{inner}\"\r\n\r\n" + alternative(rng, i, inner)
    if r < 0.985:
        sizes = [rng.randint(15_000, 110_000) for _ in range(rng.randint(1, 2))]
    else:
        sizes = [rng.randint(500_000, 2_500_000)]
    for s in sizes:
        body += attachment(rng, s, outer)
    if rng.random() < 0.1:
        fwd = headers(rng, i + 1_000_000, "text/plain; charset=utf-8") + "\r\n" + paragraph_text(rng, 10)
        body += f"--{outer}\r\nContent-Type: message/rfc822\r\n\r\n{fwd}"
    body += f"--{outer}--\r\n"
    return headers(rng, i, f"multipart/mixed; boundary=\"{outer}\"") + "\r\n" + body


def request(rng, i):
    """A license-exception request as sales@ gets it: text and HTML, mostly with attachments."""
    outer, inner = f"req{i}", f"alt{i}"
    body = f"--{outer}\r\nContent-Type: multipart/alternative; boundary=\"{inner}\"\r\n\r\n" + alternative(rng, i, inner)
    r = rng.random()
    if r < 0.10:
        sizes = []
    elif r < 0.70:
        sizes = [rng.randint(30_000, 200_000)]
    elif r < 0.95:
        sizes = [rng.randint(30_000, 200_000) for _ in range(2)]
    else:
        sizes = [rng.randint(500_000, 1_500_000)]
    for s in sizes:
        body += attachment(rng, s, outer)
    if rng.random() < 0.1:
        fwd = headers(rng, i + 1_000_000, "text/plain; charset=utf-8") + "\r\n" + paragraph_text(rng, 20)
        body += f"--{outer}\r\nContent-Type: message/rfc822\r\n\r\n{fwd}"
    body += f"--{outer}--\r\n"
    return headers(rng, i, f"multipart/mixed; boundary=\"{outer}\"") + "\r\n" + body


PROFILES = {"mix": (message, 4000, "corpus"), "requests": (request, 1000, "requests")}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--profile", choices=sorted(PROFILES), default="requests")
    ap.add_argument("--out")
    ap.add_argument("--count", type=int)
    ap.add_argument("--seed", type=int, default=20261124)
    args = ap.parse_args()
    make, count, folder = PROFILES[args.profile]
    args.out = args.out or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".work", folder)
    args.count = args.count or count
    os.makedirs(args.out, exist_ok=True)
    rng = random.Random(args.seed)
    total = 0
    largest = 0
    for i in range(args.count):
        data = make(rng, i).encode("utf-8")
        total += len(data)
        largest = max(largest, len(data))
        with open(os.path.join(args.out, f"{i:05d}.eml"), "wb") as f:
            f.write(data)
    print(f"{args.count} messages, {total / 1e6:.1f} MB, largest {largest / 1e6:.2f} MB in {os.path.normpath(args.out)}")


if __name__ == "__main__":
    main()
