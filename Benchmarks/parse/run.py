#!/usr/bin/env python3
"""Parse benchmark: `intake parse DIR --json`, the command a user runs, against fast-mail-parser and
Python's email (policy=default) doing the same work, each in its own process.

The same work: read each file, parse it, decode every part, hash every attachment with SHA-256 and
write one JSON line per message (the headers, text and HTML bodies, each attachment's name, type,
size and hash) to standard output, which is /dev/null for all three. Times are the child process's
wall and CPU (user + sys) seconds, start-up included; peak memory is the child's ru_maxrss.

    python3 Benchmarks/parse/generate.py --profile requests    # issue 13's corpus: 1,000 requests, ~224 MB
    python3 Benchmarks/parse/generate.py --profile mix         # the 4,000-message mix, ~220 MB
    swift build -c release --static-swift-stdlib --product intake
    python3 Benchmarks/parse/run.py [--corpus DIR …] [--intake PATH] [--compare NAME=PATH] [--repeat 5] [--skip-python-email]

Each tool's median of --repeat runs is reported (Python email runs once: it takes ~30 s a corpus).
On a shared machine the wall figures move with the load; CPU seconds are the steadier ones.
"""
import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
WORK = os.path.join(ROOT, "Benchmarks", ".work")


def corpus_files(path):
    out = []
    for d, _, names in os.walk(path):
        out += [os.path.join(d, n) for n in names if not n.startswith(".")]
    return sorted(out)


def worker_fast_mail_parser(files, out):
    import fast_mail_parser
    for p in files:
        with open(p, "rb") as f:
            data = f.read()
        try:
            m = fast_mail_parser.parse_email(data)
        except Exception as e:
            # It loses the whole message on some defects (invalid base64); intake still prints one.
            out.write(json.dumps({"error": str(e)}) + "\n")
            continue
        h = m.headers
        out.write(json.dumps({
            "messageId": h.get("Message-ID"), "subject": m.subject, "date": m.date,
            "from": h.get("From"), "to": h.get("To"), "cc": h.get("Cc"), "replyTo": h.get("Reply-To"),
            "textBody": "\n".join(m.text_plain) or None, "htmlBody": "\n".join(m.text_html) or None,
            "attachments": [{"filename": a.filename, "contentType": a.mimetype, "size": len(a.content),
                             "sha256": hashlib.sha256(a.content).hexdigest()} for a in m.attachments],
            "defects": [],
        }, ensure_ascii=False) + "\n")


def worker_python_email(files, out):
    import email
    from email import policy
    for p in files:
        with open(p, "rb") as f:
            data = f.read()
        msg = email.message_from_bytes(data, policy=policy.default)
        text = html = None
        atts = []
        for part in msg.walk():
            if part.is_multipart() or part.get_content_type() in ("message/rfc822", "message/global"):
                continue
            payload = part.get_payload(decode=True) or b""
            ctype = part.get_content_type()
            if part.get_content_maintype() == "text" and not part.is_attachment():
                if ctype == "text/plain" and text is None:
                    text = part.get_content()
                elif ctype == "text/html" and html is None:
                    html = part.get_content()
                continue
            atts.append({"filename": part.get_filename(), "contentType": ctype, "size": len(payload),
                         "sha256": hashlib.sha256(payload).hexdigest()})
        out.write(json.dumps({
            "messageId": str(msg.get("message-id", "")), "subject": str(msg.get("subject", "")),
            "date": str(msg.get("date", "")), "from": str(msg.get("from", "")), "to": str(msg.get("to", "")),
            "cc": str(msg.get("cc", "")), "replyTo": str(msg.get("reply-to", "")),
            "textBody": text, "htmlBody": html, "attachments": atts, "defects": [str(d) for d in msg.defects],
        }, ensure_ascii=False) + "\n")


