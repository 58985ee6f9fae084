import Credentials
import Filing
import Foundation
import Glibc
import IMAPFetch
import MIME
import SMTPSubmit
import TestServers
import Testing

/// Issue 15 end to end, with real servers only: a requester's mail goes through Postfix (authenticated
/// submission) into the test Dovecot; `intake watch` (or `poll`) files it and answers through Postfix;
/// the answer lands in the requester's own mailbox, read back over IMAP.
@Suite(.serialized) struct ReplyEndToEndTests {
    /// The private Postfix and Dovecot that `make test` starts (scripts/postfix.sh, scripts/dovecot.sh).
    struct Servers {
        let dovecot: Dovecot
        let postfix: PostfixSettings
        let password: String

        var submissionPort: String { String(postfix.submissionPort) }
        var smtpCAFile: String { postfix.caFile }
        var sales: String { postfix.sales }
        var requester: String { postfix.requester }

        static func current() throws -> Servers {
            let postfix = try PostfixSettings.current()
            return Servers(dovecot: try Dovecot.current(), postfix: postfix, password: try postfix.password())
        }

        /// Sends as the requester, through Postfix's submission port, to sales@.
        func send(_ message: [UInt8]) throws {
            guard let endpoint = SMTPEndpoint(url: "smtp://127.0.0.1:\(submissionPort)", user: requester, credential: .password(password),
                                              caFile: smtpCAFile) else { throw TestSetupError("no submission endpoint") }
            _ = try SMTPSubmitter(endpoint: endpoint).submit(message, from: requester, to: [sales])
        }

        /// The messages in the requester's INBOX whose subject holds `tag`, parsed, oldest first.
        func requesterMail(tagged tag: String) throws -> [Message] {
            let endpoint = IMAPEndpoint(host: dovecot.host, port: Int(dovecot.port), user: requester, credential: .password(password),
                                        caFile: dovecot.caFile, timeout: 20)
            let session = try IMAPSession(endpoint)
            defer { try? session.logout() }
            _ = try session.select("INBOX")
            let uids = try session.uidSearch("HEADER Subject \"\(tag)\"")
            var out: [Message] = []
            if !uids.isEmpty { try session.fetch(uids, inFlight: 8) { out.append(MessageParser.parse($0.bytes)) } }
            return out
        }

        /// Waits until the requester's INBOX holds `count` messages tagged `tag`; returns them.
        func waitForMail(tagged tag: String, count: Int, seconds: Double = 30) throws -> [Message] {
            let deadline = Date().addingTimeInterval(seconds)
            var mail = try requesterMail(tagged: tag)
            while mail.count < count, Date() < deadline {
                usleep(200_000)
                mail = try requesterMail(tagged: tag)
            }
            return mail
        }

        func deleteMailboxes(_ names: [String]) {
            for name in names { _ = try? dovecot.run(["doveadm", "mailbox", "delete", "-u", dovecot.user, name]) }
        }

        /// An intake.yaml that reads sales@'s INBOX and answers through Postfix (`smtpPort` may be a dead one).
        func configuration(store: String, tag: String, smtpPort: String? = nil, sentFolder: String? = nil) -> String {
            """
            store: \(store)
            imap: \(dovecot.url)/INBOX
            user: \(dovecot.user)
            password-file: \(dovecot.passwordFile)
            ca-file: \(dovecot.caFile)
            intake-folder: E2E-\(tag)
            smtp:
              url: smtp://127.0.0.1:\(smtpPort ?? submissionPort)
              user: \(sales)
              password-file: \(dovecot.passwordFile)
              ca-file: \(smtpCAFile)
              from: \(sales)
              sent-folder: \(sentFolder ?? "Sent-\(tag)")

            """
        }
    }

    static func request(tag: String, requester: String, sales: String) -> [UInt8] {
        let lines: [String] = [
            "From: =?utf-8?q?Luc=C3=ADa_Herrera?= <\(requester)>", "To: Ventas <\(sales)>",
            "Subject: Solicitud de excepcion de licencia \(tag)", "Date: Fri, 04 Dec 2026 10:00:00 +0000",
            "Message-ID: <\(tag).request@school.test>", "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit", "", "Estimados señores:", "",
            "Les escribo en nombre del Colegio San Martín de Porres para solicitar una excepción de licencia de PaperCut MF. "
                + "Nuestro dominio tiene 900 cuentas de usuario, tenemos licencia para 600 usuarios y solicitamos que la excepción cubra 700.",
            "", "Las cuentas restantes son de exalumnos que conservan el correo pero no imprimen.", "",
            "Atentamente,", "Lucía Herrera", "Coordinadora de Informática", "Colegio San Martín de Porres", "",
        ]
        return Array(lines.joined(separator: "\r\n").utf8)
    }

