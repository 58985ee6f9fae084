import Foundation
import Glibc
import SMTPSubmit
import TestServers
import Testing

/// No server, a server that never answers, a server without STARTTLS: each fails fast and as what it is.
@Suite struct UnreachableServerTests {
    @Test func noServerIsTransientWithinTheConnectTimeout() throws {
        let port = try freePort()
        let started = Date()
        let endpoint = SMTPEndpoint(host: "127.0.0.1", port: port, security: .startTLS, user: "sales@example.test",
                                    credential: .password("x"), connectTimeout: 2, totalTimeout: 10)
        let error = try #require(throws: SMTPError.self) {
            try SMTPSubmitter(endpoint: endpoint).submit(Array("Subject: x\r\n\r\nx\r\n".utf8), from: "a@b.test", to: ["c@d.test"])
        }
        guard case .cannotConnect = error else { Issue.record("\(error)"); return }
        #expect(error.kind == .transient)
        #expect(Date().timeIntervalSince(started) < 2)
    }

    @Test func aServerThatNeverGreetsTimesOut() throws {
        let server = try FakeServer(script: .silent)
        defer { server.stop() }
        let started = Date()
        let endpoint = SMTPEndpoint(host: "127.0.0.1", port: server.port, security: .startTLS, user: "sales@example.test",
                                    credential: .password("x"), connectTimeout: 1, totalTimeout: 1)
        let error = try #require(throws: SMTPError.self) {
            try SMTPSubmitter(endpoint: endpoint).submit(Array("Subject: x\r\n\r\nx\r\n".utf8), from: "a@b.test", to: ["c@d.test"])
        }
        guard case .timedOut = error else { Issue.record("\(error)"); return }
        #expect(error.kind == .transient)
        #expect(Date().timeIntervalSince(started) < 4)
    }

    @Test func aServerWithoutSTARTTLSGetsNoLoginAndNoMessage() throws {
        let server = try FakeServer(script: .noStartTLS)
        defer { server.stop() }
        let endpoint = SMTPEndpoint(host: "127.0.0.1", port: server.port, security: .startTLS, user: "sales@example.test",
                                    credential: .password("secret-password"), connectTimeout: 2, totalTimeout: 5)
        let error = try #require(throws: SMTPError.self) {
            try SMTPSubmitter(endpoint: endpoint).submit(Array("Subject: x\r\n\r\nthe body\r\n".utf8), from: "a@b.test", to: ["c@d.test"])
        }
        #expect(error == .tlsRequired(server: "127.0.0.1:\(server.port)"))
        #expect(error.kind == .configuration)
        server.stop()
        let heard = server.received
        #expect(heard.contains("EHLO"), "it spoke: \(heard)")
        #expect(!heard.contains("AUTH") && !heard.contains("secret") && !heard.contains("MAIL") && !heard.contains("the body"), "\(heard)")
    }
}

/// A TCP server on 127.0.0.1 for one connection, playing a script.
final class FakeServer: @unchecked Sendable {
    enum Script { case silent, noStartTLS }

    let port: Int
    private let listener: Int32
    private let lock = NSLock()
    private var heard: [UInt8] = []
    private var thread: Thread?

    var received: String { lock.withLock { String(decoding: heard, as: UTF8.self) } }

    init(script: Script) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound, listen(fd, 4) == 0 else { close(fd); throw POSIXError(.EADDRNOTAVAIL) }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        guard script == .noStartTLS else { return }  // silent: the kernel completes the handshake; nobody answers
        let listener = self.listener
        let thread = Thread { [self] in
            let fd = accept(listener, nil, nil)
            guard fd >= 0 else { return }
            defer { close(fd) }
            func say(_ text: String) { _ = text.withCString { send(fd, $0, strlen($0), Int32(MSG_NOSIGNAL)) } }
            say("220 fake.test ESMTP\r\n")
            var line: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 512)
            while true {
                let n = recv(fd, &buffer, buffer.count, 0)
                guard n > 0 else { return }
                lock.withLock { heard.append(contentsOf: buffer[0..<n]) }
                for b in buffer[0..<n] {
                    guard b == 10 else { line.append(b); continue }
                    let command = String(decoding: line, as: UTF8.self).uppercased()
                    line.removeAll()
                    if command.hasPrefix("EHLO") {
                        say("250-fake.test\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n")
                    } else if command.hasPrefix("QUIT") {
                        say("221 bye\r\n")
                        return
                    } else {
                        say("502 5.5.1 not here\r\n")
                    }
                }
            }
        }
        self.thread = thread
        thread.start()
    }

    func stop() {
        lock.withLock {
            if listener >= 0 { shutdown(listener, Int32(SHUT_RDWR)) }
        }
        Thread.sleep(forTimeInterval: 0.05)
    }

    deinit { close(listener) }
}
