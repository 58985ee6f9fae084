import Foundation
import Glibc
import Testing

/// `intake parse` works one message at a time: read, parsed, printed, let go.

/// Peak memory (ru_maxrss, MB) of one `intake` run, its output thrown away. wait4 reports this
/// child alone, whatever else the test process runs meanwhile.
private func peakMegabytes(_ arguments: [String]) throws -> (status: Int32, peak: Double) {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let argv = ([Intake.binary] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid = pid_t()
    let spawned = posix_spawn(&pid, Intake.binary, &actions, nil, argv, environ)
    guard spawned == 0 else { throw TestSetupError("cannot start \(Intake.binary): errno \(spawned)") }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
    return ((status >> 8) & 0xFF, Double(usage.ru_maxrss) / 1024)
}

@Test func parseOfAFolderHoldsOneMessageAtATime() throws {
    let dir = try temporaryFolder("parse-stream")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    // A 3 MB message (its attachment passed as 8bit, so the debug build is quick), then the same
    // file 24 times over as hard links: 72 MB that a reader holding the folder keeps at once.
    let attachment = String(repeating: "binary-ish attachment line of a scanned letter, 8bit encoded\r\n", count: 48_000)
    let message = "From: a@xyz.edu\r\nSubject: big\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
        + "--b\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n--b\r\nContent-Type: application/octet-stream\r\n"
        + "Content-Disposition: attachment; filename=scan.bin\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + attachment + "--b--\r\n"
    try FileManager.default.createDirectory(atPath: dir + "/one", withIntermediateDirectories: true)
    try FileManager.default.createDirectory(atPath: dir + "/many", withIntermediateDirectories: true)
    try message.write(toFile: dir + "/one/0.eml", atomically: false, encoding: .utf8)
    for i in 0..<24 { #expect(link(dir + "/one/0.eml", dir + "/many/\(i).eml") == 0) }

    let one = try peakMegabytes(["parse", dir + "/one", "--json"])
    let many = try peakMegabytes(["parse", dir + "/many", "--json"])
    #expect(one.status == 0 && many.status == 0)
    // Holding every message would add 69 MB and more (their decoded attachments too).
    #expect(many.peak < one.peak + 20, "one message: \(one.peak) MB, 24 of them: \(many.peak) MB")
}

@Test func parseOfAFolderWithOneMessageShowsItAndALinkIsFollowed() throws {
    let dir = try temporaryFolder("parse-one")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try "From: a@xyz.edu\r\nSubject: only one\r\n\r\nbody\r\n".write(toFile: dir + "/m.eml", atomically: false, encoding: .utf8)
    // Without --json a single message is shown for a person, as for a single file.
    let shown = try Intake.run(["parse", dir])
    #expect(shown.status == 0)
    #expect(shown.lines.first == dir + "/m.eml")
    #expect(shown.stdout.contains("  Subject     only one"))
    // A path a person names may be a link (the store never follows one; parse does).
    #expect(symlink(dir + "/m.eml", dir + "/link.eml") == 0)
    let linked = try Intake.run(["parse", dir + "/link.eml", "--json"])
    #expect(linked.status == 0)
    #expect(try jsonObject(linked.stdout)["subject"] as? String == "only one")
    // Two messages in the folder now: JSON Lines, in order, even without --json.
    let both = try Intake.run(["parse", dir])
    #expect(try both.lines.map(jsonObject).map { $0["subject"] as? String } == ["only one", "only one"])
}
