public import Foundation
import Glibc

/// A server script (scripts/dovecot.sh, scripts/postfix.sh) that failed, with what it said.
package struct ScriptFailed: Error, CustomStringConvertible {
    package var script: String
    package var arguments: [String]
    package var output: String
    package var description: String {
        "\((script as NSString).lastPathComponent) \(arguments.joined(separator: " ")) failed: \(output)"
    }
}

/// Runs `bash SCRIPT ARGS` with `environment` on top of the test's own, `input` on its standard input;
/// its output (standard output and error together).
///
/// posix_spawn and waitpid, not Foundation's Process: the server the script starts outlives it, and
/// Process's wait can hang on a test's thread when a child leaves a daemon behind. The child starts
/// with no signal blocked and every disposition at its default, which the server inherits: otherwise a
/// later `stop` cannot TERM it.
package func runScript(_ script: String, _ arguments: [String], environment: [String: String] = [:], input: [UInt8] = []) throws -> String {
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("server-sh-\(UUID().uuidString)").path
    let outPath = base + ".out", inPath = base + ".in"
    FileManager.default.createFile(atPath: inPath, contents: Data(input))
    defer { unlink(outPath); unlink(inPath) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, inPath, O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var none = sigset_t()
    sigemptyset(&none)
    var all = sigset_t()
    sigfillset(&all)
    posix_spawnattr_setsigmask(&attributes, &none)
    posix_spawnattr_setsigdefault(&attributes, &all)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    let argv = (["/bin/bash", script] + arguments).map { strdup($0) } + [nil]
    let envp = ProcessInfo.processInfo.environment.merging(environment) { $1 }.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
    var pid: pid_t = 0
    let rc = posix_spawn(&pid, "/bin/bash", &actions, &attributes, argv, envp)
    guard rc == 0 else { throw ScriptFailed(script: script, arguments: arguments, output: "posix_spawn: \(String(cString: strerror(rc)))") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let output = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
    guard (status & 0x7f) == 0, (status >> 8) & 0xff == 0 else { throw ScriptFailed(script: script, arguments: arguments, output: output) }
    return output
}

/// A TCP port on 127.0.0.1 that nothing listens on now (the kernel's pick for port 0).
package func freePort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
    }
    guard bound else { throw POSIXError(.EADDRNOTAVAIL) }
    return Int(UInt16(bigEndian: address.sin_port))
}
