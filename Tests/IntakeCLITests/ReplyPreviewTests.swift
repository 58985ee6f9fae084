import Foundation
import Testing

/// `check --reply` shows the reply a message would get, from the rules' templates, sending nothing;
/// `--raw` is the whole message; a template with an unknown name fails `rules lint` with file:line.
@Test func checkReplyPreviewsTheReplyAndLintChecksTemplates() throws {
    let out = try Intake.run(["check", "Rules/tests/incomplete-missing-commitment-es.eml", "--reply", "--case-id", "LX-2026-0042"])
    #expect(out.status == 0, "\(out.stderr)")
    #expect(out.stdout.contains("Subject:  Re: Solicitud de excepción de licencia [LX-2026-0042]"))
    #expect(out.stdout.contains("Kind:     rejected (es)"))
    #expect(out.stdout.contains("  - su compromiso de mantener el número de usuarios activos por debajo del límite"))
    let raw = try Intake.run(["check", "Rules/tests/incomplete-missing-commitment-es.eml", "--reply", "--raw"])
    #expect(raw.status == 0)
    #expect(raw.stdout.contains("Auto-Submitted: auto-replied\r\n"))
    #expect(raw.stdout.contains("In-Reply-To: <afad6a0a-30d1-6c29-ec78-d11065cd28fb@csmvaldeluna.es>\r\n"))
    #expect(try Intake.run(["check", "Rules/tests/incomplete-missing-commitment-es.eml", "--raw"]).status == 2)
    #expect(try Intake.run(["check", "Rules/tests/incomplete-missing-commitment-es.eml", "--reply", "--case-id", "42"]).status == 2)

    let rules = FileManager.default.temporaryDirectory.appendingPathComponent("rules-replies-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: rules) }
    try FileManager.default.createDirectory(atPath: rules, withIntermediateDirectories: true)
    for name in try FileManager.default.contentsOfDirectory(atPath: Intake.repository + "/Rules") where name != "tests" && name != "heldout" {
        try FileManager.default.copyItem(atPath: Intake.repository + "/Rules/" + name, toPath: rules + "/" + name)
    }
    #expect(try Intake.run(["rules", "lint", rules]).status == 0)
    try "Hello {{organisation}}\n".write(toFile: rules + "/replies/accepted.pt.mustache", atomically: true, encoding: .utf8)
    let lint = try Intake.run(["rules", "lint", rules])
    #expect(lint.status == 1)
    #expect(lint.stdout.contains("replies/accepted.pt.mustache:1: unknown name {{organisation}}"), "\(lint.stdout)")
    #expect(lint.stdout.contains("did you mean {{organization}}"))
}
