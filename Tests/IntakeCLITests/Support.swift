import Foundation
import Glibc

/// Runs the built `intake` binary, as a user would, and captures what it prints.
enum Intake {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    static var binary: String {
        ProcessInfo.processInfo.environment["INTAKE_BINARY"] ?? repository + "/.build/debug/intake"
    }

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
        var lines: [String] { stdout.split(separator: "\n").map(String.init) }
    }

    /// Runs intake in the repository folder (so the default paths are the repository's).
    /// `tracedBy` runs it under a tracer (its command line before intake's, e.g. strace and its options).
    static func run(_ arguments: [String], in directory: String = repository, environment: [String: String] = [:],
                    tracedBy tracer: [String] = []) throws -> Output {
        let process = try start(arguments, in: directory, environment: environment, tracedBy: tracer)
        return finish(process)
    }

    final class Running {
        let process: Process
        let out: FileHandle
        let err: FileHandle
        init(_ p: Process, _ o: FileHandle, _ e: FileHandle) { process = p; out = o; err = e }
    }

    /// `environment` is added to this process's own.
    static func start(_ arguments: [String], in directory: String = repository, environment: [String: String] = [:],
                      tracedBy tracer: [String] = []) throws -> Running {
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw TestSetupError("no intake binary at \(binary): run `swift build` (or `make test`) first")
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tracer.first ?? binary)
        p.arguments = tracer.isEmpty ? arguments : Array(tracer.dropFirst()) + [binary] + arguments
        if !environment.isEmpty { p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        p.currentDirectoryURL = URL(fileURLWithPath: directory)
        // Files, not pipes: a large output must never block the child while the test waits.
        let outPath = FileManager.default.temporaryDirectory.appendingPathComponent("out-\(UUID().uuidString)").path
        let errPath = outPath + ".err"
        FileManager.default.createFile(atPath: outPath, contents: nil)
        FileManager.default.createFile(atPath: errPath, contents: nil)
        let out = FileHandle(forUpdatingAtPath: outPath)!
        let err = FileHandle(forUpdatingAtPath: errPath)!
        unlink(outPath)
        unlink(errPath)
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        return Running(p, out, err)
    }

    static func finish(_ r: Running) -> Output {
        r.process.waitUntilExit()
        r.out.seek(toFileOffset: 0)
        r.err.seek(toFileOffset: 0)
        let o = String(decoding: r.out.readDataToEndOfFile(), as: UTF8.self)
        let e = String(decoding: r.err.readDataToEndOfFile(), as: UTF8.self)
        return Output(status: r.process.terminationStatus, stdout: o, stderr: e)
    }
}

struct TestSetupError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

func temporaryFolder(_ name: String) throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

func jsonObject(_ line: String) throws -> [String: Any] {
    guard let o = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
        throw TestSetupError("not a JSON object: \(line.prefix(200))")
    }
    return o
}

/// Copies a folder tree.
func copyTree(_ from: String, _ to: String) throws {
    try FileManager.default.copyItem(atPath: from, toPath: to)
}
