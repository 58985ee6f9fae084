import Filing
import Foundation
import TestServers
import Testing

/// Issue 15, the outbox: `intake replies list|show|send|drop|dispatch` against a real store whose replies were
/// recorded through the store's API (composing them is another module's), and the `smtp:` and `replies:`
/// sections of intake.yaml.
@Suite(.serialized) struct RepliesCLITests {
    /// A store with the fault tests' cases filed and three replies: one queued, one held, one held to drop.
    static func storeWithReplies() throws -> (store: String, root: String, queued: ReplyRecord, held: ReplyRecord, other: ReplyRecord) {
        let (store, _, root) = try CaseLifecycleCLITests.freshStore()
        let s = try CaseStore(directory: store)
        let cases = try s.allCases()
        guard cases.count >= 3 else { throw TestSetupError("the base store has \(cases.count) cases") }
        func record(_ c: CaseRecord, held: Bool, random: UInt64) throws -> ReplyRecord {
            let id = CaseReference.replyMessageID(caseID: c.id, sequence: try s.nextReplySequence(caseID: c.id), random: random, domain: "reseller.example")
            let bytes = Array("From: sales@reseller.example\r\nTo: ana@xyz.edu\r\nSubject: Re: [\(c.id)]\r\nMessage-ID: <\(id)>\r\n\r\nFaltan los datos de \(c.id).\r\n".utf8)
            return try s.recordReply(PendingReply(OutgoingReply(messageID: id, caseID: c.id, kind: c.verdict.word, recipient: "ana@xyz.edu",
                                                                sender: "sales@reseller.example", subject: "Re: [\(c.id)]", language: "es", bytes: bytes),
                                                  held: held))
        }
        return (store, root, try record(cases[0], held: false, random: 1), try record(cases[1], held: true, random: 2),
                try record(cases[2], held: true, random: 3))
    }

    static func state(_ messageID: String, _ store: String) throws -> ReplyState? {
        try CaseStore(directory: store).reply(messageID: messageID)?.state
    }

