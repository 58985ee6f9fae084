import Foundation

/// The tokens of a reply's header that come from the request (Message-IDs, addresses): taken only when
/// they have the plain shape a header can carry, so no value can bring a line break, a second header,
/// a second address or a comment into the reply. Anything else is dropped (or, for the recipient,
/// refused) rather than repaired.
enum MailTokens {
    /// Longer than any real Message-ID (RFC 5322 lines stop at 998): longer ones are dropped.
    static let maxMessageIDLength = 250

    /// "<left@right>" with angle brackets, or nil when the id is not a plain msg-id: printable ASCII,
    /// no space, no angle brackets or quotes inside, one "@", both sides non-empty.
    static func messageID(_ raw: String) -> String? {
        var id = Substring(raw.trimmingCharacters(in: .whitespaces))
        if id.hasPrefix("<"), id.hasSuffix(">") { id = id.dropFirst().dropLast() }
        guard !id.isEmpty, id.utf8.count <= maxMessageIDLength - 2 else { return nil }
        guard id.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">")
            && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") && $0 != UInt8(ascii: "(") && $0 != UInt8(ascii: ")")
            && $0 != UInt8(ascii: ",") && $0 != UInt8(ascii: ";") }) else { return nil }
        let parts = id.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        return "<" + id + ">"
    }

    /// The msg-ids a References or In-Reply-To value lists, in order: every "<…>" group that is a plain
    /// msg-id. Reads at most `limit` of them from the start and keeps the count read bounded whatever
    /// the header's size.
    static func messageIDs(in value: String, limit: Int = 10_000) -> [String] {
        var ids: [String] = []
        var rest = Substring(value)
        while ids.count < limit, let open = rest.firstIndex(of: "<") {
            guard let close = rest[open...].firstIndex(of: ">") else { break }
            if let id = messageID(String(rest[open...close])) { ids.append(id) }
            rest = rest[rest.index(after: close)...]
        }
        return ids
    }

    /// An address a reply can be sent to and written in a header as it is: ASCII, one "@", no space,
    /// no character that would start a comment, a quoted string, a route or another address.
    static func isPlainAddress(_ address: String) -> Bool {
        guard address.utf8.count <= 254 else { return false }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, parts[1].contains(".") || parts[1] == "localhost" else {
            return false
        }
        let forbidden = Set("<>()[]\\,;:\"@ ".utf8)
        return parts.allSatisfy { part in part.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && !forbidden.contains($0) } }
            && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".") && !parts[1].contains("..")
    }

    /// RFC 5322 date in UTC: "Thu, 03 Dec 2026 20:19:16 +0000".
    static func date(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ n: Int?) -> String { let n = n ?? 0; return n < 10 ? "0\(n)" : "\(n)" }
        return "\(days[(c.weekday ?? 1) - 1]), \(two(c.day)) \(months[(c.month ?? 1) - 1]) \(c.year ?? 1970) "
            + "\(two(c.hour)):\(two(c.minute)):\(two(c.second)) +0000"
    }
}
