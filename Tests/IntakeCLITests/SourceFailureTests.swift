import Filing
import Foundation
import Glibc
import IMAPFetch
import Logging
import MailSources
import Pipeline
import Testing
@testable import IntakeCLI

/// What the user reads when the source cannot be used: the same words as before the errors were
/// typed, and the exit status their kind calls for.
@Test func aMissingMaildirOrAFolderThatIsNoneIsRefusedWithWhatToGive() throws {
    let dir = try temporaryFolder("not-a-maildir")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let missing = try Intake.run(["poll", "--source", dir + "/nope", "--store", dir + "/store"])
    #expect(missing.status == 2)
    #expect(missing.stderr.contains("\(dir)/nope is not a folder; --source takes a Maildir (a folder with cur/ and new/)"), "\(missing.stderr)")
    let plain = try Intake.run(["poll", "--source", dir, "--store", dir + "/store"])
    #expect(plain.status == 2)
    #expect(plain.stderr.contains("\(dir) is not a Maildir: it has neither cur/ nor new/"), "\(plain.stderr)")
}

/// A new/ that cannot be listed passed for empty: "nothing new" while mail waited. Now the poll
/// stops with exit 2 and names the folder.
@Test func aMaildirFolderThatCannotBeListedIsAConfigurationError() throws {
    let dir = try temporaryFolder("maildir-new-is-a-file")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try FileManager.default.createDirectory(atPath: dir + "/cur", withIntermediateDirectories: true)
    try Data("a file where new/ should be".utf8).write(to: URL(fileURLWithPath: dir + "/new"))
    let out = try Intake.run(["poll", "--source", dir, "--store", dir + "/.intake"])
    #expect(out.status == 2, "\(out.stdout) \(out.stderr)")
    #expect(out.stderr.contains("cannot list \(dir)/new: Not a directory"), "\(out.stderr)")
}

@Test func aRefusedConnectionSaysWhereAndWhatToCheck() throws {
    // A port nobody listens on: bound, then let go.
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
    _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
    let port = Int(UInt16(bigEndian: address.sin_port))
    close(fd)
    let store = try temporaryFolder("refused-store")
    defer { try? FileManager.default.removeItem(atPath: store) }
    let out = try Intake.run(["poll", "--imap", "imaps://127.0.0.1:\(port)/INBOX", "--user", "sales@example.com",
                              "--password-env", "INTAKE_TEST_PASSWORD", "--timeout", "5", "--store", store],
                             environment: ["INTAKE_TEST_PASSWORD": "unused"])
    #expect(out.status == 1)
    #expect(out.stderr.contains("cannot connect to the IMAP server 127.0.0.1:\(port)"), "\(out.stderr)")
    #expect(out.stderr.contains("check the host and port"), "\(out.stderr)")
}

/// `watch` used to look for "login failed" in the text: a login refused in other words never raised
/// the alarm, and a server's refusal that happened to contain those words did. It decides on the kind.
@Test func watchRaisesTheLoginAlarmOnTheKindNotTheWords() {
    let server = "mail.example.com:993"
    let noXOAUTH2 = PipelineError.source(.login(IMAPError.mechanismUnavailable(server: server, mechanism: "XOAUTH2", offered: ["PLAIN"])))
    let wordsOnly = PipelineError.source(.protocol(IMAPError.commandFailed(command: "SELECT", server: server, serverSays: "NO login failed for shared folder")))
    let since = Date(timeIntervalSince1970: 1_700_000_000)
    #expect(!noXOAUTH2.description.contains("login failed"))
    #expect(WatchService.report(noXOAUTH2, failures: 3, since: since, source: "imap").0 == .critical)
    #expect(WatchService.report(noXOAUTH2, failures: 3, since: since, source: "imap").1.hasPrefix("LOGIN KEEPS FAILING for imap: 3 attempts"))
    #expect(WatchService.report(noXOAUTH2, failures: 2, since: since, source: "imap").0 == .error, "not before the third")
    #expect(wordsOnly.description.contains("login failed"))
    #expect(WatchService.report(wordsOnly, failures: 5, since: since, source: "imap").0 == .error)
    #expect(WatchService.report(wordsOnly, failures: 5, since: since, source: "imap").1 == "pass failed (5 in a row): \(wordsOnly.description)")
}

/// The exit status comes from what failed, never from its words.
@Test func aStoppedPassExitsWithTheStatusItsKindCallsFor() {
    let cases: [(PipelineError, Int32)] = [
        (.rulesInvalid("rules.yaml:3: unknown condition"), 2),
        (.source(.configuration(MaildirErrorStandIn())), 2),
        (.source(.login(MaildirErrorStandIn())), 1),
        (.source(.connection(MaildirErrorStandIn())), 1),
        (.source(.message(MaildirErrorStandIn())), 1),
        (.storeFailed(.archive(path: "/srv/intake/.tmp", reason: "No space left on device")), 1),
    ]
    for (error, status) in cases {
        let failure = Failure(error)
        #expect(failure.status == status, "\(error)")
        #expect(failure.message == error.description)
    }
}

struct MaildirErrorStandIn: Error, Sendable, CustomStringConvertible {
    var description: String { "a source's own words" }
}

/// `timeout: soon` in the configuration file was read as the default 60 s, and `--timeout 0` was
/// taken as given: both are refused, saying what to write.
@Test func aTimeoutThatIsNotASecondCountIsRefused() throws {
    let dir = try temporaryFolder("timeout-config")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try "imap: imaps://127.0.0.1:1/INBOX\nuser: sales@example.com\npassword-env: INTAKE_TEST_PASSWORD\ntimeout: soon\n"
        .write(toFile: dir + "/intake.yaml", atomically: true, encoding: .utf8)
    let configured = try Intake.run(["poll", "--config", dir + "/intake.yaml", "--store", dir + "/store"],
                                    environment: ["INTAKE_TEST_PASSWORD": "unused"])
    #expect(configured.status == 2)
    #expect(configured.stderr.contains("\(dir)/intake.yaml:4: timeout: \"soon\" is not a number of seconds above 0"), "\(configured.stderr)")
    let flag = try Intake.run(["poll", "--imap", "imaps://127.0.0.1:1/INBOX", "--user", "sales@example.com",
                               "--password-env", "INTAKE_TEST_PASSWORD", "--timeout", "0", "--store", dir + "/store"],
                              environment: ["INTAKE_TEST_PASSWORD": "unused"])
    #expect(flag.status == 2)
    #expect(flag.stderr.contains("--timeout 0.0: give a number of seconds above 0"), "\(flag.stderr)")
    let missing = try Intake.run(["poll", "--config", dir + "/nope.yaml", "--store", dir + "/store"])
    #expect(missing.status == 2)
    #expect(missing.stderr.contains("cannot read the configuration file \(dir)/nope.yaml: there is no such file"), "\(missing.stderr)")
}
