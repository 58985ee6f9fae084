import Filing
import Foundation
import Testing

/// Issue 14: "Results are cached in the store by the attachment's SHA-256, so `reprocess` and `check`
/// do not read the same scan twice." Tesseract's runs are counted by tracing the processes intake
/// starts (strace -f, execve), not guessed from the time a check takes.
@Suite(.serialized) struct CheckLetterCacheTests {
    /// A request whose only text is a JPEG scan of its letter.
    static let scan = Intake.repository + "/Rules/tests/letter-jpeg-scan-only-es.eml"

    /// Runs intake under strace; its output and how many times Tesseract was started.
    func check(_ arguments: [String], in directory: String = Intake.repository,
               environment: [String: String] = [:]) throws -> (output: Intake.Output, tesseractRuns: Int) {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/strace") else {
            throw TestSetupError("no /usr/bin/strace: these tests count Tesseract's runs with it (apt-get install strace)")
        }
        let log = try temporaryFolder("check-trace") + "/execve"
        defer { try? FileManager.default.removeItem(atPath: (log as NSString).deletingLastPathComponent) }
        let output = try Intake.run(["check"] + arguments, in: directory, environment: environment,
                                    tracedBy: ["/usr/bin/strace", "-f", "-qq", "-e", "trace=execve", "-e", "signal=none", "-o", log])
        let trace = try String(contentsOfFile: log, encoding: .utf8)
        let runs = trace.split(separator: "\n").filter { $0.contains("execve(\"/usr/bin/tesseract\"") && $0.hasSuffix("= 0") }.count
        return (output, runs)
    }

    func store() throws -> String {
        let folder = try temporaryFolder("check-cache") + "/store"
        _ = try CaseStore(directory: folder)
        return folder
    }

    @Test func theSecondCheckOfAScanWithAStoreRunsNoOCR() throws {
        let store = try store()
        defer { try? FileManager.default.removeItem(atPath: (store as NSString).deletingLastPathComponent) }
        let first = try check([Self.scan, "--store", store, "--json"])
        #expect(first.output.status == 0, "\(first.output.stderr)")
        #expect(first.tesseractRuns == 1)
        let second = try check([Self.scan, "--store", store, "--json"])
        #expect(second.output.status == 0)
        #expect(second.tesseractRuns == 0)
        // The same decision, the letter's fields included.
        #expect(second.output.stdout == first.output.stdout)
        #expect(first.output.stdout.contains("\"domainAccounts\""))
    }

    @Test func theConfigurationsStoreServesAsWell() throws {
        let store = try store()
        let folder = (store as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "store: store\n".write(toFile: folder + "/intake.yaml", atomically: true, encoding: .utf8)
        let env = ["INTAKE_CONFIG": folder + "/intake.yaml"]
        #expect(try check([Self.scan], environment: env).tesseractRuns == 1)
        #expect(try check([Self.scan], environment: env).tesseractRuns == 0)
        // A store given on the command line wins over the configuration's: this one has not read the scan.
        let other = try self.store()
        defer { try? FileManager.default.removeItem(atPath: (other as NSString).deletingLastPathComponent) }
        #expect(try check([Self.scan, "--store", other], environment: env).tesseractRuns == 1)
    }

    @Test func withoutAStoreEachCheckReadsTheScanAndNoStoreIsMade() throws {
        let folder = try temporaryFolder("check-nostore")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let env = ["INTAKE_CONFIG": ""]
        #expect(try check([Self.scan, "--store", folder + "/none"], environment: env).tesseractRuns == 1)
        #expect(try check([Self.scan, "--store", folder + "/none"], environment: env).tesseractRuns == 1)
        #expect(!FileManager.default.fileExists(atPath: folder + "/none"))
    }
}
