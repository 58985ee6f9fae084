// imap-bench: intake's IMAP fetch, alone, for Benchmarks/imap/run.sh.
//
//   imap-bench fetch --mailbox M --out DIR [--in-flight N]   every message of M into DIR/<uid>.eml
//   imap-bench poll --mailbox M --uidnext N                  a no-news poll: connect, STATUS, LOGOUT
//
// The server comes from the variables `scripts/dovecot.sh env` prints.
import Glibc
import IMAPFetch

func fail(_ message: String) -> Never {
    let line = Array("imap-bench: \(message)\n".utf8)
    _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    exit(1)
}

func environment(_ name: String) -> String {
    guard let value = getenv(name) else { fail("\(name) is not set: eval \"$(scripts/dovecot.sh env)\"") }
    return String(cString: value)
}

func readFile(_ path: String) -> String {
    guard let file = fopen(path, "r") else { fail("cannot read \(path)") }
    defer { fclose(file) }
    var text = ""
    var buffer = [CChar](repeating: 0, count: 4096)
    while fgets(&buffer, Int32(buffer.count), file) != nil {
        text += String(cString: buffer)
    }
    while text.last == "\n" || text.last == "\r" { text.removeLast() }
    return text
}

var arguments = Array(CommandLine.arguments.dropFirst())
guard let mode = arguments.first else { fail("usage: imap-bench fetch|poll --mailbox M …") }
var options: [String: String] = [:]
var index = 1
while index + 1 < arguments.count {
    options[String(arguments[index].drop { $0 == "-" })] = arguments[index + 1]
    index += 2
}
let mailbox = options["mailbox"] ?? "INBOX"
let endpoint = IMAPEndpoint(
    host: environment("INTAKE_IMAP_HOST"),
    port: Int(environment("INTAKE_IMAP_IMAPS_PORT")),
    security: .imaps,
    mailbox: mailbox,
    user: environment("INTAKE_IMAP_USER"),
    credential: .password(readFile(environment("INTAKE_IMAP_PASSWORD_FILE"))),
    caFile: environment("INTAKE_IMAP_CA_FILE"))

do {
    switch mode {
    case "fetch":
        guard let out = options["out"] else { fail("fetch needs --out DIR") }
        let inFlight = Int(options["in-flight"] ?? "") ?? 128
        mkdir(out, 0o755)
        let session = try IMAPSession(endpoint)
        try session.examine()
        let uids = try session.uidSearch("ALL")
        var failure: String?
        let report = try session.fetch(uids, inFlight: inFlight) { message in
            let path = "\(out)/\(message.uid).eml"
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard fd >= 0 else { failure = "cannot write \(path)"; return }
            defer { close(fd) }
            message.bytes.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                    if n <= 0 { failure = "write \(path) failed"; return }
                    offset += n
                }
            }
        }
        try session.logout()
        if let failure { fail(failure) }
        print("fetched \(report.delivered) messages, \(report.bytes) bytes, \(session.roundTrips) round trips")
    case "poll":
        let known = UInt32(options["uidnext"] ?? "") ?? 0
        let session = try IMAPSession(endpoint)
        let status = try session.status()
        try session.logout()
        print(status.uidNext == known ? "nothing new (\(session.roundTrips) round trips)" : "uidnext \(status.uidNext)")
    default:
        fail("unknown mode \(mode)")
    }
} catch {
    fail("\(error)")
}
