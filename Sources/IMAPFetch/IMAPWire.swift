import CCurl
import Glibc

/// The bytes of the IMAP conversation after login: commands out with curl_easy_send, answers in
/// with curl_easy_recv, both non-blocking, waiting on the socket with poll().
///
/// Answers are read through one growable buffer; a literal (`{n}` then n bytes) is read
/// straight into its own array, so a message body is copied once.
///
/// Whatever the server sends, a response holds at most `limits.maxResponseBytes` (checked as
/// bytes arrive: one compare per read, none per byte), and no read goes on past the command's or
/// the pass's deadline. The first error closes the connection for good: after a half-read answer
/// nothing that follows can be trusted, so every later call throws that error again.
final class IMAPWire {
    let login: CurlLogin
    let socket: Int32
    let server: String
    let timeout: Double
    let limits: IMAPLimits
    /// When the current command must be answered (reset per message in a pipelined fetch).
    var commandDeadline: Deadline?
    /// When the caller's whole pass must end.
    var passDeadline: Deadline?
    /// The error that closed the connection.
    private(set) var failure: IMAPError?
    /// What the session is doing, for error messages ("UID FETCH", "IDLE", …).
    var activity = "login"
    /// Text of a `* BYE` the server sent, quoted if the connection then closes.
    var farewell: String?

    private var buffer: UnsafeMutableRawBufferPointer
    private var head = 0
    private var tail = 0
    /// Longest line accepted (literals excluded): a protection against a runaway server. SEARCH
    /// answers, the longest lines intake asks for, come in windows of `limits.searchWindow` UIDs
    /// (about 11 bytes each).
    static let maxLineLength = 16 << 20
    /// Bytes of the response being read so far (lines and literals).
    private var responseBytes = 0
    /// The most any response held, for tests of the bounds.
    private(set) var largestResponse = 0

    init(login: CurlLogin, socket: Int32, server: String, timeout: Double, limits: IMAPLimits) {
        self.login = login
        self.socket = socket
        self.server = server
        self.timeout = timeout
        self.limits = limits
        buffer = .allocate(byteCount: 256 << 10, alignment: 16)
    }

    deinit { buffer.deallocate() }

    /// A point in time a command or a pass must not outlast, and how it was set (for the error).
    struct Deadline {
        var at: ContinuousClock.Instant
        var seconds: Double
        var scope: IMAPError.DeadlineScope

        init(seconds: Double, scope: IMAPError.DeadlineScope) {
            at = ContinuousClock.now.advanced(by: .nanoseconds(Int64(min(seconds, 1e9) * 1e9)))
            self.seconds = seconds
            self.scope = scope
        }
    }

    /// The command's deadline starts now (`nil`: none).
    func startCommand(_ activity: String, seconds: Double? = nil) {
        self.activity = activity
        commandDeadline = Deadline(seconds: seconds ?? limits.commandSeconds, scope: .command)
    }

    private var nearestDeadline: Deadline? {
        guard let command = commandDeadline else { return passDeadline }
        guard let pass = passDeadline else { return command }
        return pass.at < command.at ? pass : command
    }

    private func exceeded(_ deadline: Deadline) -> IMAPError {
        .deadlineExceeded(server: server, during: activity, seconds: deadline.seconds, scope: deadline.scope)
    }

    /// Records the error that ends the connection and shuts the socket, so a server still sending
    /// sees the end at once; libcurl closes the descriptor with its handle.
    @discardableResult
    func fail(_ error: IMAPError) -> IMAPError {
        if failure == nil {
            failure = error
            shutdown(socket, Int32(SHUT_RDWR))
        }
        return failure!
    }

    func violation(_ detail: String) -> IMAPError {
        .protocolViolation(server: server, detail: "\(detail) during \(activity)")
    }

    // MARK: Sending

    func send(_ text: String) throws(IMAPError) {
        var bytes = Array(text.utf8)
        try send(bytes: &bytes)
    }

