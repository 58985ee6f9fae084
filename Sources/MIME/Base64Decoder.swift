/// Base64 (RFC 2045 6.8), tolerant the way mail needs: line breaks anywhere, stray characters
/// skipped, missing padding accepted. Every repair beyond line breaks is a defect.
enum Base64Decoder {
    /// 0...63 for the alphabet, 0x40 for "=", 0x80 for whitespace, 0xFF for anything else.
    static let table: [UInt8] = {
        var t = [UInt8](repeating: 0xFF, count: 256)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        for (i, c) in alphabet.enumerated() { t[Int(c)] = UInt8(i) }
        t[Int(UInt8(ascii: "="))] = 0x40
        for c in [0x20, 0x09, 0x0D, 0x0A] as [UInt8] { t[Int(c)] = 0x80 }
        return t
    }()

    // base64 = *(4base64-char) [base64-char base64-char "==" / 3base64-char "="] ; CRLF ignored
    static func decode(_ input: ArraySlice<UInt8>, defects: inout [Defect]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: input.count / 4 * 3 + 3)
        var n = 0
        var stray = 0
        var afterPadding = false
        var quantum: UInt32 = 0
        var have = 0
        table.withUnsafeBufferPointer { tab in
            input.withUnsafeBufferPointer { src in
                out.withUnsafeMutableBufferPointer { dst in
                    var i = 0
                    let end = src.count
                    while i < end {
                        // Fast path: four alphabet bytes in a row, the common case inside a line.
                        if have == 0 {
                            while i + 4 <= end {
                                let a = tab[Int(src[i])], b = tab[Int(src[i + 1])]
                                let c = tab[Int(src[i + 2])], d = tab[Int(src[i + 3])]
                                if (a | b | c | d) & 0xC0 != 0 { break }
                                let v = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
                                dst[n] = UInt8(truncatingIfNeeded: v >> 16)
                                dst[n + 1] = UInt8(truncatingIfNeeded: v >> 8)
                                dst[n + 2] = UInt8(truncatingIfNeeded: v)
                                n += 3
                                i += 4
                            }
                            if i >= end { break }
                        }
                        let v = tab[Int(src[i])]
                        i += 1
                        if v < 64 {
                            if afterPadding { afterPadding = false }
                            quantum = quantum << 6 | UInt32(v)
                            have += 1
                            if have == 4 {
                                dst[n] = UInt8(truncatingIfNeeded: quantum >> 16)
                                dst[n + 1] = UInt8(truncatingIfNeeded: quantum >> 8)
                                dst[n + 2] = UInt8(truncatingIfNeeded: quantum)
                                n += 3
                                have = 0
                                quantum = 0
                            }
                        } else if v == 0x40 {
                            // "=" closes the quantum: emit the bytes it holds.
                            if have >= 2 {
                                n = flush(quantum, have, into: dst, at: n)
                            } else if have == 1 {
                                stray += 1
                            }
                            have = 0
                            quantum = 0
                            afterPadding = true
                        } else if v == 0xFF {
                            stray += 1
                        }
                    }
                }
            }
        }
        var missingPadding = false
        if have >= 2 {
            // Input ended inside a quantum: decode what is there.
            out.withUnsafeMutableBufferPointer { dst in n = flush(quantum, have, into: dst, at: n) }
            missingPadding = true
        } else if have == 1 {
            stray += 1
        }
        out.removeSubrange(n...)
        if stray > 0 {
            defects.append(Defect(.invalidBase64, "invalid base64: \(stray) stray character\(stray == 1 ? "" : "s") skipped"))
        } else if missingPadding {
            defects.append(Defect(.invalidBase64, "invalid base64: missing padding"))
        }
        return out
    }

    @inline(__always)
    private static func flush(_ q: UInt32, _ have: Int, into dst: UnsafeMutableBufferPointer<UInt8>, at n: Int) -> Int {
        let v = q << (6 * UInt32(4 - have))
        dst[n] = UInt8(truncatingIfNeeded: v >> 16)
        if have == 2 { return n + 1 }
        dst[n + 1] = UInt8(truncatingIfNeeded: v >> 8)
        return n + 2
    }
}
