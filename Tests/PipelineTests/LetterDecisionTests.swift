import Extraction
import Filing
import Foundation
import LetterSamples
import Letters
import MailSources
import RuleEngine
import Testing
@testable import Pipeline

/// Issue 14: a letter attached as a PDF (or a scan, or a document) is decided like any email.
@Suite struct LetterDecisionTests {
    static let decider: Decider = {
        do { return try Decider(rulesDirectory: repository + "/Rules") } catch { fatalError("\(error)") }
    }()

    static let letterLines = [
        "Harwick College", "Information Services", "",
        "Dear EcoPrintQ,", "",
        "Harwick College requests a license exception for PaperCut MF. Our domain contains",
        "6,000 accounts; we are licensed for 3,000 users and ask that the exception cover 4,000.",
        "The remaining accounts belong to alumni, who do not print.", "",
        "We will ensure that the active user count remains below our 4,000 user limit and will",
        "notify PaperCut Software if it is exceeded.", "",
        "Yours faithfully,", "", "Alice Morgan", "Director of IT",
    ]

    /// A mail from `from` with a one-line body (or `body`) and the letter attached as a PDF (or as `type`).
    func mail(from: String, body: String = "Please find our signed request attached.\n\nAlice Morgan",
              letter: [UInt8] = SamplePDF.make(pages: [letterLines]), name: String = "request.pdf", type: String = "application/pdf") -> [UInt8] {
        let b64 = Data(letter).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return Array("""
            From: Alice Morgan <\(from)>\r
            To: sales@ecoprintq.com\r
            Subject: License exception request\r
            Message-ID: <letter-\(from)@test>\r
            Date: Tue, 1 Dec 2026 10:00:00 +0000\r
            MIME-Version: 1.0\r
            Content-Type: multipart/mixed; boundary="b1"\r
            \r
            --b1\r
            Content-Type: text/plain; charset=utf-8\r
            \r
            \(body.replacingOccurrences(of: "\n", with: "\r\n"))\r
            --b1\r
            Content-Type: \(type); name="\(name)"\r
            Content-Disposition: attachment; filename="\(name)"\r
            Content-Transfer-Encoding: base64\r
            \r
            \(b64)\r
            --b1--\r

            """.utf8)
    }

    @Test func aLetterOnlyRequestIsReadAndAcceptedWithEvidenceNamingItsPage() {
        let d = Self.decider.decide(mail(from: "alice.morgan@harwick.ac.uk"))
        #expect(d.verdict == .accept, "\(d.findings.map(\.rule))")
        #expect(d.extraction.fields.domainAccounts == 6000)
        #expect(d.extraction.fields.requestedUsers == 4000)
        #expect(d.extraction.fields.organization == "Harwick College")
        #expect(d.extraction.evidence["domainAccounts"]?.source == "attachment request.pdf, page 1")
    }

    @Test func withoutReadingTheLetterItWouldNeedAPerson() {
        var decider = Self.decider
        decider.letters = nil
        let d = decider.decide(mail(from: "alice.morgan@harwick.ac.uk"))
        #expect(d.findings.map(\.rule) == ["letter-needs-reading"])
    }

    @Test func aCompleteLetterFromFreeMailGoesToReviewNotReject() {
        let d = Self.decider.decide(mail(from: "alice.morgan1970@gmail.com"))
        #expect(d.verdict == .review)
        #expect(d.findings.map(\.rule) == ["free-mail-letter"])
        #expect(d.findings.first?.message.contains("Harwick College") == true)
    }

    @Test func aLetterNamingAnotherOrganizationThanTheSendersDomainGoesToReview() {
        let d = Self.decider.decide(mail(from: "it@northfield-logistics.com"))
        #expect(d.findings.map(\.rule) == ["letter-organization-mismatch"])
        #expect(d.findings.first?.message.contains("Harwick College") == true)
    }

    @Test func bodyAndLetterDisagreeingOnACountGoesToReviewWithBothValues() {
        let body = """
            Dear Sales Team,

            Our domain contains 6,500 accounts; we are licensed for 3,000 users and ask you to cover 4,000.
            The signed letter is attached.

            Alice Morgan
            Director of IT, Harwick College
            """
        let d = Self.decider.decide(mail(from: "alice.morgan@harwick.ac.uk", body: body))
        #expect(d.findings.map(\.rule) == ["letter-counts-differ"])
        let message = d.findings.first?.message ?? ""
        #expect(message.contains("6500 in the body"))
        #expect(message.contains("6000 in attachment request.pdf, page 1"))
    }

