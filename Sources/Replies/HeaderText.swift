/// Header values written from what a request sent: nothing a requester wrote can end a header line or
/// start another (CR, LF and every other control character are removed), and text that is not ASCII
/// is RFC 2047 encoded. Lines are folded before 78 characters where a space allows, never past 998.
enum HeaderText {
    /// The value with every control character (CR, LF, NUL, DEL, C1 …) replaced by a space, runs of
    /// space collapsed, ends trimmed: one line, whatever was sent.
    static func singleLine(_ value: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(value.unicodeScalars.count)
        var lastWasSpace = true
        for scalar in value.unicodeScalars {
            let isSpace = scalar.properties.generalCategory == .control || scalar == " " || scalar == "\u{2028}"
                || scalar == "\u{2029}" || scalar == "\u{85}" || scalar.properties.isWhitespace
            if isSpace {
                if !lastWasSpace { out.unicodeScalars.append(" ") }
                lastWasSpace = true
            } else {
                out.unicodeScalars.append(scalar)
                lastWasSpace = false
            }
        }
        while out.last == " " { out.removeLast() }
        return out
    }

    /// At most `limit` characters, ending "…" when cut.
    static func bounded(_ value: String, characters limit: Int) -> String {
        guard value.count > limit else { return value }
        return String(value.prefix(limit - 1)) + "…"
    }

    /// A whole header field, "Name: value" folded, CRLF at the end. An ASCII value without "=?" is
    /// written as it is; any other is written as RFC 2047 encoded words (UTF-8, base64), each at most
    /// 75 characters, one per folded line, split only between whole characters.
    static func field(_ name: String, _ value: String) -> String {
        let value = singleLine(value)
        let plain = value.unicodeScalars.allSatisfy { $0.isASCII } && !value.contains("=?")
        let words = plain ? value.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            : encodedWords(value)
        return fold(name + ":", words)
    }

    /// A field whose value is a list of tokens that must stay whole (Message-IDs): one space between
    /// them, folded between tokens.
    static func field(_ name: String, tokens: [String]) -> String {
        fold(name + ":", tokens)
    }

    /// Joins the words with spaces, starting a new line (CRLF + space) before a word that would pass
    /// 78 characters. A single word longer than that stays whole on its own line (bounded by callers).
    private static func fold(_ start: String, _ words: [String]) -> String {
        var out = start
        var lineLength = start.utf8.count
        for word in words {
            let length = word.utf8.count
            // The first word stays on the field's own line (an encoded word is at most 75 characters).
            if lineLength + 1 + length > 78, out.utf8.count > start.utf8.count {
                out += "\r\n"
                lineLength = 0
            }
            out += " " + word
            lineLength += 1 + length
        }
        return out + "\r\n"
    }

    /// "=?UTF-8?B?…?=" words of at most 75 characters (45 bytes of text each, cut between characters).
    static func encodedWords(_ value: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in value {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 45, !chunk.isEmpty {
                words.append("=?UTF-8?B?" + Base64.encode(chunk) + "?=")
                chunk = []
            }
            // A single character longer than a word's room (a long emoji sequence) is cut by scalars.
            if bytes.count > 45 {
                for scalar in String(character).unicodeScalars {
                    let s = Array(String(scalar).utf8)
                    if chunk.count + s.count > 45 { words.append("=?UTF-8?B?" + Base64.encode(chunk) + "?="); chunk = [] }
                    chunk += s
                }
            } else {
                chunk += bytes
            }
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?" + Base64.encode(chunk) + "?=") }
        return words
    }
}

enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i < bytes.count {
            let b0 = bytes[i], b1 = i + 1 < bytes.count ? bytes[i + 1] : 0, b2 = i + 2 < bytes.count ? bytes[i + 2] : 0
            out.append(alphabet[Int(b0 >> 2)])
            out.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
            out.append(i + 1 < bytes.count ? alphabet[Int((b1 & 0x0F) << 2 | b2 >> 6)] : UInt8(ascii: "="))
            out.append(i + 2 < bytes.count ? alphabet[Int(b2 & 0x3F)] : UInt8(ascii: "="))
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
