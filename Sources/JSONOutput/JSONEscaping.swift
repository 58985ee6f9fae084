/// How strings and numbers become JSON bytes. Strings are copied from their UTF-8 in runs, and only
/// what JSON (or a JavaScript reader) cannot take raw is escaped: `"`, `\`, the controls below
/// U+0020 (`\n`, `\r`, `\t` by name, the rest as `\u00xx`) and U+2028/U+2029 as `\u2028`/`\u2029`.
/// The hex digits are lower case: the output is byte for byte what intake wrote before.
enum JSONEscaping {
    static let trueBytes: [UInt8] = Array("true".utf8)
    static let falseBytes: [UInt8] = Array("false".utf8)
    static let nullBytes: [UInt8] = Array("null".utf8)
    static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    static func appendQuoted(_ utf8: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.reserveCapacity(out.count + utf8.count + 2)
        out.append(UInt8(ascii: "\""))
        let n = utf8.count
        var runStart = 0
        var i = 0
        while i < n {
            let b = utf8[i]
            // Fast test: everything at or above 0x20 other than `"`, `\` and 0xE2 (the lead byte of
            // U+2028/2029) is copied as is.
            if b >= 0x20 && b != UInt8(ascii: "\"") && b != UInt8(ascii: "\\") && b != 0xE2 {
                i += 1
                continue
            }
            if b == 0xE2 {
                // U+2028 is E2 80 A8, U+2029 is E2 80 A9; other E2 sequences are copied.
                guard i + 2 < n, utf8[i + 1] == 0x80, utf8[i + 2] == 0xA8 || utf8[i + 2] == 0xA9 else {
                    i += 1
                    continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i]))
                out.append(contentsOf: utf8[i + 2] == 0xA8 ? Self.lineSeparator : Self.paragraphSeparator)
                i += 3
                runStart = i
                continue
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i]))
            switch b {
            case UInt8(ascii: "\""): out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "\n"): out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "n"))
            case UInt8(ascii: "\r"): out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "r"))
            case UInt8(ascii: "\t"): out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "t"))
            default:
                out.append(contentsOf: Self.controlPrefix)
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 0xF)])
            }
            i += 1
            runStart = i
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<n]))
        out.append(UInt8(ascii: "\""))
    }

    static let controlPrefix: [UInt8] = Array("\\u00".utf8)
    static let lineSeparator: [UInt8] = Array("\\u2028".utf8)
    static let paragraphSeparator: [UInt8] = Array("\\u2029".utf8)

    static func appendDecimal(_ n: Int, to out: inout [UInt8]) {
        if n < 0 { out.append(UInt8(ascii: "-")) }
        var m = n.magnitude
        if m < 10 { out.append(UInt8(ascii: "0") + UInt8(m)); return }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { d in
            while m > 0 {
                d[19 - count] = UInt8(ascii: "0") + UInt8(m % 10)
                m /= 10
                count += 1
            }
            out.append(contentsOf: d[(20 - count)...])
        }
    }
}
