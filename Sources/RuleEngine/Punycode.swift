/// RFC 3492's Punycode, decoding only: an IDN label as mail carries it (`xn--bcher-kva`) back to the
/// Unicode label it stands for (`bücher`), so both spellings of a domain name one organization.
/// Bounded: a label longer than DNS allows is refused before any work, and every step is checked for
/// overflow, so a hostile label costs at most a few thousand steps.
enum Punycode {
    private static let base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700
    private static let initialBias = 72, initialN = 128
    /// The longest label DNS allows, in its ASCII form.
    static let maxLabelBytes = 63

    /// The Unicode text of an ACE label without its `xn--` prefix; nil when it is not valid Punycode.
    static func decode(_ label: Substring.UTF8View) -> String? {
        let input = Array(label)
        guard !input.isEmpty, input.count <= maxLabelBytes else { return nil }
        var output: [Unicode.Scalar] = []
        // The basic code points are those before the last hyphen; they come through as they are.
        let split = input.lastIndex(of: UInt8(ascii: "-")) ?? 0
        for byte in input[..<split] {
            guard byte < 0x80 else { return nil }
            output.append(Unicode.Scalar(byte))
        }
        var position = split > 0 ? split + 1 : 0
        var n = initialN, i = 0, bias = initialBias
        while position < input.count {
            let oldI = i
            var weight = 1
            var k = base
            while true {
                guard position < input.count, let digit = digitValue(input[position]) else { return nil }
                position += 1
                let (product, overflow1) = digit.multipliedReportingOverflow(by: weight)
                let (sum, overflow2) = i.addingReportingOverflow(product)
                guard !overflow1, !overflow2, sum <= Int(UInt32.max) else { return nil }
                i = sum
                let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                if digit < t { break }
                let (w, overflow3) = weight.multipliedReportingOverflow(by: base - t)
                guard !overflow3, w <= Int(UInt32.max) else { return nil }
                weight = w
                k += base
            }
            let count = output.count + 1
            bias = adapt(i - oldI, count: count, first: oldI == 0)
            n += i / count
            i %= count
            guard n >= 0x80, let scalar = Unicode.Scalar(UInt32(clamping: n)) else { return nil }
            output.insert(scalar, at: i)
            i += 1
        }
        // An ACE label always stands for some non-ASCII text: "xn--zz-" is not another spelling of "zz".
        guard output.contains(where: { !$0.isASCII }) else { return nil }
        var text = ""
        text.unicodeScalars.append(contentsOf: output)
        return text
    }

    private static func adapt(_ delta: Int, count: Int, first: Bool) -> Int {
        var delta = first ? delta / damp : delta / 2
        delta += delta / count
        var k = 0
        while delta > ((base - tMin) * tMax) / 2 {
            delta /= base - tMin
            k += base
        }
        return k + (base - tMin + 1) * delta / (delta + skew)
    }

    private static func digitValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return Int(byte - UInt8(ascii: "a"))
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return Int(byte - UInt8(ascii: "A"))
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(byte - UInt8(ascii: "0")) + 26
        default: return nil
        }
    }
}
