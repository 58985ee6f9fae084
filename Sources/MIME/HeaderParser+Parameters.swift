// Content-Type and Content-Disposition values: a token and its parameters.

/// `type/subtype; name=value; …` read into its parts. Names are lowercased.
struct ContentValue: Sendable {
    /// Lowercased first token: "multipart/mixed", "attachment".
    var value: String
    var parameters: [(name: String, value: String)] = []

    func parameter(_ name: String) -> String? {
        parameters.first { $0.name == name }?.value
    }

    /// "multipart" of "multipart/mixed" (scanned on UTF-8: this is asked for every part).
    var type: Substring {
        guard let slash = value.utf8.firstIndex(of: 0x2F) else { return value[...] }
        return value[..<slash]
    }

    /// "mixed" of "multipart/mixed"; empty when there is no "/".
    var subtype: Substring {
        guard let slash = value.utf8.firstIndex(of: 0x2F) else { return "" }
        return value[value.utf8.index(after: slash)...]
    }
}

extension HeaderParser {
    // content      = "Content-Type" ":" type "/" subtype *(";" parameter)   (RFC 2045 5.1)
    // parameter    = attribute "=" value ; value = token / quoted-string
    // RFC 2231:      attribute "*" [section] ["*"] "=" value
    //                extended-initial-value = [charset] "'" [language] "'" extended-other-values
    // Encoded words inside a quoted value (Outlook, Gmail) are decoded too, as Python does.
    static func parseContentValue(_ raw: ArraySlice<UInt8>, defects: inout [Defect]) -> ContentValue {
        let bytes = unfold(raw)
        var segments: [ArraySlice<UInt8>] = []
        var start = 0, i = 0
        var inQuote = false, depth = 0
        while i < bytes.count {
            let c = bytes[i]
            if inQuote {
                if c == 0x5C { i += 2; continue }
                if c == 0x22 { inQuote = false }
            } else if c == 0x22 {
                inQuote = true
            } else if c == 0x28 {
                depth += 1
            } else if c == 0x29 {
                depth = max(0, depth - 1)
            } else if c == 0x3B && depth == 0 {
                segments.append(bytes[start..<i])
                start = i + 1
            }
            i += 1
        }
        segments.append(bytes[start..<min(i, bytes.count)])

        var result = ContentValue(value: lowercasedASCII(stripComments(segments[0])))
        // The raw pieces of RFC 2231 parameters, gathered before they are joined.
        var extended: [String: [(index: Int, encoded: Bool, value: ArraySlice<UInt8>)]] = [:]
        var order: [String] = []
        for seg in segments.dropFirst() {
            guard let eq = seg.firstIndex(of: 0x3D) else { continue }
            var name = lowercasedASCII(seg[seg.startIndex..<eq])
            if name.isEmpty { continue }
            let rawValue = trimmedBytes(seg[(eq + 1)...])
            let isQuoted = rawValue.first == 0x22
            let valueBytes = isQuoted ? unquote(rawValue) : Array(stripComments(rawValue))
            if name.utf8.contains(0x2A) {
                var encoded = false
                if name.hasSuffix("*") { encoded = true; name.removeLast() }
                var index = 0
                if let star = name.firstIndex(of: "*") {
                    guard let n = Int(name[name.index(after: star)...]), n >= 0, n < 10_000 else { continue }
                    index = n
                    name = String(name[..<star])
                }
                if extended[name] == nil { order.append(name) }
                extended[name, default: []].append((index, encoded, valueBytes[...]))
                continue
            }
            if result.parameter(name) != nil || extended[name] != nil { continue }
            var d: [Defect] = []
            let text = decodeEncodedWords(valueBytes[...], defects: &d)
            result.parameters.append((name, text))
        }
        for name in order {
            let pieces = extended[name]!.sorted { $0.index < $1.index }
            var charset: String? = nil
            var collected: [UInt8] = []
            for (n, piece) in pieces.enumerated() {
                var v = piece.value
                if piece.encoded && n == 0 {
                    // charset'language'value
                    if let q1 = v.firstIndex(of: 0x27), let q2 = v[(q1 + 1)...].firstIndex(of: 0x27) {
                        let cs = lowercasedASCII(v[v.startIndex..<q1])
                        charset = cs.isEmpty ? nil : cs
                        v = v[(q2 + 1)...]
                    }
                }
                collected += piece.encoded ? percentDecode(v) : Array(v)
            }
            let text: String
            if let charset {
                let (s, d) = Charset.decode(collected, label: charset)
                if let d { defects.append(d) }
                text = s
            } else {
                text = headerText(collected)
            }
            // An RFC 2231 value wins over a plain one of the same name, as in Python.
            result.parameters.removeAll { $0.name == name }
            result.parameters.append((name, text))
        }
        return result
    }

    /// quoted-string = DQUOTE *(qtext / quoted-pair) DQUOTE ; an unclosed quote runs to the end.
    static func unquote(_ s: ArraySlice<UInt8>) -> [UInt8] {
        var out = [UInt8]()
        var i = s.startIndex + 1
        while i < s.endIndex {
            let c = s[i]
            if c == 0x22 { break }
            if c == 0x5C, i + 1 < s.endIndex { out.append(s[i + 1]); i += 2; continue }
            out.append(c)
            i += 1
        }
        return out
    }

    /// comment = "(" *(ctext / quoted-pair / comment) ")" — removed, nesting counted.
    static func stripComments(_ s: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        guard s.contains(0x28) else { return trimmedBytes(s) }
        var out = [UInt8]()
        var depth = 0
        var inQuote = false
        var escaped = false
        for c in s {
            if escaped {
                escaped = false
                if depth == 0 { out.append(c) }
                continue
            }
            if c == 0x5C && (inQuote || depth > 0) {
                escaped = true
                if depth == 0 { out.append(c) }
                continue
            }
            if inQuote { out.append(c); if c == 0x22 { inQuote = false }; continue }
            if c == 0x22 && depth == 0 { inQuote = true; out.append(c); continue }
            if c == 0x28 { depth += 1; continue }
            if c == 0x29 && depth > 0 { depth -= 1; continue }
            if depth == 0 { out.append(c) }
        }
        return trimmedBytes(out[...])
    }

    /// RFC 2231 extended-other-values: "%" 2HEXDIG is a byte; a stray "%" stays.
    static func percentDecode(_ s: ArraySlice<UInt8>) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(s.count)
        var i = s.startIndex
        while i < s.endIndex {
            if s[i] == 0x25, i + 2 < s.endIndex, let h = hexValue(s[i + 1]), let l = hexValue(s[i + 2]) {
                out.append(h << 4 | l)
                i += 3
            } else {
                out.append(s[i])
                i += 1
            }
        }
        return out
    }
}
