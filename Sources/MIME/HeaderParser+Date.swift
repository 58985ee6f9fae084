// Dates as clients write them, to one ISO 8601 UTC instant.

extension HeaderParser {
    // date-time = [ day-of-week "," ] date time [CFWS]            (RFC 5322 3.3)
    // date      = day month year ; time = hour ":" minute [ ":" second ] zone
    // obs-zone  = "UT" / "GMT" / "EST" / "EDT" / "CST" / "CDT" / "MST" / "MDT" / "PST" / "PDT"
    //             / military letters (read as +0000, as RFC 5322 4.3 advises)
    // obs-year  = 2*DIGIT: 00–49 → 20xx, 50–99 → 19xx; three digits → +1900 (RFC 5322 4.3)
    // Also read: asctime ("Tue Nov 24 10:00:00 2026"), RFC 850 ("Tuesday, 24-Nov-26 …"),
    // ISO 8601 ("2026-11-24T10:00:00Z"), full month names, dots or slashes between fields.
    // A missing zone is read as UTC, and said so (`zoneMissing`).
    static func parseDate(_ text: String) -> String? { parseDateReportingZone(text)?.iso }

    static func parseDateReportingZone(_ text: String) -> (iso: String, zoneMissing: Bool)? {
        var words: [String] = []
        // Split on whitespace, commas, and '-' or '/' between date fields (not a zone's sign).
        let scalars = Array(text.utf8)
        var i = 0
        var start = 0
        func push(_ a: Int, _ b: Int) {
            if b > a { words.append(String(decoding: scalars[a..<b], as: UTF8.self)) }
        }
        // Comments like "(PST)" are dropped.
        var depth = 0
        while i < scalars.count {
            let c = scalars[i]
            if c == 0x28 { push(start, i); depth += 1; i += 1; start = i; continue }
            if c == 0x29 { if depth > 0 { depth -= 1 }; i += 1; start = i; continue }
            if depth > 0 { i += 1; start = i; continue }
            if c == 0x20 || c == 0x09 || c == 0x2C || c == 0x0D || c == 0x0A {
                push(start, i); start = i + 1
            } else if c == 0x54 && i > start && i + 1 < scalars.count && isDigit(scalars[i - 1]) && isDigit(scalars[i + 1]) {
                push(start, i); start = i + 1   // ISO "T"
            } else if (c == 0x2D || c == 0x2F || c == 0x2E) && i > start && i + 1 < scalars.count
                        && !isDigitRunTime(scalars, start, i) && !isZoneName(scalars[start..<i]) {
                // "24-Nov-2026", "2026-11-24", "24.11.2026": a separator between date fields.
                let prev = scalars[i - 1]
                if isDigit(prev) || isAlpha(prev) {
                    push(start, i); start = i + 1
                }
            } else if c == 0x5A && i == scalars.count - 1 && i > start && isDigit(scalars[i - 1]) {
                push(start, i); words.append("Z"); start = i + 1   // ISO "…00Z"
            } else if (c == 0x2B || c == 0x2D) && i > start && isDigit(scalars[i - 1]) && scalars[start..<i].contains(0x3A) {
                push(start, i); start = i   // "10:00:00+0100"
            }
            i += 1
        }
        push(start, scalars.count)

        var day: Int? = nil, month: Int? = nil, year: Int? = nil
        var hour: Int? = nil, minute = 0, second = 0
        var zoneMinutes: Int? = nil
        var numbers: [(Int, Int)] = []  // (value, digit count) in order
        for w in words {
            let lower = w.lowercased()
            if (w.hasPrefix("+") || w.hasPrefix("-")), w.count >= 3 {
                var digits = w.dropFirst().filter { $0 != ":" }
                if digits.count == 2 { digits += "00" }
                guard digits.count == 4, let v = Int(digits) else { continue }
                let minutes = (v / 100) * 60 + v % 100
                zoneMinutes = w.hasPrefix("-") ? -minutes : minutes
                continue
            }
            if w.contains(":") {
                if hour != nil { continue }
                let parts = w.split(separator: ":", omittingEmptySubsequences: false)
                guard parts.count >= 2, parts.count <= 3 else { return nil }
                var sec = parts.count == 3 ? String(parts[2]) : "0"
                // fractional seconds "00.123"
                if let dot = sec.firstIndex(of: ".") { sec = String(sec[..<dot]) }
                guard let h = Int(parts[0]), let m = Int(parts[1]), let s = Int(sec) else { return nil }
                hour = h; minute = m; second = s
                continue
            }
            // "GMT+0100", "UTC-5", "GMT+01:00": a zone name with an offset glued on.
            if let z = gluedZoneOffset(lower) { zoneMinutes = z; continue }
            if let m = monthNumber(lower) { month = m; continue }
            if let z = zoneOffset(lower) { if zoneMinutes == nil { zoneMinutes = z }; continue }
            if let v = Int(w), v >= 0 { numbers.append((v, w.count)); continue }
            if lower == "am" || lower == "pm" {
                if let h = hour {
                    if lower == "pm" && h < 12 { hour = h + 12 }
                    if lower == "am" && h == 12 { hour = 0 }
                }
                continue
            }
            // Day names and unknown words are ignored.
        }
        // Assign numbers: a 4-digit or > 31 number is the year; ISO order when the year comes first.
        if month == nil {
            // Numeric dates: "2026-11-24" (ISO) or "24.11.2026" (day first, as European clients write).
            guard numbers.count >= 3 else { return nil }
            if numbers[0].1 == 4 {
                year = numbers[0].0; month = numbers[1].0; day = numbers[2].0
            } else {
                day = numbers[0].0; month = numbers[1].0; year = numbers[2].0
                if numbers[2].1 <= 2 { year = numbers[2].0 < 50 ? 2000 + numbers[2].0 : 1900 + numbers[2].0 }
            }
        } else {
            for (v, digits) in numbers {
                if day == nil && digits <= 2 && v >= 1 && v <= 31 { day = v; continue }
                if year == nil {
                    switch digits {
                    case 4...: year = v
                    case 3: year = v + 1900
                    default: year = v < 50 ? 2000 + v : 1900 + v
                    }
                }
            }
        }
        guard let d = day, let mo = month, let y = year, let h = hour else { return nil }
        guard (1...12).contains(mo), (1...31).contains(d), (0...24).contains(h), (0...59).contains(minute),
              (0...60).contains(second), (1...9999).contains(y), d <= daysInMonth(y, mo) else { return nil }
        let zone = zoneMinutes ?? 0
        guard abs(zone) < 24 * 60 else { return nil }
        var total = daysFromCivil(y, mo, d) * 86_400 + h * 3600 + minute * 60 + min(second, 59) - zone * 60
        if total < daysFromCivil(1, 1, 1) * 86_400 { total = daysFromCivil(1, 1, 1) * 86_400 }
        return (formatISO(total), zoneMinutes == nil)
    }

