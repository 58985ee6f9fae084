/// Quoted-printable (RFC 2045) for a reply's UTF-8 text: lines of at most 76 characters, CRLF ends,
/// "=" and every byte outside printable ASCII encoded, and so are a line's trailing space and a "."
/// or "From " at a line's start (what some relays mangle). A multipart boundary starting "=_" can
/// never appear in the output: "=" is always followed by two hex digits or a line end.
enum QuotedPrintable {
    static func encode(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        for (index, line) in lines.enumerated() {
            if index > 0 { out += [0x0D, 0x0A] }
            encodeLine(Array(line.utf8), into: &out)
        }
        return out
    }

    private static let hex = Array("0123456789ABCDEF".utf8)

    private static func encodeLine(_ bytes: [UInt8], into out: inout [UInt8]) {
        var column = 0
        for (i, byte) in bytes.enumerated() {
            let isLast = i == bytes.count - 1
            let atStart = column == 0
            var token: [UInt8]
            let needsEncoding = byte == UInt8(ascii: "=") || byte == 0x0D || byte < 0x20 && byte != 0x09 || byte > 0x7E
                || (isLast && (byte == 0x20 || byte == 0x09))
                || (atStart && byte == UInt8(ascii: "."))
                || (atStart && byte == UInt8(ascii: "F") && bytes[i...].starts(with: Array("From ".utf8)))
            if needsEncoding {
                token = [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            } else {
                token = [byte]
            }
            // Room for the token and, unless it ends the line, a soft break "=".
            let room = isLast ? 76 : 75
            if column + token.count > room {
                out += [UInt8(ascii: "="), 0x0D, 0x0A]
                column = 0
                // A token moved to a new line's start may need encoding there.
                if token == [UInt8(ascii: ".")] || (byte == UInt8(ascii: "F") && bytes[i...].starts(with: Array("From ".utf8))) {
                    token = [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
                }
            }
            out += token
            column += token.count
        }
    }
}
