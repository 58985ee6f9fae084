internal import Glibc

/// The thin iconv boundary.
enum Iconv {
    /// Converts `bytes` from `charset` to UTF-8; nil when the charset is unknown to glibc or
    /// the bytes are not valid in it.
    static func decode(_ bytes: [UInt8], from charset: String) -> String? {
        let cd = iconv_open("UTF-8", charset)
        if cd == iconv_t(bitPattern: -1) { return nil }
        defer { iconv_close(cd) }
        if bytes.isEmpty { return "" }
        var out = [UInt8](repeating: 0, count: bytes.count * 4 + 16)
        var produced = 0
        var ok = true
        var input = bytes
        input.withUnsafeMutableBufferPointer { inBuf in
            var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuf.baseAddress!).assumingMemoryBound(to: CChar.self)
            var inLeft = inBuf.count
            while inLeft > 0 {
                let capacity = out.count
                let r: Int = out.withUnsafeMutableBufferPointer { outBuf in
                    var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuf.baseAddress! + produced).assumingMemoryBound(to: CChar.self)
                    var outLeft = capacity - produced
                    let r = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                    produced = capacity - outLeft
                    return r
                }
                if r == -1 {
                    if errno == E2BIG {
                        out.append(contentsOf: [UInt8](repeating: 0, count: out.count))
                        continue
                    }
                    ok = false
                    return
                }
            }
            // Flush the shift state of stateful charsets (ISO-2022-JP).
            let capacity = out.count
            out.withUnsafeMutableBufferPointer { outBuf in
                var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuf.baseAddress! + produced).assumingMemoryBound(to: CChar.self)
                var outLeft = capacity - produced
                _ = iconv(cd, nil, nil, &outPtr, &outLeft)
                produced = capacity - outLeft
            }
        }
        guard ok else { return nil }
        return String(decoding: out[0..<produced], as: UTF8.self)
    }

    static func isKnown(_ charset: String) -> Bool {
        let cd = iconv_open("UTF-8", charset)
        if cd == iconv_t(bitPattern: -1) { return false }
        iconv_close(cd)
        return true
    }
}