def run_child(cmd):
    """Wall and CPU seconds and peak memory of one run, its standard output to /dev/null."""
    with open(os.devnull, "wb") as sink:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=sink)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{' '.join(cmd)} failed with status {status}")
    return {"seconds": wall, "cpu_seconds": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024}


def median_run(cmd, repeat):
    runs = [run_child(cmd) for _ in range(repeat)]
    return {k: statistics.median(r[k] for r in runs) for k in runs[0]} | {"runs": [r["seconds"] for r in runs]}


def bench(corpus, args):
    files = corpus_files(corpus)
    if not files:
        raise SystemExit(f"no corpus at {corpus}: run Benchmarks/parse/generate.py first")
    largest = max(os.path.getsize(p) for p in files)
    total = sum(os.path.getsize(p) for p in files)
    print(f"\ncorpus {os.path.relpath(corpus, ROOT)}: {len(files)} messages, {total / 1e6:.1f} MB, largest {largest / 1e6:.2f} MB")
    me = os.path.abspath(__file__)
    commands = {
        "intake": [args.intake, "parse", corpus, "--json"],
        "fast-mail-parser": [sys.executable, me, "--worker", "fast-mail-parser", corpus],
        "python-email": [sys.executable, me, "--worker", "python-email", corpus],
    }
    for name, path in (c.split("=", 1) for c in args.compare or []):
        commands[f"intake {name}"] = [path, "parse", corpus, "--json"]
    if args.skip_python_email:
        del commands["python-email"]
    # Warm the page cache, so the first measured tool does not pay for the disk.
    for p in files:
        with open(p, "rb") as f:
            f.read()
    results = {name: median_run(cmd, 1 if name == "python-email" else args.repeat) for name, cmd in commands.items()}

    print(f"{'tool':24} {'MB/s':>8} {'msgs/s':>8} {'CPU MB/s':>9} {'peak MB':>8}   runs (s)")
    for name, r in results.items():
        print(f"{name:24} {total / 1e6 / r['seconds']:8.1f} {len(files) / r['seconds']:8.0f} "
              f"{total / 1e6 / r['cpu_seconds']:9.1f} {r['peak_mb']:8.1f}   "
              + " ".join(f"{s:.3f}" for s in r["runs"]))
    for mine in (n for n in results if n.startswith("intake")):
        i = results[mine]
        for other in ("fast-mail-parser", "python-email"):
            if other in results:
                o = results[other]
                print(f"{mine} / {other}: {o['seconds'] / i['seconds']:.2f}x (wall), {o['cpu_seconds'] / i['cpu_seconds']:.2f}x (CPU)")
    i = results["intake"]
    budget = 3 * largest / 1e6 + 30
    print(f"intake peak memory {i['peak_mb']:.1f} MB, budget 3 x largest + 30 MB = {budget:.1f} MB: "
          + ("PASS" if i["peak_mb"] <= budget else "FAIL"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", action="append", help="a corpus folder (repeatable); default: requests and corpus under Benchmarks/.work")
    ap.add_argument("--intake", default=os.path.join(ROOT, ".build", "release", "intake"))
    ap.add_argument("--compare", action="append", metavar="NAME=PATH", help="also time another intake binary (an earlier build)")
    ap.add_argument("--repeat", type=int, default=5, help="runs per tool; the median is reported")
    ap.add_argument("--skip-python-email", action="store_true", help="leave out the slow Python email runs")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("folder", nargs="?", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        fn = {"python-email": worker_python_email, "fast-mail-parser": worker_fast_mail_parser}[args.worker]
        fn(corpus_files(args.folder), sys.stdout)
        return
    corpora = args.corpus or [c for c in (os.path.join(WORK, "requests"), os.path.join(WORK, "corpus")) if os.path.isdir(c)]
    if not corpora:
        raise SystemExit("no corpus under Benchmarks/.work: run Benchmarks/parse/generate.py first")
    print(f"{args.repeat} runs per tool, median reported; standard output to /dev/null")
    for c in corpora:
        bench(c, args)


if __name__ == "__main__":
    main()
