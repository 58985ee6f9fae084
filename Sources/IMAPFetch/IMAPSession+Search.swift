/// UID SEARCH, bounded: one answer never holds more UIDs than a window, whatever the server sends.
extension IMAPSession {
    /// UID SEARCH criteria (e.g. `UID 120:*`, `UNKEYWORD $Intake`): matching UIDs, ascending.
    ///
    /// At most `limits.searchWindow` UIDs: a longer answer is a protocol error (use `newUIDs` for a
    /// range of any size). `UID n:*` always matches the highest UID, even below n (RFC 3501):
    /// filter on your side.
    package func uidSearch(_ criteria: String) throws(IMAPError) -> [UInt32] {
        guard let uids = try boundedSearch(criteria, within: 1...UInt32.max, atMost: searchWindow, mayOverflow: false) else {
            return []  // unreachable: without mayOverflow, too many UIDs is an error
        }
        return uids
    }

    /// The UIDs above `lastUID` that match `criteria` (e.g. `NOT KEYWORD $Intake`), ascending, in
    /// windows of at most `limits.searchWindow` UIDs: `body` gets each non-empty window and answers
    /// false to stop. When few messages can be new (the mailbox holds at most half a window, or
    /// UIDNEXT leaves room for at most one), one `UID SEARCH UID n:*` as always; else `UID SEARCH
    /// UID a:b` windows up to UIDNEXT, widened while they come back sparse and narrowed when one
    /// overflows, so memory stays bounded by the window whatever the mailbox's size or the server's
    /// answer. Mail that arrives meanwhile above UIDNEXT waits for the next pass.
    package func newUIDs(
        after lastUID: UInt32, in mailbox: MailboxState, matching criteria: String = "",
        _ body: ([UInt32]) throws -> Bool
    ) throws {
        guard lastUID < UInt32.max else { return }
        let window = searchWindow
        let first = lastUID + 1
        let extra = criteria.isEmpty ? "" : " " + criteria
        if let found = try fewNewUIDs(after: lastUID, in: mailbox, matching: [criteria]) {
            if let uids = found.first, !uids.isEmpty { _ = try body(uids) }
            return
        }
        // The top of the range: UIDNEXT - 1, or the highest UID in use when the server gave no UIDNEXT.
        let top: UInt32
        if mailbox.uidNext > 0 {
            top = mailbox.uidNext - 1
        } else {
            guard let highest = try uidSearch("UID *").last else { return }
            top = highest
        }
        var low = first
        var span = UInt64(window)
        while low <= top {
            let high = UInt32(min(UInt64(top), UInt64(low) + span - 1))
            guard let uids = try boundedSearch("UID \(low):\(high)\(extra)", within: low...high, atMost: window,
                                               mayOverflow: UInt64(high - low) + 1 > UInt64(window)) else {
                span = max(UInt64(window), span / 2)  // denser than it looked: the same start, a narrower window
                continue
            }
            if !uids.isEmpty, try !body(uids) { return }
            if uids.count < window / 4 { span = min(span * 2, 1 << 32) }
            guard high < UInt32.max else { return }
            low = high + 1
        }
    }

    /// The most UIDs one search answer may hold (`limits.searchWindow`, at least one).
    var searchWindow: Int { max(1, endpoint.limits.searchWindow) }

    /// `UID n:* criteria`: the UIDs above `lastUID` that match `criteria` (`""` for all).
    static func above(_ lastUID: UInt32, _ criteria: String) -> String {
        "UID \(lastUID + 1):*" + (criteria.isEmpty ? "" : " " + criteria)
    }

    /// The ESEARCH form of a search (RFC 4731): its answer names its command and writes UIDs as ranges.
    static func returningAll(_ criteria: String) -> String { "UID SEARCH RETURN (ALL) " + criteria }

    /// Whether so few messages can be new that one search answers for them all: the mailbox holds at
    /// most half a window, or UIDNEXT leaves room for at most a window above `lastUID`.
    func fewCanBeNew(after lastUID: UInt32, in mailbox: MailboxState) -> Bool {
        let window = searchWindow
        return mailbox.exists <= UInt32(clamping: window / 2)
            || (mailbox.uidNext > 0 && Int(mailbox.uidNext) - Int(lastUID) - 1 <= window)
    }

    /// For each of `criteria` (`""` for all), the UIDs above `lastUID` that match, ascending, when few
    /// messages can be new (`fewCanBeNew`); nil when many can, and `newUIDs` must search window by
    /// window. A server with ESEARCH (RFC 4731) gets every search at once, one round trip for all,
    /// each answer naming the command it answers; another server gets them one after the other (two
    /// plain SEARCHes sent together could not be told apart). At most `limits.searchWindow` UIDs each.
    package func fewNewUIDs(after lastUID: UInt32, in mailbox: MailboxState, matching criteria: [String]) throws(IMAPError) -> [[UInt32]]? {
        guard lastUID < UInt32.max, fewCanBeNew(after: lastUID, in: mailbox) else { return nil }
        let first = lastUID + 1
        let texts = criteria.map { Self.above(lastUID, $0) }
        guard criteria.count > 1, try has("ESEARCH") else {
            // `UID n:*` always matches the highest UID, even below n.
            return try texts.map { text throws(IMAPError) in try uidSearch(text).filter { $0 >= first } }
        }
        return try searchTogether(texts, within: first...UInt32.max, atMost: searchWindow)
    }

