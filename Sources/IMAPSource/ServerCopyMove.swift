package import IMAPFetch

/// A filed message's copy on the server, as the store knows it: what finds it (its Message-ID, else its
/// size) and what tells it is the one (its exact bytes).
package struct ServerCopy: Sendable {
    package var messageID: String?
    package var size: Int
    /// True for the message's exact bytes (the caller compares their SHA-256 with the store's).
    package var isIt: @Sendable ([UInt8]) -> Bool

    package init(messageID: String?, size: Int, isIt: @escaping @Sendable ([UInt8]) -> Bool) {
        self.messageID = messageID
        self.size = size
        self.isIt = isIt
    }
}

/// What became of a copy that was to move between two Intake/ folders.
package enum ServerCopyOutcome: Sendable, Equatable {
    /// Moved to the target (from the folder it was in, or from another Intake/ folder it was found in).
    case moved(from: String)
    /// Already in the target, and nowhere else searched: nothing to do (a move done before a crash).
    case alreadyThere
    /// In the target and also still in the old folder (a COPY whose expunge was cut short): the old one was removed.
    case duplicateRemoved(from: String)
    /// In none of the folders searched: someone moved or deleted it on the server; nothing was changed.
    case notFound(searched: [String])
}

extension IMAPMailSource {
    /// Moves a filed message's copy from `Intake/<from>` to `Intake/<to>` (under `folderPrefix`), at most
    /// once and exactly: every candidate is fetched (`BODY.PEEK[]`, \Seen untouched) and only the message's
    /// own bytes count. Looked for in the target first, so a move done before a crash is not done twice,
    /// then in `from`, then in `elsewhere` (the other Intake/ folders). The move is UID MOVE where the
    /// server has it, else COPY + \Deleted + UID EXPUNGE of exactly those UIDs. A folder that does not
    /// exist holds nothing. Leaves another mailbox selected on `session`.
    package func moveCopy(_ copy: ServerCopy, from: String, to: String, elsewhere: [String] = [],
                          on session: IMAPSession) throws(IMAPError) -> ServerCopyOutcome {
        let target = folderPrefix + "/" + to
        let inTarget = try find(copy, in: target, session)
        var searched = [target]
        for folder in [from] + elsewhere where folder != to {
            let mailbox = folderPrefix + "/" + folder
            searched.append(mailbox)
            let found = try find(copy, in: mailbox, session)  // leaves `mailbox` selected
            guard !found.isEmpty else { continue }
            if !inTarget.isEmpty {
                try session.remove(found)
                return .duplicateRemoved(from: mailbox)
            }
            try session.move(found, to: target)
            return .moved(from: mailbox)
        }
        return inTarget.isEmpty ? .notFound(searched: searched) : .alreadyThere
    }

    /// The UIDs of `copy` in `mailbox` (selected afterwards); none when the mailbox does not exist.
    func find(_ copy: ServerCopy, in mailbox: String, _ session: IMAPSession) throws(IMAPError) -> [UInt32] {
        do {
            try session.select(mailbox)
        } catch {
            if case .commandFailed = error { return [] }  // NO: no such mailbox
            throw error
        }
        // Message-ID narrows it to one or two; without one, the size does (RFC822.SIZE, exact on Dovecot).
        let criteria = copy.messageID.flatMap(IMAPSession.searchString).map { "HEADER Message-ID \($0)" }
            ?? "LARGER \(max(0, copy.size - 1)) SMALLER \(copy.size + 1)"
        let candidates = try session.uidSearch(criteria).prefix(100)
        guard !candidates.isEmpty else { return [] }
        var hits: [UInt32] = []
        do {
            try session.fetch(Array(candidates), inFlight: 8) { message in
                if copy.isIt(message.bytes) { hits.append(message.uid) }
            }
        } catch let error as IMAPError {
            throw error
        } catch {
            throw .misuse("looking for a filed message on the server ended with an unexpected error: \(error)")
        }
        return hits.sorted()
    }
}
