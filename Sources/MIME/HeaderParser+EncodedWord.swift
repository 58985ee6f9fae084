// RFC 2047 encoded words in header text.

extension HeaderParser {
    // encoded-word  = "=?" charset ["*" language] "?" encoding "?" encoded-text "?="
    // encoding      = "B" / "Q"
    // Adjacent encoded words are joined and the whitespace between them dropped (RFC 2047 6.2).
    // Words written inside an atom ("foo=?utf-8?q?x?=") are decoded too, as Python does.
    // A malformed word stays as written, so the text remains readable.
    static func decodeEncodedWords(_ text: ArraySlice<UInt8>, defects: inout [Defect]) -> String {
        // Fast path: no "=?" means nothing to decode.
        var hasMarker = false
        var k = text.startIndex
        while k + 1 < text.endIndex {
            if text[k] == 0x3D && text[k + 1] == 0x3F { hasMarker = true; break }
            k += 1
        }
        if !hasMarker { return headerText(text) }

        var out = ""
        var literalStart = text.startIndex
        var pendingCharset: String? = nil
        var pendingBytes: [UInt8] = []
        var pendingRange = text.startIndex..<text.startIndex
        var i = text.startIndex

        func flushPending() {
            guard let cs = pendingCharset else { return }
            let (s, d) = Charset.decode(pendingBytes, label: cs)
            if let d, d.kind == .invalidCharsetData {
                // Bytes the named charset cannot hold: the words stay as written, as Python
                // leaves them, rather than becoming control characters.
                defects.append(Defect(.invalidEncodedWord, "invalid encoded word: not valid \(cs), left as written"))
                out += headerText(text[pendingRange])
            } else {
                if let d { defects.append(d) }
                out += s
            }
            pendingCharset = nil
            pendingBytes.removeAll(keepingCapacity: true)
        }

        while i + 1 < text.endIndex {
            guard text[i] == 0x3D, text[i + 1] == 0x3F, let word = parseEncodedWord(text, at: i) else {
                i += 1
                continue
            }
            // The literal text before the word: dropped when it is only whitespace between two words.
            let literal = text[literalStart..<i]
            if !literal.isEmpty && !(pendingCharset != nil && literal.allSatisfy(isSpaceOrNewline)) {
                flushPending()
                out += headerText(literal)
            }
            if let cs = pendingCharset, cs != word.charset { flushPending() }
            guard let decoded = decodeWordPayload(word.encoding, text[word.payload], defects: &defects) else {
                // A word whose payload cannot be decoded stays readable as written.
                flushPending()
                defects.append(Defect(.invalidEncodedWord, "invalid encoded word left as written"))
                out += headerText(text[i..<word.end])
                i = word.end
                literalStart = i
                continue
            }
            if pendingCharset == nil { pendingRange = i..<word.end } else { pendingRange = pendingRange.lowerBound..<word.end }
            pendingCharset = word.charset
            pendingBytes += decoded
            i = word.end
            literalStart = i
        }
        flushPending()
        if literalStart < text.endIndex { out += headerText(text[literalStart...]) }
        return out
    }

    struct EncodedWord {
        var charset: String
        var encoding: UInt8
        var payload: Range<Int>
        var end: Int
    }

    /// Recognises the encoded word starting at `at` ("=?"), or nil when it is not one.
    static func parseEncodedWord(_ t: ArraySlice<UInt8>, at: Int) -> EncodedWord? {
        var i = at + 2
        let csStart = i
        while i < t.endIndex, t[i] != 0x3F {
            if isSpaceOrNewline(t[i]) || t[i] == 0x3D { return nil }
            i += 1
        }
        guard i < t.endIndex, i > csStart, i + 2 < t.endIndex, t[i + 2] == 0x3F else { return nil }
        var csEnd = i
        // charset "*" language (RFC 2231 section 5): the language is dropped.
        if let star = t[csStart..<csEnd].firstIndex(of: 0x2A) { csEnd = star }
        let enc = asciiLower(t[i + 1])
        guard enc == 0x62 || enc == 0x71 else { return nil }
        let payloadStart = i + 3
        var j = payloadStart
        // RFC 2047 caps a word at 75 characters; 256 leaves room for broken senders while
        // keeping the scan for "?=" linear over the header.
        let scanEnd = min(t.endIndex, payloadStart + 256)
        while j + 1 < scanEnd {
            if t[j] == 0x3F && t[j + 1] == 0x3D { break }
            if isSpaceOrNewline(t[j]) { return nil }
            j += 1
        }
        guard j + 1 < scanEnd else { return nil }
        return EncodedWord(charset: lowercasedASCII(t[csStart..<csEnd]), encoding: enc,
                           payload: payloadStart..<j, end: j + 2)
    }

    static func decodeWordPayload(_ encoding: UInt8, _ payload: ArraySlice<UInt8>, defects: inout [Defect]) -> [UInt8]? {
        if encoding == 0x62 {
            var d: [Defect] = []
            let bytes = Base64Decoder.decode(payload, defects: &d)
            // Missing padding is common in words and harmless; other damage is recorded.
            if !d.isEmpty { defects.append(Defect(.invalidEncodedWord, "invalid encoded word: damaged base64, decoded what was readable")) }
            return bytes
        }
        // Q: "_" is a space, "=XX" a byte (RFC 2047 4.2).
        var out = [UInt8]()
        out.reserveCapacity(payload.count)
        var i = payload.startIndex
        while i < payload.endIndex {
            let c = payload[i]
            if c == 0x5F { out.append(0x20); i += 1; continue }
            if c == 0x3D, i + 2 < payload.endIndex, let h = hexValue(payload[i + 1]), let l = hexValue(payload[i + 2]) {
                out.append(h << 4 | l)
                i += 3
                continue
            }
            out.append(c)
            i += 1
        }
        return out
    }
}

@inline(__always) func hexValue(_ c: UInt8) -> UInt8? {
    switch c {
    case 0x30...0x39: return c - 0x30
    case 0x41...0x46: return c - 0x41 + 10
    case 0x61...0x66: return c - 0x61 + 10
    default: return nil
    }
}
