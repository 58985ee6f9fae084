import IMAPFetch
import Testing

/// The searches of a pass sent together (ESEARCH, RFC 4731), against scripted servers: what each
/// answer means, in whatever order it comes, and what a hostile answer costs.
@Suite struct ESearchTests {
    /// Logged in with `capabilities`, INBOX selected (2 messages, UIDNEXT `uidNext`): then `answers`, one per line sent.
    static func server(capabilities: String, uidNext: Int = 20, window: Int = 50_000,
                       _ answers: [String]) throws -> (ScriptedServer, IMAPSession, MailboxState) {
        let server = try ScriptedServer(greeting: "* OK fake\r\n", answers: [
            "%TAG% OK [CAPABILITY IMAP4rev1 \(capabilities)] Logged in\r\n",
            "* 2 EXISTS\r\n* OK [UIDVALIDITY 7] ok\r\n* OK [UIDNEXT \(uidNext)] ok\r\n%TAG% OK [READ-WRITE] done\r\n",
        ] + answers)
        var endpoint = IMAPEndpoint(host: "127.0.0.1", port: server.port, security: .plaintext,
                                    user: "u", credential: .password("p"), timeout: 5)
        endpoint.limits.searchWindow = window
        let session = try IMAPSession(endpoint)
        let state = try session.select("INBOX")
        return (server, session, state)
    }

    static func searches(_ server: ScriptedServer) -> [String] {
        server.received.filter { $0.contains("SEARCH") }
    }

