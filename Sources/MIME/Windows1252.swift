/// windows-1252, decoded without iconv: it is the fallback for every unreadable label, and
/// glibc's table rejects the five unassigned bytes, which WHATWG maps to C1 controls.
enum Windows1252 {
    static let high: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    /// Straight to UTF-8 bytes: ASCII is copied, other bytes take two or three.
    static func decode(_ bytes: [UInt8]) -> String {
        // Exact worst case: ASCII takes one byte, anything else at most three.
        var nonASCII = 0
        for b in bytes where b >= 0x80 { nonASCII += 1 }
        return String(unsafeUninitializedCapacity: bytes.count + 2 * nonASCII) { out in
            var n = 0
            bytes.withUnsafeBufferPointer { src in
                for b in src {
                    if b < 0x80 {
                        out[n] = b
                        n += 1
                        continue
                    }
                    let v: UInt32 = b < 0xA0 ? high[Int(b - 0x80)] : UInt32(b)
                    if v < 0x800 {
                        out[n] = UInt8(0xC0 | (v >> 6))
                        out[n + 1] = UInt8(0x80 | (v & 0x3F))
                        n += 2
                    } else {
                        out[n] = UInt8(0xE0 | (v >> 12))
                        out[n + 1] = UInt8(0x80 | ((v >> 6) & 0x3F))
                        out[n + 2] = UInt8(0x80 | (v & 0x3F))
                        n += 3
                    }
                }
            }
            return n
        }
    }
}
