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

    /// The same table pre-shifted for each position of a quantum, so four lookups OR-ed
    /// together give the 24 bits; bit 24 marks a byte that is not in the alphabet.
    static let shifted: [UInt32] = {
        var t = [UInt32](repeating: 0, count: 4 * 256)
        for pos in 0..<4 {
            for c in 0..<256 {
                let v = table[c]
                t[pos * 256 + c] = v < 64 ? UInt32(v) << UInt32(18 - 6 * pos) : 1 << 24
            }
        }
        return t
    }()

    // base64 = *(4base64-char) [base64-char base64-char "==" / 3base64-char "="] ; CRLF ignored
    static func decode(_ input: ArraySlice<UInt8>, defects: inout [Defect]) -> [UInt8] {
        var state = State()
        // Eight bytes of slack: the fast paths store more than they keep (eight bytes for six, sixteen for twelve).
        let out = [UInt8](unsafeUninitializedCapacity: input.count / 4 * 3 + 8) { dst, initialized in
            shifted.withUnsafeBufferPointer { sh in
                table.withUnsafeBufferPointer { tab in
                    input.withUnsafeBufferPointer { src in
                        initialized = state.run(src, into: dst, shifted: sh, table: tab)
                    }
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
                          shifted sh: UnsafeBufferPointer<UInt32>, table tab: UnsafeBufferPointer<UInt8>) -> Int {
            var n = 0
            var quantum: UInt32 = 0
            var have = 0
            var i = 0
            let end = src.count
            while i < end {
                // Fast path: four alphabet bytes in a row, the common case inside a line.
                if have == 0 {
                    // Clean runs in C: sixteen characters → twelve bytes (SSSE3), across the line breaks
                    // between quanta; it stops before whatever needs the repairs below.
                    if end - i >= 4, let from = src.baseAddress, let base = dst.baseAddress {
                        var used = 0
                        n += intake_base64_decode_runs(from + i, end - i, base + n, &used)
                        i += used
                    }
                    // Eight characters → six bytes, written as one unaligned 8-byte store.
                    if let base = dst.baseAddress {
                        while i + 8 <= end {
                            let v1 = sh[Int(src[i])] | sh[256 + Int(src[i + 1])] | sh[512 + Int(src[i + 2])] | sh[768 + Int(src[i + 3])]
                            let v2 = sh[Int(src[i + 4])] | sh[256 + Int(src[i + 5])] | sh[512 + Int(src[i + 6])] | sh[768 + Int(src[i + 7])]
                            if (v1 | v2) & (1 << 24) != 0 { break }
                            let w = (UInt64(v1) << 40 | UInt64(v2) << 16).bigEndian
                            UnsafeMutableRawPointer(base + n).storeBytes(of: w, as: UInt64.self)
                            n += 6
                            i += 8
                        }
                    }
                    while i + 4 <= end {
                        let v = sh[Int(src[i])] | sh[256 + Int(src[i + 1])] | sh[512 + Int(src[i + 2])] | sh[768 + Int(src[i + 3])]
                        if v & (1 << 24) != 0 { break }
                        dst[n] = UInt8(truncatingIfNeeded: v >> 16)
                        dst[n + 1] = UInt8(truncatingIfNeeded: v >> 8)
                        dst[n + 2] = UInt8(truncatingIfNeeded: v)
                        n += 3
                        i += 4
                    }
                    // A line break between whole quanta (every line of an encoded attachment ends
                    // with one): skipped here, as the slow path would, without leaving the fast loops.
                    if i + 1 < end && src[i] == 0x0D && src[i + 1] == 0x0A { i += 2; continue }
                    if i < end && src[i] == 0x0A { i += 1; continue }
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
