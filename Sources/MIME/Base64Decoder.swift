import CBase64

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
        var state = State()
        // Slack: the clean runs' blocks store sixteen bytes to keep twelve.
        let out = [UInt8](unsafeUninitializedCapacity: input.count / 4 * 3 + 8) { dst, initialized in
            table.withUnsafeBufferPointer { tab in
                input.withUnsafeBufferPointer { src in
                    initialized = state.run(src, into: dst, table: tab)
                }
            }
        }
        if state.stray > 0 {
            defects.append(Defect(.invalidBase64, "invalid base64: \(state.stray) stray character\(state.stray == 1 ? "" : "s") skipped"))
        } else if state.missingPadding {
            defects.append(Defect(.invalidBase64, "invalid base64: missing padding"))
        }
        return out
    }

    struct State {
        var stray = 0
        var missingPadding = false

        mutating func run(_ src: UnsafeBufferPointer<UInt8>, into dst: UnsafeMutableBufferPointer<UInt8>,
                          table tab: UnsafeBufferPointer<UInt8>) -> Int {
            var n = 0
            var quantum: UInt32 = 0
            var have = 0
            var i = 0
            let end = src.count
            while i < end {
                // Between quanta, the clean runs (every line of an encoded attachment, and the line breaks
                // after them) are decoded in C; it stops before whatever needs a repair, which is read here
                // one character at a time.
                if have == 0, let from = src.baseAddress, let base = dst.baseAddress {
                    var used = 0
                    n += intake_base64_decode_runs(from + i, end - i, base + n, &used)
                    i += used
                    if i >= end { break }
                }
                let v = tab[Int(src[i])]
                i += 1
                if v < 64 {
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
                        n = Self.flush(quantum, have, into: dst, at: n)
                    } else if have == 1 {
                        stray += 1
                    }
                    have = 0
                    quantum = 0
                } else if v == 0xFF {
                    stray += 1
                }
            }
            if have >= 2 {
                // Input ended inside a quantum: decode what is there.
                n = Self.flush(quantum, have, into: dst, at: n)
                missingPadding = true
            } else if have == 1 {
                stray += 1
            }
            return n
        }

        @inline(__always)
        static func flush(_ q: UInt32, _ have: Int, into dst: UnsafeMutableBufferPointer<UInt8>, at n: Int) -> Int {
            let v = q << (6 * UInt32(4 - have))
            dst[n] = UInt8(truncatingIfNeeded: v >> 16)
            if have == 2 { return n + 1 }
            dst[n + 1] = UInt8(truncatingIfNeeded: v >> 8)
            return n + 2
        }
    }
}
