import Extraction
import Filing
import Foundation
import MailSources
import RuleEngine
import Testing
@testable import Pipeline

/// Follow-ups join their case: real SQLite, a real archive, and request/correction pairs in en, es, pt
/// (Tests/PipelineTests/FollowUps). A correction's threading headers and subject are written per test.
@Suite(.serialized) struct FollowUpTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path + "/FollowUps"
    static let decider: Decider = {
        var d = try! Decider(rulesDirectory: repository + "/Rules")
        d.letters = nil
        return d
    }()
    static let year = String(Timestamp.now().prefix(4))
    static func caseID(_ n: Int) -> String { "LX-\(year)-" + String(format: "%04d", n) }
    static func replyID(_ caseID: String) -> String {
        "<" + CaseReference.replyMessageID(caseID: caseID, sequence: 1, random: 0xfeed_beef_0123_4567, domain: "ecoprintq.com") + ">"
    }

    static func request(_ language: String) -> [UInt8] {
        Array(FileManager.default.contents(atPath: folder + "/\(language)-request.eml")!)
    }

    /// The correction of `language`'s request, with this subject and these threading header lines.
    static func correction(_ language: String, subject: String, thread: [String], from: String? = nil, messageID: String? = nil) -> [UInt8] {
        var text = String(decoding: FileManager.default.contents(atPath: folder + "/\(language)-correction.eml")!, as: UTF8.self)
        text = text.replacingOccurrences(of: "{{SUBJECT}}", with: subject)
        text = text.replacingOccurrences(of: "{{THREAD}}\r\n", with: thread.map { $0 + "\r\n" }.joined())
        if let from {
            text = text.replacingOccurrences(of: text.components(separatedBy: "\r\n").first { $0.hasPrefix("From: ") }!, with: "From: " + from)
        }
        if let messageID {
            text = text.replacingOccurrences(of: text.components(separatedBy: "\r\n").first { $0.hasPrefix("Message-ID: ") }!,
                                             with: "Message-ID: " + messageID)
        }
        return Array(text.utf8)
    }

    static func messageID(of raw: [UInt8]) -> String {
        String(decoding: raw, as: UTF8.self).components(separatedBy: "\r\n").first { $0.hasPrefix("Message-ID: ") }!.dropFirst(12).description
    }

    /// A store in a fresh folder, with a poller whose decisions answer their requesters (the shipped templates).
    final class Fixture {
        let directory: String
        let store: CaseStore
        var poller: Poller
        private var next = 0

        init() throws {
            directory = try temporaryFolder("follow-ups")
            store = try CaseStore(directory: directory)
            poller = Poller(decider: FollowUpTests.decider, store: store)
            poller.replying = Replying(ourAddress: "sales@ecoprintq.com", policy: .sendAll, rulesDirectory: repository + "/Rules")
        }

        deinit { try? FileManager.default.removeItem(atPath: directory) }

        /// One pass over these messages (a source of their own, so sources never say "already seen").
        @discardableResult
        func poll(_ messages: [[UInt8]]) throws -> Poller.Summary {
            let source = ScriptedSource(messages.map { raw in
                next += 1
                return .message(SourceMessage(sourceID: "m\(next)", raw: .success(raw)))
            })
            return try poller.run(source)
        }

        func only() throws -> CaseRecord {
            let cases = try store.allCases()
            try #require(cases.count == 1)
            return cases[0]
        }
    }

    // MARK: - the union, field by field

    static let olderFields = RequestFields(
        requesterName: "Ana", requesterTitle: "CIO", organization: "Old U", department: "IT", organizationKind: .education,
        product: "PaperCut MF", domainAccounts: 100, licensedUsers: 50, requestedUsers: 60, reason: "alumni",
        commitments: Commitments(activeBelowLimit: true, notifyIfExceeded: false, allowVerification: true), maintenance: .implementationPack)
    static let newerFields = RequestFields(
        requesterName: "Bea", requesterTitle: "CTO", organization: "New U", department: "Library", organizationKind: .government,
        product: "PaperCut NG", domainAccounts: 200, licensedUsers: 150, requestedUsers: 160, reason: "interns",
        commitments: Commitments(activeBelowLimit: false, notifyIfExceeded: true, allowVerification: false), maintenance: .premiumUpgradeAssurance)

    @Test func theNewerValueWinsFieldByFieldAndAnOlderOneStaysWhereTheNewerIsSilent() {
        // Every declared field is given, and differently, in both: a field added later must be added here too.
        for name in RequestFields.fieldNames {
            #expect(Self.olderFields.value(of: name) != nil && Self.newerFields.value(of: name) != nil, "\(name)")
            #expect(Self.olderFields.value(of: name) != Self.newerFields.value(of: name), "\(name)")
        }
        #expect(RequestFields.newerWins(older: Self.olderFields, newer: RequestFields()) == Self.olderFields)
        #expect(RequestFields.newerWins(older: RequestFields(), newer: Self.newerFields) == Self.newerFields)
        #expect(RequestFields.newerWins(older: Self.olderFields, newer: Self.newerFields) == Self.newerFields)
        for name in RequestFields.fieldNames {
            // The newer message gives only this field: it wins there, every other field stays the older one's.
            var newer = RequestFields()
            RequestFields.field(named: name)!.set(&newer, Self.newerFields.value(of: name))
            let merged = RequestFields.newerWins(older: Self.olderFields, newer: newer)
            for other in RequestFields.fieldNames {
                #expect(merged.value(of: other) == (other == name ? Self.newerFields : Self.olderFields).value(of: other), "\(name) → \(other)")
            }
        }
    }

    // MARK: - joining

    @Test(arguments: ["en", "es", "pt"])
    func aCorrectionReplyingToOurReplyJoinsItsCaseWhichIsAcceptedOnWhatBothSaid(language: String) throws {
        let f = try Fixture()
        let first = try f.poll([Self.request(language)])
        let original = try #require(first.filed.first)
        #expect(original.verdict == .reject)
        #expect(original.findings.map(\.rule).contains("incomplete-request"))
        // The rejection went (as the outbox would send it), and the requester answers it.
        let rejection = try #require(try f.store.findReplies(original.id).first)
        try f.store.markSending(rejection.messageID)
        try f.store.markSent(rejection.messageID)
        let correction = Self.correction(language, subject: "Re: solicitud", thread: ["In-Reply-To: \(Self.replyID(original.id))"])
        // Alone, the correction is no complete request: only the union of the two is.
        #expect(Self.decider.decide(correction).verdict != .accept)

        let second = try f.poll([correction])
        #expect(second.filed.isEmpty)
        #expect(second.joined.map(\.id) == [original.id])
        let joined = try f.only()
        #expect(joined.verdict == .accept, "\(joined.findings.map(\.rule))")
        #expect(joined.folder == .accepted)
        #expect(joined.messageID == original.messageID)  // still the request that opened it
        #expect(try f.store.history(of: joined.id).map(\.verdict) == [.reject])
        let messages = try f.store.messages(of: joined.id)
        #expect(messages.map(\.role) == [.original, .followUp])
        #expect(messages[1].messageID == Self.messageID(of: correction))
        let events = try f.store.events(of: joined.id)
        #expect(events.filter { $0.kind == "seen" }.count == 2)
        #expect(events.contains { $0.kind == "follow-up" && $0.detail.contains("reject → accept") })
        // The archive holds both messages, byte for byte, and request.json lists the follow-up.
        #expect(FileManager.default.contents(atPath: joined.path + "/message.eml") == Data(Self.request(language)))
        #expect(FileManager.default.contents(atPath: joined.path + "/" + messages[1].file) == Data(correction))
        let record = try #require(FileManager.default.contents(atPath: joined.path + "/request.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: record) as? [String: Any])
        #expect((object["followUps"] as? [[String: Any]])?.map { $0["sha256"] as? String } == [messages[1].sha256])
        #expect(object["messageId"] as? String == original.messageID)
        #expect(object["subject"] as? String == original.subject)
        // The requester heard of each decision, in their language, recorded with it: the rejection, then the
        // acknowledgement, threaded on the correction.
        let replies = try f.store.findReplies(original.id)
        #expect(replies.map(\.reply.kind) == ["rejected", "accepted"])
        #expect(replies.map(\.reply.language) == [language, language])
        #expect(replies.map(\.state) == [.sent, .queued])
        let acknowledgement = String(decoding: replies[1].reply.bytes, as: UTF8.self)
        #expect(acknowledgement.contains("In-Reply-To: " + Self.messageID(of: correction)))
        #expect(replies[1].reply.subject.contains("[\(original.id)]"))
        #expect(try f.store.check().isEmpty)
    }

    @Test(arguments: ["en", "es", "pt"])
    func aCorrectionNamingTheCaseInItsSubjectOnlyJoinsItEvenInTheSamePass(language: String) throws {
        let f = try Fixture()
        // Both in one pass: the request is still staged when the correction names its case.
        let summary = try f.poll([Self.request(language), Self.correction(language, subject: "Re: pedido [\(Self.caseID(1))]", thread: [])])
        #expect(summary.filed.count == 1)
        #expect(summary.joined.count == 1)
        let c = try f.only()
        #expect(c.id == Self.caseID(1))
        #expect(c.verdict == .accept, "\(c.findings.map(\.rule))")
        #expect(try f.store.messages(of: c.id).count == 2)
    }

    @Test(arguments: ["en", "es", "pt"])
    func aCorrectionWhoseReferencesNameTheRequestJoinsIt(language: String) throws {
        let f = try Fixture()
        let request = Self.request(language)
        try f.poll([request])
        try f.poll([Self.correction(language, subject: "Re: request", thread: ["References: <unknown-1@elsewhere.example> \(Self.messageID(of: request))"])])
        let c = try f.only()
        #expect(c.verdict == .accept, "\(c.findings.map(\.rule))")
        #expect(try f.store.history(of: c.id).count == 1)
    }

    @Test func aFollowUpSeenTwiceJoinsOnce() throws {
        let f = try Fixture()
        try f.poll([Self.request("en")])
        let correction = Self.correction("en", subject: "Re: [\(Self.caseID(1))]", thread: [])
        #expect(try f.poll([correction]).joined.count == 1)
        // The same bytes again (another source id), and another copy with the same Message-ID.
        let again = try f.poll([correction, Self.correction("en", subject: "Re: again [\(Self.caseID(1))]", thread: [])])
        #expect(again.joined.isEmpty)
        #expect(again.filed.isEmpty)
        #expect(try f.store.messages(of: Self.caseID(1)).count == 2)
        #expect(try f.store.history(of: Self.caseID(1)).count == 1)
    }

    @Test func aJoinThatStoppedBeforeItsCommitLeavesNoFollowUpFileBehind() throws {
        let f = try Fixture()
        try f.poll([Self.request("en")])
        try f.poll([Self.correction("en", subject: "Re: [\(Self.caseID(1))]", thread: [])])
        let c = try f.only()
        let kept = try f.store.messages(of: c.id)[1].file
        // What a join killed between writing the message and committing leaves: its file and the change's marker.
        let stray = CaseMessage.followUpFile(sha256: String(repeating: "0", count: 64))
        try Data("From: x@lakesidefilm.edu\r\n\r\nlate\r\n".utf8).write(to: URL(fileURLWithPath: c.path + "/" + stray))
        try Data(c.id.utf8).write(to: URL(fileURLWithPath: f.directory + "/.reprocessing"))
        let done = try CaseStore(directory: f.directory).recover()
        #expect(done.contains { $0.contains(stray) }, "\(done)")
        #expect(!FileManager.default.fileExists(atPath: c.path + "/" + stray))
        #expect(FileManager.default.fileExists(atPath: c.path + "/" + kept))
        #expect(try f.store.check().isEmpty)
    }

    // MARK: - another organization

    @Test func aFollowUpFromAnotherOrganizationNamingTheCaseIsANewCaseAndNeverJoins() throws {
        let f = try Fixture()
        try f.poll([Self.request("en")])
        let intruder = Self.correction("en", subject: "Re: [\(Self.caseID(1))]", thread: ["In-Reply-To: \(Self.replyID(Self.caseID(1)))"],
                                       from: "Mallory <mallory@otheruni.edu>", messageID: "<intruder-1@otheruni.edu>")
        let summary = try f.poll([intruder])
        #expect(summary.joined.isEmpty)
        let new = try #require(summary.filed.first)
        #expect(new.id == Self.caseID(2))
        let finding = try #require(new.findings.first { $0.rule == "other-organization-case" })
        #expect(finding.severity == .review)
        #expect(finding.message.contains(Self.caseID(1)))
        // The case it named is as it was.
        let first = try #require(try f.store.caseRecord(id: Self.caseID(1)))
        #expect(first.verdict == .reject)
        #expect(try f.store.history(of: first.id).isEmpty)
        #expect(try f.store.messages(of: first.id).count == 1)
    }

    @Test func onFreeMailOnlyTheSameAddressIsTheSameRequester() {
        let rules = Self.decider.rules
        #expect(rules.isSameOrganization("ana@hotmail.com", "ANA@Hotmail.com"))
        #expect(!rules.isSameOrganization("ana@hotmail.com", "bob@hotmail.com"))
        #expect(rules.isSameOrganization("ana@cs.stateuni.edu", "bob@admin.stateuni.edu"))
        #expect(!rules.isSameOrganization("ana@stateuni.edu", "ana@otheruni.edu"))
        #expect(!rules.isSameOrganization("alice@alice.github.io", "bob@bob.github.io"))
    }

    // MARK: - hostile

    @Test func aSubjectNamingAThousandCasesIsBoundedAndJoinsAtMostTheFirstOfTheSameOrganization() throws {
        let f = try Fixture()
        let other = Self.correction("es", subject: "Consulta", thread: [], from: "Otro <otro@otheruni.edu>", messageID: "<other@otheruni.edu>")
        try f.poll([Self.request("en"), other])  // LX-…-0001 (lakesidefilm.edu), LX-…-0002 (otheruni.edu)
        try f.poll([Self.request("en").replacingMessageID(with: "<second@lakesidefilm.edu>")])  // LX-…-0003, same organization
        // Ids that are not on file first, then the other organization's case, then the two of this one.
        var ids = (100..<110).map(Self.caseID) + [Self.caseID(2), Self.caseID(3), Self.caseID(1)]
        ids += (1000..<1987).map(Self.caseID)
        let subject = "Re: " + ids.map { "[\($0)]" }.joined(separator: " ")
        let hostile = Self.correction("en", subject: subject, thread: [])
        let names = FollowUps.names(in: Self.decider.read(hostile).message)
        #expect(names.caseIDs.count == FollowUps.maxLookups)
        let summary = try f.poll([hostile])
        #expect(summary.joined.map(\.id) == [Self.caseID(3)])
        #expect(try f.store.messages(of: Self.caseID(3)).count == 2)
        #expect(try f.store.messages(of: Self.caseID(1)).count == 1)
        #expect(try f.store.messages(of: Self.caseID(2)).count == 1)
        #expect(try f.store.allCases().count == 3)
    }

    // MARK: - a person's decision, later requests

    @Test func aFollowUpAfterAPersonsDecisionSendsTheCaseBackToReviewSayingSo() throws {
        let f = try Fixture()
        try f.poll([Self.request("es")])
        let decided = try f.store.decide(try f.only(), .reject, by: "Ana Ruiz", note: "sin compromisos")
        #expect(decided.state == .decidedByPerson)
        try f.poll([Self.correction("es", subject: "Re: [\(decided.id)]", thread: [])])
        let c = try f.only()
        #expect(c.verdict == .review)
        #expect(c.state == .decidedByRules)
        let finding = try #require(c.findings.first { $0.rule == "follow-up-after-decision" })
        #expect(finding.message.contains("seguimiento"))
        let messages = try f.store.messages(of: c.id)
        #expect(messages.last?.afterDecision?.contains("rejected by Ana Ruiz") == true)
        #expect(try f.store.events(of: c.id).contains { $0.kind == "follow-up" && $0.detail.contains("after a person's decision") })
        // The person's decision is in the history; a reprocess keeps the finding until a person decides again.
        #expect(try f.store.history(of: c.id).last?.verdict == .reject)
        guard case .updated(_, let after) = try Reprocessor(decider: Self.decider, store: f.store).run(c.id) else {
            Issue.record("not updated"); return
        }
        #expect(after.findings.map(\.rule).contains("follow-up-after-decision"))
    }

    @Test func aNewRequestAfterARejectionNamesTheEarlierCaseAndNeverChangesIt() throws {
        let f = try Fixture()
        try f.poll([Self.request("es")])
        // A new request (no threading, no case id) from the same organization.
        let again = Self.correction("es", subject: "Nueva solicitud", thread: [], from: "Luis <luis@csmvaldeluna.es>",
                                    messageID: "<nueva@csmvaldeluna.es>")
        let summary = try f.poll([again])
        let new = try #require(summary.filed.first)
        #expect(summary.joined.isEmpty)
        let duplicate = try #require(new.findings.first { $0.rule == "duplicate-request" })
        #expect(duplicate.message.contains("(\(Self.caseID(1)))"))
        #expect(duplicate.message.hasPrefix("Ya tenemos registrada"))
        // The earlier case is as it was, and reprocessing it does not see the later one.
        guard case .updated(let before, let after) = try Reprocessor(decider: Self.decider, store: f.store).run(Self.caseID(1)) else {
            Issue.record("not updated"); return
        }
        #expect(before.verdict == .reject && after.verdict == .reject)
        #expect(!after.findings.map(\.rule).contains("duplicate-request"))
    }

    // MARK: - reprocess and rebuild

    @Test func reprocessAndRebuildKeepTheJoin() throws {
        let f = try Fixture()
        let request = Self.request("pt")
        try f.poll([request])
        let correction = Self.correction("pt", subject: "Re: [\(Self.caseID(1))]", thread: [])
        try f.poll([correction])
        #expect(try f.only().verdict == .accept)

        // Reprocess decides on the same union (the request alone was rejected).
        guard case .updated(let before, let after) = try Reprocessor(decider: Self.decider, store: f.store).run(Self.caseID(1)) else {
            Issue.record("not updated"); return
        }
        #expect(before.verdict == .accept && after.verdict == .accept, "\(after.findings.map(\.rule))")
        #expect(try f.store.messages(of: after.id).count == 2)
        // By the follow-up's Message-ID too: the case it joined.
        #expect(try f.store.findCase(Self.messageID(of: correction))?.id == Self.caseID(1))

        // Rebuilt from the archive alone: the join is back, and the follow-up is still on file exactly once.
        let report = try CaseStore.rebuild(directory: f.directory, replacing: true)
        #expect(report.cases == 1)
        #expect(report.notes.isEmpty, "\(report.notes)")
        let rebuilt = try CaseStore(directory: f.directory)
        let messages = try rebuilt.messages(of: Self.caseID(1))
        #expect(messages.map(\.role) == [.original, .followUp])
        #expect(messages[1].messageID == Self.messageID(of: correction))
        #expect(try rebuilt.findCase(Self.messageID(of: correction))?.id == Self.caseID(1))
        #expect(try f.store.check().isEmpty)
        let poller = Poller(decider: Self.decider, store: rebuilt)
        let again = try poller.run(ScriptedSource([.message(SourceMessage(sourceID: "after-rebuild", raw: .success(correction)))]))
        #expect(again.alreadyOnFile == 1 && again.joined.isEmpty && again.filed.isEmpty)
        guard case .updated(_, let redone) = try Reprocessor(decider: Self.decider, store: rebuilt).run(Self.caseID(1)) else {
            Issue.record("not updated"); return
        }
        #expect(redone.verdict == .accept)
    }
}

private extension Array where Element == UInt8 {
    func replacingMessageID(with id: String) -> [UInt8] {
        let text = String(decoding: self, as: UTF8.self)
        let line = text.components(separatedBy: "\r\n").first { $0.hasPrefix("Message-ID: ") }!
        return Array(text.replacingOccurrences(of: line, with: "Message-ID: " + id).utf8)
    }
}
