internal import Glibc

// Small byte kernels the parser is built on: find a byte, find a line end, compare ASCII.

extension UnsafeBufferPointer where Element == UInt8 {
    /// The index of the first `byte` in `from..<to`, or nil. memchr does the scanning.
    @inline(__always)
    func firstIndex(of byte: UInt8, from: Int, to: Int) -> Int? {
        guard from < to, let base = baseAddress else { return nil }
        guard let p = memchr(base + from, Int32(byte), to - from) else { return nil }
        return base.distance(to: p.assumingMemoryBound(to: UInt8.self))
    }

    /// The index just past the end of the line that starts at `from` (past its LF), or `to`.
    @inline(__always)
    func lineEnd(from: Int, to: Int) -> Int {
        if let nl = firstIndex(of: 0x0A, from: from, to: to) { return nl + 1 }
        return to
    }

    /// True when the bytes at `at` equal `pattern`, ASCII letters compared without case.
    func matchesCaseInsensitive(_ pattern: [UInt8], at: Int, end: Int) -> Bool {
        guard at + pattern.count <= end else { return false }
        for i in 0..<pattern.count where asciiLower(self[at + i]) != asciiLower(pattern[i]) { return false }
        return true
    }
}

@inline(__always) func isWSP(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }
@inline(__always) func isSpaceOrNewline(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0A }

/// Lowercased ASCII string of the bytes, trimmed of surrounding whitespace.
func lowercasedASCII<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
    var out = [UInt8]()
    out.reserveCapacity(bytes.count)
    for b in bytes { out.append(asciiLower(b)) }
    return String(decoding: trimmedBytes(out[...]), as: UTF8.self)
}

/// The slice without leading and trailing whitespace (space, tab, CR, LF).
func trimmedBytes(_ s: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
    var lo = s.startIndex, hi = s.endIndex
    while lo < hi, isSpaceOrNewline(s[lo]) { lo += 1 }
    while hi > lo, isSpaceOrNewline(s[hi - 1]) { hi -= 1 }
    return s[lo..<hi]
}

/// Header bytes as text: UTF-8 when valid (RFC 6532), else windows-1252 (8-bit legacy headers).
func headerText<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
    var ascii = true
    for b in bytes where b >= 0x80 { ascii = false; break }
    if ascii { return String(decoding: bytes, as: UTF8.self) }
    if let s = String(validating: bytes, as: UTF8.self) { return s }
    return Windows1252.decode(Array(bytes))
}

/// CRLF and lone CR become LF: text bodies are handed out with one line-end convention.
func normalizeLineEnds(_ s: String) -> String {
    var s = s
    let changed = s.withUTF8 { u -> [UInt8]? in
        guard u.firstIndex(of: 0x0D, from: 0, to: u.count) != nil else { return nil }
        var bytes = Array(u)
        normalizeLineEnds(&bytes)
        return bytes
    }
    guard let changed else { return s }
    return String(decoding: changed, as: UTF8.self)
}

/// The same on bytes, in place: runs between CRs are moved with memmove-speed copies.
func normalizeLineEnds(_ bytes: inout [UInt8]) {
    let count = bytes.count
    var newCount = 0
    bytes.withUnsafeMutableBufferPointer { mb in
        let b = UnsafeBufferPointer(mb)
        guard let cr = b.firstIndex(of: 0x0D, from: 0, to: count), let base = mb.baseAddress else {
            newCount = count
            return
        }
        var w = cr
        var r = cr
        while true {
            // b[r] is a CR: write LF, skip a following LF.
            base[w] = 0x0A
            w += 1
            r += 1
            if r < count, b[r] == 0x0A { r += 1 }
            let next = b.firstIndex(of: 0x0D, from: r, to: count) ?? count
            let run = next - r
            if run > 0 {
                memmove(base + w, base + r, run)  // the regions overlap: w <= r
                w += run
            }
            r = next
            if r >= count { break }
        }
        newCount = w
    }
    bytes.removeSubrange(newCount...)
}
