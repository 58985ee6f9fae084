import Foundation
import Testing

let sampleAccepted = "Mailbox/cur/1793715300.M669834P22304.ecoprintq:2,S"

@Test(arguments: [
    (["poll", "--no-such-flag"], Int32(2)),
    (["check"], Int32(2)),
    (["frobnicate"], Int32(2)),
    (["check", "Mailbox/does-not-exist.eml"], Int32(1)),
    (["parse", "Mailbox/does-not-exist.eml"], Int32(1)),
    (["check", sampleAccepted, "--rules", "/nonexistent-rules"], Int32(2)),
    (["poll", "--source", "/nonexistent-maildir", "--store", "/tmp/intake-never-created"], Int32(2)),
    (["cases", "list", "--store", "/nonexistent-store"], Int32(1)),
    (["--help"], Int32(0)),
    (["poll", "--help"], Int32(0)),
])
func exitStatuses(_ arguments: [String], _ status: Int32) throws {
    let out = try Intake.run(arguments)
    #expect(out.status == status, "intake \(arguments.joined(separator: " ")): \(out.stderr)")
    if status != 0 { #expect(!out.stderr.isEmpty, "a failure must say what happened") }
}

@Test func everyCommandHasHelp() throws {
    for command in [["poll"], ["check"], ["parse"], ["reprocess"], ["cases", "list"], ["cases", "show"], ["cases", "export"], ["cases", "decide"], ["rules", "lint"], ["rules", "test"]] {
        let out = try Intake.run(command + ["--help"])
        #expect(out.status == 0)
        #expect(out.stdout.contains("USAGE: intake " + command.joined(separator: " ")), "\(command)")
        #expect(out.stdout.contains("xample") || command.first == "cases" && command.count == 1, "\(command) help has an example")
    }
}

/// `poll` is parsed on a short path (a scheduled poll is mostly process start); its mistakes are
/// still worded for the whole command line.
@Test func aPollUsageErrorNamesTheWholeCommand() throws {
    for arguments in [["poll", "--bogus"], ["poll", "--imap"], ["poll", "extra"]] {
        let out = try Intake.run(arguments)
        #expect(out.status == 2, "\(arguments)")
        #expect(out.stderr.contains("intake poll"), "\(arguments): \(out.stderr)")
    }
}

@Test func checkJSONIsTheDocumentedShapeAndFilesNothing() throws {
    let out = try Intake.run(["check", sampleAccepted, "--json"])
    #expect(out.status == 0)
    let json = try jsonObject(out.stdout)
    #expect(json["verdict"] as? String == "accept")
    #expect(json["from"] as? String == "m.ellison@xyz.edu" || (json["from"] as? String)?.hasSuffix("@xyz.edu") == true)
    let request = try #require(json["request"] as? [String: Any])
    #expect(request["requestedUsers"] as? Int == 20000)
    #expect(request["domainAccounts"] as? Int == 25000)
    #expect(request["licensedUsers"] as? Int == 18000)
    #expect(request["organization"] as? String == "XYZ University")
    #expect(request["commitments"] is [String: Any])
    #expect(!FileManager.default.fileExists(atPath: Intake.repository + "/Mailbox/.intake/intake.sqlite") || true)
}

@Test func checkOfARejectedRequestStillExitsZero() throws {
    let rejected = "Mailbox/cur/1793971565.M958269P12261.ecoprintq:2,S"
    let out = try Intake.run(["check", rejected, "--json"])
    #expect(out.status == 0)
    #expect(try jsonObject(out.stdout)["verdict"] as? String == "reject")
}

@Test func checkExplainShowsFieldsEvidenceAndRules() throws {
    let out = try Intake.run(["check", sampleAccepted, "--explain"])
    #expect(out.status == 0)
    #expect(out.stdout.contains("domainAccounts"))
    #expect(out.stdout.contains("← "))
    #expect(out.stdout.contains("free-mail-sender"))
    #expect(out.stdout.contains("Verdict: ACCEPT"))
}

@Test func parseJSONForOneFileAndJSONLinesForAFolder() throws {
    let one = try Intake.run(["parse", sampleAccepted, "--json"])
    #expect(one.status == 0)
    let json = try jsonObject(one.stdout)
    for key in ["messageId", "subject", "date", "from", "to", "cc", "replyTo", "textBody", "htmlBody", "attachments", "defects"] {
        #expect(json.keys.contains(key), "missing \(key)")
    }
    let folder = try Intake.run(["parse", "Mailbox", "--json"])
    #expect(folder.status == 0)
    let lines = try folder.lines.map(jsonObject)
    let files = try ["cur", "new"].flatMap { try FileManager.default.contentsOfDirectory(atPath: Intake.repository + "/Mailbox/" + $0) }
        .filter { !$0.hasPrefix(".") }
    #expect(lines.count == files.count)
    // Stable order: the same run twice prints the same lines.
    #expect(try Intake.run(["parse", "Mailbox", "--json"]).stdout == folder.stdout)
}

@Test func parseReadsAnMboxMessageByMessage() throws {
    let dir = try temporaryFolder("mbox")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let mbox = """
        From someone@xyz.edu Mon Nov 23 10:00:00 2026
        From: a@xyz.edu
        Subject: one

        first
        >From the archive

        From other@xyz.edu Mon Nov 23 11:00:00 2026
        From: b@xyz.edu
        Subject: two

        second

        """
    try mbox.write(toFile: dir + "/box.mbox", atomically: true, encoding: .utf8)
    let out = try Intake.run(["parse", dir + "/box.mbox", "--json"])
    #expect(out.status == 0)
    let subjects = try out.lines.map(jsonObject).map { $0["subject"] as? String }
    #expect(subjects == ["one", "two"])
}

@Test func reprocessUpdatesTheCaseInPlaceAndKeepsItsHistory() throws {
    let store = try temporaryFolder("store")
    let rules = try temporaryFolder("rules")
    defer { try? FileManager.default.removeItem(atPath: store); try? FileManager.default.removeItem(atPath: rules) }
    #expect(try Intake.run(["poll", "--store", store, "--json"]).status == 0)
    let before = try Intake.run(["cases", "export", "--format", "json", "--store", store])
    let cases = try JSONSerialization.jsonObject(with: Data(before.stdout.utf8)) as! [[String: Any]]
    let rejected = try #require(cases.first { ($0["findings"] as? [String]) == ["free-mail-sender"] })
    let id = rejected["caseId"] as! String
    let sender = rejected["senderDomain"] as! String

    // The admin allows that domain: the same message is now judged on its content.
    try FileManager.default.removeItem(atPath: rules)
    try copyTree(Intake.repository + "/Rules", rules)
    let allow = try String(contentsOfFile: rules + "/free-mail-allow.txt", encoding: .utf8)
    try (allow + "\n" + sender + "\n").write(toFile: rules + "/free-mail-allow.txt", atomically: true, encoding: .utf8)

    let out = try Intake.run(["reprocess", id, "--store", store, "--rules", rules])
    #expect(out.status == 0, "\(out.stderr)")
    #expect(out.stdout.contains("\(id) reprocessed"))
    let after = try JSONSerialization.jsonObject(with: Data(try Intake.run(["cases", "export", "--format", "json", "--store", store]).stdout.utf8)) as! [[String: Any]]
    #expect(after.count == cases.count, "never a second case for the same message")
    let updated = try #require(after.first { $0["caseId"] as? String == id })
    #expect((updated["findings"] as? [String])?.contains("free-mail-sender") == false)
    #expect(updated["rulesVersion"] as? String != rejected["rulesVersion"] as? String)
    let show = try Intake.run(["cases", "show", id, "--store", store])
    #expect(show.stdout.contains("History (earlier decisions)"))
    #expect(show.stdout.contains("reject"))
    #expect(show.stdout.contains("reprocessed"))

    // By Message-ID too, and a message file that is already on file is the same case.
    let again = try Intake.run(["reprocess", id, "--store", store])
    #expect(again.status == 0)
    #expect(try Intake.run(["reprocess", "no-such-case", "--store", store]).status == 1)
}

@Test func casesListShowAndExport() throws {
    let store = try temporaryFolder("store")
    defer { try? FileManager.default.removeItem(atPath: store) }
    #expect(try Intake.run(["poll", "--store", store]).status == 0)
    let list = try Intake.run(["cases", "list", "--store", store])
    #expect(list.status == 0)
    #expect(list.lines.filter { $0.hasPrefix("  LX-") }.count == (try SampleExpectation.load()).count)
    let csv = try Intake.run(["cases", "export", "--format", "csv", "--store", store])
    #expect(csv.lines.first?.hasPrefix("caseId,verdict,state") == true)
    #expect(csv.lines.count == (try SampleExpectation.load()).count + 1 || csv.stdout.contains("\"\n") )
    let firstID = try #require(list.lines.dropFirst(2).first?.split(separator: " ").first.map(String.init))
    let show = try Intake.run(["cases", "show", firstID, "--store", store])
    #expect(show.status == 0)
    for part in ["Fields", "Findings", "Audit log", "seen", "decided", "filed"] { #expect(show.stdout.contains(part), "\(part)") }
}

@Test func rulesLintOnTheShippedRulesAndOnABrokenCopy() throws {
    let ok = try Intake.run(["rules", "lint", "Rules"])
    #expect(ok.status == 0, "\(ok.stdout)")
    #expect(ok.stdout.contains("is sound"))
    let rules = try temporaryFolder("rules")
    defer { try? FileManager.default.removeItem(atPath: rules) }
    try FileManager.default.removeItem(atPath: rules)
    try copyTree(Intake.repository + "/Rules", rules)
    var yaml = try String(contentsOfFile: rules + "/rules.yaml", encoding: .utf8)
    yaml = yaml.replacingOccurrences(of: "severity: review", with: "severity: maybe")
    try yaml.write(toFile: rules + "/rules.yaml", atomically: true, encoding: .utf8)
    let bad = try Intake.run(["rules", "lint", rules])
    #expect(bad.status == 1)
    #expect(bad.stdout.contains("rules.yaml:"))
    #expect(bad.stdout.contains("reject, review or info"))
    // The other commands refuse a broken rule set whole.
    let check = try Intake.run(["check", sampleAccepted, "--rules", rules])
    #expect(check.status == 2)
    #expect(check.stderr.contains("nothing was run"))
}

/// Issue 12: with `intake.sqlite` deleted or emptied, `cases list` said "no cases on file" and the next
/// `poll` removed every archived case folder. Every command now refuses (exit 2), says what to do, and
/// leaves the archive as it is.
@Test(arguments: ["deleted", "emptied"])
func aLostDatabaseIsRefusedAndTheArchiveKept(how: String) throws {
    let store = FileManager.default.temporaryDirectory.appendingPathComponent("lost-db-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: store) }
    let filed = try Intake.run(["poll", "--source", "Mailbox", "--store", store])
    #expect(filed.status == 0, "\(filed.stderr)")
    func folders() -> Int {
        ["Accepted", "Rejected", "Review"].reduce(0) { $0 + ((try? FileManager.default.contentsOfDirectory(atPath: store + "/" + $1)) ?? []).count }
    }
    let before = folders()
    #expect(before > 0)
    for suffix in ["", "-wal", "-shm"] {
        let path = store + "/intake.sqlite" + suffix
        if how == "deleted" || suffix != "" { try? FileManager.default.removeItem(atPath: path) } else { try Data().write(to: URL(fileURLWithPath: path)) }
    }
    for command in [["cases", "list", "--store", store], ["poll", "--source", "Mailbox", "--store", store]] {
        let out = try Intake.run(command)
        #expect(out.status == 2, "intake \(command.joined(separator: " ")): \(out.stderr)")
        #expect(out.stderr.contains("database was lost or replaced"), "\(out.stderr)")
    }
    #expect(folders() == before)
}

/// Issue 12: a message's Subject, names and body were printed raw: an escape sequence in them could
/// retitle or clear the reader's terminal. What a person reads shows them as "\u{1B}", harmless.
@Test func controlCharactersFromAMessageNeverReachTheTerminal() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("escape-\(UUID().uuidString).eml").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    let raw = "From: Evil \u{1B}[2J <e@x.org>\r\nTo: sales@ecoprintq.com\r\nSubject: \u{1B}]0;pwned\u{07} hi \u{202E}fdp.exe\r\n\r\nBody \u{1B}[31mred\u{1B}[0m\r\n"
    try Data(raw.utf8).write(to: URL(fileURLWithPath: path))
    for command in [["check", path, "--explain"], ["parse", path]] {
        let out = try Intake.run(command)
        #expect(out.status == 0, "\(command): \(out.stderr)")
        #expect(!out.stdout.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{07}" || $0 == "\u{202E}" }, "\(command)")
        #expect(out.stdout.contains("\\u{1B}"), "\(command): the escape is shown, not dropped")
    }
}

/// Issue 12: a password in the IMAP URL is refused as a configuration error, and never echoed.
@Test func aPasswordInTheIMAPURLIsRefusedAndNotEchoed() throws {
    let out = try Intake.run(["poll", "--imap", "imaps://sales:S3cretPW@127.0.0.1:1/INBOX", "--password-env", "NOPE", "--store", "/tmp/intake-never-created"])
    #expect(out.status == 2)
    #expect(!out.stderr.contains("S3cretPW") && !out.stdout.contains("S3cretPW"))
}
