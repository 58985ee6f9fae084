import Extraction
import Foundation
import Testing
@testable import Filing
import RuleEngine

/// Issue 13: "already on file" asks for one organization (the registrable domain), in filing order,
/// and a database that cannot answer says so instead of answering "no".
@Suite struct OrganizationOnFileTests {
    @Test func siblingSubdomainsAreFoundAsOneOrganization() throws {
        let (store, dir) = try temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try store.file(submission("a", sourceID: "a", domain: "cs.stateuni.edu"))
        #expect(try store.isOrganizationOnFile(organization("admin.stateuni.edu")))
        #expect(try store.isOrganizationOnFile(organization("STATEUNI.EDU.")))
        #expect(try !store.isOrganizationOnFile(organization("otheruni.edu")))
        _ = try store.file(submission("b", sourceID: "b", domain: "alice.github.io"))
        #expect(try store.isOrganizationOnFile(organization("www.alice.github.io")))
        #expect(try !store.isOrganizationOnFile(organization("bob.github.io")))
        #expect(try !store.isOrganizationOnFile(organization("github.io")))
        // Staged, not yet committed: it counts already.
        _ = try store.stage(submission("c", sourceID: "c", domain: "mail.xn--bcher-kva.de"))
        #expect(try store.isOrganizationOnFile(organization("bücher.de")))
        try store.commitStaged()
        #expect(try store.isOrganizationOnFile(organization("BÜCHER.de")))
    }

    @Test func onlyCasesFiledBeforeACaseCountForIt() throws {
        let (store, dir) = try temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let first = try store.file(submission("a", sourceID: "a", domain: "cs.stateuni.edu"))
        let second = try store.file(submission("b", sourceID: "b", domain: "admin.stateuni.edu"))
        let third = try store.file(submission("c", sourceID: "c", domain: "stateuni.edu"))
        let uni = organization("stateuni.edu")
        #expect(try !store.isOrganizationOnFile(uni, filedBefore: first.id))
        #expect(try store.isOrganizationOnFile(uni, filedBefore: second.id))
        #expect(try store.isOrganizationOnFile(uni, filedBefore: third.id))
        // A case staged after them is later than every case on file.
        _ = try store.stage(submission("d", sourceID: "d", domain: "x.stateuni.edu"))
        #expect(try !store.isOrganizationOnFile(uni, filedBefore: first.id))
        store.discardStaged()
    }

    @Test func aDatabaseThatCannotAnswerIsAnErrorNotANo() throws {
        let (store, dir) = try temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try store.file(submission("a", sourceID: "a", domain: "cs.stateuni.edu"))
        try store.db.write { try $0.execute(sql: "DROP INDEX case_organization; ALTER TABLE \"case\" RENAME COLUMN organization_domain TO lost") }
        #expect {
            try store.isOrganizationOnFile(organization("admin.stateuni.edu"))
        } throws: { error in
            guard case FilingError.database(_, let reason) = error else { return false }
            return reason.contains("organization_domain")
        }
    }

    /// The other questions a filing asks (the same message come back by Message-ID, where its case
    /// is, how often a run died on it, where the mailbox was) answer with an error too, never "no".
    @Test func theOtherFilingQuestionsThrowRatherThanAnswerNo() throws {
        let (store, dir) = try temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try store.file(submission("a", sourceID: "a", domain: "xyz.edu"))
        try store.db.write { db in
            try db.execute(sql: "ALTER TABLE message RENAME TO message_lost; ALTER TABLE attempt RENAME TO attempt_lost; ALTER TABLE source_state RENAME TO source_state_lost")
        }
        #expect(throws: FilingError.self) { try store.isMessageIDOnFile("<a@x>", source: "test") }
        #expect(throws: FilingError.self) { try store.folderOfKnownMessage(messageID: "<a@x>", source: "test") }
        #expect(throws: FilingError.self) { try store.folderOfKnownMessage(sha256: "0", source: "test", sourceID: "a") }
        #expect(throws: FilingError.self) { try store.attemptCount(source: "test", sourceID: "b") }
        #expect(throws: FilingError.self) { try store.forgetAttempts(source: "test", sourceID: "b") }
        #expect(throws: FilingError.self) { try store.sourceState("imap") }
    }

    /// A store from before organizations were stored: the migration computes them from each case's sender.
    @Test func theMigrationFillsTheOrganizationsOfCasesAlreadyOnFile() throws {
        let (store, dir) = try temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try store.file(submission("a", sourceID: "a", domain: "cs.stateuni.edu"))
        // Back to the schema before v3, the case still on file.
        try store.db.write { db in
            try db.execute(sql: """
                DROP INDEX case_organization; ALTER TABLE "case" DROP COLUMN organization_domain; DROP TABLE organization_list;
                DELETE FROM grdb_migrations WHERE identifier = 'v3 organization of each case'
                """)
        }
        let reopened = try CaseStore(directory: dir)
        #expect(try reopened.isOrganizationOnFile(organization("admin.stateuni.edu")))
    }

    /// A newer Public Suffix List (a system update) computes the stored organizations again.
    @Test func aChangedSuffixListComputesTheOrganizationsAgain() throws {
        let (store, dir) = try temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try store.file(submission("a", sourceID: "a", domain: "cs.stateuni.edu"))
        try store.db.write { db in
            try db.execute(sql: "UPDATE \"case\" SET organization_domain = 'cs.stateuni.edu'; UPDATE organization_list SET version = 'an older list'")
        }
        let reopened = try CaseStore(directory: dir)
        #expect(try reopened.isOrganizationOnFile(organization("admin.stateuni.edu")))
    }

    /// `store rebuild` makes the database from the archive: the organizations are in it.
    @Test func aRebuiltDatabaseKnowsEachCasesOrganization() throws {
        let (store, dir) = try temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var s = submission("From: parker@cs.stateuni.edu\r\n\r\nx", sourceID: "a", domain: "cs.stateuni.edu")
        s.record = Array("{\"from\":\"parker@cs.stateuni.edu\",\"verdict\":\"accept\",\"request\":null,\"findings\":[]}".utf8)
        _ = try store.file(s)
        _ = try CaseStore.rebuild(directory: dir, replacing: true)
        let rebuilt = try CaseStore(directory: dir)
        #expect(try rebuilt.allCases().count == 1)
        #expect(try rebuilt.isOrganizationOnFile(organization("admin.stateuni.edu")))
    }
}
