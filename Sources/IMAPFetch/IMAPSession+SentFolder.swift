/// What an outbox asks of a Sent folder: is this reply there already (after a crash between sending
/// and recording it), and keep a copy of it there for the people who read the mailbox.
extension IMAPSession {
    /// The UIDs in `mailbox` of the messages whose Message-ID is `messageID` (with or without its
    /// angle brackets), ascending; none when the mailbox does not exist. Leaves `mailbox` selected
    /// when it exists.
    ///
    /// `UID SEARCH HEADER Message-ID "<id>"`: the server matches a substring, and the brackets keep
    /// `<a@b>` from matching `<xa@b>`. An id with a character a quoted string cannot carry, or that
    /// would end the brackets early (CR, LF, `"`, `\`, `<`, `>`, space, 8-bit), is refused as misuse.
    package func uids(withMessageID messageID: String, in mailbox: String) throws(IMAPError) -> [UInt32] {
        guard let criterion = Self.messageIDCriterion(messageID) else {
            throw .misuse("the Message-ID \"\(messageID.unicodeScalars.filter { $0.value >= 0x20 && $0.value < 0x7F })\" cannot be searched for: it is empty or holds a character it may not (CR, LF, quote, backslash, angle bracket, space, 8-bit)")
        }
        do {
            try select(mailbox)
        } catch {
            if case .commandFailed = error { return [] }  // NO: no such mailbox
            throw error
        }
        return try uidSearch(criterion)
    }

    /// `HEADER Message-ID "<id>"`, or nil for an id that cannot be searched for safely.
    package static func messageIDCriterion(_ messageID: String) -> String? {
        var id = Substring(messageID)
        if id.hasPrefix("<") && id.hasSuffix(">") && id.count >= 2 { id = id.dropFirst().dropLast() }
        guard !id.isEmpty, id.utf8.count <= 998,
              id.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F && !"\"\\<>".unicodeScalars.contains($0) })
        else { return nil }
        return "HEADER Message-ID \"<\(id)>\""
    }

    /// APPENDs `message` to `mailbox` with `\Seen` (a sent message has been read), creating the
    /// mailbox when it is missing. Returns its UID when the server says (UIDPLUS).
    @discardableResult
    package func appendSeen(_ message: [UInt8], to mailbox: String) throws(IMAPError) -> UInt32? {
        try creatingMailbox(mailbox) { () throws(IMAPError) in try append(message, to: mailbox, flags: ["\\Seen"]) }
    }
}
