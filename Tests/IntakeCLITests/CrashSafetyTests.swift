import Filing
import Foundation
import Glibc
import Testing

/// A Maildir of `count` distinct messages made from the samples (each gets its own Message-ID and a
/// line of its own, so every raw message is different).
func generatedMaildir(count: Int) throws -> String {
    let dir = try temporaryFolder("crash-maildir")
    for sub in ["cur", "new", "tmp"] { try FileManager.default.createDirectory(atPath: dir + "/" + sub, withIntermediateDirectories: true) }
    let samples = try ["cur", "new"].flatMap { sub in
        try FileManager.default.contentsOfDirectory(atPath: Intake.repository + "/Mailbox/" + sub).sorted().map { Intake.repository + "/Mailbox/\(sub)/\($0)" }
    }
    for i in 0..<count {
        let sample = FileManager.default.contents(atPath: samples[i % samples.count])!
        var bytes = Data("X-Intake-Test: copy \(i)\r\nMessage-ID: <copy-\(i)@test.invalid>\r\n".utf8)
        bytes.append(sample)
        try bytes.write(to: URL(fileURLWithPath: dir + "/new/\(1_700_000_000 + i).M\(i)P1.test"))
    }
    return dir
}

/// Kills `intake poll` with SIGKILL at many points of a poll over a few hundred messages; after the
/// runs that follow, every message is filed exactly once and the archive matches the database.
@Test(.timeLimit(.minutes(10)))
func everyMessageIsFiledExactlyOnceWhateverPointAPollIsKilledAt() throws {
    let count = 240
    let maildir = try generatedMaildir(count: count)
    let store = try temporaryFolder("crash-store")
    defer { try? FileManager.default.removeItem(atPath: maildir); try? FileManager.default.removeItem(atPath: store) }

    var rng = SystemRandomNumberGenerator()
    var kills = 0
    var completed = false
    // Kill points spread from "at start-up" to "well into the pass".
    for round in 0..<40 {
        let running = try Intake.start(["poll", "--source", maildir, "--store", store, "--json"])
        let delay = UInt32(Int.random(in: 50_000...(300_000 + round * 20_000), using: &rng))
        usleep(delay)
        if running.process.isRunning {
            kill(running.process.processIdentifier, SIGKILL)
            kills += 1
        }
        let out = Intake.finish(running)
        if out.status == 0 && running.process.terminationReason == .exit {
            completed = true
            break
        }
    }
    #expect(kills >= 5, "the test must actually interrupt polls (\(kills) kills)")
    if !completed {
        let last = try Intake.run(["poll", "--source", maildir, "--store", store])
        #expect(last.status == 0, "\(last.stderr)")
    }
    // One more pass finds nothing new.
    let final = try Intake.run(["poll", "--source", maildir, "--store", store])
    #expect(final.stdout.contains("nothing new"), "\(final.stdout)")

    let cases = try CaseStore(directory: store).allCases()
    #expect(cases.count == count)
    #expect(Set(cases.map(\.sourceID)).count == count, "each source message once")
    #expect(Set(cases.map(\.messageSHA256)).count == count, "each raw message once")
    // The archive and the database agree: one folder per case, where the database says, nothing else.
    var folders: [String] = []
    for folder in ["Accepted", "Rejected", "Review"] {
        for name in try FileManager.default.contentsOfDirectory(atPath: store + "/" + folder) where !name.hasPrefix(".") {
            folders.append(folder + "/" + name)
        }
    }
    #expect(folders.sorted() == cases.map { $0.folder.name + "/" + $0.id }.sorted())
    #expect(try FileManager.default.contentsOfDirectory(atPath: store + "/.tmp").isEmpty)
    for record in cases {
        let raw = FileManager.default.contents(atPath: record.path + "/message.eml")
        #expect(raw.map { CaseStore.sha256([UInt8]($0)) } == record.messageSHA256, "\(record.id) archive holds its message")
    }
}
