/// One server response as read off the wire: its lines, and the literals between them.
///
/// response = continue-req / response-data / response-tagged   (RFC 3501 §9)
/// A literal's `{n}` marker stays at the end of the line before it; `literals[i]` follows `lines[i]`.
struct IMAPResponse {
    var lines: [[UInt8]] = []
    var literals: [[UInt8]] = []

    enum Kind: Equatable {
        /// `+ …`: the server waits for more of the command (literal data, IDLE's DONE).
        case continuation
        /// `* …`
        case untagged
        /// `tag OK|NO|BAD …`
        case tagged(String)
    }

    var kind: Kind {
        guard let first = lines.first, let byte = first.first else { return .untagged }
        if byte == UInt8(ascii: "+") { return .continuation }
        if byte == UInt8(ascii: "*") { return .untagged }
        let tag = first.prefix { $0 != UInt8(ascii: " ") }
        return .tagged(String(decoding: tag, as: UTF8.self))
    }

    /// literal = "{" number ["+"] "}" CRLF *CHAR8   (also literal8 "~{n}", RFC 3516)
    static func literalSize(endingLine line: [UInt8]) -> Int? {
        guard line.last == UInt8(ascii: "}") else { return nil }
        var index = line.count - 2
        if index >= 0 && line[index] == UInt8(ascii: "+") { index -= 1 }
        var value = 0
        var digits = 0
        var scale = 1
        while index >= 0, line[index] >= UInt8(ascii: "0"), line[index] <= UInt8(ascii: "9") {
            value += Int(line[index] - UInt8(ascii: "0")) * scale
            scale *= 10
            digits += 1
            index -= 1
            if digits > 12 { return nil }
        }
        guard digits > 0, index >= 0, line[index] == UInt8(ascii: "{") else { return nil }
        return value
    }

    /// The first line as text (status responses carry no literal before their text).
    var text: String { String(decoding: lines.first ?? [], as: UTF8.self) }

    /// For `tag OK|NO|BAD resp-text` and `* OK|NO|BAD|BYE|PREAUTH resp-text`: the status word and the text.
    var status: (word: String, text: String)? {
        let parts = text.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2 else { return nil }
        let word = parts[1].uppercased()
        guard ["OK", "NO", "BAD", "BYE", "PREAUTH"].contains(word) else { return nil }
        return (word, parts.count == 3 ? String(parts[2]) : "")
    }

    /// resp-text-code of a status response: "UIDVALIDITY 3857529045" from "[UIDVALIDITY 3857529045] UIDs valid".
    var code: String? {
        guard let text = status?.text, text.hasPrefix("["), let close = text.firstIndex(of: "]") else { return nil }
        return String(text[text.index(after: text.startIndex)..<close])
    }

    /// The tokens of the whole response, literals in place.
    func tokens() -> [IMAPToken] {
        var tokens: [IMAPToken] = []
        for (index, line) in lines.enumerated() {
            var end = line.count
            let hasLiteral = index < literals.count
            if hasLiteral, let brace = line.lastIndex(of: UInt8(ascii: "{")) {
                end = brace
                if end > 0 && line[end - 1] == UInt8(ascii: "~") { end -= 1 }
            }
            IMAPToken.scan(line[0..<end], into: &tokens)
            if hasLiteral { tokens.append(.literal(index)) }
        }
        return tokens
    }
}

/// The pieces of a response: atoms (numbers, NIL, flags, BODY[]), strings, literals, parentheses.
enum IMAPToken: Equatable {
    case atom([UInt8])
    case quoted([UInt8])
    /// Index into `IMAPResponse.literals`.
    case literal(Int)
    case open
    case close

    /// atom = 1*ATOM-CHAR; quoted = DQUOTE *QUOTED-CHAR DQUOTE; "(" and ")" delimit lists.
    /// `[` and `]` stay inside atoms so `BODY[]` and `[UIDNEXT` read as one word.
    static func scan(_ bytes: ArraySlice<UInt8>, into tokens: inout [IMAPToken]) {
        var i = bytes.startIndex
        let end = bytes.endIndex
        while i < end {
            let b = bytes[i]
            switch b {
            case UInt8(ascii: " "), UInt8(ascii: "\r"), UInt8(ascii: "\n"):
                i += 1
            case UInt8(ascii: "("):
                tokens.append(.open); i += 1
            case UInt8(ascii: ")"):
                tokens.append(.close); i += 1
            case UInt8(ascii: "\""):
                var value: [UInt8] = []
                i += 1
                while i < end && bytes[i] != UInt8(ascii: "\"") {
                    if bytes[i] == UInt8(ascii: "\\") && i + 1 < end { i += 1 }
                    value.append(bytes[i])
                    i += 1
                }
                i += 1
                tokens.append(.quoted(value))
            default:
                let start = i
                while i < end {
                    let c = bytes[i]
                    if c == UInt8(ascii: " ") || c == UInt8(ascii: "(") || c == UInt8(ascii: ")") || c == UInt8(ascii: "\"") { break }
                    i += 1
                }
                tokens.append(.atom(Array(bytes[start..<i])))
            }
        }
    }

    var word: String? {
        switch self {
        case .atom(let bytes), .quoted(let bytes): String(decoding: bytes, as: UTF8.self)
        default: nil
        }
    }

    var number: UInt32? {
        guard case .atom(let bytes) = self, !bytes.isEmpty, bytes.count <= 10 else { return nil }
        var value: UInt64 = 0
        for b in bytes {
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + UInt64(b - UInt8(ascii: "0"))
        }
        return value <= UInt64(UInt32.max) ? UInt32(value) : nil
    }

    func isAtom(_ word: String) -> Bool {
        guard case .atom(let bytes) = self, bytes.count == word.utf8.count else { return false }
        return zip(bytes, word.utf8).allSatisfy { $0 | 0x20 == $1 | 0x20 || $0 == $1 }
    }
}
