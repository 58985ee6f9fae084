import Foundation
import Testing

/// Issue 13: a Reply-To on a sibling subdomain of the sender's university is the same organization
/// (`cs.stateuni.edu` / `admin.stateuni.edu`); another site on a shared suffix (`github.io`) is not.
@Test func checkTreatsASiblingSubdomainReplyToAsTheSameOrganization() throws {
    let dir = try temporaryFolder("reply-to")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let sample = try String(contentsOfFile: Intake.repository + "/" + sampleAccepted, encoding: .utf8)
    let sender = try #require(sample.split(whereSeparator: \.isNewline).first { $0.hasPrefix("From:") })
    func check(from: String, replyTo: String) throws -> [String: Any] {
        let path = dir + "/\(replyTo).eml"
        let text = sample.replacingOccurrences(of: String(sender), with: "From: Maria Ellison <m.ellison@\(from)>\r\nReply-To: <it-office@\(replyTo)>")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let out = try Intake.run(["check", path, "--json"])
        #expect(out.status == 0, "\(out.stderr)")
        return try jsonObject(out.stdout)
    }
    let sibling = try check(from: "cs.stateuni.edu", replyTo: "admin.stateuni.edu")
    #expect(sibling["verdict"] as? String == "accept", "\(sibling["findings"] ?? "")")
    let elsewhere = try check(from: "alice.github.io", replyTo: "bob.github.io")
    #expect((elsewhere["findings"] as? [[String: Any]])?.compactMap { $0["rule"] as? String } == ["reply-to-mismatch"])
}
