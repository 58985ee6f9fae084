/// The personal namespace (RFC 2342): where a user's own mailboxes live, and how levels are
/// separated. Dovecot, Gmail and Microsoft 365: prefix "" and "/"; Cyrus and Courier: "INBOX." and ".".
struct PersonalNamespace: Equatable {
    var prefix: String
    var delimiter: Character?
}

extension IMAPSession {
    /// A mailbox name on the wire. intake names levels with `/` ("Intake/Accepted"); the name
    /// goes out with the server's delimiter, under its personal namespace prefix, in modified
    /// UTF-7, quoted. INBOX needs no question to the server; any other name costs one NAMESPACE
    /// (or LIST) round trip, once per session.
    func wireName(_ mailbox: String) throws(IMAPError) -> String {
        if mailbox.uppercased() == "INBOX" { return MailboxName.quoted("INBOX") }
        let namespace = try self.namespace()
        return MailboxName.wire(MailboxName.local(mailbox, in: namespace))
    }

    /// One command naming `mailbox` (SELECT, STATUS), sent as `text(wire name)`. When the namespace is not
    /// known yet, NAMESPACE and the command go out together, the command naming the mailbox as most servers
    /// spell it (no prefix, "/"): one round trip instead of two. Should the server spell it otherwise, the
    /// command is sent again with its spelling, and what the first one answered is dropped (`untagged` hears
    /// the second one's answers last).
    @discardableResult
    func command(
        naming mailbox: String, name: String, _ text: (String) -> String,
        untagged: (inout IMAPResponse) throws(IMAPError) -> Void
    ) throws(IMAPError) -> IMAPResponse {
        try command(naming: mailbox, name: name, text, along: []) { response, _ throws(IMAPError) in try untagged(&response) }.answer
    }

    /// The same, with the commands `along` sent right after it in the same flight (their tags made by the
    /// caller). `untagged` hears every untagged response with the position in `along` of the oldest of them
    /// not yet answered (nil while the command itself is not). Returns the command's answer, checked, and
    /// the answers to `along`, unchecked; nil when the command had to be sent again in the server's
    /// spelling (`along` then went out after a command that failed, and its answers are dropped).
    func command(
        naming mailbox: String, name: String, _ text: (String) -> String, along: [(tag: String, text: String)],
        untagged: (inout IMAPResponse, _ oldestAlong: Int?) throws(IMAPError) -> Void
    ) throws(IMAPError) -> (answer: IMAPResponse, along: [IMAPResponse]?) {
        let guessing = personalNamespace == nil && mailbox.uppercased() != "INBOX" && mayHave("NAMESPACE")
        let guess = PersonalNamespace(prefix: "", delimiter: "/")
        var commands: [(tag: String, text: String)] = []
        if guessing { commands.append((nextTag(), "NAMESPACE")) }
        commands.append((nextTag(), text(guessing ? MailboxName.wire(MailboxName.local(mailbox, in: guess)) : try wireName(mailbox))))
        let alongStart = commands.count
        commands += along
        var found = guess
        let beforeLogin = loginPending
        let answers = try flight(commands, name: name) { response, oldest throws(IMAPError) in
            if guessing, let parsed = Self.personalNamespace(response.tokens()) {
                found = parsed
                return
            }
            try untagged(&response, oldest >= alongStart ? oldest - alongStart : nil)
        }
        // The command once more, alone and named as the server says (NAMESPACE, or LIST without it); what
        // went along it is dropped.
        func alone() throws(IMAPError) -> (answer: IMAPResponse, along: [IMAPResponse]?) {
            (try command(text(try wireName(mailbox)), name: name) { response throws(IMAPError) in try untagged(&response, nil) }, nil)
        }
        // Sent before the login was answered, and refused: the server may have no NAMESPACE (which the login's
        // answer says), or have taken the commands before the login was done. A real refusal comes again.
        if beforeLogin && answers.prefix(alongStart).contains(where: { $0.status?.word != "OK" }) { return try alone() }
        if guessing {
            try check(answers[0], name: "NAMESPACE")
            personalNamespace = found
            guard MailboxName.local(mailbox, in: found) == MailboxName.local(mailbox, in: guess) else { return try alone() }
        }
        let answer = answers[alongStart - 1]
        try check(answer, name: name)
        return (answer, Array(answers[alongStart...]))
    }

    func namespace() throws(IMAPError) -> PersonalNamespace {
        if let personalNamespace { return personalNamespace }
        var found = PersonalNamespace(prefix: "", delimiter: "/")
        if try has("NAMESPACE") {
            try command("NAMESPACE", name: "NAMESPACE") { response throws(IMAPError) in
                if let parsed = Self.personalNamespace(response.tokens()) { found = parsed }
            }
        } else {
            try command("LIST \"\" \"\"", name: "LIST") { response throws(IMAPError) in
                // * LIST (\Noselect) "/" ""
                let tokens = response.tokens()
                guard tokens.count > 1, tokens[1].isAtom("LIST"), let close = tokens.firstIndex(of: .close),
                      close + 1 < tokens.count else { return }
                if case .quoted(let bytes) = tokens[close + 1], bytes.count == 1 {
                    found.delimiter = Character(Unicode.Scalar(bytes[0]))
                } else if tokens[close + 1].isAtom("NIL") {
                    found.delimiter = nil
                }
            }
        }
        personalNamespace = found
        return found
    }

    /// namespace-response = "*" SP "NAMESPACE" SP namespace SP namespace SP namespace
    /// namespace = nil / "(" 1*( "(" string SP (DQUOTE QUOTED-CHAR DQUOTE / nil) ")" ) ")"
    /// The first personal namespace; nil when the server lists none.
    static func personalNamespace(_ tokens: [IMAPToken]) -> PersonalNamespace? {
        guard tokens.count >= 6, tokens[1].isAtom("NAMESPACE"), tokens[2] == .open, tokens[3] == .open,
              let prefix = tokens[4].word else { return nil }
        var delimiter: Character?
        if case .quoted(let bytes) = tokens[5], bytes.count == 1 { delimiter = Character(Unicode.Scalar(bytes[0])) }
        return PersonalNamespace(prefix: prefix, delimiter: delimiter)
    }
}

extension MailboxName {
    /// intake's `/`-separated name as the server spells it: its delimiter, under its prefix
    /// (unless already there, or the name is INBOX itself).
    static func local(_ name: String, in namespace: PersonalNamespace) -> String {
        var local = name
        if let delimiter = namespace.delimiter, delimiter != "/" {
            local = String(name.map { $0 == "/" ? delimiter : $0 })
        }
        if namespace.prefix.isEmpty || local.hasPrefix(namespace.prefix) || local.uppercased() == "INBOX" {
            return local
        }
        // "INBOX." also matches "inbox.": INBOX is case-insensitive.
        if namespace.prefix.uppercased().hasPrefix("INBOX"),
           local.uppercased().hasPrefix(namespace.prefix.uppercased()) {
            return local
        }
        return namespace.prefix + local
    }
}
