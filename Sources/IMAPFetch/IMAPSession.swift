/// One logged-in IMAP connection: libcurl connects and negotiates TLS, and logs in for a bearer
/// token or STARTTLS (else the session sends LOGIN itself); intake's own commands then travel over
/// the same connection (CURLOPT_CONNECT_ONLY, curl_easy_send/recv).
///
/// ```swift
/// let session = try IMAPSession(endpoint)              // connect, TLS, login
/// defer { try? session.logout() }
/// let state = try session.select()                     // endpoint.mailbox
/// guard state.uidNext > lastUID + 1 else { return }    // nothing new: 1 round trip
/// let new = try session.uidSearch("UID \(lastUID + 1):*").filter { $0 > lastUID }
/// try session.fetch(new) { message in                  // pipelined, BODY.PEEK[]: \Seen untouched
///     try file(message.bytes)
///     resumeAfter = message.deliveredThrough           // answers may come out of UID order
/// }
/// try session.move(new, to: "Intake/Accepted")         // or addKeyword("$Intake", to: new)
/// ```
///
/// Every failure is an `IMAPError` worded for a person. Not thread-safe: one session belongs
/// to one task at a time.
package final class IMAPSession {
    package let endpoint: IMAPEndpoint
    /// What the server can do (upper-cased): `MOVE`, `UIDPLUS`, `IDLE`, … Reads the answer to the
    /// login first if the session did not wait for it.
    package var capabilities: Set<String> {
        get throws(IMAPError) {
            try settleLogin()
            if known == nil { try refreshCapabilities() }
            return known ?? []
        }
    }
    /// The capabilities as last learnt; nil while a LOGIN's answer is pending, or when the login
    /// announced none (asked, CAPABILITY, when first needed).
    var known: Set<String>?
    /// A LOGIN (tag `loginTag`) was sent without waiting for its answer (see `settleLogin`).
    var loginPending = false
    /// Commands whose answer was awaited. A pipelined fetch counts once, however many messages
    /// it carries; the login (ours, or libcurl's greeting, CAPABILITY, LOGIN/AUTHENTICATE) is not counted.
    package internal(set) var roundTrips = 0
    /// The mailbox opened by the last successful SELECT or EXAMINE.
    package private(set) var selectedMailbox: String?
    /// How many fetched messages, and how many bytes of them, may wait for the caller of `fetch`
    /// while the reader thread reads on.
    package var handOverMessages = 64
    package var handOverBytes = 64 << 20
    /// For tests: behave as if the server had no MOVE (COPY + \Deleted + UID EXPUNGE).
    package var pretendNoMove = false

    let wire: IMAPWire
    private var tagCount = 0
    /// The personal namespace, asked once per session when a name other than INBOX is used.
    var personalNamespace: PersonalNamespace?
    /// The last `* n EXISTS` of the selected mailbox.
    var exists: UInt32 = 0
    /// Set by every `* n EXISTS`; IDLE watches it.
    var sawExists = false

    /// Connects and logs in: itself where it can (`CurlLogin.logsInItself`), else through libcurl.
    /// With `awaitingLogin: false` a LOGIN of our own is sent and its answer read before the answer to
    /// the first command, which goes out without waiting for it: one round trip fewer. A refused login
    /// then throws `loginFailed` from that first command.
    package init(_ endpoint: IMAPEndpoint, awaitingLogin: Bool = true) throws(IMAPError) {
        self.endpoint = endpoint
        func opened(loggingIn: Bool) throws(IMAPError) -> IMAPWire {
            let login = try CurlLogin(endpoint)
            let socket = try login.connect(endpoint, loggingIn: loggingIn)
            return IMAPWire(login: login, socket: socket, server: endpoint.server, timeout: endpoint.timeout, limits: endpoint.limits)
        }
        let secured = try CurlLogin.logsInItself(endpoint) ? opened(loggingIn: false) : nil
        let greeting = try secured.map { secured throws(IMAPError) in try Self.greet(secured, as: endpoint) } ?? .refusesLogin
        switch greeting {
        case .preauthenticated(let offered):
            wire = secured!
            known = offered
        case .loginSent:
            wire = secured!
            loginPending = true
            if awaitingLogin { try settleLogin() }
        case .refusesLogin:
            wire = try opened(loggingIn: true)
            known = wire.login.transcript.capabilitiesAfterLogin
        }
        if !loginPending, known?.isEmpty ?? true { try refreshCapabilities() }
    }

    var server: String { endpoint.server }

    /// True when OpenSSL reads TLS records ahead on this connection (fewer system calls per message).
    package var readsAhead: Bool { wire.login.readsAhead }

    /// No read of this session goes on more than `seconds` from now (a caller's whole pass): past
    /// it, the command under way ends with `deadlineExceeded` and the session is closed.
    package func startPass(seconds: Double) {
        wire.passDeadline = .init(seconds: seconds, scope: .pass)
    }

    /// The most bytes one response held in this session (tests of the bounds).
    package var largestResponse: Int { wire.largestResponse }

    /// The error that closed this session, if one did: every later command throws it again.
    package var closedBy: IMAPError? { wire.failure }

    // MARK: The command loop

    func nextTag() -> String {
        tagCount += 1
        return "i\(tagCount)"
    }

    /// Sends one command and reads until its tagged answer; untagged responses go to `untagged`.
    /// Throws `.commandFailed` on NO or BAD.
    @discardableResult
    func command(
        _ text: String, name: String,
        untagged: (inout IMAPResponse) throws(IMAPError) -> Void = { _ throws(IMAPError) in }
    ) throws(IMAPError) -> IMAPResponse {
        let tag = nextTag()
        wire.startCommand(name)
        defer { wire.commandDeadline = nil }
        try wire.send("\(tag) \(text)\r\n")
        roundTrips += 1
        try settleLogin()
        return try completion(of: tag, name: name, untagged: untagged)
    }

    /// Reads responses until the tagged answer to `tag`.
    @discardableResult
    func completion(
        of tag: String, name: String,
        untagged: (inout IMAPResponse) throws(IMAPError) -> Void = { _ throws(IMAPError) in }
    ) throws(IMAPError) -> IMAPResponse {
        while true {
            var response = try wire.readResponse()
            switch response.kind {
            case .tagged(let answered) where answered == tag:
                try check(response, name: name)
                return response
            case .tagged, .continuation:
                continue
            case .untagged:
                observe(response)
                try untagged(&response)
            }
        }
    }

    /// Sends `commands` in one write and reads until every one is answered: one round trip for all.
    /// Untagged responses go to `untagged` with the position of the oldest command not yet answered
    /// (servers answer pipelined commands in order). Returns the tagged answers in the order sent,
    /// none checked: which refusal counts is the caller's to say.
    func flight(
        _ commands: [(tag: String, text: String)], name: String,
        untagged: (inout IMAPResponse, _ oldest: Int) throws(IMAPError) -> Void
    ) throws(IMAPError) -> [IMAPResponse] {
        wire.startCommand(name)
        defer { wire.commandDeadline = nil }
        try wire.send(commands.map { "\($0.tag) \($0.text)\r\n" }.joined())
        roundTrips += 1
        try settleLogin()
        var answers = [IMAPResponse?](repeating: nil, count: commands.count)
        while let oldest = answers.firstIndex(where: { $0 == nil }) {
            var response = try wire.readResponse()
            switch response.kind {
            case .tagged(let answered):
                if let index = commands.firstIndex(where: { $0.tag == answered }) { answers[index] = response }
            case .continuation:
                continue
            case .untagged:
                observe(response)
                try untagged(&response, oldest)
            }
        }
        return answers.compactMap { $0 }
    }

    func check(_ response: IMAPResponse, name: String) throws(IMAPError) {
        guard let status = response.status else {
            throw wire.fail(.protocolViolation(server: server, detail: "unreadable answer to \(name): \(response.text.prefix(200))"))
        }
        guard status.word == "OK" else {
            throw .commandFailed(command: name, server: server, serverSays: "\(status.word) \(status.text)")
        }
    }

    /// Untagged data any command may bring: mailbox size changes, BYE.
    func observe(_ response: IMAPResponse) {
        guard let line = response.lines.first else { return }
        // * n EXISTS / * n EXPUNGE / * BYE text
        if line.count > 2, line[2] >= UInt8(ascii: "0"), line[2] <= UInt8(ascii: "9") {
            let tokens = response.tokens()
            guard tokens.count >= 3, let n = tokens[1].number else { return }
            if tokens[2].isAtom("EXISTS") {
                exists = n
                sawExists = true
            } else if tokens[2].isAtom("EXPUNGE"), exists > 0 {
                exists -= 1
            }
        } else if let status = response.status, status.word == "BYE" {
            wire.farewell = status.text
        }
    }

    // MARK: Commands

    /// CAPABILITY: asks the server again what it can do.
    package func refreshCapabilities() throws(IMAPError) {
        var found: Set<String> = []
        try command("CAPABILITY", name: "CAPABILITY") { response throws(IMAPError) in
            let tokens = response.tokens()
            guard tokens.count > 1, tokens[1].isAtom("CAPABILITY") else { return }
            for token in tokens.dropFirst(2) { if let word = token.word { found.insert(word.uppercased()) } }
        }
        known = found
    }

    /// SELECT: opens a mailbox read-write (needed to move or flag messages).
    @discardableResult
    package func select(_ mailbox: String? = nil) throws(IMAPError) -> MailboxState {
        try open(mailbox ?? endpoint.mailbox, readOnly: false)
    }

    /// EXAMINE: opens a mailbox read-only.
    @discardableResult
    package func examine(_ mailbox: String? = nil) throws(IMAPError) -> MailboxState {
        try open(mailbox ?? endpoint.mailbox, readOnly: true)
    }

    private func open(_ mailbox: String, readOnly: Bool) throws(IMAPError) -> MailboxState {
        try open(mailbox, readOnly: readOnly, along: []) { _, _ throws(IMAPError) in false }.state
    }

    /// SELECT or EXAMINE, with `along` sent in the same flight (see `command(naming:along:)`); `alongAnswer`
    /// hears each untagged response first and says whether it was an answer to `along`.
    func open(
        _ mailbox: String, readOnly: Bool, along: [(tag: String, text: String)],
        alongAnswer: (IMAPResponse, _ oldestAlong: Int?) throws(IMAPError) -> Bool
    ) throws(IMAPError) -> (state: MailboxState, along: [IMAPResponse]?) {
        let verb = readOnly ? "EXAMINE" : "SELECT"
        selectedMailbox = nil
        var validity: UInt32?
        var next: UInt32 = 0
        exists = 0
        let answered = try command(naming: mailbox, name: "\(verb) \(mailbox)", { "\(verb) \($0)" }, along: along) { response, oldestAlong throws(IMAPError) in
            if try alongAnswer(response, oldestAlong) { return }
            // * OK [UIDVALIDITY n] / * OK [UIDNEXT n]
            guard let code = response.code else { return }
            let words = code.split(separator: " ")
            guard words.count == 2, let value = UInt32(words[1]) else { return }
            switch words[0].uppercased() {
            case "UIDVALIDITY": validity = value
            case "UIDNEXT": next = value
            default: break
            }
        }
        guard let validity else {
            throw .protocolViolation(server: server, detail: "\(verb) \(mailbox) gave no UIDVALIDITY")
        }
        selectedMailbox = mailbox
        sawExists = false
        return (MailboxState(uidValidity: validity, uidNext: next, exists: exists), answered.along)
    }

    /// STATUS mailbox (MESSAGES UIDNEXT UIDVALIDITY): one round trip, mailbox not opened.
    package func status(_ mailbox: String? = nil) throws(IMAPError) -> MailboxStatus {
        let mailbox = mailbox ?? endpoint.mailbox
        var values: [String: UInt32] = [:]
        try command(naming: mailbox, name: "STATUS \(mailbox)", { "STATUS \($0) (MESSAGES UIDNEXT UIDVALIDITY)" }) { response throws(IMAPError) in
            // * STATUS mailbox (att value ...)
            let tokens = response.tokens()
            guard tokens.count > 2, tokens[1].isAtom("STATUS"), let open = tokens.firstIndex(of: .open) else { return }
            var index = open + 1
            while index + 1 < tokens.count, let key = tokens[index].word, let value = tokens[index + 1].number {
                values[key.uppercased()] = value
                index += 2
            }
        }
        guard let validity = values["UIDVALIDITY"], let next = values["UIDNEXT"], let messages = values["MESSAGES"] else {
            throw .protocolViolation(server: server, detail: "STATUS \(mailbox) lacked MESSAGES, UIDNEXT or UIDVALIDITY")
        }
        return MailboxStatus(uidValidity: validity, uidNext: next, messages: messages)
    }

    /// NOOP: keeps the connection alive and collects mailbox changes.
    package func noop() throws(IMAPError) {
        try command("NOOP", name: "NOOP")
    }

    /// LOGOUT: says goodbye; the session cannot be used afterwards.
    package func logout() throws(IMAPError) {
        try command("LOGOUT", name: "LOGOUT")
        selectedMailbox = nil
    }

    /// LOGOUT without waiting for its answer: for a caller that is done with the session and about to
    /// close it. The server ends the session on its own; waiting would cost a round trip to learn nothing.
    package func leave() {
        guard wire.failure == nil else { return }
        try? wire.send("\(nextTag()) LOGOUT\r\n")
        selectedMailbox = nil
    }

    func requireSelected(_ command: String) throws(IMAPError) {
        guard selectedMailbox != nil else { throw .misuse("\(command) needs a selected mailbox: call select() first") }
    }
}

extension IMAPSession {
    /// Whether the server can do `capability`, the login's answer read first if pending.
    func has(_ capability: String) throws(IMAPError) -> Bool {
        try capabilities.contains(capability)
    }

    /// Whether a command that needs `capability` may go out now, its refusal handled by the caller:
    /// true while a LOGIN's answer is pending (the capabilities after login are not known yet, and
    /// waiting for them is the round trip the command saves).
    func mayHave(_ capability: String) -> Bool {
        loginPending || known?.contains(capability) == true
    }
}
