/// A header field as found in the bytes: ranges, nothing decoded yet.
struct RawField: Sendable {
    var name: String
    /// The folded value, without the line end that closes the field.
    var raw: ArraySlice<UInt8>
}

/// What reading a header section yields.
struct HeaderBlock: Sendable {
    var fields: [RawField] = []
    /// Where the body starts (after the blank line), or the end when there is no body.
    var bodyStart: Int
    /// False when the first line is not a header field.
    var hasHeaderSection: Bool = true
    var defects: [Defect] = []

    func first(_ lowercasedName: String) -> RawField? {
        fields.first { asciiCaseInsensitiveEqual($0.name, lowercasedName) }
    }
}

/// Reads header sections (RFC 5322 section 2.2).
enum HeaderParser {
    // fields      = *field CRLF
    // field       = field-name ":" unstructured CRLF
    // field-name  = 1*ftext ; ftext = %d33-57 / %d59-126
    // obs-field   = field-name *WSP ":" ...   (space before the colon is tolerated)
    // folding     = CRLF 1*WSP                (a line starting with WSP continues the field)
    static func readBlock(_ bytes: [UInt8], from start: Int, to end: Int,
                          limits: ParseLimits, allowUnixFrom: Bool) -> HeaderBlock {
        // Field values are slices of `bytes`: they share its storage, nothing is copied.
        bytes.withUnsafeBufferPointer { buf in
            readBlock(buf, bytes, from: start, to: end, limits: limits, allowUnixFrom: allowUnixFrom)
        }
    }

    private static func readBlock(_ buf: UnsafeBufferPointer<UInt8>, _ bytes: [UInt8], from start: Int, to end: Int,
                                  limits: ParseLimits, allowUnixFrom: Bool) -> HeaderBlock {
        var block = HeaderBlock(bodyStart: end)
        var pos = start
        // An mbox "From " line before the first field is not part of the message.
        if allowUnixFrom, buf.matchesCaseInsensitive(Array("From ".utf8), at: pos, end: end), buf[pos] == 0x46 {
            pos = buf.lineEnd(from: pos, to: end)
        }
        var fieldStart = -1, nameEnd = -1, valueStart = -1, fieldEnd = -1
        var droppedForCount = false
        var first = true

        func flush() {
            guard fieldStart >= 0 else { return }
            defer { fieldStart = -1 }
            if block.fields.count >= limits.maxHeaderCount && !isEssential(fieldStart, nameEnd) {
                if !droppedForCount {
                    droppedForCount = true
                    block.defects.append(Defect(.limitExceeded, "limit exceeded: more than \(limits.maxHeaderCount) header fields, the rest dropped"))
                }
                return
            }
            var vEnd = fieldEnd
            // The line end closing the field is not part of the value.
            if vEnd > valueStart, buf[vEnd - 1] == 0x0A { vEnd -= 1 }
            if vEnd > valueStart, buf[vEnd - 1] == 0x0D { vEnd -= 1 }
            if vEnd - fieldStart > limits.maxHeaderLineLength {
                vEnd = max(valueStart, fieldStart + limits.maxHeaderLineLength)
                block.defects.append(Defect(.limitExceeded, "limit exceeded: header field longer than \(limits.maxHeaderLineLength) bytes, cut"))
            }
            var nEnd = nameEnd
            while nEnd > fieldStart, isWSP(buf[nEnd - 1]) { nEnd -= 1 }
            let name = String(decoding: UnsafeBufferPointer(rebasing: buf[fieldStart..<nEnd]), as: UTF8.self)
            block.fields.append(RawField(name: name, raw: bytes[valueStart..<max(valueStart, vEnd)]))
        }

        // Past the header count limit, the fields the message cannot be read without are still
        // kept (once each), so a flood of X- fields cannot hide the subject or the structure.
        var essentialKept = Set<String>()
        func isEssential(_ from: Int, _ to: Int) -> Bool {
            guard to - from <= 25 else { return false }
            var n = ""
            for k in from..<to { n.unicodeScalars.append(Unicode.Scalar(asciiLower(buf[k]))) }
            n = n.trimmingSpaces()
            let names: Set<String> = ["from", "to", "cc", "reply-to", "subject", "date", "message-id",
                                      "content-type", "content-transfer-encoding", "content-disposition"]
            guard names.contains(n), !essentialKept.contains(n) else { return false }
            essentialKept.insert(n)
            return true
        }

        while pos < end {
            let lineEnd = buf.lineEnd(from: pos, to: end)
            let c = buf[pos]
            // Blank line: the header section ends here.
            if c == 0x0A || (c == 0x0D && (pos + 1 == end || buf[pos + 1] == 0x0A)) {
                flush()
                block.bodyStart = lineEnd
                if first && allowUnixFrom {
                    // A message whose first line is blank has no header field at the start: not a mail.
                    block.hasHeaderSection = false
                    block.defects.append(Defect(.noHeaderSection, "no header section: the message starts with a blank line"))
                }
                return block
            }
            if isWSP(c) {
                if fieldStart >= 0 {
                    fieldEnd = lineEnd
                } else if first {
                    // A continuation line with nothing to continue: keep reading headers after it.
                    block.defects.append(Defect(.invalidHeader, "invalid header: first header line is a continuation line"))
                } else {
                    fieldEnd = lineEnd
                }
                first = false
                pos = lineEnd
                continue
            }
            // field-name ":"
            var i = pos
            var validName = true
            while i < lineEnd {
                let b = buf[i]
                if b == 0x3A { break }
                if b <= 0x20 || b >= 0x7F {
                    // obs-field allows WSP between the name and the colon.
                    if isWSP(b) {
                        var j = i
                        while j < lineEnd, isWSP(buf[j]) { j += 1 }
                        if j < lineEnd, buf[j] == 0x3A { i = j; break }
                    }
                    validName = false
                    break
                }
                i += 1
            }
            if !validName || i >= lineEnd || i == pos {
                flush()
                if first {
                    block.hasHeaderSection = false
                    block.bodyStart = start
                    block.defects.append(Defect(.noHeaderSection, "no header section: the message does not start with a header field"))
                } else {
                    // Python's feedparser does the same: the odd line starts the body.
                    block.defects.append(Defect(.missingHeaderBodySeparator, "missing header/body separator: the header section ends at a line that is not a field"))
                    block.bodyStart = pos
                }
                return block
            }
            flush()
            first = false
            fieldStart = pos
            nameEnd = i
            valueStart = i + 1
            fieldEnd = lineEnd
            pos = lineEnd
        }
        flush()
        block.bodyStart = end
        if first && allowUnixFrom {
            block.hasHeaderSection = false
            block.defects.append(Defect(.noHeaderSection, "no header section: the message is empty"))
        }
        return block
    }

    /// Removes folding (CRLF before WSP) and trims: the value as one logical line.
    // unfold = remove every CRLF that is immediately followed by WSP (RFC 5322 2.2.3)
    static func unfold(_ raw: ArraySlice<UInt8>) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(raw.count)
        for b in raw where b != 0x0D && b != 0x0A { out.append(b) }
        return Array(trimmedBytes(out[...]))
    }
}
