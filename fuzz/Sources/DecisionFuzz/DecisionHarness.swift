import Filing
import Foundation
import MailSources
import Pipeline

/// What `intake poll` does with one message — parse, extract, the repository's rules, filing into a
/// real store (SQLite and the case archive) — on every fuzzer input, and what must then hold: the
/// message is on file, its bytes kept as they came, its request.json readable JSON, and the store's
/// check finds the archive and the database agreeing.
final class DecisionHarness: @unchecked Sendable {
    /// libFuzzer runs one input at a time on one thread; set up once, before the first input.
    static let shared = DecisionHarness()

    /// Cases filed into one store before it is checked and replaced, which bounds the disk it uses.
    static let storeLifetime = 256

    let decider: Decider
    /// Where the stores go: `<base>-0`, `<base>-1`, … one at a time.
    let storeBase: String
    private(set) var store: CaseStore
    private var filedInStore = 0
    private var inputs = 0
    private var storeGeneration = 0

    private init() {
        let env = ProcessInfo.processInfo.environment
        // The repository's Rules/, found from this file unless INTAKE_RULES names another folder.
        let rules = env["INTAKE_RULES"] ?? URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().appendingPathComponent("../../../Rules").standardized.path
        // Not watched by LeakSanitizer: the rules' regular expressions are parsed into indirect enums,
        // whose boxes Swift points to with tag bits in the pointer, where LeakSanitizer cannot see them,
        // so it takes them all for leaks. Loaded once; constructing them in a loop does not grow memory.
        __lsan_disable()
        do { decider = try Decider(rulesDirectory: rules) } catch {
            Self.fail("cannot load the rules in \(rules): \(error.description)")
        }
        __lsan_enable()
        // Under TMPDIR: a tmpfs there (TMPDIR=/dev/shm) spares the disk its syncs.
        storeBase = FileManager.default.temporaryDirectory.path + "/intake-decision-fuzz-\(getpid())"
        store = Self.openStore(storeBase + "-0")
        // INTAKE_FUZZ_KEEP_STORE keeps the last store, to look at what a reproduced input filed.
        if env["INTAKE_FUZZ_KEEP_STORE"] == nil {
            atexit { try? FileManager.default.removeItem(atPath: DecisionHarness.shared.store.directory) }
        }
    }

    static func openStore(_ directory: String) -> CaseStore {
        do {
            let store = try CaseStore(directory: directory)
            _ = try store.recover()
            return store
        } catch {
            fail("cannot open a store in \(directory): \(error.description)")
        }
    }

    func run(_ raw: [UInt8]) {
        inputs += 1
        // Each input comes from a source of its own: a mutated seed keeps its Message-ID, and from the
        // same source that would make it the same message come back, decided but never filed.
        let source = OneMessageSource(name: "fuzz:\(inputs)",
                                      message: SourceMessage(sourceID: "\(inputs)", raw: .success(raw)),
                                      readAhead: raw.count % 2 == 0)
        var results: [Poller.Result] = []
        do {
            _ = try Poller(decider: decider, store: store).run(source, each: { results.append($0) })
        } catch {
            Self.fail("the pass failed: \(error.description)")
        }
        guard results.count == 1 else { Self.fail("\(results.count) results for one message") }
        switch results[0] {
        case .filed(let record):
            filedInStore += 1
            verify(record, raw: raw)
        case .alreadyOnFile:
            // The same bytes as an earlier input in this store: libFuzzer does run an input again.
            guard (try? store.folderOfKnownMessage(sha256: CaseStore.sha256(raw), source: source.name, sourceID: "\(inputs)")) != nil else {
                Self.fail("said to be on file, but no case holds it")
            }
        case .failed(_, let reason):
            Self.fail("not filed: \(reason)")
        case .stopped(_, let error):
            Self.fail("not filed: \(error.description)")
        }
        if filedInStore >= Self.storeLifetime { replaceStore() }
    }

    func verify(_ record: CaseRecord, raw: [UInt8]) {
        guard store.rawMessage(of: record) == raw else {
            Self.fail("case \(record.id): message.eml is not the message as it came")
        }
        guard let request = FileBytes.read(record.path + "/request.json"),
              let json = try? JSONSerialization.jsonObject(with: Data(request)) as? [String: Any] else {
            Self.fail("case \(record.id): request.json is missing or not a JSON object")
        }
        guard json["verdict"] as? String == record.verdict.name else {
            Self.fail("case \(record.id): request.json's verdict is not the case's")
        }
    }

    /// Checks the store it leaves, then starts a new one.
    func replaceStore() {
        do {
            let drifts = try store.check()
            if !drifts.isEmpty { Self.fail("store check: " + drifts.map(\.description).joined(separator: "; ")) }
        } catch {
            Self.fail("store check failed: \(error.description)")
        }
        // A fresh folder beside the old one, so the old store's database is closed before it is removed.
        let old = store.directory
        storeGeneration += 1
        store = Self.openStore(storeBase + "-\(storeGeneration)")
        do { try FileManager.default.removeItem(atPath: old) } catch {
            Self.fail("cannot remove \(old): \(error.localizedDescription)")
        }
        filedInStore = 0
    }

    /// A broken invariant is a finding: libFuzzer keeps the input that caused it.
    static func fail(_ why: String) -> Never {
        FileHandle.standardError.write(Data("DecisionFuzz: \(why)\n".utf8))
        abort()
    }
}

// LeakSanitizer's interface (sanitizer/lsan_interface.h), in the AddressSanitizer runtime.
@_silgen_name("__lsan_disable") func __lsan_disable()
@_silgen_name("__lsan_enable") func __lsan_enable()
