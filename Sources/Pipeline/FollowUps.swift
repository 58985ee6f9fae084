package import Filing
package import MIME
package import RuleEngine

/// How a message is recognised as a follow-up of a case, and how a case is decided again on all its
/// messages. A message follows up a case when its In-Reply-To or References names one of our replies
/// (`CaseReference.caseID(inReplyMessageID:)`) or a message filed in the case, or its subject carries the
/// case's id — and only when its sender is of the case's organization (`RuleSet.isSameOrganization`:
/// free-mail senders only from the same address). Naming another organization's case joins nothing.
package enum FollowUps {
    /// At most this many Message-IDs and case ids of one message are looked up: a header or subject that
    /// names thousands costs no more than this many indexed lookups.
    package static let maxLookups = 32

    /// What a message names, in the order it is trusted: In-Reply-To, then References from the newest
    /// (last) back, then the subject's case ids; each once, at most `maxLookups` in all.
    package struct Names: Sendable, Equatable {
        package var messageIDs: [String] = []
        package var caseIDs: [String] = []
        package var isEmpty: Bool { messageIDs.isEmpty && caseIDs.isEmpty }
    }

    package static func names(in message: Message) -> Names {
        var names = Names()
        var seen: Set<String> = []
        let inReplyTo = message.header.all("In-Reply-To").prefix(4).flatMap { messageIDs(in: $0) }
        let references = message.header.all("References").prefix(4).flatMap { messageIDs(in: $0) }.reversed()
        for id in inReplyTo + references where names.messageIDs.count < maxLookups && seen.insert(id).inserted {
            names.messageIDs.append(id)
        }
        if let subject = message.subject {
            // The scan itself is linear in the subject; only the first ids are looked up.
            for id in CaseReference.caseIDs(inSubject: subject) {
                guard names.messageIDs.count + names.caseIDs.count < maxLookups else { break }
                names.caseIDs.append(id)
            }
        }
        return names
    }

    /// The bracketed ids a header value holds ("<a@b> <c@d>"), as written with their brackets (the store
    /// keeps Message-IDs so), each at most 998 bytes (a header line's limit) and at most `maxLookups`.
    static func messageIDs(in value: String) -> [String] {
        var out: [String] = []
        var rest = Substring(value)
        while out.count < maxLookups, let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            let id = rest[open...close]
            if id.utf8.count <= 998, id.contains("@") { out.append(String(id)) }
            rest = rest[rest.index(after: close)...]
        }
        return out
    }

    /// What the store says of a message's names.
    package struct Found: Sendable {
        /// The case it follows up: the first named case on file, open, of the sender's organization.
        package var target: CaseRecord?
        /// Named cases of another organization (at most `RuleSet.casesNamed`): never joined.
        package var otherOrganizationCases: [String] = []
    }

    /// Looks the names up: a reply of ours by its Message-ID's shape, any other Message-ID among the
    /// messages on file, case ids directly. Only committed cases answer (the caller commits staged ones).
    package static func find(_ names: Names, sender: String?, store: CaseStore, rules: RuleSet) throws(FilingError) -> Found {
        var found = Found()
        var looked: Set<String> = []
        var candidates: [String] = []
        for id in names.messageIDs {
            if let reply = CaseReference.caseID(inReplyMessageID: id) {
                candidates.append(reply.caseID)
            } else if let holder = try store.caseHolding(messageID: id) {
                candidates.append(holder)
            }
        }
        candidates += names.caseIDs
        for id in candidates where looked.insert(id).inserted {
            guard let c = try store.caseRecord(id: id) else { continue }
            if let sender, let caseSender = c.sender, rules.isSameOrganization(caseSender, sender) {
                // A closed case takes nothing more: the message is a new request (naming it as on file).
                if c.state == .closed { continue }
                found.target = c
                return found
            }
            if found.otherOrganizationCases.count < RuleSet.casesNamed { found.otherOrganizationCases.append(id) }
        }
        return found
    }

    /// A person's decision as the follow-up finding names it ("accepted by Ana Ruiz at 2026-12-03T10:00:00Z").
    static func describe(_ d: PersonDecision) -> String {
        "\(d.decision ?? d.state) by \(d.by ?? "a person")" + (d.at.map { " at \($0)" } ?? "")
    }
}

extension Decider {
    /// A case decided again on all its messages (read from its folder), `adding` a new follow-up last.
    /// Only cases filed before this one count as on file, so a later request never changes it. A
    /// follow-up after a person's decision keeps the finding that says so until a person decides again.
    package func decideCase(_ existing: CaseRecord, adding newer: Reading? = nil, personDecisionBefore: String? = nil,
                            store: CaseStore) throws(FilingError) -> Decision {
        var readings: [Reading] = []
        var afterDecision: String? = nil
        for m in try store.messages(of: existing.id) {
            guard let raw = store.rawMessage(m, of: existing) else {
                throw .archive(path: existing.path + "/" + m.file, reason: "a message of the case is missing from its folder (or a link); "
                    + "nothing was changed — `intake store check` reports it")
            }
            readings.append(read(raw))
            if m.afterDecision != nil { afterDecision = m.afterDecision }
        }
        if let newer { readings.append(newer) }
        let reading = Decider.union(readings) ?? newer ?? readings.last ?? read([])
        let context = FilingContext(personDecisionBefore: personDecisionBefore ?? afterDecision)
        return try judge(reading, context: context, casesOnFile: { (organization) throws(FilingError) -> [String] in
            try store.casesOfOrganization(organization, filedBefore: existing.id)
        })
    }
}
