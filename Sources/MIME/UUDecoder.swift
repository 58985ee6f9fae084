/// x-uuencode bodies ("begin 644 name" … "end"), still sent by old Unix and Usenet tools.
enum UUDecoder {
    // uuencoded = "begin" SP mode SP name CRLF *(length-char *data-char CRLF) "`" CRLF "end"
    // Each line: the first character gives the byte count (c - 32) & 63, then groups of four
    // characters carry three bytes. Without a "begin" line the body is read from its start.
    static func decode(_ body: ArraySlice<UInt8>, defects: inout [Defect]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(body.count * 3 / 4)
        var lines = splitLines(body)
        if let b = lines.firstIndex(where: { $0.starts(with: Array("begin ".utf8)) }) {
            lines.removeSubrange(...b)
        } else {
            defects.append(Defect(.invalidUUEncode, "invalid uuencode: no begin line"))
        }
        var sawEnd = false
        var bad = 0
        for line in lines {
            if line.starts(with: Array("end".utf8)) && trimmedBytes(line).count == 3 { sawEnd = true; break }
            guard let first = line.first else { continue }
            let n = Int((first &- 0x20) & 0x3F)
            if n == 0 { continue }
            var i = line.startIndex + 1
            var produced = 0
            while produced < n {
                var q = [UInt8](repeating: 0, count: 4)
                for k in 0..<4 {
                    let c: UInt8 = i + k < line.endIndex ? line[i + k] : 0x20
                    q[k] = (c &- 0x20) & 0x3F
                }
                let bytes = [q[0] << 2 | q[1] >> 4, q[1] << 4 | q[2] >> 2, q[2] << 6 | q[3]]
                for b in bytes where produced < n {
                    out.append(b)
                    produced += 1
                }
                i += 4
            }
            if line.count < 1 + (n + 2) / 3 * 4 - 1 { bad += 1 }
        }
        if !sawEnd { defects.append(Defect(.invalidUUEncode, "invalid uuencode: no end line")) }
        if bad > 0 { defects.append(Defect(.invalidUUEncode, "invalid uuencode: \(bad) short line\(bad == 1 ? "" : "s") padded")) }
        return out
    }

    static func splitLines(_ body: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var start = body.startIndex
        var i = body.startIndex
        while i < body.endIndex {
            if body[i] == 0x0A {
                var e = i
                if e > start, body[e - 1] == 0x0D { e -= 1 }
                lines.append(body[start..<e])
                start = i + 1
            }
            i += 1
        }
        if start < body.endIndex { lines.append(body[start...]) }
        return lines
    }

    /// The file name on the "begin" line, if any.
    static func filename(_ body: ArraySlice<UInt8>) -> String? {
        for line in splitLines(body) where line.starts(with: Array("begin ".utf8)) {
            let parts = line.split(separator: 0x20, maxSplits: 2)
            if parts.count == 3 { return headerText(trimmedBytes(parts[2])) }
        }
        return nil
    }
}
