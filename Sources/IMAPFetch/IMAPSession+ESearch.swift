/// Reading ESEARCH answers (RFC 4731): `* ESEARCH (TAG "i5") UID ALL 4:7,9`.
extension IMAPSession {
    enum ESearchAnswer: Equatable {
        case notESearch
        /// The UIDs of one answer; `index` is the position in `tags` of the command its correlator
        /// names, nil when it names none.
        case answer(index: Int?, uids: [UInt32])
        /// More than `atMost` UIDs for the search at `index` (nil: the answer names none).
        case tooMany(index: Int?)
        case malformed(String)
    }

    /// esearch-response = "ESEARCH" [search-correlator] [SP "UID"] *(SP search-return-data)
    /// search-correlator = SP "(" "TAG" SP tag-string ")"          (RFC 4466 §2.6.2, RFC 4731 §3.1)
    ///
    /// Keeps the UIDs of `ALL` within `range`, at most `atMost`: a range is counted, not walked, so
    /// `1:4294967295` costs no more than `1`. Other return data (MIN, MAX, COUNT) is passed over.
    static func esearchUIDs(_ response: IMAPResponse, tags: [String], within range: ClosedRange<UInt32>,
                            atMost: Int) -> ESearchAnswer {
        let tokens = response.tokens()
        guard tokens.count >= 2, tokens[1].isAtom("ESEARCH") else { return .notESearch }
        var i = 2
        var index: Int? = nil
        if i < tokens.count, tokens[i] == .open {
            guard i + 3 < tokens.count, tokens[i + 1].isAtom("TAG"), let tag = tokens[i + 2].word, tokens[i + 3] == .close else {
                return .malformed("a correlator that is not (TAG \"…\")")
            }
            guard let known = tags.firstIndex(of: tag) else { return .malformed("a correlator naming no search sent (\(tag.prefix(40)))") }
            index = known
            i += 4
        }
        if i < tokens.count, tokens[i].isAtom("UID") { i += 1 }
        var uids: [UInt32] = []
        while i < tokens.count {
            guard let name = tokens[i].word, i + 1 < tokens.count else { return .malformed("return data without a value") }
            guard case .atom(let value) = tokens[i + 1] else { return .malformed("\(name.prefix(20)) followed by a list") }
            i += 2
            guard name.uppercased() == "ALL" else { continue }
            for piece in value.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) {
                let ends = piece.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
                guard ends.count <= 2, let a = Self.uid(ends[0]), let b = ends.count == 2 ? Self.uid(ends[1]) : a else {
                    return .malformed("\"\(String(decoding: piece.prefix(24), as: UTF8.self))\" where a UID or a range belongs")
                }
                let low = max(min(a, b), range.lowerBound), high = min(max(a, b), range.upperBound)
                guard low <= high else { continue }
                guard Int(high - low) < atMost - uids.count else { return .tooMany(index: index) }
                uids.append(contentsOf: low...high)
            }
        }
        return .answer(index: index, uids: uids)
    }

    /// nz-number: 1 to 4294967295, digits only.
    private static func uid(_ bytes: ArraySlice<UInt8>) -> UInt32? {
        guard !bytes.isEmpty, bytes.count <= 10 else { return nil }
        var value: UInt64 = 0
        for b in bytes {
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + UInt64(b - UInt8(ascii: "0"))
        }
        return value > 0 && value <= UInt64(UInt32.max) ? UInt32(value) : nil
    }
}

/// The answers to searches sent in one flight, each read by its tag (ESEARCH's correlator) or, without
/// one, taken as the oldest unanswered search's (servers answer pipelined commands in order).
struct SearchAnswers {
    let tags: [String]
    let range: ClosedRange<UInt32>
    let atMost: Int
    /// An answer of more than `atMost` UIDs drops that search's result (nil) where it would end the session.
    let mayOverflow: Bool
    private var uids: [[UInt32]]
    private var overflowed: Set<Int> = []

    init(tags: [String], within range: ClosedRange<UInt32>, atMost: Int, mayOverflow: Bool) {
        self.tags = tags
        self.range = range
        self.atMost = atMost
        self.mayOverflow = mayOverflow
        uids = tags.map { _ in [] }
    }

    /// Each search's UIDs as answered (not yet sorted); nil for one whose answer overflowed.
    var found: [[UInt32]?] { uids.indices.map { overflowed.contains($0) ? nil : uids[$0] } }

    /// Reads `response` if it answers one of the searches; false when it is none of theirs. `oldest` is the
    /// position in `tags` of the oldest search not yet answered (outside them: a command before them is).
    mutating func read(_ response: IMAPResponse, oldest: Int, wire: IMAPWire) throws(IMAPError) -> Bool {
        let pending = tags.indices.contains(oldest) ? oldest : nil
        switch IMAPSession.esearchUIDs(response, tags: tags, within: range, atMost: atMost) {
        case .notESearch:
            guard let pending else { return false }
            switch IMAPSession.searchUIDs(response, within: range, into: &uids[pending], atMost: atMost) {
            case .notSearch: return false
            case .read: break
            case .tooMany: try overflow(pending, wire)
            case .malformed(let word): throw wire.fail(wire.violation("a SEARCH answer with \"\(word)\" where a UID belongs"))
            }
        case .answer(let index, let more):
            let target = try Self.target(index ?? pending, wire)
            if !overflowed.contains(target) {
                uids[target] += more
                if uids[target].count > atMost { try overflow(target, wire) }
            }
        case .tooMany(let index):
            try overflow(try Self.target(index ?? pending, wire), wire)
        case .malformed(let detail):
            throw wire.fail(wire.violation("an ESEARCH answer with \(detail)"))
        }
        return true
    }

    private static func target(_ index: Int?, _ wire: IMAPWire) throws(IMAPError) -> Int {
        guard let index else { throw wire.fail(wire.violation("an ESEARCH answer without a tag, before any search was answered")) }
        return index
    }

    private mutating func overflow(_ index: Int, _ wire: IMAPWire) throws(IMAPError) {
        guard mayOverflow else { throw wire.fail(wire.violation("a SEARCH answer of more than \(atMost) UIDs")) }
        overflowed.insert(index)
        uids[index] = []
    }
}