    /// The requester's answer to a reply, as a mail client writes it: "Re:" its subject, threaded on it.
    static func answer(to reply: Message, tag: String, requester: String, sales: String, headers: [String] = [], body: String) -> [UInt8] {
        let id = reply.messageID ?? "<none>"
        var lines: [String] = [
            "From: =?utf-8?q?Luc=C3=ADa_Herrera?= <\(requester)>", "To: \(sales)", "Subject: Re: \(reply.subject ?? "")",
            "Date: Fri, 04 Dec 2026 10:05:00 +0000", "Message-ID: <\(tag).\(UUID().uuidString.prefix(8))@school.test>",
            "In-Reply-To: \(id)", "References: <\(tag).request@school.test> \(id)",
        ]
        lines += headers
        lines += ["MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit", "", body]
        return Array(lines.joined(separator: "\r\n").utf8)
    }

    static func text(_ m: Message) -> String { m.textBody ?? "" }

    /// The issue's story: an incomplete Spanish request through Postfix; `watch` files it and the requester
    /// receives the rejection in Spanish naming what is missing; the requester answers it; the same case
    /// becomes accepted and the requester receives the acknowledgement. Then an out-of-office answer joins
    /// the case and gets no reply.
    @Test(.timeLimit(.minutes(10)))
    func aRejectedRequestAnsweredBecomesAcceptedAndAnOutOfOfficeGetsNothing() throws {
        let servers = try Servers.current()
        let tag = "e2e" + UUID().uuidString.prefix(8).lowercased()
        let root = try temporaryFolder("reply-e2e")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = root + "/store"
        try servers.configuration(store: store, tag: tag).write(toFile: root + "/intake.yaml", atomically: true, encoding: .utf8)
        defer { servers.deleteMailboxes(["E2E-\(tag)/Accepted", "E2E-\(tag)/Rejected", "E2E-\(tag)/Review", "E2E-\(tag)", "Sent-\(tag)"]) }

        let watch = try Intake.start(["watch", "--config", root + "/intake.yaml", "--every", "10m"])
        defer { if watch.process.isRunning { kill(watch.process.processIdentifier, SIGKILL) } }

        try servers.send(Self.request(tag: tag, requester: servers.requester, sales: servers.sales))
        let rejection = try #require(try servers.waitForMail(tagged: tag, count: 1).first, "no rejection reached \(servers.requester)")
        let rejectionText = Self.text(rejection)
        #expect(rejection.subject?.contains("Solicitud de excepcion de licencia \(tag)") == true)
        let caseID = try #require(rejection.subject.flatMap { CaseReference.caseIDs(inSubject: $0).first }, "\(rejection.subject ?? "")")
        #expect(rejection.header.all("Auto-Submitted") == ["auto-replied"])
        #expect(rejection.header.all("In-Reply-To") == ["<\(tag).request@school.test>"])
        #expect(rejectionText.contains("No podemos aceptarla") && rejectionText.contains("Lo que falta:"), "\(rejectionText)")
        #expect(rejectionText.contains("su compromiso de mantener el número de usuarios activos por debajo del límite"), "\(rejectionText)")

        // The requester answers the rejection with what was missing: the same case, decided again, accepted.
        let answer = Self.answer(to: rejection, tag: tag, requester: servers.requester, sales: servers.sales, body:
            "Buenos días:\r\n\r\nNos comprometemos a mantener el número de usuarios activos por debajo del límite de 700 y a avisarles si se supera.\r\n\r\n"
            + "Atentamente,\r\nLucía Herrera\r\nCoordinadora de Informática\r\nColegio San Martín de Porres\r\n")
        try servers.send(answer)
        let two = try servers.waitForMail(tagged: tag, count: 2)
        try #require(two.count == 2, "no acknowledgement reached \(servers.requester)")
        let acknowledgement = two[1]
        #expect(acknowledgement.subject?.contains("[\(caseID)]") == true)
        #expect(Self.text(acknowledgement).contains("Colegio San Martín de Porres"), "\(Self.text(acknowledgement))")
        #expect(Self.text(acknowledgement).contains("700"))

        // An out-of-office robot answers the acknowledgement: it joins the case, and nothing is sent back.
        try servers.send(Self.answer(to: acknowledgement, tag: tag, requester: servers.requester, sales: servers.sales,
                                     headers: ["Auto-Submitted: auto-replied", "X-Autoreply: yes"],
                                     body: "Estoy fuera de la oficina hasta el lunes.\r\n"))
        // Filed: the server's INBOX is empty again once it is moved to the case's folder.
        let appender = try servers.dovecot.session()
        defer { try? appender.logout() }
        let deadline = Date().addingTimeInterval(30)
        var filed = false
        while !filed, Date() < deadline {
            usleep(200_000)
            let sent = try Intake.run(["cases", "show", caseID, "--json", "--store", store])
            filed = sent.status == 0 && (sent.stdout.components(separatedBy: "\"sha256\"").count - 1) >= 3
        }
        sleep(2)  // what a reply would have needed to arrive
        #expect(try servers.requesterMail(tagged: tag).count == 2)

        kill(watch.process.processIdentifier, SIGTERM)
        let ended = Intake.finish(watch)
        #expect(ended.status == 0, "\(ended.stderr)")

        let s = try CaseStore(directory: store)
        let record = try #require(try s.caseRecord(id: caseID))
        #expect(record.verdict == .accept, "\(record.findings.map(\.rule))")
        #expect(try s.messages(of: caseID).count == 3)
        let replies = try s.findReplies(caseID)
        #expect(replies.map(\.reply.kind) == ["rejected", "accepted"])
        #expect(replies.map(\.reply.language) == ["es", "es"])
        #expect(replies.allSatisfy { $0.state == .sent && $0.copiedAt != nil }, "\(replies.map { ($0.state, $0.copiedAt ?? "-") })")
        let withheld = try s.events(of: caseID).filter { $0.kind == "reply-withheld" }
        #expect(withheld.count == 1 && withheld[0].detail.contains("Auto-Submitted"), "\(withheld.map(\.detail))")
        // The team sees both replies in the mailbox's Sent folder.
        let sentFolder = try appender.status("Sent-\(tag)")
        #expect(sentFolder.messages == 2)
        #expect(try appender.status("E2E-\(tag)/Accepted").messages == 3)

        // A person then rejects the case: the requester hears it, in answer to their own latest message (not
        // the robot's), and all three of the case's copies on the server follow it to Rejected.
        let decided = try Intake.run(["cases", "decide", caseID, "--reject", "--note", "no valid maintenance", "--by", "Ana",
                                      "--config", root + "/intake.yaml"])
        #expect(decided.status == 0, "\(decided.stdout)\(decided.stderr)")
        let three = try servers.waitForMail(tagged: tag, count: 3)
        try #require(three.count == 3, "\(decided.stdout)")
        #expect(three[2].subject?.contains("[\(caseID)]") == true)
        #expect(three[2].header.all("In-Reply-To") == [MessageParser.parse(answer).messageID ?? "-"])
        #expect(Self.text(three[2]).contains("No podemos aceptarla"), "\(Self.text(three[2]))")
        #expect(try appender.status("E2E-\(tag)/Rejected").messages == 3, "\(decided.stdout)")
        #expect(try appender.status("E2E-\(tag)/Accepted").messages == 0)
    }

