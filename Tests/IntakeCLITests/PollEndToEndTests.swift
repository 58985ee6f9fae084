import Filing
import Foundation
import Testing
import Yams

/// The sample Mailbox and the verdicts it must get (Tests/IntakeCLITests/Fixtures/mailbox-verdicts.yaml).
struct SampleExpectation {
    var file: String
    var verdict: String
    var findings: Set<String>
    var sourceID: String { String((file.split(separator: "/").last ?? "").split(separator: ":").first ?? "") }

    static func load() throws -> [SampleExpectation] {
        let path = Intake.repository + "/Tests/IntakeCLITests/Fixtures/mailbox-verdicts.yaml"
        let root = try Yams.load(yaml: String(contentsOfFile: path, encoding: .utf8)) as? [String: Any]
        let samples = root?["samples"] as? [[String: Any]] ?? []
        return samples.map {
            SampleExpectation(file: $0["file"] as! String, verdict: $0["verdict"] as! String,
                              findings: Set(($0["findings"] as? [String]) ?? []))
        }
    }
}

@Test func pollFilesEverySampleWithItsExpectedVerdictThenNothingNew() throws {
    let store = try temporaryFolder("store")
    defer { try? FileManager.default.removeItem(atPath: store) }
    let expected = try SampleExpectation.load()
    #expect(expected.count >= 14)

    let first = try Intake.run(["poll", "--store", store, "--json"])
    #expect(first.status == 0, "\(first.stderr)")
    let lines = try first.lines.map(jsonObject)
    #expect(lines.count == expected.count)
    var bySource: [String: [String: Any]] = [:]
    for line in lines { bySource[line["sourceId"] as? String ?? ""] = line }
    for e in expected {
        let line = try #require(bySource[e.sourceID], "no result for \(e.file)")
        #expect(line["status"] as? String == "filed")
        let result = line["result"] as? [String: Any]
        let findings = Set(((result?["findings"] as? [[String: Any]]) ?? []).compactMap { $0["rule"] as? String })
        #expect(result?["verdict"] as? String == e.verdict, "\(e.file)")
        #expect(findings == e.findings, "\(e.file)")
        let folder = ["accept": "Accepted", "reject": "Rejected", "review": "Review"][e.verdict]!
        #expect(line["folder"] as? String == folder)
        let caseID = line["caseId"] as! String
        let archived = FileManager.default.contents(atPath: "\(store)/\(folder)/\(caseID)/message.eml")
        #expect(archived == FileManager.default.contents(atPath: Intake.repository + "/Mailbox/" + e.file), "raw bytes kept unchanged")
    }

    let second = try Intake.run(["poll", "--store", store])
    #expect(second.status == 0)
    #expect(second.stdout.contains("nothing new"), "\(second.stdout)")
    let secondJSON = try Intake.run(["poll", "--store", store, "--json"])
    #expect(try secondJSON.lines.map(jsonObject).allSatisfy { $0["status"] as? String == "already-on-file" })
}

@Test func pollPrintsATableForPeople() throws {
    let store = try temporaryFolder("store")
    defer { try? FileManager.default.removeItem(atPath: store) }
    let out = try Intake.run(["poll", "--store", store])
    #expect(out.status == 0)
    let expected = try SampleExpectation.load()
    let head = try #require(out.lines.first)
    let accepted = expected.filter { $0.verdict == "accept" }.count
    let rejected = expected.filter { $0.verdict == "reject" }.count
    let review = expected.filter { $0.verdict == "review" }.count
    #expect(head == "intake: \(expected.count) messages · \(accepted) accepted · \(rejected) rejected · \(review) to review  (filed in \(store))")
    #expect(out.lines.count == expected.count + 1)
    #expect(out.lines.dropFirst().allSatisfy { $0.hasPrefix("  LX-") })
    #expect(out.lines.contains { $0.contains("accepted") && $0.contains("XYZ University (xyz.edu)") && $0.contains("20,000 of 25,000 accounts") })
    #expect(out.lines.contains { $0.contains("rejected") && $0.contains("free-mail-sender: ") })
}

@Test func aSecondPollOnTheSameStoreExitsAtOnce() throws {
    let store = try temporaryFolder("store")
    defer { try? FileManager.default.removeItem(atPath: store) }
    let held = try CaseStore(directory: store).lock()
    defer { held.release() }
    let out = try Intake.run(["poll", "--store", store])
    #expect(out.status == 1)
    #expect(out.stderr.contains("another intake run is using the store"), "\(out.stderr)")
    #expect(try CaseStore(directory: store).allCases().isEmpty)
}

@Test func theSampleMailboxIsNeverModified() throws {
    let store = try temporaryFolder("store")
    defer { try? FileManager.default.removeItem(atPath: store) }
    func snapshot() throws -> [String: Data] {
        var out: [String: Data] = [:]
        for sub in ["cur", "new"] {
            for name in try FileManager.default.contentsOfDirectory(atPath: Intake.repository + "/Mailbox/" + sub) {
                out[sub + "/" + name] = FileManager.default.contents(atPath: Intake.repository + "/Mailbox/" + sub + "/" + name)
            }
        }
        return out
    }
    let before = try snapshot()
    _ = try Intake.run(["poll", "--store", store])
    #expect(try snapshot() == before)
}
