/// What intake does to a message on the server once it has filed it.
extension IMAPSession {
    /// CREATE; false when the mailbox already existed.
    @discardableResult
    package func createMailbox(_ mailbox: String) throws(IMAPError) -> Bool {
        do {
            try command("CREATE \(try wireName(mailbox))", name: "CREATE \(mailbox)")
            return true
        } catch {
            if case .commandFailed(_, _, let says) = error,
               says.uppercased().contains("[ALREADYEXISTS]") || says.lowercased().contains("already exists") {
                return false
            }
            throw error
        }
    }

    /// DELETE a mailbox and its messages.
    package func deleteMailbox(_ mailbox: String) throws(IMAPError) {
        try command("DELETE \(try wireName(mailbox))", name: "DELETE \(mailbox)")
    }

    /// Moves messages of the selected mailbox to `mailbox`, creating it when missing.
    ///
    /// UID MOVE (RFC 6851) when the server has MOVE; else UID COPY, STORE +FLAGS (\Deleted) and
    /// UID EXPUNGE of exactly those UIDs (UIDPLUS, RFC 4315), never a plain EXPUNGE that would
    /// remove other messages someone marked deleted.
    package func move(_ uids: [UInt32], to mailbox: String) throws(IMAPError) {
        try requireSelected("UID MOVE")
        guard !uids.isEmpty else { return }
        if try has("MOVE") && !pretendNoMove {
            for set in UIDSet.sets(uids) {
                try creatingTarget(mailbox) { target throws(IMAPError) in
                    try command("UID MOVE \(set.text) \(target)", name: "UID MOVE to \(mailbox)")
                }
            }
            return
        }
        guard try has("UIDPLUS") else {
            throw .unsupported(server: server, what: "both MOVE and UIDPLUS, so intake cannot remove only the messages it filed; use --keep-in-inbox")
        }
        for set in UIDSet.sets(uids) {
            try creatingTarget(mailbox) { target throws(IMAPError) in
                try command("UID COPY \(set.text) \(target)", name: "UID COPY to \(mailbox)")
            }
            try deleteAndExpunge(set)
        }
    }

    /// Removes exactly these messages from the selected mailbox: UID STORE +FLAGS.SILENT (\Deleted), then
    /// UID EXPUNGE of those UIDs (UIDPLUS), never a plain EXPUNGE that would remove others marked deleted.
    package func remove(_ uids: [UInt32]) throws(IMAPError) {
        try requireSelected("UID EXPUNGE")
        guard !uids.isEmpty else { return }
        guard try has("UIDPLUS") else {
            throw .unsupported(server: server, what: "UIDPLUS, so intake cannot remove only the messages it means to")
        }
        for set in UIDSet.sets(uids) { try deleteAndExpunge(set) }
    }

    private func deleteAndExpunge(_ set: (text: String, count: Int)) throws(IMAPError) {
        try command("UID STORE \(set.text) +FLAGS.SILENT (\\Deleted)", name: "UID STORE +FLAGS (\\Deleted)")
        try command("UID EXPUNGE \(set.text)", name: "UID EXPUNGE")
    }

    /// Copies messages of the selected mailbox to `mailbox`, creating it when missing.
    package func copy(_ uids: [UInt32], to mailbox: String) throws(IMAPError) {
        try requireSelected("UID COPY")
        for set in UIDSet.sets(uids) {
            try creatingTarget(mailbox) { target throws(IMAPError) in
                try command("UID COPY \(set.text) \(target)", name: "UID COPY to \(mailbox)")
            }
        }
    }

