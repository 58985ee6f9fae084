package import Credentials
package import IMAPFetch
package import MailSources

/// The mailbox's Sent folder over IMAP, as an outbox uses it: one short session per question, with
/// the credential read afresh each time, as the mail source does.
package struct IMAPSentFolder: Sendable {
    /// The mailbox's endpoint; its own credential is replaced by `credentials`' at each login.
    package var endpoint: IMAPEndpoint
    package var credentials: CredentialSource
    /// The folder's name, `/` between levels ("Sent", "INBOX/Sent"); created on the first append.
    package var folder: String

    package init(endpoint: IMAPEndpoint, credentials: CredentialSource, folder: String = "Sent") {
        self.endpoint = endpoint
        self.credentials = credentials
        self.folder = folder
    }

    /// Whether a message with this Message-ID (with or without angle brackets) is in the folder.
    /// A folder that does not exist holds nothing.
    package func contains(messageID: String) throws(SourceError) -> Bool {
        try session { session throws(IMAPError) in !(try session.uids(withMessageID: messageID, in: folder)).isEmpty }
    }

    /// Puts a copy of a sent message in the folder, marked read.
    package func append(_ message: [UInt8]) throws(SourceError) {
        try session { session throws(IMAPError) in _ = try session.appendSeen(message, to: folder) }
    }

    private func session<T>(_ body: (IMAPSession) throws(IMAPError) -> T) throws(SourceError) -> T {
        // Its first command may be an APPEND: the login is answered first (a round trip, on a rare path).
        let session = try IMAPMailSource.login(endpoint, credentials, awaitingLogin: true)
        defer { try? session.logout() }
        do {
            return try body(session)
        } catch {
            throw SourceError(error)
        }
    }
}