    /// Several `UID SEARCH RETURN (ALL)` sent together, read back by their tags (RFC 4731's
    /// correlator); each answer holds at most `atMost` UIDs within `range`, or the session ends with
    /// a protocol error. Every command's completion is read before any refusal is thrown, so the
    /// session stays in step.
    func searchTogether(_ criteria: [String], within range: ClosedRange<UInt32>, atMost: Int) throws(IMAPError) -> [[UInt32]] {
        try requireSelected("UID SEARCH")
        var reader = SearchAnswers(tags: criteria.map { _ in nextTag() }, within: range, atMost: atMost, mayOverflow: false)
        let answers = try flight(zip(reader.tags, criteria).map { ($0, Self.returningAll($1)) }, name: "UID SEARCH") {
            // Any other untagged response (EXISTS, a server's alert) has been observed; it answers no search.
            response, oldest throws(IMAPError) in _ = try reader.read(response, oldest: oldest, wire: wire)
        }
        for answer in answers { try check(answer, name: "UID SEARCH") }
        return reader.found.map { $0.map(Self.ascendingDistinct) ?? [] }
    }

    /// One UID SEARCH whose answer may name at most `atMost` UIDs within `range` (others are
    /// dropped). More is an error, or nil when `mayOverflow` (a window wider than `atMost`): the
    /// rest of the answer is read and dropped, so the session goes on.
    func boundedSearch(_ criteria: String, within range: ClosedRange<UInt32>, atMost: Int, mayOverflow: Bool) throws(IMAPError) -> [UInt32]? {
        try requireSelected("UID SEARCH")
        var uids: [UInt32] = []
        var overflowed = false
        try command("UID SEARCH \(criteria)", name: "UID SEARCH") { response throws(IMAPError) in
            guard !overflowed else { return }
            switch Self.searchUIDs(response, within: range, into: &uids, atMost: atMost) {
            case .notSearch, .read:
                break
            case .malformed(let word):
                throw wire.fail(wire.violation("a SEARCH answer with \"\(word)\" where a UID belongs"))
            case .tooMany:
                guard mayOverflow else {
                    throw wire.fail(wire.violation("a SEARCH answer of more than \(atMost) UIDs for a window of \(Int(range.upperBound - range.lowerBound) + 1)"))
                }
                overflowed = true
                uids = []
            }
        }
        if overflowed { return nil }
        return Self.ascendingDistinct(uids)
    }

    static func ascendingDistinct(_ list: [UInt32]) -> [UInt32] {
        var uids = list.sorted()
        var distinct = 0
        for uid in uids where distinct == 0 || uids[distinct - 1] != uid {
            uids[distinct] = uid
            distinct += 1
        }
        uids.removeLast(uids.count - distinct)
        return uids
    }

    /// `text` as an IMAP quoted string for SEARCH criteria (`HEADER Message-ID "<…>"`); nil when it holds
    /// what a quoted string cannot carry (CR, LF, NUL, 8-bit).
    package static func searchString(_ text: String) -> String? {
        guard text.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) else { return nil }
        return MailboxName.quoted(text)
    }

    enum SearchAnswer: Equatable {
        case notSearch
        case read
        case tooMany
        case malformed(String)
    }

    /// Reads the UIDs of `* SEARCH n n n…` straight from its bytes (no token per number), keeping
    /// those within `range`, at most `atMost` in `uids`.
    ///
    /// mailbox-data =/ "SEARCH" *(SP nz-number)   (RFC 3501 §9)
    static func searchUIDs(_ response: IMAPResponse, within range: ClosedRange<UInt32>, into uids: inout [UInt32], atMost: Int) -> SearchAnswer {
        guard response.literals.isEmpty, let line = response.lines.first, line.count >= 8 else { return .notSearch }
        let word = Array("* SEARCH".utf8)
        for k in 0..<8 where line[k] | (k > 1 ? 0x20 : 0) != word[k] | (k > 1 ? 0x20 : 0) { return .notSearch }
        guard line.count == 8 || line[8] == UInt8(ascii: " ") else { return .notSearch }
        var i = 8
        while i < line.count {
            if line[i] == UInt8(ascii: " ") { i += 1; continue }
            let start = i
            var value: UInt64 = 0
            while i < line.count, line[i] >= UInt8(ascii: "0"), line[i] <= UInt8(ascii: "9"), i - start < 10 {
                value = value * 10 + UInt64(line[i] - UInt8(ascii: "0"))
                i += 1
            }
            guard i > start, i == line.count || line[i] == UInt8(ascii: " "), value <= UInt64(UInt32.max) else {
                var end = i
                while end < line.count, line[end] != UInt8(ascii: " "), end - start < 20 { end += 1 }
                return .malformed(String(decoding: line[start..<max(end, start + 1)], as: UTF8.self))
            }
            let uid = UInt32(value)
            if range.contains(uid) {
                guard uids.count < atMost else { return .tooMany }
                uids.append(uid)
            }
        }
        return .read
    }
}
