/// A sent reply's outcome at the SMTP server. The SMTP module reports its own typed error; the adapter
/// between the two (written where they are wired together) maps it onto these three, which are all the
/// dispatcher decides on.
package enum SubmissionOutcome: Sendable, Equatable {
    case accepted                       // 2xx after DATA
    case retryLater(reason: String)     // 4xx, connection refused/reset, timeout, TLS handshake
    case refused(reason: String)        // 5xx: the server's own words (code and text)
}

/// Whatever submits a reply's bytes to the mail server (SMTP over libcurl, in use).
package protocol ReplyTransport: Sendable {
    func submit(_ message: [UInt8], from: String, to: [String]) -> SubmissionOutcome
}

/// The mailbox's Sent folder over IMAP: where the team sees what intake sent, and where an interrupted
/// run looks for a reply (by Message-ID) before it sends it again.
package protocol SentFolder: Sendable {
    func contains(messageID: String) throws -> Bool
    func append(_ message: [UInt8]) throws
}
