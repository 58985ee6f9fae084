import Foundation
import Testing

/// Issue 13: one configuration for every command. `cases`, `check` and `reprocess` ignored
/// `intake.yaml`, paths in it were read from the working directory, and outside the checkout `check`
/// could not find the rules.

/// A folder with a configuration that names rules, a store and a Maildir relative to its own folder
/// (conf/site/), and an empty working folder elsewhere (work/) where nothing of that is.
private struct Site {
    let root: String
    var config: String { root + "/conf/site/intake.yaml" }
    var store: String { root + "/conf/site/cases" }
    var work: String { root + "/work" }

    init() throws {
        root = try temporaryFolder("config-site")
        let fm = FileManager.default
        for dir in ["conf/site/mail/cur", "conf/site/mail/new", "conf/site/mail/tmp", "work"] {
            try fm.createDirectory(atPath: root + "/" + dir, withIntermediateDirectories: true)
        }
        try fm.createSymbolicLink(atPath: root + "/conf/site/rules", withDestinationPath: Intake.repository + "/Rules")
        for name in [sampleAccepted, "Mailbox/cur/1793971565.M958269P12261.ecoprintq:2,S"] {
            try fm.copyItem(atPath: Intake.repository + "/" + name,
                            toPath: root + "/conf/site/mail/cur/" + (name as NSString).lastPathComponent)
        }
        try "source: mail\nstore: cases\nrules: rules\n".write(toFile: config, atomically: true, encoding: .utf8)
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }
}

@Test func everyCommandFindsRulesAndStoreThroughTheConfigurationFromAnyFolder() throws {
    let site = try Site()
    defer { site.remove() }
    let env = ["INTAKE_CONFIG": site.config]

    let poll = try Intake.run(["poll", "--config", "../conf/site/intake.yaml"], in: site.work, environment: ["INTAKE_CONFIG": ""])
    #expect(poll.status == 0, "\(poll.stderr)")
    // Relative to the file's folder, not the working directory.
    #expect(FileManager.default.fileExists(atPath: site.store + "/intake.sqlite"))
    #expect(!FileManager.default.fileExists(atPath: site.work + "/cases"))

    let check = try Intake.run(["check", site.root + "/conf/site/mail/cur/" + (sampleAccepted as NSString).lastPathComponent, "--json"],
                               in: site.work, environment: env)
    #expect(check.status == 0, "\(check.stderr)")
    #expect(try jsonObject(check.stdout)["verdict"] as? String == "accept")

    let list = try Intake.run(["cases", "list"], in: site.work, environment: env)
    #expect(list.status == 0, "\(list.stderr)")
    #expect(list.lines.first == "intake: 2 cases on file in \(site.store)", "\(list.stdout)")

    let reprocess = try Intake.run(["reprocess", "LX-2026-0001"], in: site.work, environment: env)
    #expect(reprocess.status == 0, "\(reprocess.stderr)")
    #expect(reprocess.stdout.contains("LX-2026-0001 reprocessed"), "\(reprocess.stdout)")

    let storeCheck = try Intake.run(["store", "check"], in: site.work, environment: env)
    #expect(storeCheck.status == 0, "\(storeCheck.stderr)")
    #expect(storeCheck.stdout.contains("\(site.store) is in step"), "\(storeCheck.stdout)")

    let lint = try Intake.run(["rules", "lint"], in: site.work, environment: env)
    #expect(lint.status == 0, "\(lint.stderr)")
    #expect(lint.stdout.hasPrefix("intake: \(site.root)/conf/site/rules is sound"), "\(lint.stdout)")
}