    @Test func bothSearchesGoTogetherAndEachAnswerIsReadByItsTag() throws {
        // The server answers the second search first, and the first one's answer names a range.
        let (server, session, state) = try Self.server(capabilities: "ESEARCH", [
            "* OK [ALERT] still searching\r\n",
            "* ESEARCH (TAG \"i3\") UID ALL 17,15:16\r\n%TAG% OK done\r\n* ESEARCH (TAG \"i2\") UID ALL 12:13,19 MAX 19\r\ni2 OK done\r\n",
        ])
        let found = try #require(try session.fewNewUIDs(after: 11, in: state, matching: ["LARGER 100", "NOT LARGER 100"]))
        #expect(found == [[12, 13, 19], [15, 16, 17]])
        #expect(session.roundTrips == 2, "SELECT, then one round trip for both searches")
        #expect(Self.searches(server) == ["i2 UID SEARCH RETURN (ALL) UID 12:* LARGER 100",
                                         "i3 UID SEARCH RETURN (ALL) UID 12:* NOT LARGER 100"])
    }

    @Test func anAnswerWithoutATagAnswersTheOldestSearchAndNoMatchIsEmpty() throws {
        // `UID n:*` matches the highest UID even below n: it is dropped.
        let (_, session, state) = try Self.server(capabilities: "ESEARCH", [
            "* ESEARCH UID ALL 5,14\r\n%TAG% OK done\r\n",
            "* ESEARCH (TAG \"i3\") UID\r\n%TAG% OK done\r\n",
        ])
        let found = try #require(try session.fewNewUIDs(after: 11, in: state, matching: ["LARGER 100", "NOT LARGER 100"]))
        #expect(found == [[14], []])
    }

    @Test func aServerWithoutESEARCHGetsTheSearchesOneByOne() throws {
        let (server, session, state) = try Self.server(capabilities: "IDLE", [
            "* SEARCH 19 12\r\n%TAG% OK done\r\n",
            "* SEARCH\r\n%TAG% OK done\r\n",
        ])
        let found = try #require(try session.fewNewUIDs(after: 11, in: state, matching: ["LARGER 100", "NOT LARGER 100"]))
        #expect(found == [[12, 19], []])
        #expect(session.roundTrips == 3)
        #expect(Self.searches(server) == ["i2 UID SEARCH UID 12:* LARGER 100", "i3 UID SEARCH UID 12:* NOT LARGER 100"])
    }

    @Test func manyNewMessagesAreLeftToTheWindowedSearch() throws {
        // UIDNEXT 100 leaves room for 88 new UIDs, more than a window of 1, and 2 messages are more than half of one.
        let (server, session, state) = try Self.server(capabilities: "ESEARCH", uidNext: 100, window: 1, [])
        #expect(try session.fewNewUIDs(after: 11, in: state, matching: ["LARGER 100", "NOT LARGER 100"]) == nil)
        #expect(Self.searches(server).isEmpty)
    }

    /// A range of four billion UIDs is counted, not walked: the answer is refused at once, memory untouched.
    @Test(.timeLimit(.minutes(10)))
    func anAnswerLargerThanTheWindowIsAProtocolErrorAtOnce() throws {
        let (_, session, state) = try Self.server(capabilities: "ESEARCH", uidNext: 14, window: 4, [
            "* OK searching\r\n",
            "* ESEARCH (TAG \"i2\") UID ALL 1:4294967295\r\ni2 OK done\r\n%TAG% OK done\r\n",
        ])
        let start = ContinuousClock.now
        let error = #expect(throws: IMAPError.self) { _ = try session.fewNewUIDs(after: 11, in: state, matching: ["LARGER 100", "NOT LARGER 100"]) }
        #expect(ContinuousClock.now - start < .seconds(2))
        guard case .protocolViolation(_, let detail)? = error else {
            Issue.record("expected a protocol violation, got \(String(describing: error))")
            return
        }
        #expect(detail.contains("more than 4 UIDs"), "\(detail)")
    }

    @Test(arguments: [
        "* ESEARCH (TAG \"i9\") UID ALL 12\r\n",            // a correlator naming no search sent
        "* ESEARCH (TAG \"i2\") UID ALL 12:abc\r\n",        // not a UID
        "* ESEARCH (TAG \"i2\") UID ALL 0:3\r\n",           // UIDs start at 1
        "* ESEARCH (TAG \"i2\") UID ALL 12 MIN (3)\r\n",    // a list where a value belongs
        "* ESEARCH (TAG \"i2\") UID ALL\r\n",               // a name without its value
    ])
    func aMalformedAnswerEndsTheSession(answer: String) throws {
        let (_, session, state) = try Self.server(capabilities: "ESEARCH", [
            "* OK searching\r\n",
            answer + "i2 OK done\r\n%TAG% OK done\r\n",
        ])
        let error = #expect(throws: IMAPError.self) { _ = try session.fewNewUIDs(after: 11, in: state, matching: ["LARGER 100", "NOT LARGER 100"]) }
        guard case .protocolViolation? = error else {
            Issue.record("expected a protocol violation, got \(String(describing: error))")
            return
        }
        #expect(session.closedBy != nil)
    }

    /// A refused search is said as such once both answers are read, and the session goes on in step.
    @Test func aRefusedSearchIsAnErrorAndTheSessionStaysInStep() throws {
        let (_, session, state) = try Self.server(capabilities: "ESEARCH", [
            "%TAG% NO [CANNOT] Search too complex\r\n",
            "* ESEARCH (TAG \"i3\") UID ALL 12\r\n%TAG% OK done\r\n",
            "%TAG% OK noop done\r\n",
        ])
        let error = #expect(throws: IMAPError.self) { _ = try session.fewNewUIDs(after: 11, in: state, matching: ["LARGER 100", "NOT LARGER 100"]) }
        #expect(error == .commandFailed(command: "UID SEARCH", server: "127.0.0.1:\(session.endpoint.port)", serverSays: "NO [CANNOT] Search too complex"))
        try session.noop()
        #expect(session.closedBy == nil)
    }

    /// Logged in with ESEARCH (and `more` capabilities), nothing selected: then `answers`, one per line sent.
    static func unselected(more: String = "", _ answers: [String]) throws -> (ScriptedServer, IMAPSession) {
        let server = try ScriptedServer(greeting: "* OK fake\r\n", answers: [
            "%TAG% OK [CAPABILITY IMAP4rev1 ESEARCH \(more)] Logged in\r\n",
        ] + answers)
        var endpoint = IMAPEndpoint(host: "127.0.0.1", port: server.port, security: .plaintext,
                                    user: "u", credential: .password("p"), timeout: 5)
        endpoint.limits.searchWindow = 8
        return (server, try IMAPSession(endpoint))
    }

    static let selected = "* 3 EXISTS\r\n* OK [UIDVALIDITY 7] ok\r\n* OK [UIDNEXT 20] ok\r\n%TAG% OK [READ-WRITE] done\r\n"

    /// SELECT and both searches in one flight, and one round trip: the mailbox opened and the UIDs read.
    @Test func theSearchesGoWithTheSelect() throws {
        let (server, session) = try Self.unselected([
            Self.selected,
            "* ESEARCH (TAG \"i1\") UID ALL 19\r\n%TAG% OK done\r\n",
            "* ESEARCH (TAG \"i2\") UID ALL 12:13\r\n%TAG% OK done\r\n",
        ])
        let (state, found) = try session.select("INBOX", searchingAfter: 11, ifValidity: 7, matching: ["LARGER 100", "NOT LARGER 100"])
        #expect(state == MailboxState(uidValidity: 7, uidNext: 20, exists: 3))
        #expect(found == [[19], [12, 13]])
        #expect(session.roundTrips == 1)
        #expect(server.received.suffix(3) == ["i3 SELECT \"INBOX\"", "i1 UID SEARCH RETURN (ALL) UID 12:* LARGER 100",
                                             "i2 UID SEARCH RETURN (ALL) UID 12:* NOT LARGER 100"])
    }

    /// A mailbox other than INBOX, the namespace not known yet: NAMESPACE, SELECT and the searches, one flight.
    @Test func namespaceSelectAndSearchesGoTogether() throws {
        let (server, session) = try Self.unselected(more: "NAMESPACE", [
            "* NAMESPACE ((\"\" \"/\")) NIL NIL\r\n%TAG% OK done\r\n",
            Self.selected,
            "* ESEARCH (TAG \"i1\") UID\r\n%TAG% OK done\r\n",
            "* ESEARCH (TAG \"i2\") UID ALL 12\r\n%TAG% OK done\r\n",
        ])
        let (_, found) = try session.select("Sales/Requests", searchingAfter: 11, ifValidity: nil, matching: ["LARGER 100", "NOT LARGER 100"])
        #expect(found == [[], [12]])
        #expect(session.roundTrips == 1)
        #expect(server.received.suffix(4).map { $0.split(separator: " ")[1] } == ["NAMESPACE", "SELECT", "UID", "UID"])
    }

    /// What the searches answered is dropped, never an error, when it does not answer what a pass would ask:
    /// the mailbox was renumbered, an answer ran past the window, a search was refused, or the SELECT had to be
    /// sent again in the server's own namespace.
    @Test(arguments: [
        ("renumbered", "INBOX", "", [selected, "* ESEARCH (TAG \"i1\") UID ALL 19\r\n%TAG% OK done\r\n",
                                      "* ESEARCH (TAG \"i2\") UID ALL 12\r\n%TAG% OK done\r\n"]),
        ("past the window", "INBOX", "", [selected, "* ESEARCH (TAG \"i1\") UID ALL 12:4294967295\r\n%TAG% OK done\r\n",
                                           "* ESEARCH (TAG \"i2\") UID ALL 12\r\n%TAG% OK done\r\n"]),
        ("refused", "INBOX", "", [selected, "%TAG% NO [LIMIT] busy\r\n", "* ESEARCH (TAG \"i2\") UID ALL 12\r\n%TAG% OK done\r\n"]),
        ("another namespace", "Sales", "NAMESPACE", ["* NAMESPACE ((\"INBOX.\" \".\")) NIL NIL\r\n%TAG% OK done\r\n",
                                                     "%TAG% NO [NONEXISTENT] no such mailbox\r\n",
                                                     "%TAG% BAD no mailbox selected\r\n", "%TAG% BAD no mailbox selected\r\n",
                                                     selected]),
    ])
    func searchesThatDoNotAnswerThePassAreDropped(_ why: String, mailbox: String, capability: String, answers: [String]) throws {
        let (_, session) = try Self.unselected(more: capability, answers + ["%TAG% OK noop done\r\n"])
        let (state, found) = try session.select(mailbox, searchingAfter: 11, ifValidity: why == "renumbered" ? 6 : 7,
                                                matching: ["LARGER 100", "NOT LARGER 100"])
        #expect(state.uidValidity == 7, "\(why)")
        #expect(found == nil, "\(why)")
        try session.noop()
        #expect(session.closedBy == nil, "\(why): the session goes on")
    }
}

