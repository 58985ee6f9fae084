/// Quoted-printable (RFC 2045 6.7), read the lenient way real mail needs.
enum QuotedPrintableDecoder {
    // qp-line        = *(qp-segment transport-padding CRLF) qp-part transport-padding
    // qp-segment     = qp-section *(SPACE / TAB) "="      ; a soft line break
    // hex-octet      = "=" 2(DIGIT / "A"-"F")             ; lowercase hex accepted too
    // Trailing whitespace on a line is transport padding and dropped. A bare "=" that starts
    // no escape is kept as written, with a defect.
    static func decode(_ input: ArraySlice<UInt8>, defects: inout [Defect]) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(input.count)
        var bare = 0
        input.withUnsafeBufferPointer { src in
            let end = src.count
            var lineStart = 0
            while lineStart < end {
                let nl = src.firstIndex(of: 0x0A, from: lineStart, to: end)
                let lineEnd = nl ?? end
                var contentEnd = lineEnd
                if contentEnd > lineStart, src[contentEnd - 1] == 0x0D { contentEnd -= 1 }
                while contentEnd > lineStart, isWSP(src[contentEnd - 1]) { contentEnd -= 1 }
                var soft = false
                if contentEnd > lineStart, src[contentEnd - 1] == 0x3D {
                    soft = true
                    contentEnd -= 1
                }
                var i = lineStart
                while i < contentEnd {
                    // Copy runs of plain bytes, stop at "=".
                    if let eq = src.firstIndex(of: 0x3D, from: i, to: contentEnd) {
                        if eq > i { out.append(contentsOf: UnsafeBufferPointer(rebasing: src[i..<eq])) }
                        if eq + 2 < contentEnd, let h = hexValue(src[eq + 1]), let l = hexValue(src[eq + 2]) {
                            out.append(h << 4 | l)
                            i = eq + 3
                        } else {
                            bare += 1
                            out.append(0x3D)
                            i = eq + 1
                        }
                    } else {
                        out.append(contentsOf: UnsafeBufferPointer(rebasing: src[i..<contentEnd]))
                        i = contentEnd
                    }
                }
                if nl != nil && !soft {
                    out.append(0x0D)
                    out.append(0x0A)
                }
                lineStart = lineEnd + 1
            }
        }
        if bare > 0 {
            defects.append(Defect(.invalidQuotedPrintable, "invalid quoted-printable: \(bare) bare \"=\" kept as written"))
        }
        return out
    }
}
