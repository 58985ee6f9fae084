/// Splits an mbox file into its messages.
package enum Mbox {
    // mbox      = *message ; message = from-line *line blank-line
    // from-line = "From " *VCHAR CRLF   (at the start of the file or after a blank line)
    // The ranges cover each message without its "From " line. Lines quoted as ">From " (mboxo)
    // or ">>From " (mboxrd) are left as they are: unquoting is done by `unescaped(_:)`, since
    // which variant a file uses cannot be told from the file.
    /// The byte ranges of the messages in `bytes`. A file without any "From " line is one message.
    package static func messages(in bytes: [UInt8]) -> [Range<Int>] {
        var starts: [(line: Int, content: Int)] = []
        bytes.withUnsafeBufferPointer { buf in
            var pos = 0
            var previousBlank = true
            let end = buf.count
            while pos < end {
                let lineEnd = buf.lineEnd(from: pos, to: end)
                if previousBlank, lineEnd - pos >= 5, buf[pos] == 0x46, buf[pos + 1] == 0x72, buf[pos + 2] == 0x6F,
                   buf[pos + 3] == 0x6D, buf[pos + 4] == 0x20 {
                    starts.append((pos, lineEnd))
                }
                let len = lineEnd - pos
                previousBlank = len == 0 || (len == 1 && buf[pos] == 0x0A) || (len == 2 && buf[pos] == 0x0D && buf[pos + 1] == 0x0A)
                pos = lineEnd
            }
        }
        if starts.isEmpty { return bytes.isEmpty ? [] : [0..<bytes.count] }
        var ranges: [Range<Int>] = []
        for (k, s) in starts.enumerated() {
            var end = k + 1 < starts.count ? starts[k + 1].line : bytes.count
            // The blank line before the next "From " belongs to the mbox, not the message.
            if k + 1 < starts.count {
                if end > s.content, bytes[end - 1] == 0x0A { end -= 1 }
                if end > s.content, bytes[end - 1] == 0x0D { end -= 1 }
            }
            ranges.append(s.content..<max(s.content, end))
        }
        return ranges
    }

    /// A message from an mboxrd file with its quoting undone: ">From " → "From ", ">>From " →
    /// ">From ". For mboxo files this is also right except for lines that really began ">From ".
    package static func unescaped(_ message: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(message.count)
        var atLineStart = true
        var i = message.startIndex
        while i < message.endIndex {
            if atLineStart, message[i] == 0x3E {
                var j = i
                while j < message.endIndex, message[j] == 0x3E { j += 1 }
                if message[j...].starts(with: [0x46, 0x72, 0x6F, 0x6D, 0x20]) {
                    i += 1  // drop one ">"
                }
            }
            let c = message[i]
            out.append(c)
            atLineStart = c == 0x0A
            i += 1
        }
        return out
    }
}