/// --config, else $INTAKE_CONFIG, else ./intake.yaml; a flag beats the file. Told by the store each
/// names (none exists, so each command says which one it looked at).
@Test func theConfigurationIsLookedForInOrderAndFlagsOverrideIt() throws {
    let dir = try temporaryFolder("config-order")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try "store: from-working-folder\n".write(toFile: dir + "/intake.yaml", atomically: true, encoding: .utf8)
    try FileManager.default.createDirectory(atPath: dir + "/env", withIntermediateDirectories: true)
    try "store: from-variable\n".write(toFile: dir + "/env/intake.yaml", atomically: true, encoding: .utf8)
    try "store: from-flag\n".write(toFile: dir + "/flag.yaml", atomically: true, encoding: .utf8)

    func store(_ arguments: [String], _ env: [String: String]) throws -> String {
        let out = try Intake.run(["cases", "list"] + arguments, in: dir, environment: env)
        #expect(out.status == 1, "\(arguments) \(env): \(out.stderr)")
        return out.stderr
    }
    #expect(try store([], ["INTAKE_CONFIG": ""]).contains("no store at from-working-folder:"))
    #expect(try store([], ["INTAKE_CONFIG": dir + "/env/intake.yaml"]).contains("no store at \(dir)/env/from-variable:"))
    #expect(try store(["--config", "flag.yaml"], ["INTAKE_CONFIG": dir + "/env/intake.yaml"]).contains("no store at from-flag:"))
    #expect(try store(["--config", "flag.yaml", "--store", "given"], [:]).contains("no store at given:"))

    // A file named by the variable must be there: a typo never falls back to another file.
    let missing = try Intake.run(["check", sampleAccepted], in: Intake.repository, environment: ["INTAKE_CONFIG": dir + "/nope.yaml"])
    #expect(missing.status == 2)
    #expect(missing.stderr.contains("cannot read the configuration file \(dir)/nope.yaml: there is no such file"), "\(missing.stderr)")

    // --rules beats the file's rules (which are sound: the repository's).
    try "rules: \(Intake.repository)/Rules\n".write(toFile: dir + "/rules.yaml", atomically: true, encoding: .utf8)
    let configured = try Intake.run(["check", Intake.repository + "/" + sampleAccepted, "--config", "rules.yaml"], in: dir)
    #expect(configured.status == 0, "\(configured.stderr)")
    let overridden = try Intake.run(["check", Intake.repository + "/" + sampleAccepted, "--config", "rules.yaml", "--rules", "/nonexistent-rules"], in: dir)
    #expect(overridden.status == 2)
    #expect(overridden.stderr.contains("/nonexistent-rules"), "\(overridden.stderr)")
}

/// The credential is one setting: one given by a flag replaces the file's (the systemd units pass the
/// password they hold as a credential whatever intake.yaml names), rather than being refused as two.
@Test func aCredentialFlagReplacesTheFilesCredential() throws {
    let dir = try temporaryFolder("config-credential")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try "imap: imaps://127.0.0.1:1/INBOX\nuser: sales@example.com\npassword-command: never-run\ntimeout: 5\nstore: store\n"
        .write(toFile: dir + "/intake.yaml", atomically: true, encoding: .utf8)
    let out = try Intake.run(["poll", "--password-env", "INTAKE_TEST_PASSWORD"], in: dir,
                             environment: ["INTAKE_CONFIG": "", "INTAKE_TEST_PASSWORD": "unused"])
    // Nothing listens on port 1: the run gets as far as connecting, a run-time failure.
    #expect(out.status == 1, "\(out.stderr)")
    #expect(!out.stderr.contains("give only one of"), "\(out.stderr)")
}

@Test(arguments: [
    ("stor: cases\n", "intake.yaml:1: unknown option \"stor\""),
    ("store: cases\nkeep-in-inbox: maybe\n", "intake.yaml:2: keep-in-inbox: \"maybe\" is not true or false"),
    ("timeout: soon\n", "intake.yaml:1: timeout: \"soon\" is not a number of seconds above 0"),
    ("every: often\n", "intake.yaml:1: every: \"often\" is not a duration"),
    ("store: [a, b]\n", "intake.yaml:1: store: is not a path"),
    ("rules:\n", "intake.yaml:1: rules: \"\" is not a path"),
    ("password: hunter2\n", "intake.yaml:1: never write the password"),
    ("- store\n", "intake.yaml must be a mapping"),
])
func aBadKeyOrValueIsRefusedNamingItAndTheFile(_ text: String, _ message: String) throws {
    let dir = try temporaryFolder("config-bad")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try text.write(toFile: dir + "/intake.yaml", atomically: true, encoding: .utf8)
    for command in [["check", Intake.repository + "/" + sampleAccepted], ["cases", "list"], ["poll"]] {
        let out = try Intake.run(command, in: dir, environment: ["INTAKE_CONFIG": ""])
        #expect(out.status == 2, "\(command): \(out.stderr)")
        #expect(out.stderr.contains(message), "\(command): \(out.stderr)")
        #expect(!out.stderr.contains("hunter2"))
    }
}