    /// The SMTP server down: the case is filed and intact, its reply waits, queued. Then `watch` killed at every
    /// step of sending it, one step further each time, followed by a clean run: the requester receives it
    /// exactly once — except where the kill fell after the server took it and before `sent` was committed,
    /// SMTP's own window, where a second copy is allowed and only there.
    @Test(.timeLimit(.minutes(10)))
    func aDownServerLeavesTheReplyWaitingAndAKillAtAnyStepSendsItOnce() throws {
        let servers = try Servers.current()
        let tag = "kill" + UUID().uuidString.prefix(8).lowercased()
        let root = try temporaryFolder("reply-kill")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let base = root + "/base"
        try servers.configuration(store: base, tag: tag, smtpPort: "9").write(toFile: root + "/down.yaml", atomically: true, encoding: .utf8)
        defer { servers.deleteMailboxes(["E2E-\(tag)/Accepted", "E2E-\(tag)/Rejected", "E2E-\(tag)/Review", "E2E-\(tag)"]) }

        try servers.send(Self.request(tag: tag, requester: servers.requester, sales: servers.sales))
        // Delivered into sales@'s INBOX by Postfix: poll until the pass files it.
        var caseID: String? = nil
        for _ in 0..<50 where caseID == nil {
            let down = try Intake.run(["poll", "--config", root + "/down.yaml"])
            #expect(down.status == 0, "\(down.stdout)\(down.stderr)")
            caseID = try CaseStore(directory: base).allCases().first?.id
            if caseID == nil { usleep(200_000) } else {
                #expect(down.stdout.contains("not sent") && down.stdout.contains("127.0.0.1:9"), "\(down.stdout)")
            }
        }
        let id = try #require(caseID)
        let waiting = try CaseStore(directory: base).findReplies(id)
        #expect(waiting.map(\.state) == [.queued] && waiting.first?.attempts == 1)
        #expect(try CaseStore(directory: base).caseRecord(id: id)?.verdict == .reject)
        let replyID = try #require(waiting.first?.messageID)

        func delivered() throws -> Int { try servers.requesterMail(tagged: tag).filter { $0.messageID == "<\(replyID)>" }.count }
        var step = 1, windows = 0
        while step < 200 {
            // Each run starts from the stored state with the reply queued and due, with a Sent folder of its own.
            let run = root + "/run\(step)"
            try copyTree(base, run)
            try Self.makeDue(run)
            let config = root + "/run\(step).yaml"
            try servers.configuration(store: run, tag: tag, sentFolder: "Sent-\(tag)-\(step)").write(toFile: config, atomically: true, encoding: .utf8)
            defer { servers.deleteMailboxes(["Sent-\(tag)-\(step)"]) }
            let before = try delivered()
            // `watch`, killed at the step: it ends there (status 86), or, past its last step, keeps watching and is stopped.
            let watching = try Intake.start(["watch", "--config", config, "--every", "10m"], environment: ["INTAKE_FAULT_AT": "\(step)"])
            let waitUntil = Date().addingTimeInterval(15)
            while watching.process.isRunning, Date() < waitUntil { usleep(50_000) }
            if watching.process.isRunning { kill(watching.process.processIdentifier, SIGTERM) }
            let killed = Intake.finish(watching)
            let stateAfterKill = try CaseStore(directory: run).reply(messageID: replyID)?.state
            let tookIt = try delivered() > before
            let clean = try Intake.run(["poll", "--config", config])
            #expect(clean.status == 0, "step \(step): \(clean.stdout)\(clean.stderr)")
            #expect(try CaseStore(directory: run).reply(messageID: replyID)?.state == .sent, "step \(step)")
            // Deliveries are asynchronous (Postfix → LMTP): give the last one time to land.
            var count = try delivered() - before
            for _ in 0..<20 where count == 0 { usleep(100_000); count = try delivered() - before }
            let window = killed.status == FaultPoint.exitStatus && stateAfterKill == .sending && tookIt
            if window { windows += 1 }
            #expect(count == 1 || (window && count == 2), "step \(step): \(count) copies; \(killed.stderr)")
            if killed.status != FaultPoint.exitStatus { break }
            step += 1
        }
        #expect(step > 5, "the fault hook never reached the reply's steps")
        // SMTP's window is one step (the commit of `sent` after the server's 250): met once, never elsewhere.
        #expect(windows == 1)
    }

    /// A reply queued with a back-off is made due at once (what the time passing would do), with python3's
    /// sqlite3 (the store's own API has no way to move a reply's time, nor should it).
    static func makeDue(_ store: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
                       + "c.execute(\"UPDATE reply SET next_attempt_at = NULL WHERE state = 'queued'\"); c.commit()", store + "/intake.sqlite"]
        try p.run()
        p.waitUntilExit()
        if p.terminationStatus != 0 { throw TestSetupError("could not make the reply due in \(store)") }
    }
}
