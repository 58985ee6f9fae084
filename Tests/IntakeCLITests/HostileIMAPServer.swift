import Foundation
import Glibc

/// An IMAP server on 127.0.0.1 (plain TCP) that logs in anyone, holds three small messages, and
/// misbehaves in one chosen way when asked for them: what a broken or hostile server does to the
/// reader. It records every command line it gets, so a test can see what intake did (moved or
/// flagged nothing, …). Writes go until the client hangs up.
final class HostileIMAPServer: @unchecked Sendable {
    enum Mode: String, CaseIterable, Sendable {
        /// Behaves: the harness's own check.
        case wellBehaved
        /// A FETCH answer whose literals never end: `BODY[] {1 MB}` then another, and another.
        case endlessResponse
        /// SELECT reports 72 million messages and every SEARCH answer is UIDs without end.
        case giantSearch
        /// The FETCH answer, one byte every half second.
        case trickle
        /// `* 1 EXISTS` lines without end instead of the FETCH answer.
        case existsFlood
        /// `BODY[] {9999999999999999}`, then the command completes.
        case hugeLiteralSize
        /// `BODY[] "…` a quoted string that never closes, then the command completes.
        case brokenSyntax
    }

    let port: Int
    let mode: Mode
    private let listener: Int32
    private let lock = NSLock()
    private var lines: [String] = []
    private var clients: [Int32] = []
    private var stopped = false

    /// What clients sent, line by line (AUTHENTICATE's credentials dropped).
    var received: [String] { lock.withLock { lines } }

    static let messages: [[UInt8]] = (1...3).map { i in
        Array(("From: Ana Souza <ana@example.edu>\r\nTo: sales@example.com\r\nSubject: request \(i)\r\n"
            + "Message-ID: <hostile-\(i)@imap.test>\r\nDate: Thu, 03 Dec 2026 10:00:00 +0000\r\n\r\n"
            + "Our domain has 2,000 accounts and we are licensed for 1,500; please cover 1,800.\r\n").utf8)
    }

    init(_ mode: Mode) throws {
        self.mode = mode
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0, listen(fd, 4) == 0 else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        listener = fd
        Thread.detachNewThread { [self] in
            while true {
                let client = accept(fd, nil, nil)
                guard client >= 0 else { return }
                let open = lock.withLock {
                    if !stopped { clients.append(client) }
                    return !stopped
                }
                guard open else { close(client); return }
                Thread.detachNewThread { [self] in serve(client) }
            }
        }
    }

    /// Stops listening and hangs up on every client.
    /// Once only: a second close could hit a descriptor number another test reuses.
    func stop() {
        lock.withLock {
            guard !stopped else { return }
            stopped = true
            shutdown(listener, Int32(SHUT_RDWR))
            close(listener)
            for c in clients { shutdown(c, Int32(SHUT_RDWR)) }
        }
    }

    deinit { stop() }

    // MARK: One connection

    private func serve(_ client: Int32) {
        defer {
            // Out of the list before the number is freed for reuse.
            lock.withLock { clients.removeAll { $0 == client } }
            close(client)
        }
        guard write(client, "* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN] hostile test server\r\n") else { return }
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 8192)
        while true {
            let n = read(client, &buffer, buffer.count)
            if n <= 0 { return }
            pending += buffer[0..<n]
            while let newline = pending.firstIndex(of: 10) {
                let line = String(decoding: pending[..<newline], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                pending.removeSubrange(...newline)
                guard answer(line, client) else { return }
            }
        }
    }

