/// Mailbox names on the wire: modified UTF-7 (RFC 3501 §5.1.3), then a quoted string.
enum MailboxName {
    /// The server's spelling of a name as an IMAP quoted string, in modified UTF-7.
    static func wire(_ local: String) -> String {
        quoted(modifiedUTF7(local))
    }

    /// quoted = DQUOTE *QUOTED-CHAR DQUOTE; QUOTED-CHAR escapes `"` and `\`.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for ch in text {
            if ch == "\"" || ch == "\\" { out.append("\\") }
            out.append(ch)
        }
        out.append("\"")
        return out
    }

    /// Printable ASCII stays (with `&` as `&-`); other characters go as `&` + modified BASE64 of UTF-16BE + `-`.
    static func modifiedUTF7(_ text: String) -> String {
        var out = ""
        var pending: [UInt16] = []
        func flush() {
            guard !pending.isEmpty else { return }
            var bytes: [UInt8] = []
            for unit in pending { bytes.append(UInt8(unit >> 8)); bytes.append(UInt8(unit & 0xFF)) }
            out.append("&")
            out.append(base64(bytes))
            out.append("-")
            pending.removeAll()
        }
        for scalar in text.unicodeScalars {
            if scalar.value >= 0x20 && scalar.value <= 0x7E {
                flush()
                out.append(scalar == "&" ? "&-" : String(scalar))
            } else {
                pending.append(contentsOf: String(scalar).utf16)
            }
        }
        flush()
        return out
    }

    private static func base64(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,")
        var out = ""
        var index = 0
        while index < bytes.count {
            let b0 = UInt32(bytes[index])
            let b1 = index + 1 < bytes.count ? UInt32(bytes[index + 1]) : 0
            let b2 = index + 2 < bytes.count ? UInt32(bytes[index + 2]) : 0
            let triple = b0 << 16 | b1 << 8 | b2
            let chars = min(4, (bytes.count - index) * 8 / 6 + ((bytes.count - index) * 8 % 6 == 0 ? 0 : 1))
            for k in 0..<chars {
                out.append(alphabet[Int((triple >> (18 - 6 * UInt32(k))) & 0x3F)])
            }
            index += 3
        }
        return out
    }
}