    @Test func anUnreadableLetterIsAFindingAndTheMessageIsStillDecided() {
        let d = Self.decider.decide(mail(from: "alice.morgan@harwick.ac.uk", letter: SamplePDF.encrypted(), name: "locked.pdf"))
        // Nothing could be read: a person reads it, and the reason is kept.
        #expect(d.findings.map(\.rule) == ["letter-needs-reading"])
        let outcome = d.evaluation.outcomes.first { $0.rule.id == "letter-unreadable" }
        #expect(outcome?.fired == true)
        #expect(outcome?.why.contains("encrypted") == true)
    }

    /// The policy page's education request as a Word 97 letter under a one-line mail gives the fields its
    /// own mail's body gives (Rules/tests/policy-example-education-verbatim.eml), read from the letter.
    @Test func aWordDocLetterIsReadLikeTheBody() throws {
        let bodyMail = try #require(FileManager.default.contents(atPath: repository + "/Rules/tests/policy-example-education-verbatim.eml"))
        let body = Self.decider.decide(Array(bodyMail))
        #expect(body.verdict == .accept)
        let d = Self.decider.decide(mail(from: "jparker@xyz.edu", body: "Please find our signed request attached.\n\nJohn Parker",
                                         letter: SampleDoc.educationRequest(), name: "request.doc", type: "application/msword"))
        #expect(d.verdict == .accept, "\(d.findings.map(\.rule))")
        let (f, expected) = (d.extraction.fields, body.extraction.fields)
        #expect(f.organization == "XYZ University" && f.organization == expected.organization)
        #expect(f.domainAccounts == 25000 && f.domainAccounts == expected.domainAccounts)
        #expect(f.licensedUsers == 18000 && f.licensedUsers == expected.licensedUsers)
        #expect(f.requestedUsers == 20000 && f.requestedUsers == expected.requestedUsers)
        #expect(f.requesterName == expected.requesterName)
        #expect(f.requesterTitle == "IT Manager" && f.requesterTitle == expected.requesterTitle)
        #expect(f.reason == expected.reason)
        #expect(f.commitments == expected.commitments)
        #expect(d.extraction.evidence["domainAccounts"]?.source == "attachment request.doc, page 1")
    }

    /// A damaged Word file is a finding with antiword's reason, and the message is decided on the rest and filed.
    @Test func aDamagedWordDocIsLetterUnreadableAndTheMessageIsStillFiled() throws {
        let damaged = mail(from: "jparker@xyz.edu", letter: Array(SampleDoc.educationRequest().prefix(3000)), name: "request.doc", type: "application/msword")
        let d = Self.decider.decide(damaged)
        let outcome = d.evaluation.outcomes.first { $0.rule.id == "letter-unreadable" }
        #expect(outcome?.fired == true)
        #expect(outcome?.why.contains("antiword could not read it as a Word document") == true, "\(outcome?.why ?? "")")
        let storeDir = try temporaryFolder("store")
        let dir = try makeMaildir([("new/1700000003.M3P1.host", String(decoding: damaged, as: UTF8.self))])
        defer { for d in [dir, storeDir] { try? FileManager.default.removeItem(atPath: d) } }
        let filed = try Poller(decider: Self.decider, store: try CaseStore(directory: storeDir)).run(try MaildirSource(directory: dir)).filed
        #expect(filed.count == 1)
    }

    @Test func aPollFilesEveryMessageWhateverItsLetterAndCachesWhatWasRead() throws {
        let storeDir = try temporaryFolder("store")
        let dir = try makeMaildir([
            ("new/1700000001.M1P1.host", String(decoding: mail(from: "a@harwick.ac.uk", letter: SamplePDF.manyPages(200_000), name: "huge.pdf"), as: UTF8.self)),
            ("new/1700000002.M2P1.host", String(decoding: mail(from: "alice.morgan@harwick.ac.uk"), as: UTF8.self)),
        ])
        defer { for d in [dir, storeDir] { try? FileManager.default.removeItem(atPath: d) } }
        let store = try CaseStore(directory: storeDir)
        let filed = try Poller(decider: Self.decider, store: store).run(try MaildirSource(directory: dir)).filed
        #expect(filed.count == 2)
        let pdf = SamplePDF.make(pages: [Self.letterLines])
        let cached = store.cachedLetter(sha256: CaseStore.sha256(pdf), readerVersion: LetterReader.version)
        #expect(cached?.pages.first?.text.contains("Harwick College") == true)
    }
}
