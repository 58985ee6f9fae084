// The one date shape nearly every client writes, read straight from bytes before the
// general reader is asked: "Tue, 24 Nov 2026 10:00:00 +0100" (seconds, weekday optional).

extension HeaderParser {
    // date-time = [ day-name "," SP ] 1*2DIGIT SP month SP 4DIGIT SP 2DIGIT ":" 2DIGIT [ ":" 2DIGIT ] SP ("+" / "-") 4DIGIT [ SP comment ]
    static func parseDateFast(_ b: [UInt8]) -> String? {
        var i = 0
        let n = b.count
        func digits(_ count: Int) -> Int? {
            guard i + count <= n else { return nil }
            var v = 0
            for k in 0..<count {
                let c = b[i + k]
                guard c >= 0x30 && c <= 0x39 else { return nil }
                v = v * 10 + Int(c - 0x30)
            }
            i += count
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < n, b[i] == c else { return false }
            i += 1
            return true
        }
        // Optional "Ddd, "
        if n > 5, isAlpha(b[0]), b[3] == 0x2C {
            i = 4
            guard expect(0x20) else { return nil }
        }
        var day: Int
        if let d = digits(2) { day = d } else if let d = digits(1) { day = d } else { return nil }
        guard expect(0x20), i + 3 <= n else { return nil }
        let m0 = b[i] | 0x20, m1 = b[i + 1] | 0x20, m2 = b[i + 2] | 0x20
        let months: [(UInt8, UInt8, UInt8)] = [(0x6A, 0x61, 0x6E), (0x66, 0x65, 0x62), (0x6D, 0x61, 0x72), (0x61, 0x70, 0x72),
                                               (0x6D, 0x61, 0x79), (0x6A, 0x75, 0x6E), (0x6A, 0x75, 0x6C), (0x61, 0x75, 0x67),
                                               (0x73, 0x65, 0x70), (0x6F, 0x63, 0x74), (0x6E, 0x6F, 0x76), (0x64, 0x65, 0x63)]
        guard let mi = months.firstIndex(where: { $0 == (m0, m1, m2) }) else { return nil }
        i += 3
        guard expect(0x20), let year = digits(4), expect(0x20), let hour = digits(2), expect(0x3A),
              let minute = digits(2) else { return nil }
        var second = 0
        if i < n, b[i] == 0x3A {
            i += 1
            guard let s = digits(2) else { return nil }
            second = s
        }
        guard expect(0x20), i < n, b[i] == 0x2B || b[i] == 0x2D else { return nil }
        let negative = b[i] == 0x2D
        i += 1
        guard let zone = digits(4) else { return nil }
        // Only a comment may follow.
        if i < n {
            guard b[i] == 0x20, i + 1 < n, b[i + 1] == 0x28 else { return nil }
        }
        day = max(day, 0)
        let month = mi + 1
        guard (1...31).contains(day), day <= daysInMonth(year, month), hour <= 24, minute <= 59, second <= 60,
              zone % 100 < 60, year >= 1 else { return nil }
        let offset = (zone / 100 * 60 + zone % 100) * (negative ? -1 : 1)
        let total = daysFromCivil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + min(second, 59) - offset * 60
        return formatISO(total)
    }
}
