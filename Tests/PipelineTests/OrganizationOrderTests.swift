import Extraction
@testable import Filing
import Foundation
import MailSources
import RuleEngine
import Testing
@testable import Pipeline

/// Issue 13: one organization is one registrable domain, a later request never changes an earlier
/// case's verdict, and a database that cannot say what is on file stops the filing instead of guessing.
@Suite struct OrganizationOrderTests {
    /// The good request, from another address of the same university (or another one), its own Message-ID.
    func request(from address: String, id: String) -> String {
        goodRequest.replacingOccurrences(of: "parker@xyz.edu", with: address).replacingOccurrences(of: "<req-1@xyz.edu>", with: "<\(id)>")
    }

    func rules(_ record: CaseRecord?) -> [String] { record?.findings.map(\.rule) ?? ["(no case)"] }

    @Test func reprocessingTheFirstRequestIgnoresALaterOne() throws {
        let storeDir = try temporaryFolder("store")
        let dir = try makeMaildir([
            ("new/1700000001.M1P1.host", request(from: "parker@xyz.edu", id: "a@xyz.edu")),
            ("new/1700000002.M2P1.host", request(from: "registrar@admin.xyz.edu", id: "b@xyz.edu")),
        ])
        defer { for d in [dir, storeDir] { try? FileManager.default.removeItem(atPath: d) } }
        let store = try CaseStore(directory: storeDir)
        let decider = try Decider(rulesDirectory: repository + "/Rules")
        let filed = try Poller(decider: decider, store: store).run(try MaildirSource(directory: dir)).filed
        try #require(filed.count == 2)
        let (a, b) = (filed[0], filed[1])
        #expect(a.verdict == .accept && rules(a) == [])
        #expect(b.verdict == .review && rules(b) == ["duplicate-request"])

        let reprocessor = Reprocessor(decider: decider, store: store)
        guard case .updated(_, let againA) = try reprocessor.run(a.id), case .updated(_, let againB) = try reprocessor.run(b.id) else {
            Issue.record("reprocessing filed new cases")
            return
        }
        #expect(againA.verdict == .accept, "the later request \(b.id) changed \(a.id)'s verdict: \(rules(againA))")
        #expect(rules(againA) == [])
        #expect(againB.verdict == .review && rules(againB) == ["duplicate-request"])
    }

    @Test func aDuplicateFromASiblingSubdomainIsFound() throws {
        let storeDir = try temporaryFolder("store")
        let dir = try makeMaildir([
            ("new/1700000001.M1P1.host", request(from: "parker@cs.stateuni.edu", id: "a@stateuni.edu")),
            ("new/1700000002.M2P1.host", request(from: "registrar@admin.stateuni.edu", id: "b@stateuni.edu")),
            ("new/1700000003.M3P1.host", request(from: "alice@alice.github.io", id: "c@github.io")),
            ("new/1700000004.M4P1.host", request(from: "bob@bob.github.io", id: "d@github.io")),
        ])
        defer { for d in [dir, storeDir] { try? FileManager.default.removeItem(atPath: d) } }
        let store = try CaseStore(directory: storeDir)
        let filed = try Poller(decider: try Decider(rulesDirectory: repository + "/Rules"), store: store).run(try MaildirSource(directory: dir)).filed
        #expect(filed.map { rules($0) } == [[], ["duplicate-request"], [], []])
    }

    @Test func aDatabaseFailureOnTheOnFileQuestionFilesNothing() throws {
        let storeDir = try temporaryFolder("store")
        let dir = try makeMaildir([("new/1700000001.M1P1.host", request(from: "parker@cs.stateuni.edu", id: "a@stateuni.edu"))])
        defer { for d in [dir, storeDir] { try? FileManager.default.removeItem(atPath: d) } }
        let store = try CaseStore(directory: storeDir)
        let poller = Poller(decider: try Decider(rulesDirectory: repository + "/Rules"), store: store)
        #expect(try poller.run(try MaildirSource(directory: dir)).filed.count == 1)

        // The next request from the university arrives while the store cannot answer "already on file?".
        let later = dir + "/new/1700000002.M2P1.host"
        try Data(request(from: "registrar@admin.stateuni.edu", id: "b@stateuni.edu").utf8).write(to: URL(fileURLWithPath: later))
        try store.db.write { try $0.execute(sql: "DROP INDEX case_organization; ALTER TABLE \"case\" RENAME COLUMN organization_domain TO lost") }
        #expect {
            try poller.run(try MaildirSource(directory: dir))
        } throws: { error in
            // The on-file question itself failed (not the filing after it).
            guard case PipelineError.storeFailed(.database(_, let reason)) = error else { return false }
            return reason.contains("no such column: organization_domain") && reason.contains("SELECT id FROM \"case\" WHERE organization_domain")
        }
        #expect(try store.allCases().count == 1, "filed without knowing whether the organization was on file")
        #expect(FileManager.default.fileExists(atPath: later))

        // Once the store answers again, the message is filed, and filed right.
        try store.db.write { try $0.execute(sql: "ALTER TABLE \"case\" RENAME COLUMN lost TO organization_domain") }
        let filed = try poller.run(try MaildirSource(directory: dir)).filed
        #expect(filed.count == 1 && rules(filed.first) == ["duplicate-request"])
    }

    /// A Maildir folder that is there but cannot be listed stops the pass with a typed error; its
    /// messages never pass for none. (`cur` a file stands in for an unreadable folder: tests run as root.)
    @Test func aMaildirFolderThatCannotBeListedStopsThePass() throws {
        let dir = try makeMaildir([("new/1700000001.M1P1.host", goodRequest)])
        let storeDir = try temporaryFolder("store")
        defer { for d in [dir, storeDir] { try? FileManager.default.removeItem(atPath: d) } }
        try FileManager.default.removeItem(atPath: dir + "/cur")
        try Data("not a folder".utf8).write(to: URL(fileURLWithPath: dir + "/cur"))
        let poller = Poller(decider: try Decider(rulesDirectory: repository + "/Rules"), store: try CaseStore(directory: storeDir))
        #expect {
            try poller.run(try MaildirSource(directory: dir))
        } throws: { error in
            guard case PipelineError.source(let failure) = error else { return false }
            return failure.description.contains(dir + "/cur")
        }
    }
}