    @Test func listShowSendDropAndDryRun() throws {
        let (store, root, queued, held, other) = try Self.storeWithReplies()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let env = ["INTAKE_CONFIG": ""]

        let list = try Intake.run(["replies", "list", "--store", store], environment: env)
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.lines.count == 5 && list.stdout.contains(queued.messageID) && list.lines[0] == "intake: 3 replies in \(store)")
        let heldOnly = try Intake.run(["replies", "list", "--state", "held", "--json", "--store", store], environment: env)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(heldOnly.stdout.utf8)) as? [[String: Any]])
        #expect(Set(rows.compactMap { $0["messageId"] as? String }) == [held.messageID, other.messageID])
        try expectValid(heldOnly.stdout, as: "replyList", what: "replies list --json")
        let badState = try Intake.run(["replies", "list", "--state", "lost", "--store", store], environment: env)
        #expect(badState.status == 2 && badState.stderr.contains("held, queued, sending, sent, failed, dropped"))

        // show: by case id (its latest reply) or Message-ID, with the message's text.
        let show = try Intake.run(["replies", "show", held.caseID, "--store", store], environment: env)
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.contains("Faltan los datos de \(held.caseID).") && show.stdout.contains("held") && show.stdout.contains("reply-held"))
        let shown = try Intake.run(["replies", "show", "<\(queued.messageID)>", "--json", "--store", store], environment: env)
        #expect(try jsonObject(shown.stdout)["message"] as? String == String(decoding: queued.reply.bytes, as: UTF8.self))
        try expectValid(shown.stdout, as: "replyShow", what: "replies show --json")
        #expect(try Intake.run(["replies", "show", "LX-1999-0001", "--store", store], environment: env).status == 1)

        // send --dry-run: what would go, nothing changed.
        let dry = try Intake.run(["replies", "send", held.messageID, "--dry-run", "--store", store], environment: env)
        #expect(dry.status == 0 && dry.stdout.contains("would send \(held.messageID)") && dry.stdout.contains("Faltan los datos"), "\(dry.stderr)")
        #expect(try Self.state(held.messageID, store) == .held)

        // send: released (the log says who), and since this intake has no SMTP transport it says so; the reply waits queued.
        let send = try Intake.run(["replies", "send", held.caseID, "--by", "maria", "--note", "checked", "--store", store], environment: env)
        #expect(send.status == 1 && send.stdout.contains("released for sending by maria"), "\(send.stdout)")
        #expect(send.stderr.contains("no SMTP server is configured") && send.stderr.contains("nothing was sent"), "\(send.stderr)")
        #expect(try Self.state(held.messageID, store) == .queued)
        let log = try CaseStore(directory: store).events(of: held.caseID).last
        #expect(log?.kind == "reply-sent-by-hand" && log?.by == "maria")

        // drop: needs a note, never sent, recorded; a dropped reply cannot be sent or dropped again.
        #expect(try Intake.run(["replies", "drop", other.messageID, "--note", " ", "--store", store], environment: env).status == 2)
        let drop = try Intake.run(["replies", "drop", other.messageID, "--note", "answered by phone", "--by", "maria", "--store", store], environment: env)
        #expect(drop.status == 0 && drop.stdout.contains("dropped by maria"), "\(drop.stderr)")
        #expect(try Self.state(other.messageID, store) == .dropped)
        let again = try Intake.run(["replies", "send", other.messageID, "--store", store], environment: env)
        #expect(again.status == 2 && again.stderr.contains("is dropped"), "\(again.stderr)")

        // dispatch --dry-run lists the two queued replies and changes nothing; dispatch itself says it cannot send.
        let plan = try Intake.run(["replies", "dispatch", "--dry-run", "--store", store], environment: env)
        #expect(plan.status == 0 && plan.stdout.contains("would send \(queued.messageID)") && plan.stdout.contains("would send \(held.messageID)"))
        #expect(plan.stdout.contains("2 to send, 0 to check, 0 to copy; nothing was changed"))
        #expect(try Intake.run(["replies", "dispatch", "--store", store], environment: env).status == 1)
        #expect(try Self.state(queued.messageID, store) == .queued)
    }

    /// A configured SMTP server is read (paths beside the file); with that server down, the due reply is not
    /// lost nor failed: it waits, queued, for the next pass.
    @Test func aValidSMTPSectionIsReadAndASendToAServerThatIsDownWaits() throws {
        let (store, root, queued, _, _) = try Self.storeWithReplies()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try """
            store: \(store)
            smtp:
              url: smtp://127.0.0.1:9
              user: sales@example.com
              password-file: smtp-password
              ca-file: ca.pem
              from: sales@example.com
              sent-folder: Enviados
            replies:
              accepted: send
              rejected: hold
              review: hold

            """.write(toFile: root + "/intake.yaml", atomically: true, encoding: .utf8)
        try "secret\n".write(toFile: root + "/smtp-password", atomically: true, encoding: .utf8)
        let out = try Intake.run(["replies", "dispatch"], in: root, environment: ["INTAKE_CONFIG": ""])
        #expect(out.status == 0 && out.stdout.contains("<\(queued.messageID)> not sent") && out.stdout.contains("127.0.0.1:9"), "\(out.stdout)\(out.stderr)")
        #expect(try Self.state(queued.messageID, store) == .queued)
    }

    /// Issue 15 against the real Postfix: a due reply goes through authenticated submission (STARTTLS
    /// required, the test CA) and is delivered; a reply the server answers 4xx waits; one it refuses (5xx,
    /// relay denied) fails with the server's words. Each ends in the state the outbox records.
    @Test func dispatchSubmitsThroughPostfix() throws {
        let postfix = try PostfixSettings.current()
        let port = String(postfix.submissionPort), ca = postfix.caFile
        let user = postfix.sales, passwordFile = postfix.passwordFile
        let requester = postfix.requester, tempfail = postfix.tempfail
        let log = postfix.log

        let (store, root, _, _, _) = try Self.storeWithReplies()
        defer { try? FileManager.default.removeItem(atPath: root) }
        // The three base replies go to ana@xyz.edu, a domain Postfix relays for no one: refused.
        let s = try CaseStore(directory: store)
        let cases = try s.allCases()
        func record(_ c: CaseRecord, to recipient: String, random: UInt64) throws -> ReplyRecord {
            let id = CaseReference.replyMessageID(caseID: c.id, sequence: try s.nextReplySequence(caseID: c.id), random: random, domain: "example.test")
            let bytes = Array(("From: \(user)\r\nTo: \(recipient)\r\nSubject: Re: [\(c.id)]\r\nDate: Thu, 03 Dec 2026 22:00:00 +0000\r\n"
                + "Message-ID: <\(id)>\r\nAuto-Submitted: auto-replied\r\n\r\nRecibimos su solicitud \(c.id).\r\n").utf8)
            return try s.recordReply(PendingReply(OutgoingReply(messageID: id, caseID: c.id, kind: c.verdict.word, recipient: recipient,
                                                                sender: user, subject: "Re: [\(c.id)]", language: "es", bytes: bytes), held: false))
        }
        let delivered = try record(cases[0], to: requester, random: 0xD0)
        let deferred = try record(cases[1], to: tempfail, random: 0xD1)
        try """
            store: \(store)
            smtp:
              url: smtp://127.0.0.1:\(port)
              user: \(user)
              password-file: \(passwordFile)
              ca-file: \(ca)
              from: \(user)

            """.write(toFile: root + "/intake.yaml", atomically: true, encoding: .utf8)
        let out = try Intake.run(["replies", "dispatch"], in: root, environment: ["INTAKE_CONFIG": ""])
        #expect(out.status == 0, "\(out.stdout)\(out.stderr)")
        #expect(try Self.state(delivered.messageID, store) == .sent, "\(out.stdout)")
        #expect(try Self.state(deferred.messageID, store) == .queued, "\(out.stdout)")
        #expect(out.stdout.contains("<\(deferred.messageID)> not sent") && out.stdout.contains("450"), "\(out.stdout)")
        let refused = try CaseStore(directory: store).findReplies(cases[0].id).first { $0.messageID != delivered.messageID }
        #expect(refused?.state == .failed && out.stdout.contains("554"), "\(out.stdout)")
        // Postfix took the reply for the requester's mailbox: its log names the Message-ID, then a delivery.
        var seen = false
        for _ in 0..<40 where !seen {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            seen = text.contains("message-id=<\(delivered.messageID)>") && text.contains("to=<\(requester)>") && text.contains("status=sent")
            if !seen { usleep(100_000) }
        }
        #expect(seen, "Postfix's log shows no delivery of <\(delivered.messageID)> to \(requester)")
    }

    /// `cases decide` answers the requester as the rules' decisions do: accept and reject record the person's
    /// verdict's reply in the decision's own transaction and send it (here the server is down: it waits, queued);
    /// needs-info makes none (what to ask is the person's to write), and closing says nothing.
    @Test func aPersonsDecisionRecordsItsReplyAndNeedsInfoMakesNone() throws {
        let (store, _, root) = try CaseLifecycleCLITests.freshStore()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try "secret\n".write(toFile: root + "/smtp-password", atomically: true, encoding: .utf8)
        try """
            store: \(store)
            rules: \(Intake.repository)/Rules
            smtp:
              url: smtp://127.0.0.1:9
              user: sales@example.com
              password-file: smtp-password
              from: sales@example.com

            """.write(toFile: root + "/intake.yaml", atomically: true, encoding: .utf8)
        let env = ["INTAKE_CONFIG": ""]
        let people = try CaseStore(directory: store).allCases().filter { $0.sender?.contains("@") == true }
        try #require(people.count >= 3)
        let (reject, needsInfo, close) = (people[0], people[1], people[2])

        let decided = try Intake.run(["cases", "decide", reject.id, "--reject", "--note", "not a customer", "--by", "Ana"], in: root, environment: env)
        #expect(decided.status == 0, "\(decided.stdout)\(decided.stderr)")
        #expect(decided.stdout.contains("(rejected, ") && decided.stdout.contains(" queued"), "\(decided.stdout)")
        #expect(decided.stdout.contains("not sent") && decided.stdout.contains("127.0.0.1:9"), "\(decided.stdout)")
        let replies = try CaseStore(directory: store).findReplies(reject.id)
        #expect(replies.map(\.reply.kind) == ["rejected"] && replies.map(\.state) == [.queued])
        #expect(replies.first?.recipient.lowercased() == reject.sender?.lowercased())

        let asked = try Intake.run(["cases", "decide", needsInfo.id, "--needs-info", "--note", "ask for the counts", "--by", "Ana"], in: root, environment: env)
        #expect(asked.status == 0 && asked.stdout.contains("no reply: what more is needed"), "\(asked.stdout)\(asked.stderr)")
        #expect(try CaseStore(directory: store).findReplies(needsInfo.id).isEmpty)
        #expect(try CaseStore(directory: store).events(of: needsInfo.id).contains { $0.kind == "reply-withheld" })

        let closed = try Intake.run(["cases", "decide", close.id, "--close", "--note", "duplicate", "--by", "Ana"], in: root, environment: env)
        #expect(closed.status == 0 && !closed.stdout.contains("reply"), "\(closed.stdout)\(closed.stderr)")
        #expect(try CaseStore(directory: store).findReplies(close.id).isEmpty)
    }

    @Test(arguments: [
        ("smtp: smtps://mail.example.com\n", "intake.yaml:1: smtp: \"smtps://mail.example.com\" is not a mapping of its settings"),
        ("smtp:\n  url: http://mail.example.com\n  from: sales@example.com\n", "intake.yaml:2: smtp.url: \"http://mail.example.com\" is not smtps://HOST"),
        ("smtp:\n  url: smtps://u@mail.example.com\n  from: sales@example.com\n", "intake.yaml:2: smtp.url"),
        ("smtp:\n  from: sales@example.com\n", "intake.yaml:1: smtp needs url"),
        ("smtp:\n  url: smtps://mail.example.com\n", "intake.yaml:1: smtp needs from"),
        ("smtp:\n  url: smtps://mail.example.com\n  from: Sales Team\n", "intake.yaml:3: smtp.from: \"Sales Team\" is not an email address"),
        ("smtp:\n  url: smtps://m.example.com\n  from: s@example.com\n  usr: s\n", "intake.yaml:4: unknown option \"smtp.usr\""),
        ("smtp:\n  url: smtps://m.example.com\n  from: s@example.com\n  password: hunter2\n", "intake.yaml:4: never write the password"),
        ("smtp:\n  url: smtps://m.example.com\n  from: s@example.com\n  user: s\n  password-env: A\n  password-file: b\n",
         "intake.yaml:6: smtp.password-env and smtp.password-file were both given"),
        ("smtp:\n  url: smtps://m.example.com\n  from: s@example.com\n  password-env: A\n", "smtp needs user"),
        ("replies:\n  rejected: maybe\n", "intake.yaml:2: replies.rejected: \"maybe\" is not send or hold"),
        ("replies:\n  accepted: send\n  per-sender-per-day: 2\n", "intake.yaml:3: replies.per-sender-per-day is not set here but in the rules' replies/settings.yaml"),
        ("replies:\n  correction: send\n", "intake.yaml:2: unknown option \"replies.correction\""),
    ])
    func aBadSMTPOrRepliesSettingIsRefusedNamingIt(_ text: String, _ message: String) throws {
        let dir = try temporaryFolder("config-smtp")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try text.write(toFile: dir + "/intake.yaml", atomically: true, encoding: .utf8)
        let out = try Intake.run(["replies", "list"], in: dir, environment: ["INTAKE_CONFIG": ""])
        #expect(out.status == 2, "\(out.stderr)")
        #expect(out.stderr.contains(message), "\(out.stderr)")
        #expect(!out.stderr.contains("hunter2"))
    }
}