/// `make install` puts the binary, the rules, a default configuration and the systemd units under
/// PREFIX (staged in DESTDIR), and the installed binary decides a message from any folder with the
/// installed rules. The debug binary is installed: no release build in a test.
@Test func makeInstallGivesAnIntakeThatWorksFromAnyFolder() throws {
    let dest = try temporaryFolder("install")
    defer { try? FileManager.default.removeItem(atPath: dest) }
    func make(_ arguments: [String]) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["make", "--no-print-directory", "-C", Intake.repository] + arguments + ["DESTDIR=" + dest, "INSTALL_BINARY=" + Intake.binary]
        let log = dest + "/make.log"
        FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        p.standardOutput = handle
        p.standardError = handle
        try p.run()
        p.waitUntilExit()
        return (p.terminationStatus, try String(contentsOfFile: log, encoding: .utf8))
    }
    let fm = FileManager.default
    let prefix = dest + "/usr/local"
    let (status, log) = try make(["install", "PREFIX=/usr/local"])
    try #require(status == 0, "\(log)")
    #expect(fm.isExecutableFile(atPath: prefix + "/bin/intake"))
    #expect(fm.fileExists(atPath: prefix + "/share/intake/Rules/rules.yaml"))
    #expect(fm.fileExists(atPath: prefix + "/share/intake/Rules/patterns/en.yaml"))
    #expect(!fm.fileExists(atPath: prefix + "/share/intake/Rules/heldout"))
    let config = try String(contentsOfFile: prefix + "/etc/intake/intake.yaml", encoding: .utf8)
    #expect(config.contains("\nstore: /var/lib/intake/store\n"))
    for unit in ["intake-poll.service", "intake-poll.timer", "intake-watch.service"] {
        #expect(fm.fileExists(atPath: prefix + "/lib/systemd/system/" + unit), "\(unit)")
    }
    let watch = try String(contentsOfFile: prefix + "/lib/systemd/system/intake-watch.service", encoding: .utf8)
    #expect(watch.contains("\nExecStart=/usr/local/bin/intake watch --config /usr/local/etc/intake/intake.yaml --password-file %d/imap-password"))

    // From a folder with no rules and no configuration: the installed ones.
    let elsewhere = try temporaryFolder("elsewhere")
    defer { try? fm.removeItem(atPath: elsewhere) }
    try fm.copyItem(atPath: Intake.repository + "/" + sampleAccepted, toPath: elsewhere + "/request.eml")
    let installed = prefix + "/bin/intake"
    let check = try runInstalled(installed, ["check", "request.eml", "--json"], in: elsewhere)
    #expect(check.status == 0, "\(check.stderr)")
    #expect(try jsonObject(check.stdout)["verdict"] as? String == "accept")
    let lint = try runInstalled(installed, ["rules", "lint"], in: elsewhere)
    #expect(lint.stdout.hasPrefix("intake: \(prefix)/share/intake/Rules is sound"), "\(lint.stdout) \(lint.stderr)")

    // An operator's configuration is never overwritten; another PREFIX gets units that name it.
    let opt = dest + "/opt/intake"
    try fm.createDirectory(atPath: opt + "/etc/intake", withIntermediateDirectories: true)
    try "store: /srv/cases\n".write(toFile: opt + "/etc/intake/intake.yaml", atomically: true, encoding: .utf8)
    #expect(try make(["install", "PREFIX=/opt/intake"]).0 == 0)
    #expect(try String(contentsOfFile: opt + "/etc/intake/intake.yaml", encoding: .utf8) == "store: /srv/cases\n")
    let optUnit = try String(contentsOfFile: opt + "/lib/systemd/system/intake-poll.service", encoding: .utf8)
    #expect(optUnit.contains("\nExecStart=/opt/intake/bin/intake poll --config /opt/intake/etc/intake/intake.yaml "))
    #expect(optUnit.contains("\nLoadCredential=imap-password:/opt/intake/etc/intake/imap-password\n"))
    #expect(!optUnit.contains("/usr/local"))

    // Uninstall removes what install put there, and keeps a configuration that was changed.
    #expect(try make(["uninstall", "PREFIX=/usr/local"]).0 == 0)
    for gone in ["/bin/intake", "/share/intake", "/lib/systemd/system/intake-watch.service", "/etc/intake"] {
        #expect(!fm.fileExists(atPath: prefix + gone), "\(gone)")
    }
    #expect(try make(["uninstall", "PREFIX=/opt/intake"]).0 == 0)
    #expect(!fm.fileExists(atPath: opt + "/bin/intake"))
    #expect(fm.fileExists(atPath: opt + "/etc/intake/intake.yaml"))
}

/// Runs an installed intake (not the one under test's INTAKE_BINARY), with no configuration named.
private func runInstalled(_ binary: String, _ arguments: [String], in directory: String) throws -> Intake.Output {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: binary)
    p.arguments = arguments
    p.currentDirectoryURL = URL(fileURLWithPath: directory)
    p.environment = ProcessInfo.processInfo.environment.filter { $0.key != "INTAKE_CONFIG" }
    let out = directory + "/.out", err = directory + "/.err"
    FileManager.default.createFile(atPath: out, contents: nil)
    FileManager.default.createFile(atPath: err, contents: nil)
    p.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
    p.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: err))
    try p.run()
    p.waitUntilExit()
    return Intake.Output(status: p.terminationStatus, stdout: try String(contentsOfFile: out, encoding: .utf8),
                         stderr: try String(contentsOfFile: err, encoding: .utf8))
}
