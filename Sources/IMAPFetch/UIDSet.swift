/// A compact sequence-set of UIDs: "3:7,9,12:14".
///
/// sequence-set = (seq-number / seq-range) *("," sequence-set)   (RFC 3501 §9)
struct UIDSet {
    /// Sorted, distinct UIDs split into sets of at most `rangesPerSet` ranges, so no command line
    /// grows past what servers accept (Dovecot: 64 KB).
    ///
    /// `maxUIDs` bounds how many messages one set names (a pipelined FETCH window).
    static func sets(_ uids: [UInt32], maxUIDs: Int = .max, rangesPerSet: Int = 500) -> [(text: String, count: Int)] {
        let sorted = Array(Set(uids.filter { $0 > 0 })).sorted()
        var result: [(String, Int)] = []
        var text = ""
        var ranges = 0
        var count = 0
        var index = 0
        while index < sorted.count {
            let first = sorted[index]
            var last = first
            while index + 1 < sorted.count && sorted[index + 1] == last + 1 && count + Int(last - first) + 1 < maxUIDs {
                index += 1
                last = sorted[index]
            }
            index += 1
            if !text.isEmpty { text += "," }
            text += first == last ? "\(first)" : "\(first):\(last)"
            ranges += 1
            count += Int(last - first) + 1
            if ranges == rangesPerSet || count >= maxUIDs {
                result.append((text, count))
                text = ""; ranges = 0; count = 0
            }
        }
        if !text.isEmpty { result.append((text, count)) }
        return result
    }
}
