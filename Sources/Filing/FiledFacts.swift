import Foundation

/// What the store knows of a case beyond its decision: its number, where its message came from, when
/// it was filed and under which rules. Written into the case's request.json under `"filed"`, so the
/// archive alone holds every case (`intake store rebuild` makes the database again from it).
struct FiledFacts: Decodable, Sendable, Equatable {
    var caseId: String
    var source: String
    var sourceId: String
    var receivedAt: String?
    var filedAt: String
    var updatedAt: String
    var rulesVersion: String

    /// The request.json key they are written under.
    static let key = "filed"

    /// `record` (the decision as a JSON object) with these facts as its last member.
    func added(to record: [UInt8]) -> [UInt8] {
        guard let close = record.lastIndex(where: { !Self.isSpace($0) }), record[close] == UInt8(ascii: "}") else { return record }
        let empty = record[..<close].last(where: { !Self.isSpace($0) }) == UInt8(ascii: "{")
        var out = Array(record[..<close])
        out.append(contentsOf: Array(((empty ? "" : ",") + "\"\(Self.key)\":").utf8))
        out.append(contentsOf: CaseJSON.filed(self))
        out.append(UInt8(ascii: "}"))
        return out
    }

    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }
}

/// The exact text of one member of a JSON object, found without decoding the rest: the store keeps a
/// record's fields and findings as the very text request.json holds.
enum JSONMember {
    /// The value's text for `key` among the top-level members of `object`, or nil.
    static func text(of key: String, in object: [UInt8]) -> String? {
        range(of: key, in: object).map { String(decoding: object[$0], as: UTF8.self) }
    }

    /// `object` with the value of `key` replaced by `json`, or the member added at the end when absent;
    /// every other byte as it was (the store compares a record's fields and findings by their text).
    /// Nil when `object` is not a JSON object.
    static func setting(_ key: String, to json: [UInt8], in object: [UInt8]) -> [UInt8]? {
        if let r = range(of: key, in: object) { return Array(object[..<r.lowerBound]) + json + Array(object[r.upperBound...]) }
        guard let close = object.lastIndex(where: { !FiledFacts.isSpace($0) }), object[close] == UInt8(ascii: "}") else { return nil }
        let empty = object[..<close].last(where: { !FiledFacts.isSpace($0) }) == UInt8(ascii: "{")
        return Array(object[..<close]) + Array(((empty ? "" : ",") + "\"" + key + "\"" + ":").utf8) + json + [UInt8(ascii: "}")]
    }

    /// `object` without the member `key` (and the comma that joined it to the others); `object` as it
    /// is when it has no such member. Nil when `object` is not a JSON object. Keys are matched as
    /// written: the members intake writes have plain keys.
    static func removing(_ key: String, in object: [UInt8]) -> [UInt8]? {
        guard let r = range(of: key, in: object) else {
            return object.first(where: { !FiledFacts.isSpace($0) }) == UInt8(ascii: "{") ? object : nil
        }
        // Back from the value: spaces, the colon, spaces, the quoted key.
        var i = r.lowerBound - 1
        while i > 0, FiledFacts.isSpace(object[i]) { i -= 1 }
        guard object[i] == UInt8(ascii: ":") else { return nil }
        i -= 1
        while i > 0, FiledFacts.isSpace(object[i]) { i -= 1 }
        var start = i - key.utf8.count - 1
        guard start > 0, object[start] == UInt8(ascii: "\"") else { return nil }
        var end = r.upperBound
        var before = start - 1
        while before > 0, FiledFacts.isSpace(object[before]) { before -= 1 }
        if object[before] == UInt8(ascii: ",") {
            start = before  // not the first member: its comma goes with it
        } else {
            // The first member: the comma after it goes, and the spaces up to the next key.
            var after = end
            while after < object.count, FiledFacts.isSpace(object[after]) { after += 1 }
            if after < object.count, object[after] == UInt8(ascii: ",") {
                end = after + 1
                while end < object.count, FiledFacts.isSpace(object[end]) { end += 1 }
            }
        }
        return Array(object[..<start]) + Array(object[end...])
    }

    /// Where the value for `key` is among the top-level members of `object`.
    static func range(of key: String, in object: [UInt8]) -> Range<Int>? {
        var i = 0
        let n = object.count
        func skipSpace() { while i < n, FiledFacts.isSpace(object[i]) { i += 1 } }
        /// Past a string starting at i (a quote); returns its raw bytes between the quotes.
        func string() -> ArraySlice<UInt8>? {
            guard i < n, object[i] == UInt8(ascii: "\"") else { return nil }
            let start = i + 1
            i += 1
            while i < n, object[i] != UInt8(ascii: "\"") { i += object[i] == UInt8(ascii: "\\") ? 2 : 1 }
            guard i < n else { return nil }
            defer { i += 1 }
            return object[start..<i]
        }
        /// Past one value of any kind.
        func value() -> Bool {
            guard i < n else { return false }
            switch object[i] {
            case UInt8(ascii: "\""): return string() != nil
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                var depth = 0
                while i < n {
                    switch object[i] {
                    case UInt8(ascii: "\""): guard string() != nil else { return false }; continue
                    case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                    case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
                    default: break
                    }
                    i += 1
                    if depth == 0 { return true }
                }
                return false
            default:
                while i < n, ![UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]")].contains(object[i]), !FiledFacts.isSpace(object[i]) { i += 1 }
                return true
            }
        }
        skipSpace()
        guard i < n, object[i] == UInt8(ascii: "{") else { return nil }
        i += 1
        let wanted = Array(key.utf8)
        while true {
            skipSpace()
            guard let name = string() else { return nil }
            skipSpace()
            guard i < n, object[i] == UInt8(ascii: ":") else { return nil }
            i += 1
            skipSpace()
            let start = i
            guard value() else { return nil }
            if Array(name) == wanted { return start..<i }
            skipSpace()
            guard i < n, object[i] == UInt8(ascii: ",") else { return nil }
            i += 1
        }
    }
}
