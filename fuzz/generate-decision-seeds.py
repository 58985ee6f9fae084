#!/usr/bin/env python3
# Writes the hand seeds of DecisionFuzz: the hostile messages of issue 12 (see README.md).
# python3 generate-decision-seeds.py
import base64, struct, os, urllib.parse
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "seeds-decision")
body = ("Dear Sales Team,\r\n\r\nWe have 25,000 accounts and are licensed for 18,000 users; we request 20,000.\r\n"
        "The reason is a merger with another faculty.\r\n\r\nBest regards,\r\nAna Lima\r\nIT Manager\r\nExample University\r\n")
head = ("From: Ana Lima <ana@example.edu>\r\nTo: Sales <sales@example.test>\r\nDate: Mon, 2 Nov 2026 10:00:00 +0000\r\n"
        "MIME-Version: 1.0\r\n")
def part(name_header, ctype, data):
    return (f"--B\r\nContent-Type: {ctype}\r\nContent-Disposition: attachment; {name_header}\r\n"
            f"Content-Transfer-Encoding: base64\r\n\r\n{base64.b64encode(data).decode()}\r\n")
def multipart(subject, msgid, parts):
    return (head + f"Subject: {subject}\r\nMessage-ID: <{msgid}@example.edu>\r\n"
            "Content-Type: multipart/mixed; boundary=\"B\"\r\n\r\n--B\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            + body + "\r\n" + "".join(parts) + "--B--\r\n")
def write(name, text):
    data = text.encode("utf-8") if isinstance(text, str) else text
    open(os.path.join(out, name), "wb").write(data)

# Two attachments with the same 204-byte name.
long = "n" * 200 + ".pdf"
write("same-204-byte-name.eml", multipart("License exception request", "same-name",
      [part(f'filename="{long}"', "application/pdf", b"%PDF-1.4\n%%EOF\n")] * 2))

# A winmail.dat carrying many files of the same name.
def attr(level, aid, data):
    return struct.pack("<BII", level, aid, len(data)) + data + struct.pack("<H", sum(data) & 0xFFFF)
tnef = struct.pack("<IH", 0x223E9F78, 0x1234) + attr(1, 0x0001800C, b"Please see the attached letters.\x00")
for _ in range(120):
    tnef += attr(2, 0x00069002, b"\x01\x00" + b"\xff" * 4 + b"\x00" * 6)
    tnef += attr(2, 0x00018010, b"LETTER.PDF\x00")
    tnef += attr(2, 0x0006800F, b"%PDF-1.4\n%%EOF\n")
write("winmail-same-names.eml", multipart("License exception request", "winmail",
      [part('filename="winmail.dat"', "application/ms-tnef", tnef)]))

# A filename of `x.` and 300 combining marks (RFC 2231, and as an encoded word).
marks = "x." + "\u0301" * 300
enc = urllib.parse.quote(marks.encode("utf-8"), safe="")
ew = "=?UTF-8?B?" + base64.b64encode(marks.encode()).decode() + "?="
write("combining-marks-name.eml", multipart("License exception request", "marks",
      [part(f"filename*=UTF-8''{enc}", "application/octet-stream", b"data"),
       part(f'filename="{ew}"', "application/octet-stream", b"data")]))

# Six family emoji names (ZWJ sequences): the same name six times, and one name of six of them.
family = "\U0001F468\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466"
names = [family + ".pdf"] * 6 + [family * 6, family * 6 + ".pdf"]
write("family-emoji-names.eml", multipart("License exception request " + family, "family",
      [part("filename*=UTF-8''" + urllib.parse.quote(n.encode(), safe=""), "application/pdf", b"%PDF-1.4\n") for n in names]))

# Deep nested forwards: quoted text forwards, and message/rfc822 parts inside each other.
text = body
for i in range(40):
    marker = ["---------- Forwarded message ---------", "Begin forwarded message:", "-----Original Message-----"][i % 3]
    text = (f"FYI, level {i}.\r\n\r\n{marker}\r\nFrom: Person {i} <p{i}@example{i}.org>\r\nDate: Mon, 2 Nov 2026 10:00:00 +0000\r\n"
            f"Subject: Fwd: License exception request\r\nTo: Sales <sales@example.test>\r\n\r\n"
            + "".join("> " + l + "\r\n" for l in text.split("\r\n")))
write("nested-forwards-text.eml", head + "Subject: Fwd: Fwd: License exception request\r\nMessage-ID: <fwd@example.edu>\r\n"
      "Content-Type: text/plain; charset=utf-8\r\n\r\n" + text)
inner = head + "Subject: License exception request\r\nContent-Type: text/plain\r\n\r\n" + body
for i in range(20):
    inner = (head + f"Subject: Fwd: level {i}\r\nContent-Type: multipart/mixed; boundary=\"L{i}\"\r\n\r\n"
             f"--L{i}\r\nContent-Type: text/plain\r\n\r\nForwarded, level {i}.\r\n--L{i}\r\n"
             f"Content-Type: message/rfc822\r\n\r\n{inner}\r\n--L{i}--\r\n")
write("nested-forwards-rfc822.eml", inner)

# Control and escape sequences in the Subject, the sender's name and an attachment's name.
esc = "\x1b[2J\x1b[31mURGENT\x1b[0m \x1b]0;owned\x07 \x08\x08\x7f\r"
subj_ew = "=?UTF-8?Q?" + "".join("=%02X" % b for b in "\x1b[1;5mBlink\x1b[0m\x00nul".encode()) + "?="
write("subject-escapes.eml",
      "From: \"\x1b[32mAna\x1b[0m Lima\" <ana@example.edu>\r\nTo: Sales <sales@example.test>\r\nDate: Mon, 2 Nov 2026 10:00:00 +0000\r\n"
      f"MIME-Version: 1.0\r\nSubject: License exception {esc} request {subj_ew}\r\nMessage-ID: <esc\x1b[0m@example.edu>\r\n"
      "Content-Type: multipart/mixed; boundary=\"B\"\r\n\r\n--B\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
      + body.replace("Example University", "Example \x1b[7mUniversity\x1b[0m\x07") + "\r\n"
      + part('filename="\x1b[31mletter\x07.pdf"', "application/pdf", b"%PDF-1.4\n") + "--B--\r\n")
