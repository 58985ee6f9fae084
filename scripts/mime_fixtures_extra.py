"""Binary fixture builders for scripts/mime-fixtures.py: TNEF (winmail.dat) and mbox."""
import base64
import struct

SIG = 0x223E9F78


def attr(level, attr_id, data):
    return struct.pack("<BII", level, attr_id, len(data)) + data + struct.pack("<H", sum(data) & 0xFFFF)


def mapi_props(props):
    """props: list of (type, id, value) with type 0x001E (str8), 0x001F (unicode), 0x0102 (binary), 0x0003 (long)."""
    out = struct.pack("<I", len(props))
    for ptype, pid, value in props:
        out += struct.pack("<HH", ptype, pid)
        if ptype == 0x0003:
            out += struct.pack("<I", value)
            continue
        if ptype == 0x001E:
            data = value.encode("cp1252") + b"\0"
        elif ptype == 0x001F:
            data = value.encode("utf-16-le") + b"\0\0"
        else:
            data = value
        out += struct.pack("<II", 1, len(data)) + data + b"\0" * ((4 - len(data) % 4) % 4)
    return out


def lzfu_literal(rtf):
    """Compressed RTF using only literals (valid LZFu), with the end marker reference."""
    body = b""
    data = rtf
    i = 0
    while True:
        chunk = data[i:i + 8]
        if len(chunk) == 8:
            body += b"\x00" + chunk
            i += 8
            continue
        # Last control byte: the literals, then a reference to the write position (end).
        control = 1 << len(chunk)
        write = (207 + len(data)) % 4096
        body += bytes([control]) + chunk + bytes([write >> 4, (write & 0xF) << 4])
        break
    header = struct.pack("<IIII", len(body) + 12, len(rtf), 0x75465A4C, 0)
    return header + body


def tnef(files, body=None, rtf=None, html=None, truncate=None):
    out = struct.pack("<IH", SIG, 0x1234)
    out += attr(1, 0x00069007, struct.pack("<II", 1252, 0))
    if body is not None:
        out += attr(1, 0x0001800C, body.encode("cp1252"))
    props = []
    if rtf is not None:
        props.append((0x0102, 0x1009, lzfu_literal(rtf.encode("cp1252"))))
    if html is not None:
        props.append((0x0102, 0x1013, html.encode("cp1252")))
    if props:
        out += attr(1, 0x00069003, mapi_props(props))
    for name, long_name, mime, data in files:
        out += attr(2, 0x00069002, b"\x01\x00\xff\xff\xff\xff" + b"\0" * 8)
        out += attr(2, 0x00018010, name.encode("cp1252") + b"\0")
        out += attr(2, 0x0006800F, data)
        p = [(0x0003, 0x0E20, len(data))]
        if long_name:
            p.append((0x001F, 0x3707, long_name))
        if mime:
            p.append((0x001E, 0x370E, mime))
        out += attr(2, 0x00069005, mapi_props(p))
    return out[:truncate] if truncate else out


def b64(data):
    s = base64.b64encode(data).decode()
    return "\r\n".join(s[i:i + 76] for i in range(0, len(s), 76))


def outlook_mail(name, tnef_bytes, text=None):
    head = ("From: =?iso-8859-1?Q?J=F6rg_M=FCller?= <j.mueller@kunde.example>\r\nTo: sales@example.com\r\n"
            f"Subject: {name}\r\nDate: Tue, 24 Nov 2026 10:00:00 +0000\r\nMessage-ID: <{name}@kunde.example>\r\n"
            "MIME-Version: 1.0\r\nX-MS-TNEF-Correlator: <00000000>\r\n")
    part = ("Content-Type: application/ms-tnef; name=\"winmail.dat\"\r\nContent-Transfer-Encoding: base64\r\n"
            "Content-Disposition: attachment; filename=\"winmail.dat\"\r\n\r\n" + b64(tnef_bytes) + "\r\n")
    if text is None:
        return (head + part).encode()
    return (head + "Content-Type: multipart/mixed; boundary=\"tnef\"\r\n\r\n--tnef\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n"
            + text + "\r\n--tnef\r\n" + part + "--tnef--\r\n").encode()


PDF = b"%PDF-1.4\n%%EOF\n"


def fixtures():
    f = {}
    two = [("LETTER~1.PDF", "Signed letter 2026.pdf", "application/pdf", PDF),
           ("QUOTE.XLS", None, None, b"\xd0\xcf\x11\xe0xls")]
    f["tnef-attachments-with-text-part"] = outlook_mail("tnef1", tnef(two, body="Body inside TNEF"), text="Please see the attached letter.")
    f["tnef-body-only-part"] = outlook_mail("tnef2", tnef(two, body="Wir ben\u00f6tigen 25.000 Konten."))
    f["tnef-rtf-body"] = outlook_mail("tnef3", tnef([two[0]], rtf="{\\rtf1\\ansi\\ansicpg1252 {\\fonttbl{\\f0 Arial;}}\\f0 Dear Sales,\\par We need 25.000 accounts \\'96 urgent.\\par Gr\\'fc\\'dfe\\par}"))
    f["tnef-html-body"] = outlook_mail("tnef4", tnef([], html="<html><body><p>HTML body in TNEF</p></body></html>"))
    f["tnef-truncated"] = outlook_mail("tnef5", tnef(two, body="cut"), text="text part")[:-200] + b"\r\n"
    f["tnef-not-tnef"] = outlook_mail("tnef6", b"this is not a TNEF stream at all", text="text part")
    # mbox: two messages, one with a quoted From line
    f["mbox-first-message"] = (b"From sender@example.com Tue Nov 24 10:00:00 2026\nSubject: first in mbox\nFrom: a@example.com\n\n"
                               b">From the body, quoted\n")
    return f
