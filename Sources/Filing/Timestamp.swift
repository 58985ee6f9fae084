#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// ISO 8601 UTC timestamps ("2026-11-28T18:40:05Z") as the store records them. Written with
/// `gmtime_r` rather than Foundation's formatter: building that one loads ICU's calendar data, and a
/// poll stamps every message several times.
package enum Timestamp {
    /// Now, to the second.
    package static func now() -> String {
        var t = timespec()
        clock_gettime(CLOCK_REALTIME, &t)
        return string(epochSeconds: Int(t.tv_sec))
    }

    /// The given seconds since 1970 (fractions dropped), in UTC.
    package static func string(epochSeconds seconds: Int) -> String {
        var time = time_t(seconds)
        var parts = tm()
        guard gmtime_r(&time, &parts) != nil else { return "1970-01-01T00:00:00Z" }
        var out = [UInt8]()
        out.reserveCapacity(20)
        func put(_ value: Int32, digits: Int) {
            var divisor: Int32 = 1
            for _ in 1..<digits { divisor *= 10 }
            var v = max(value, 0)
            while divisor > 0 {
                out.append(UInt8(ascii: "0") + UInt8(v / divisor % 10))
                v %= divisor
                divisor /= 10
            }
        }
        put(parts.tm_year + 1900, digits: 4); out.append(UInt8(ascii: "-"))
        put(parts.tm_mon + 1, digits: 2); out.append(UInt8(ascii: "-"))
        put(parts.tm_mday, digits: 2); out.append(UInt8(ascii: "T"))
        put(parts.tm_hour, digits: 2); out.append(UInt8(ascii: ":"))
        put(parts.tm_min, digits: 2); out.append(UInt8(ascii: ":"))
        put(parts.tm_sec, digits: 2); out.append(UInt8(ascii: "Z"))
        return String(decoding: out, as: UTF8.self)
    }
}
