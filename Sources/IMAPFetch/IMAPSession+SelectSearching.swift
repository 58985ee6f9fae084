/// Opening the mailbox and searching it in one round trip.
extension IMAPSession {
    /// SELECT, with the searches `fewNewUIDs(after:in:matching:)` would make next sent in the same
    /// flight where the server has ESEARCH (RFC 4731): one round trip where there were two. The
    /// searches' UIDs come back only when they answer what `fewNewUIDs` would have: the mailbox's
    /// UIDVALIDITY is `validity` (nil: any), few messages can be new above `lastUID`, and every search
    /// was answered in full; else nil, and the caller searches as before. The mailbox is selected
    /// either way, and an answer too long for a window is dropped, never an error.
    package func select(
        _ mailbox: String, searchingAfter lastUID: UInt32, ifValidity validity: UInt32?, matching criteria: [String]
    ) throws(IMAPError) -> (state: MailboxState, found: [[UInt32]]?) {
        guard mayHave("ESEARCH"), lastUID < UInt32.max, !criteria.isEmpty else { return (try select(mailbox), nil) }
        let texts = criteria.map { Self.returningAll(Self.above(lastUID, $0)) }
        var reader = SearchAnswers(tags: texts.map { _ in nextTag() }, within: (lastUID + 1)...UInt32.max,
                                   atMost: searchWindow, mayOverflow: true)
        let opened = try open(mailbox, readOnly: false, along: Array(zip(reader.tags, texts))) { response, oldestAlong throws(IMAPError) in
            try reader.read(response, oldest: oldestAlong ?? -1, wire: wire)
        }
        guard let answers = opened.along, answers.allSatisfy({ $0.status?.word == "OK" }),
              validity == nil || validity == opened.state.uidValidity, fewCanBeNew(after: lastUID, in: opened.state) else {
            return (opened.state, nil)
        }
        var found: [[UInt32]] = []
        for uids in reader.found {
            guard let uids else { return (opened.state, nil) }
            found.append(Self.ascendingDistinct(uids))
        }
        return (opened.state, found)
    }
}