    /// UID STORE +FLAGS.SILENT (keyword): marks messages without moving them (`--keep-in-inbox`).
    /// `\Seen` is never touched here or anywhere else.
    package func addKeyword(_ keyword: String, to uids: [UInt32]) throws(IMAPError) {
        try requireSelected("UID STORE")
        // flag-keyword = atom; atom-specials excluded, and no system flags (they start with \).
        let forbidden = Set("(){ %*\"\\]")
        guard !keyword.isEmpty, keyword.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }),
              !keyword.contains(where: { forbidden.contains($0) }) else {
            throw .misuse("\"\(keyword)\" is not a valid IMAP keyword (an atom such as $Intake)")
        }
        for set in UIDSet.sets(uids) {
            try command("UID STORE \(set.text) +FLAGS.SILENT (\(keyword))", name: "UID STORE +FLAGS (\(keyword))")
        }
    }

    /// Flags of messages of the selected mailbox (`\Seen`, `$Intake`, …), by UID.
    package func flags(_ uids: [UInt32]) throws(IMAPError) -> [UInt32: Set<String>] {
        try requireSelected("UID FETCH FLAGS")
        var result: [UInt32: Set<String>] = [:]
        for set in UIDSet.sets(uids) {
            try command("UID FETCH \(set.text) (UID FLAGS)", name: "UID FETCH FLAGS") { response throws(IMAPError) in
                let tokens = response.tokens()
                guard tokens.count > 4, tokens[2].isAtom("FETCH") else { return }
                var uid: UInt32?
                var flags: Set<String> = []
                var index = 4
                while index < tokens.count {
                    if tokens[index].isAtom("UID"), index + 1 < tokens.count {
                        uid = tokens[index + 1].number
                        index += 2
                    } else if tokens[index].isAtom("FLAGS"), index + 1 < tokens.count, tokens[index + 1] == .open {
                        index += 2
                        while index < tokens.count, tokens[index] != .close {
                            if let word = tokens[index].word { flags.insert(word) }
                            index += 1
                        }
                        index += 1
                    } else {
                        index += 1
                    }
                }
                if let uid { result[uid] = flags }
            }
        }
        return result
    }

    /// APPEND a message; returns its UID when the server says (UIDPLUS `APPENDUID`).
    @discardableResult
    package func append(_ message: [UInt8], to mailbox: String, flags: [String] = []) throws(IMAPError) -> UInt32? {
        let name = "APPEND to \(mailbox)"
        let flagList = flags.isEmpty ? "" : " (\(flags.joined(separator: " ")))"
        let tag = nextTag()
        wire.startCommand(name)
        defer { wire.commandDeadline = nil }
        try wire.send("\(tag) APPEND \(try wireName(mailbox))\(flagList) {\(message.count)}\r\n")
        roundTrips += 1
        try settleLogin()
        // Wait for the server's go-ahead before the literal.
        waiting: while true {
            let response = try wire.readResponse()
            switch response.kind {
            case .continuation: break waiting
            case .tagged(let answered) where answered == tag:
                try check(response, name: name)
                return nil
            case .tagged: continue
            case .untagged: observe(response)
            }
        }
        var bytes = message
        bytes.append(contentsOf: [13, 10])
        try wire.send(bytes: &bytes)
        let done = try completion(of: tag, name: name)
        // OK [APPENDUID uidvalidity uid]
        guard let code = done.code else { return nil }
        let words = code.split(separator: " ")
        guard words.count == 3, words[0].uppercased() == "APPENDUID" else { return nil }
        return UInt32(words[2])
    }

    /// Runs `body` with the target's wire name; when it fails, creates the mailbox and runs it again.
    private func creatingTarget(_ mailbox: String, _ body: (String) throws(IMAPError) -> Void) throws(IMAPError) {
        let target = try wireName(mailbox)
        try creatingMailbox(mailbox) { () throws(IMAPError) in try body(target) }
    }

    /// Runs `body`, a command into `mailbox` (MOVE, COPY, APPEND); when the server refuses it, creates the
    /// mailbox and runs it once more.
    func creatingMailbox<Result>(_ mailbox: String, _ body: () throws(IMAPError) -> Result) throws(IMAPError) -> Result {
        do {
            return try body()
        } catch {
            // Servers say NO [TRYCREATE] when the target is missing; some just say NO. Either way,
            // create it and try again once. When it already existed, the first answer stands, unless
            // that answer said [TRYCREATE]: then the mailbox appeared in between (another client made
            // it, or the server's list caught up with another session's changes; Dovecot was seen to
            // say so under concurrent CREATEs and DELETEs), and the one more try is due all the same.
            guard case .commandFailed(_, _, let says) = error else { throw error }
            let created: Bool
            do { created = try createMailbox(mailbox) } catch _ { throw error }
            guard created || says.uppercased().contains("[TRYCREATE]") else { throw error }
            return try body()
        }
    }
}
