// watch-bench: appends mail in bursts to an IMAP mailbox while `intake watch` runs on it, and prints
// how long each message took from arrival (its APPEND answered: the message is in the mailbox) to
// filed (intake's log line for its case, written once the case is committed). See README.md.
import Foundation
import Glibc
import IMAPFetch
import SeededRandom

struct Options {
    var intake = ".build/release/intake"
    var host = "127.0.0.1"
    var port = 993
    var user = ""
    var passwordFile = ""
    var caFile: String?
    var samples = "Mailbox"
    var rules = "Rules"
    var messages = 200
    var seed: UInt64 = 12
    /// Largest burst; each burst holds 1 to this many messages.
    var burstMax = 5
    /// Pause before each message of a burst after its first: 0 to this many seconds.
    var spreadMax = 0.5
    /// Quiet time between bursts: 0 to this many seconds.
    var gapMax = 3.0
    var every = "2m"
    /// How long to wait for the last messages before counting them missed.
    var settle = 30.0

    init(_ arguments: [String]) {
        var rest = arguments.dropFirst()
        func value() -> String {
            guard let v = rest.popFirst() else { fail("a value is missing after the last option") }
            return v
        }
        while let flag = rest.popFirst() {
            switch flag {
            case "--intake": intake = value()
            case "--host": host = value()
            case "--port": port = Int(value()) ?? 993
            case "--user": user = value()
            case "--password-file": passwordFile = value()
            case "--ca-file": caFile = value()
            case "--samples": samples = value()
            case "--rules": rules = value()
            case "--messages": messages = Int(value()) ?? messages
            case "--seed": seed = UInt64(value()) ?? seed
            case "--burst-max": burstMax = max(1, Int(value()) ?? burstMax)
            case "--spread-max": spreadMax = Double(value()) ?? spreadMax
            case "--gap-max": gapMax = Double(value()) ?? gapMax
            case "--every": every = value()
            case "--settle": settle = Double(value()) ?? settle
            default: fail("unknown option \(flag)")
            }
        }
        if user.isEmpty || passwordFile.isEmpty { fail("--user and --password-file are required") }
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("watch-bench: \(message)\n".utf8))
    exit(1)
}


/// When each UID's log line appeared, read from intake's standard error as it is written.
final class FiledTimes: @unchecked Sendable {
    private let lock = NSLock()
    private var filed: [UInt32: ContinuousClock.Instant] = [:]
    private var lines: [String] = []

    func read(_ pipe: Pipe) {
        Thread.detachNewThread { [self] in
            var pending = Data()
            while true {
                let chunk = pipe.fileHandleForReading.availableData
                if chunk.isEmpty { return }
                let now = ContinuousClock.now
                pending.append(chunk)
                while let newline = pending.firstIndex(of: 10) {
                    let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                    pending.removeSubrange(pending.startIndex...newline)
                    record(line, at: now)
                }
            }
        }
    }

    private func record(_ line: String, at now: ContinuousClock.Instant) {
        lock.lock()
        defer { lock.unlock() }
        lines.append(line)
        // … sourceID=3857529045/17 … LX-2026-0001 accepted
        guard let range = line.range(of: "sourceID=") else { return }
        let value = line[range.upperBound...].prefix { $0 != " " }
        guard let slash = value.firstIndex(of: "/"), let uid = UInt32(value[value.index(after: slash)...]) else { return }
        if filed[uid] == nil { filed[uid] = now }
    }

    func snapshot() -> [UInt32: ContinuousClock.Instant] { lock.lock(); defer { lock.unlock() }; return filed }
    func log() -> [String] { lock.lock(); defer { lock.unlock() }; return lines }
}

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return .nan }
    let rank = Int((p * Double(sorted.count)).rounded(.up)) - 1
    return sorted[min(max(rank, 0), sorted.count - 1)]
}