    func send(bytes: inout [UInt8]) throws(IMAPError) {
        if let failure = self.failure { throw failure }
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
        if let failure { throw fail(failure) }
    }

    // MARK: Receiving

    /// Waits until the socket is ready; false when `seconds` pass first (error if `mustHappen`).
    /// Never past the nearest deadline: reaching it first is `deadlineExceeded`.
    private func wait(for events: Int16, seconds: Double, mustHappen: Bool) throws(IMAPError) -> Bool {
        var entry = pollfd(fd: socket, events: events, revents: 0)
        var waitSeconds = seconds
        var cut: Deadline?
        if let deadline = nearestDeadline {
            let left = ContinuousClock.now.duration(to: deadline.at)
            let leftSeconds = Double(left.components.seconds) + Double(left.components.attoseconds) / 1e18
            if leftSeconds < waitSeconds {
                waitSeconds = max(0, leftSeconds)
                cut = deadline
            }
        }
        let milliseconds = Int32(clamping: Int((waitSeconds * 1000).rounded(.up)))
        while true {
            let n = poll(&entry, 1, milliseconds)
            if n > 0 { return true }
            if n == 0 {
                if let cut { throw exceeded(cut) }
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
    /// Each call checks the deadlines: a server sending without pause never waits in poll().
    private func receive(_ destination: UnsafeMutableRawPointer, _ capacity: Int, seconds: Double, mustHappen: Bool) throws(IMAPError) -> Int {
        if let deadline = nearestDeadline, ContinuousClock.now >= deadline.at { throw exceeded(deadline) }
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
                throw violation("a response line longer than \(Self.maxLineLength >> 20) MB")
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
        if let failure { throw failure }
        if head < tail { return true }
        do throws(IMAPError) {
            return try fill(seconds: seconds, mustHappen: false)
        } catch {
            throw fail(error)
        }
    }

    /// One line, without its CRLF; at most `limit` bytes, checked as they arrive.
    private func readLine(limit: Int) throws(IMAPError) -> [UInt8] {
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
            if scanned > limit {
                throw violation("a response of more than \(Self.megabytes(limits.maxResponseBytes)) (the largest message accepted and its FETCH line)")
            }
            try fill()
        }
    }

    static func megabytes(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? "\(bytes >> 20) MB" : "\(bytes) bytes"
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
    /// before it) and its literals, in order. At most `limits.maxResponseBytes` in all.
    func readResponse() throws(IMAPError) -> IMAPResponse {
        if let failure { throw failure }
        do throws(IMAPError) {
            return try readBoundedResponse()
        } catch {
            throw fail(error)
        }
    }

    private func readBoundedResponse() throws(IMAPError) -> IMAPResponse {
        var response = IMAPResponse()
        let budget = limits.maxResponseBytes
        responseBytes = 0
        defer { largestResponse = max(largestResponse, responseBytes) }
        while true {
            let line = try readLine(limit: min(Self.maxLineLength, budget - responseBytes))
            responseBytes += line.count + 2
            guard responseBytes <= budget else {
                throw violation("a response of more than \(Self.megabytes(budget)) (the largest message accepted and its FETCH line)")
            }
            switch IMAPResponse.literalMarker(endingLine: line) {
            case .none:
                response.lines.append(line)
                return response
            case .malformed:
                throw violation("a literal size too long to be a number (\(String(decoding: line.suffix(40), as: UTF8.self)))")
            case .size(let size):
                guard size <= limits.maxMessageBytes else {
                    throw violation("a literal of \(size) bytes, more than the largest message accepted (\(Self.megabytes(limits.maxMessageBytes)))")
                }
                guard size <= budget - responseBytes else {
                    throw violation("a response of more than \(Self.megabytes(budget)) (the largest message accepted and its FETCH line)")
                }
                responseBytes += size
                response.lines.append(line)
                response.literals.append(try readExactly(size))
            }
        }
    }
}
