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

    /// What ends a line: the marker of a literal that follows it, or not.
    enum LiteralMarker: Equatable {
        case none
        case size(Int)
        /// `{` digits `}` with more digits than any size has: a protocol error, never a line end.
        case malformed
    }

    /// literal = "{" number ["+"] "}" CRLF *CHAR8   (also literal8 "~{n}", RFC 3516)
    ///
    /// A size too long to be a number is `malformed`: read as a line end, its bytes would be taken
    /// for the next responses (an empty message filed, its UID moved).
    static func literalMarker(endingLine line: [UInt8]) -> LiteralMarker {
        guard line.last == UInt8(ascii: "}") else { return .none }
        var index = line.count - 2
        if index >= 0 && line[index] == UInt8(ascii: "+") { index -= 1 }
        var value = 0
        var digits = 0
        var scale = 1
        while index >= 0, line[index] >= UInt8(ascii: "0"), line[index] <= UInt8(ascii: "9") {
            digits += 1
            if digits > 18 {
                while index >= 0, line[index] >= UInt8(ascii: "0"), line[index] <= UInt8(ascii: "9") { index -= 1 }
                return index >= 0 && line[index] == UInt8(ascii: "{") ? .malformed : .none
            }
            value += Int(line[index] - UInt8(ascii: "0")) * scale
            scale &*= 10
            index -= 1
        }
        guard digits > 0, index >= 0, line[index] == UInt8(ascii: "{") else { return .none }
        return .size(value)
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
    /// A quoted string the line ended inside of: the response is broken.
    case unterminatedQuote

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
                if i >= end {
                    tokens.append(.unterminatedQuote)
                    return
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