let options = Options(CommandLine.arguments)
var random = SeededGenerator(seed: options.seed)
let password = (try? String(contentsOfFile: options.passwordFile, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
let endpoint = IMAPEndpoint(host: options.host, port: options.port, user: options.user, credential: .password(password), caFile: options.caFile, timeout: 30)

let files = ["cur", "new"].flatMap { sub in
    ((try? FileManager.default.contentsOfDirectory(atPath: options.samples + "/" + sub)) ?? []).sorted().map { options.samples + "/\(sub)/\($0)" }
}
guard !files.isEmpty else { fail("no sample messages under \(options.samples)/cur or /new") }
let samples = files.compactMap { FileManager.default.contents(atPath: $0).map { [UInt8]($0) } }
let id = String(UUID().uuidString.prefix(8))
let mailbox = "bench-watch-\(id)", folder = "BenchWatch-\(id)"
let store = FileManager.default.temporaryDirectory.appendingPathComponent("intake-bench-watch-\(id)").path

do {
    let session = try IMAPSession(endpoint)
    try session.createMailbox(mailbox)
    let validity = try session.status(mailbox).uidValidity

    let watch = Process()
    watch.executableURL = URL(fileURLWithPath: options.intake)
    watch.arguments = ["watch", "--imap", "imaps://\(options.host):\(options.port)/\(mailbox)", "--user", options.user,
                       "--password-file", options.passwordFile, "--intake-folder", folder, "--store", store,
                       "--rules", options.rules, "--every", options.every]
        + (options.caFile.map { ["--ca-file", $0] } ?? [])
    let pipe = Pipe()
    watch.standardError = pipe
    watch.standardOutput = FileHandle.nullDevice
    let filed = FiledTimes()
    filed.read(pipe)
    try watch.run()
    // Let it start and settle into waiting for mail before the first message.
    usleep(2_000_000)

    print("appending \(options.messages) messages in bursts of 1–\(options.burstMax), 0–\(options.spreadMax) s apart within a burst, 0–\(options.gapMax) s between bursts (seed \(options.seed))")
    var arrived: [UInt32: ContinuousClock.Instant] = [:]
    var bursts = 0
    var sent = 0
    while sent < options.messages {
        let size = min(Int.random(in: 1...options.burstMax, using: &random), options.messages - sent)
        bursts += 1
        for i in 0..<size {
            if i > 0 { usleep(UInt32(Double.random(in: 0...options.spreadMax, using: &random) * 1e6)) }
            var bytes = Array("Message-ID: <bench-watch-\(id)-\(sent)@bench.test>\r\n".utf8)
            bytes += samples[sent % samples.count]
            guard let uid = try session.append(bytes, to: mailbox) else { fail("the server gave no APPENDUID (UIDPLUS)") }
            arrived[uid] = ContinuousClock.now
            sent += 1
        }
        usleep(UInt32(Double.random(in: 0...options.gapMax, using: &random) * 1e6))
    }
    let last = ContinuousClock.now
    while filed.snapshot().filter({ arrived[$0.key] != nil }).count < arrived.count, ContinuousClock.now - last < .seconds(options.settle) {
        usleep(20_000)
    }
    watch.terminate()  // SIGTERM: a graceful stop
    watch.waitUntilExit()

    let times = filed.snapshot()
    var latencies: [Double] = []
    var missed: [UInt32] = []
    for (uid, at) in arrived.sorted(by: { $0.key < $1.key }) {
        if let done = times[uid] { latencies.append(seconds(done - at)) } else { missed.append(uid) }
    }
    latencies.sort()
    let ms = { (v: Double) in String(format: "%.0f ms", v * 1000) }
    print("bursts: \(bursts), messages: \(arrived.count) (UIDVALIDITY \(validity)), filed: \(latencies.count), missed: \(missed.count)\(missed.isEmpty ? "" : " (UIDs \(missed.prefix(20)))")")
    print("arrival to filed: median \(ms(percentile(latencies, 0.5))), p90 \(ms(percentile(latencies, 0.9))), p99 \(ms(percentile(latencies, 0.99))), max \(ms(latencies.last ?? .nan)); over 1 s: \(latencies.filter { $0 > 1 }.count)")
    print("watch exited with status \(watch.terminationStatus)\(filed.log().contains { $0.contains("stopped gracefully") } ? ", stopped gracefully" : "")")
    if let keep = ProcessInfo.processInfo.environment["BENCH_LOG"] {
        try filed.log().joined(separator: "\n").write(toFile: keep, atomically: true, encoding: .utf8)
        print("intake's log: \(keep)")
    }

    for m in [mailbox, folder + "/Accepted", folder + "/Rejected", folder + "/Review", folder] { try? session.deleteMailbox(m) }
    try? session.logout()
    try? FileManager.default.removeItem(atPath: store)
    exit(missed.isEmpty ? 0 : 1)
} catch {
    fail("\(error)")
}