    /// "GMT", "UTC", "UT": a "-" after them is the sign of an offset, not a date separator.
    static func isZoneName(_ w: ArraySlice<UInt8>) -> Bool {
        let l = w.map { $0 | 0x20 }
        return l == Array("gmt".utf8) || l == Array("utc".utf8) || l == Array("ut".utf8)
    }

    static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    static func isAlpha(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }
    /// True when the current word is a time ("10:00"), whose "-" starts a zone, not a date field.
    static func isDigitRunTime(_ s: [UInt8], _ a: Int, _ b: Int) -> Bool { s[a..<b].contains(0x3A) }

    static func monthNumber(_ w: String) -> Int? {
        guard w.count >= 3 else { return nil }
        let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        let p = String(w.prefix(3))
        guard let i = months.firstIndex(of: p) else { return nil }
        let full = ["january", "february", "march", "april", "may", "june", "july", "august",
                    "september", "october", "november", "december"]
        // "Sept" and full names are accepted; other words starting like a month are not.
        if w.count == 3 || full[i] == w || w == "sept" || w == p + "." { return i + 1 }
        return nil
    }

    static func gluedZoneOffset(_ w: String) -> Int? {
        for prefix in ["gmt", "utc", "ut"] where w.hasPrefix(prefix) {
            let rest = w.dropFirst(prefix.count)
            guard let sign = rest.first, sign == "+" || sign == "-" else { return nil }
            let digits = rest.dropFirst().filter { $0 != ":" }
            guard !digits.isEmpty, digits.count <= 4, let v = Int(digits) else { return nil }
            let minutes = digits.count <= 2 ? v * 60 : (v / 100) * 60 + v % 100
            return sign == "-" ? -minutes : minutes
        }
        return nil
    }

    static func zoneOffset(_ w: String) -> Int? {
        switch w {
        case "ut", "utc", "gmt", "z", "wet": return 0
        case "est": return -5 * 60
        case "edt": return -4 * 60
        case "cst": return -6 * 60
        case "cdt": return -5 * 60
        case "mst": return -7 * 60
        case "mdt": return -6 * 60
        case "pst": return -8 * 60
        case "pdt": return -7 * 60
        case "bst", "cet", "met", "west": return 60
        case "cest", "mest", "eet": return 120
        case "eest", "msk": return 180
        case "ist": return 330
        case "jst", "kst": return 540
        default:
            // obs-zone military letters: RFC 5322 says to read them as -0000.
            if w.count == 1, let c = w.utf8.first, c >= 0x61, c <= 0x7A, c != 0x6A { return 0 }
            return nil
        }
    }

    static func daysInMonth(_ y: Int, _ m: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func formatISO(_ seconds: Int) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secs = seconds - days * 86_400
        // civil from days
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        func pad(_ v: Int, _ n: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, n - s.count)) + s
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(secs / 3600, 2)):\(pad(secs / 60 % 60, 2)):\(pad(secs % 60, 2))Z"
    }
}
