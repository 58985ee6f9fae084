#!/usr/bin/env python3
"""Parse benchmark: intake's parser vs Python's email (policy=default) vs fast-mail-parser.

Each parser runs in its own process over the same corpus, one message at a time (read, parse,
decode every part, hash every attachment with SHA-256), and reports its time; this script
adds peak memory (ru_maxrss of the child) and prints MB/s, messages/s and the ratios.

    python3 Benchmarks/parse/generate.py                 # once: ~220 MB, 4,000 messages
    swift build -c release --product mime-bench          # the Swift side
    python3 Benchmarks/parse/run.py [--corpus DIR] [--intake .build/release/mime-bench] [--repeat 3]

CPU seconds (user+sys) are printed beside wall seconds: on a shared machine they are the
steadier figure. Each tool's best of --repeat runs is reported.
"""
import argparse
import hashlib
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))


def corpus_files(path):
    out = []
    for d, _, names in os.walk(path):
        out += [os.path.join(d, n) for n in names]
    return sorted(out)


def worker_python_email(files):
    import email
    from email import policy
    n = total = atts = 0
    sink = 0
    start = time.perf_counter()
    for p in files:
        with open(p, "rb") as f:
            data = f.read()
        total += len(data)
        n += 1
        msg = email.message_from_bytes(data, policy=policy.default)
        queue = [msg]
        while queue:
            m = queue.pop()
            sink += len(str(m.get("subject", ""))) + len(str(m.get("from", ""))) + len(str(m.get("to", "")))
            for part in m.walk():
                if part.is_multipart():
                    continue
                if part.get_content_type() in ("message/rfc822", "message/global"):
                    continue
                payload = part.get_payload(decode=True) or b""
                if part.get_content_maintype() == "text" and not part.is_attachment():
                    sink += len(part.get_content())
                else:
                    atts += 1
                    sink += hashlib.sha256(payload).digest()[0]
            # get_payload of message/rfc822 parts yields the embedded messages, walked above.
    return {"tool": "python-email", "messages": n, "bytes": total, "attachments": atts,
            "seconds": time.perf_counter() - start}


def worker_fast_mail_parser(files):
    import fast_mail_parser
    n = total = atts = failures = 0
    sink = 0
    start = time.perf_counter()
    for p in files:
        with open(p, "rb") as f:
            data = f.read()
        total += len(data)
        n += 1
        try:
            m = fast_mail_parser.parse_email(data)
        except Exception:
            failures += 1
            continue
        sink += len(m.subject or "") + sum(len(t) for t in m.text_plain) + sum(len(t) for t in m.text_html)
        for a in m.attachments:
            atts += 1
            sink += hashlib.sha256(a.content).digest()[0]
    return {"tool": "fast-mail-parser", "messages": n, "bytes": total, "attachments": atts,
            "failures": failures, "seconds": time.perf_counter() - start}


def run_child(cmd):
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{cmd[0]} failed with status {status}")
    result = json.loads(out.decode().strip().splitlines()[-1])
    result["peak_mb"] = usage.ru_maxrss / 1024
    result["cpu_seconds"] = usage.ru_utime + usage.ru_stime
    result["process_seconds"] = wall
    return result


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=os.path.join(ROOT, "Benchmarks", ".work", "corpus"))
    ap.add_argument("--intake", default=os.path.join(ROOT, ".build", "release", "mime-bench"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--skip-python-email", action="store_true", help="leave out the slow Python email run")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args()

    files = corpus_files(args.corpus)
    if args.worker:
        fn = {"python-email": worker_python_email, "fast-mail-parser": worker_fast_mail_parser}[args.worker]
        print(json.dumps(fn(files)))
        return
    if not files:
        raise SystemExit(f"no corpus at {args.corpus}: run Benchmarks/parse/generate.py first")
    largest = max(os.path.getsize(p) for p in files)
    total = sum(os.path.getsize(p) for p in files)
    print(f"corpus: {len(files)} messages, {total / 1e6:.1f} MB, largest {largest / 1e6:.2f} MB")

    commands = {
        "intake": [args.intake, "parse", args.corpus],
        "fast-mail-parser": [sys.executable, __file__, "--corpus", args.corpus, "--worker", "fast-mail-parser"],
        "python-email": [sys.executable, __file__, "--corpus", args.corpus, "--worker", "python-email"],
    }
    if args.skip_python_email:
        del commands["python-email"]
    results = {}
    for name, cmd in commands.items():
        best = None
        for _ in range(args.repeat if name != "python-email" else 1):
            r = run_child(cmd)
            if best is None or r["seconds"] < best["seconds"]:
                best = r
        results[name] = best

    print(f"{'parser':18} {'MB/s':>8} {'msgs/s':>8} {'CPU MB/s':>9} {'peak MB':>8} {'attachments':>11}")
    for name, r in results.items():
        mbs = r["bytes"] / 1e6 / r["seconds"]
        print(f"{name:18} {mbs:8.1f} {r['messages'] / r['seconds']:8.0f} {r['bytes'] / 1e6 / r['cpu_seconds']:9.1f} "
              f"{r['peak_mb']:8.1f} {r['attachments']:11d}" + (f"  ({r['failures']} failed)" if r.get("failures") else ""))
    i = results["intake"]
    for other in ("fast-mail-parser", "python-email"):
        if other not in results:
            continue
        o = results[other]
        print(f"intake / {other}: {o['seconds'] / i['seconds']:.2f}x throughput (wall), "
              f"{o['cpu_seconds'] / i['cpu_seconds']:.2f}x (CPU)")
    budget = 3 * largest / 1e6 + 30
    print(f"intake peak memory {i['peak_mb']:.1f} MB; budget 3 x largest + 30 MB = {budget:.1f} MB: "
          + ("within" if i["peak_mb"] <= budget else "OVER"))


if __name__ == "__main__":
    main()