    /// Answers one command line; false when the connection is over.
    private func answer(_ line: String, _ client: Int32) -> Bool {
        let words = line.split(separator: " ", maxSplits: 3).map(String.init)
        guard words.count >= 2 else { return write(client, "* BAD what?\r\n") }
        let tag = words[0], verb = words[1].uppercased()
        let sub = words.count > 2 ? words[2].uppercased() : ""
        lock.withLock { lines.append(verb == "AUTHENTICATE" || verb == "LOGIN" ? "\(tag) \(verb)" : line) }
        switch (verb, sub) {
        case ("CAPABILITY", _):
            return write(client, "* CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN MOVE UIDPLUS\r\n\(tag) OK done\r\n")
        case ("AUTHENTICATE", _), ("LOGIN", _):
            return write(client, "\(tag) OK [CAPABILITY IMAP4rev1 MOVE UIDPLUS] logged in\r\n")
        case ("SELECT", _), ("EXAMINE", _):
            let (exists, next) = mode == .giantSearch ? (72_000_000, 72_000_001) : (3, 4)
            return write(client, "* \(exists) EXISTS\r\n* 0 RECENT\r\n* OK [UIDVALIDITY 7] ok\r\n* OK [UIDNEXT \(next)] ok\r\n\(tag) OK [READ-WRITE] selected\r\n")
        case ("UID", "SEARCH") where line.contains(" RETURN "):
            // As a server without ESEARCH (RFC 4731) does: intake sends that form with its first SELECT,
            // before the login's answer says what the server can do.
            return write(client, "\(tag) BAD unknown search criterion\r\n")
        case ("UID", "SEARCH"):
            // No message is larger than intake reads: the search for those finds none.
            let tooLarge = line.contains(" LARGER ") && !line.contains("NOT LARGER")
            guard mode == .giantSearch else { return write(client, "* SEARCH\(tooLarge ? "" : " 1 2 3")\r\n\(tag) OK done\r\n") }
            return searchWithoutEnd(line, client)
        case ("UID", "FETCH") where line.contains("BODY.PEEK[]"):
            return fetch(line, tag, client)
        case ("LOGOUT", _):
            _ = write(client, "* BYE bye\r\n\(tag) OK done\r\n")
            return false
        default:
            return write(client, "\(tag) OK done\r\n")
        }
    }

    private func fetch(_ line: String, _ tag: String, _ client: Int32) -> Bool {
        let head = "* 1 FETCH (UID 1 RFC822.SIZE 100 BODY[] "
        switch mode {
        case .wellBehaved, .giantSearch:
            // The UIDs asked for: "1:3", "1,2", …
            let set = line.split(separator: " ")[3]
            var uids: [Int] = []
            for part in set.split(separator: ",") {
                let ends = part.split(separator: ":").compactMap { Int($0) }
                if ends.count == 2 { uids += Array(ends[0]...ends[1]) } else if let one = ends.first { uids.append(one) }
            }
            var out: [UInt8] = []
            for uid in uids where (1...3).contains(uid) {
                let m = Self.messages[uid - 1]
                out += Array("* \(uid) FETCH (UID \(uid) RFC822.SIZE \(m.count) BODY[] {\(m.count)}\r\n".utf8) + m + Array(")\r\n".utf8)
            }
            return write(client, out + Array("\(tag) OK done\r\n".utf8))
        case .endlessResponse:
            let literal = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20)
            let more = Array(" BODY[1] {\(1 << 20)}\r\n".utf8) + literal
            guard write(client, Array("\(head){\(1 << 20)}\r\n".utf8) + literal) else { return false }
            while write(client, more) {}
            return false
        case .trickle:
            for byte in Array("\(head){5}\r\nhello)\r\n\(tag) OK done\r\n".utf8) {
                guard write(client, [byte]) else { return false }
                usleep(500_000)
            }
            return true
        case .existsFlood:
            let flood = Array(String(repeating: "* 1 EXISTS\r\n", count: 5000).utf8)
            while write(client, flood) {}
            return false
        case .hugeLiteralSize:
            return write(client, "\(head){9999999999999999}\r\n)\r\n\(tag) OK done\r\n")
        case .brokenSyntax:
            return write(client, "\(head)\"Subject: half a message\r\n\(tag) OK done\r\n")
        }
    }

    /// `* SEARCH` lines of the UIDs asked for (`UID a:b`, or from 1 for `UID a:*`), over and over.
    private func searchWithoutEnd(_ line: String, _ client: Int32) -> Bool {
        let range = line.split(separator: " ").first { $0.contains(":") } ?? "1:*"
        let ends = range.split(separator: ":")
        let low = Int(ends[0]) ?? 1
        let high = Int(ends[1]) ?? low + 10_000_000
        var next = low
        while true {
            var text = "* SEARCH"
            for _ in 0..<10_000 {
                text += " \(next)"
                next = next >= high ? low : next + 1
            }
            guard write(client, text + "\r\n") else { return false }
        }
    }

    private func write(_ client: Int32, _ text: String) -> Bool { write(client, Array(text.utf8)) }

    private func write(_ client: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                // MSG_NOSIGNAL: a client that hangs up must not kill the test process with SIGPIPE.
                let n = send(client, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
    }
}
