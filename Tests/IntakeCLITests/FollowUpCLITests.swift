import Foundation
import Testing

/// A correction naming its case in the subject joins it through `intake poll`: the poll line says
/// `joined`, every JSON shape meets the schema, `cases show` lists both messages, and `store check` and
/// `store rebuild` keep the join (the request/correction pair of Tests/PipelineTests/FollowUps).
@Test func aCorrectionJoinsItsCaseThroughTheCommandLine() throws {
    let root = try temporaryFolder("follow-up-cli")
    defer { try? FileManager.default.removeItem(atPath: root) }
    let maildir = root + "/mail", store = root + "/store"
    for sub in ["cur", "new", "tmp"] { try FileManager.default.createDirectory(atPath: maildir + "/" + sub, withIntermediateDirectories: true) }
    let fixtures = Intake.repository + "/Tests/PipelineTests/FollowUps/"
    try FileManager.default.copyItem(atPath: fixtures + "es-request.eml", toPath: maildir + "/cur/1700000001.M1P1.fu:2,S")
    let first = try Intake.run(["poll", "--source", maildir, "--store", store, "--json"])
    #expect(first.status == 0, "\(first.stderr)")
    let line = try #require(first.lines.first)
    let id = try #require(try jsonObject(line)["caseId"] as? String)
    #expect(try jsonObject(first.lines[0])["folder"] as? String == "Rejected")

    var correction = try String(contentsOfFile: fixtures + "es-correction.eml", encoding: .utf8)
    correction = correction.replacingOccurrences(of: "{{SUBJECT}}", with: "Re: Solicitud [\(id)]").replacingOccurrences(of: "{{THREAD}}\r\n", with: "")
    try Data(correction.utf8).write(to: URL(fileURLWithPath: maildir + "/cur/1700000002.M2P1.fu:2,S"))
    let second = try Intake.run(["poll", "--source", maildir, "--store", store, "--json"])
    #expect(second.status == 0, "\(second.stderr)")
    try expectValid(second.stdout, as: "pollLine", lines: true, what: "poll --json")
    let joined = try jsonObject(try #require(second.lines.last))
    #expect(joined["status"] as? String == "joined")
    #expect(joined["caseId"] as? String == id)
    #expect(joined["folder"] as? String == "Accepted")

    let record = store + "/Accepted/\(id)/request.json"
    try expectValid(try String(contentsOfFile: record, encoding: .utf8), as: "filedRecord", what: "request.json")
    let show = try Intake.run(["cases", "show", id, "--json", "--store", store])
    try expectValid(show.stdout, as: "caseShow", what: "cases show --json")
    #expect((try jsonObject(show.stdout)["messages"] as? [[String: Any]])?.compactMap { $0["role"] as? String } == ["original", "follow-up"])
    let text = try Intake.run(["cases", "show", id, "--store", store])
    #expect(text.stdout.contains("Messages (the request, then each follow-up that joined it)"), "\(text.stdout)")
    #expect(text.stdout.contains("follow-up"))
    #expect(try Intake.run(["store", "check", "--store", store]).status == 0)

    // Rebuilt from the archive: the join is back, and the correction is on file once.
    let rebuilt = try Intake.run(["store", "rebuild", "--replace-database", "--store", store])
    #expect(rebuilt.status == 0, "\(rebuilt.stdout)\(rebuilt.stderr)")
    let again = try Intake.run(["cases", "show", id, "--json", "--store", store])
    #expect((try jsonObject(again.stdout)["messages"] as? [Any])?.count == 2)
    let third = try Intake.run(["poll", "--source", maildir, "--store", store, "--json"])
    #expect(third.lines.allSatisfy { (try? jsonObject($0)["status"] as? String) == "already-on-file" }, "\(third.stdout)")
}
