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
        // First straight into the String's storage, sized for what nearly all text needs
        // (CJK grows by half, most single-byte text by less): no second copy of a large body.
        // Text that needs more is converted again into a buffer that grows.
        var outcome = Outcome.invalid
        let direct = String(unsafeUninitializedCapacity: bytes.count + bytes.count / 2 + 64) { out in
            outcome = convert(cd, bytes, into: out)
            if case .done(let n) = outcome { return n }
            return 0
        }
        switch outcome {
        case .done: return direct
        case .invalid: return nil
        case .outputFull: break
        }
        iconv(cd, nil, nil, nil, nil)  // back to the initial shift state
        var capacity = bytes.count * 4 + 64
        while true {
            var result: Outcome = .invalid
            let s = String(unsafeUninitializedCapacity: capacity) { out in
                result = convert(cd, bytes, into: out)
                if case .done(let n) = result { return n }
                return 0
            }
            switch result {
            case .done: return s
            case .invalid: return nil
            case .outputFull:
                iconv(cd, nil, nil, nil, nil)
                capacity *= 2
            }
        }
    }

    enum Outcome {
        case done(Int)
        case outputFull
        case invalid
    }

    private static func convert(_ cd: iconv_t?, _ bytes: [UInt8], into out: UnsafeMutableBufferPointer<UInt8>) -> Outcome {
        bytes.withUnsafeBufferPointer { inBuf in
            var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutablePointer(mutating: UnsafeRawPointer(inBuf.baseAddress!).assumingMemoryBound(to: CChar.self))
            var inLeft = inBuf.count
            var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(out.baseAddress!).assumingMemoryBound(to: CChar.self)
            var outLeft = out.count
            if iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft) == -1 {
                return errno == E2BIG ? .outputFull : .invalid
            }
            // Flush the shift state of stateful charsets (ISO-2022-JP).
            if iconv(cd, nil, nil, &outPtr, &outLeft) == -1 {
                return errno == E2BIG ? .outputFull : .invalid
            }
            return .done(out.count - outLeft)
        }
    }

    static func isKnown(_ charset: String) -> Bool {
        let cd = iconv_open("UTF-8", charset)
        if cd == iconv_t(bitPattern: -1) { return false }
        iconv_close(cd)
        return true
    }
}
