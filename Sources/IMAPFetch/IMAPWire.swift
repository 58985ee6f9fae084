import CCurl
import Glibc

/// The bytes of the IMAP conversation after login: commands out with curl_easy_send, answers in
/// with curl_easy_recv, both non-blocking, waiting on the socket with poll().
///
/// Answers are read through one growable buffer; a literal (`{n}` then n bytes) is read
/// straight into its own array, so a message body is copied once.
final class IMAPWire {
    let login: CurlLogin
    let socket: Int32
    let server: String
    let timeout: Double
    /// What the session is doing, for error messages ("UID FETCH", "IDLE", …).
    var activity = "login"
    /// Text of a `* BYE` the server sent, quoted if the connection then closes.
    var farewell: String?

    private var buffer: UnsafeMutableRawBufferPointer
    private var head = 0
    private var tail = 0
    /// Longest line accepted (literals excluded): a protection against a runaway server.
    static let maxLineLength = 64 << 20
    /// Largest literal accepted (one message).
    static let maxLiteralLength = 1 << 31

    init(login: CurlLogin, socket: Int32, server: String, timeout: Double) {
        self.login = login
        self.socket = socket
        self.server = server
        self.timeout = timeout
        buffer = .allocate(byteCount: 256 << 10, alignment: 16)
    }

    deinit { buffer.deallocate() }

    // MARK: Sending

    func send(_ text: String) throws(IMAPError) {
        var bytes = Array(text.utf8)
        try send(bytes: &bytes)
    }

    func send(bytes: inout [UInt8]) throws(IMAPError) {
        var failure: IMAPError?
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                var sent = 0
                let rc = curl_easy_send(login.handle, raw.baseAddress! + offset, raw.count - offset, &sent)
                if rc == CURLE_OK {
                    offset += sent
                } else if rc == CURLE_AGAIN {
                    do throws(IMAPError) { _ = try wait(for: Int16(POLLOUT), seconds: timeout, mustHappen: true) } catch {
                        failure = error
                        return
                    }
                } else {
                    failure = lost(rc)
                    return
                }
            }
        }
        if let failure { throw failure }
    }

    // MARK: Receiving

    /// Waits until the socket is ready; false when `seconds` pass first (error if `mustHappen`).
    private func wait(for events: Int16, seconds: Double, mustHappen: Bool) throws(IMAPError) -> Bool {
        var entry = pollfd(fd: socket, events: events, revents: 0)
        let milliseconds = Int32(clamping: Int((seconds * 1000).rounded(.up)))
        while true {
            let n = poll(&entry, 1, milliseconds)
            if n > 0 { return true }
            if n == 0 {
                if mustHappen { throw .timedOut(server: server, during: activity, seconds: seconds) }
                return false
            }
            if errno != EINTR {
                throw .connectionLost(server: server, during: activity, detail: "poll: \(String(cString: strerror(errno)))")
            }
        }
    }

    private func lost(_ rc: CURLcode) -> IMAPError {
        .connectionLost(server: server, during: activity, detail: login.message(rc))
    }

    private func closed() -> IMAPError {
        let detail = farewell.map { "the server said BYE \($0) and closed the connection" } ?? "the server closed the connection"
        return .connectionLost(server: server, during: activity, detail: detail)
    }

    /// Receives what is available into `destination`; waits up to `seconds` for something.
    /// Returns 0 only when nothing came in time and `mustHappen` is false.
    private func receive(_ destination: UnsafeMutableRawPointer, _ capacity: Int, seconds: Double, mustHappen: Bool) throws(IMAPError) -> Int {
        while true {
            var received = 0
            let rc = curl_easy_recv(login.handle, destination, capacity, &received)
            if rc == CURLE_OK {
                if received == 0 { throw closed() }
                return received
            }
            if rc != CURLE_AGAIN { throw lost(rc) }
            if try !wait(for: Int16(POLLIN), seconds: seconds, mustHappen: mustHappen) { return 0 }
        }
    }

    /// Reads more into the buffer, growing it when full. False when nothing came within `seconds`.
    @discardableResult
    private func fill(seconds: Double? = nil, mustHappen: Bool = true) throws(IMAPError) -> Bool {
        // Move what is left to the front when the buffer is drained or its free tail is short.
        if head > 0 && (head == tail || buffer.count - tail < buffer.count / 4) {
            if head < tail {
                (buffer.baseAddress! + 0).copyMemory(from: buffer.baseAddress! + head, byteCount: tail - head)
            }
            tail -= head
            head = 0
        }
        if tail == buffer.count {
            guard buffer.count < Self.maxLineLength else {
                throw .protocolViolation(server: server, detail: "a response line longer than \(Self.maxLineLength >> 20) MB")
            }
            let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: buffer.count * 2, alignment: 16)
            bigger.baseAddress!.copyMemory(from: buffer.baseAddress!, byteCount: tail)
            buffer.deallocate()
            buffer = bigger
        }
        let n = try receive(buffer.baseAddress! + tail, buffer.count - tail, seconds: seconds ?? timeout, mustHappen: mustHappen)
        tail += n
        return n > 0
    }

    /// True when a byte of an answer is available within `seconds` (used while idling).
    func awaitData(seconds: Double) throws(IMAPError) -> Bool {
        if head < tail { return true }
        return try fill(seconds: seconds, mustHappen: false)
    }

    /// One line, without its CRLF.
    private func readLine() throws(IMAPError) -> [UInt8] {
        var scanned = 0  // bytes after `head` known to hold no LF
        while true {
            let from = head + scanned
            if from < tail, let found = memchr(buffer.baseAddress! + from, Int32(UInt8(ascii: "\n")), tail - from) {
                let end = found - UnsafeMutableRawPointer(buffer.baseAddress!)
                var stop = end
                if stop > head && buffer[stop - 1] == UInt8(ascii: "\r") { stop -= 1 }
                let line = Array(UnsafeRawBufferPointer(rebasing: buffer[head..<stop]))
                head = end + 1
                return line
            }
            scanned = tail - head
            try fill()
        }
    }

    /// Exactly `count` bytes: first from the buffer, the rest received straight into the result.
    private func readExactly(_ count: Int) throws(IMAPError) -> [UInt8] {
        var failure: IMAPError?
        let result = [UInt8](unsafeUninitializedCapacity: count) { storage, initialized in
            let fromBuffer = min(count, tail - head)
            if fromBuffer > 0 {
                UnsafeMutableRawPointer(storage.baseAddress!).copyMemory(from: buffer.baseAddress! + head, byteCount: fromBuffer)
                head += fromBuffer
            }
            initialized = fromBuffer
            while initialized < count {
                do throws(IMAPError) {
                    initialized += try receive(storage.baseAddress! + initialized, count - initialized, seconds: timeout, mustHappen: true)
                } catch {
                    failure = error
                    return
                }
            }
        }
        if let failure { throw failure }
        return result
    }

    /// One complete response: its lines (each literal's `{n}` marker left at the end of the line
    /// before it) and its literals, in order.
    func readResponse() throws(IMAPError) -> IMAPResponse {
        var response = IMAPResponse()
        while true {
            let line = try readLine()
            guard let size = IMAPResponse.literalSize(endingLine: line) else {
                response.lines.append(line)
                return response
            }
            guard size <= Self.maxLiteralLength else {
                throw .protocolViolation(server: server, detail: "a literal of \(size) bytes")
            }
            response.lines.append(line)
            response.literals.append(try readExactly(size))
        }
    }
}
