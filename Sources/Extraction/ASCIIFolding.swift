/// ASCII case folding on bytes: the fast paths that skip Unicode when text is plain ASCII.
enum ASCIIFolding {
    @inline(__always) static func lower(_ b: UInt8) -> UInt8 {
        b >= 0x41 && b <= 0x5A ? b | 0x20 : b
    }

    /// Whether `text` holds `needle` (lower-case ASCII bytes), ignoring ASCII case.
    static func contains(_ text: Substring, _ needle: [UInt8]) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { contains($0, needle) }
            ?? Array(text.utf8).withUnsafeBufferPointer { contains($0, needle) }
    }

    private static func contains(_ hay: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        let n = needle.count
        guard n > 0, hay.count >= n else { return n == 0 }
        let first = needle[0]
        var i = 0
        while i + n <= hay.count {
            if lower(hay[i]) == first {
                var j = 1
                while j < n, lower(hay[i + j]) == needle[j] { j += 1 }
                if j == n { return true }
            }
            i += 1
        }
        return false
    }
}

/// A set of ASCII bytes as two 64-bit masks: a test is a shift and a mask, where a `Set` would hash.
struct ASCIIByteSet: Sendable {
    private var low: UInt64 = 0
    private var high: UInt64 = 0

    /// Bytes of 0x80 or more are left out: callers look up only ASCII ones.
    init(_ bytes: Set<UInt8>) {
        for b in bytes where b < 0x80 {
            if b < 64 { low |= 1 << UInt64(b) } else { high |= 1 << UInt64(b - 64) }
        }
    }

    @inline(__always) func contains(_ b: UInt8) -> Bool {
        if b < 64 { return low >> UInt64(b) & 1 == 1 }
        if b < 128 { return high >> UInt64(b - 64) & 1 == 1 }
        return false
    }
}
