/// The SMTP dialogue as libcurl's debug callback shows it, kept to quote the server's replies.
///
/// What the server sends (CURLINFO_HEADER_IN) is read into replies; of what we send
/// (CURLINFO_HEADER_OUT) only the command is kept, and for AUTH and its SASL continuation lines only
/// the word "AUTH": they hold the password or token. Bounded: the last 16 replies, 4 KB a line.
final class SMTPTranscript {
    private(set) var replies: [SMTPReply] = []
    private var incoming: [UInt8] = []
    private var outgoing: [UInt8] = []
    private var pendingText: [String] = []
    private var command: String?

    func received(_ bytes: UnsafeBufferPointer<UInt8>) {
        for b in bytes { take(b, into: &incoming) { line in self.replyLine(line) } }
    }

    func sent(_ bytes: UnsafeBufferPointer<UInt8>) {
        for b in bytes { take(b, into: &outgoing) { line in self.commandLine(line) } }
    }

    /// The last reply that refused something (4xx or 5xx); the QUIT after it does not count.
    var lastRefusal: SMTPReply? { replies.last { $0.code >= 400 } }

    /// The last reply of all (the 250 after DATA when the submission went through).
    var lastReply: SMTPReply? { replies.last }

    private func take(_ b: UInt8, into line: inout [UInt8], _ complete: ([UInt8]) -> Void) {
        if b == UInt8(ascii: "\n") {
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            complete(line)
            line.removeAll(keepingCapacity: true)
        } else if line.count < 4096 {
            line.append(b)
        }
    }

    /// reply-line = *( Reply-code "-" [ textstring ] CRLF ) Reply-code [ SP textstring ] CRLF  (RFC 5321 §4.2)
    private func replyLine(_ line: [UInt8]) {
        guard line.count >= 3, line[0..<3].allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return }
        let code = line[0..<3].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        let more = line.count > 3 && line[3] == UInt8(ascii: "-")
        let text = line.count > 4 ? String(decoding: line[4...], as: UTF8.self) : ""
        if pendingText.count < 64 { pendingText.append(text) }
        guard !more else { return }
        // A multi-line EHLO answer lists extensions; any other keeps its lines as one text.
        replies.append(SMTPReply(code: code, text: pendingText.joined(separator: " "), command: command))
        if replies.count > 16 { replies.removeFirst(replies.count - 16) }
        pendingText.removeAll()
    }

    private func commandLine(_ line: [UInt8]) {
        let text = String(decoding: line, as: UTF8.self)
        let verb = text.prefix { $0 != " " }.uppercased()
        switch verb {
        case "MAIL", "RCPT":
            command = text
        case "EHLO", "HELO", "STARTTLS", "DATA", "QUIT", "RSET", "NOOP":
            command = verb
        case "", ".":
            command = "DATA"  // the end of the message's data
        default:
            // AUTH itself and the SASL lines that follow it (base64): never kept.
            command = "AUTH"
        }
    }
}
