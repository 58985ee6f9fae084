import Credentials
import Filing
import IMAPSource
import Outbox
import SMTPSubmit

/// Where replies go out: the `smtp:` section's server, and a copy to the mailbox's Sent folder over IMAP
/// when intake.yaml names the mailbox. Without an `smtp:` section nothing is sent and the replies wait.
enum ReplyTransports {
    /// `imap` is the mailbox whose Sent folder gets the copies: by default the one intake.yaml names.
    static func make(_ config: Configuration, imap: SourceOptions.IMAPLogin?? = nil) throws -> (any ReplyTransport, any SentFolder) {
        guard let smtp = config.smtp else {
            throw Failure.runtime("no SMTP server is configured (an smtp: section in intake.yaml, README \"Replies\"); nothing was sent — "
                + "the replies due wait in the outbox (`intake replies list`)")
        }
        let sources = CredentialSource.given(file: smtp.passwordFile, environment: smtp.passwordEnv, command: smtp.passwordCommand,
                                             tokenCommand: smtp.oauth2TokenCommand)
        guard let user = smtp.user, let source = sources.first else {
            throw Failure.config("smtp needs user and one of password-file, password-env, password-command or oauth2-token-command")
        }
        let secret: Secret
        do { secret = try source.secret() } catch { throw Failure.config("smtp: \(error)") }
        guard let endpoint = SMTPEndpoint(url: smtp.url, user: user, credential: secret, caFile: smtp.caFile) else {
            throw Failure.config("smtp.url \(smtp.url) is not smtps://HOST[:PORT] or smtp://HOST[:PORT]")
        }
        let sent: any SentFolder
        if let login = try imap ?? SourceOptions.parse([]).imapEndpoint(config: config) {
            sent = IMAPSentCopies(folder: IMAPSentFolder(endpoint: login.endpoint, credentials: login.credentials, folder: smtp.sentFolder))
        } else {
            sent = NoSentFolder()
        }
        return (SMTPReplyTransport(submitter: SMTPSubmitter(endpoint: endpoint)), sent)
    }
}

extension ReplyTransports {
    /// One pass of the dispatcher through the configured server: what happened to each reply. A server that
    /// cannot be set up (no smtp: section, a credential that cannot be read) is a `Failure`; the pass's own
    /// fault a `DispatchError`, for the caller to word.
    static func dispatch(_ store: CaseStore, _ config: Configuration, imap: SourceOptions.IMAPLogin?? = nil) throws -> [DispatchEvent] {
        let (transport, sentFolder) = try make(config, imap: imap)
        return try ReplyDispatcher(store: store, transport: transport, sentFolder: sentFolder).dispatch()
    }
}

/// The SMTP client as the outbox sees it: what the server's answer means for the reply. A login or
/// configuration fault is the operator's to mend, not the reply's: the reply waits and is tried again.
struct SMTPReplyTransport: ReplyTransport {
    let submitter: SMTPSubmitter

    func submit(_ message: [UInt8], from: String, to: [String]) -> SubmissionOutcome {
        do {
            _ = try submitter.submit(message, from: from, to: to)
            return .accepted
        } catch {
            switch error.kind {
            case .permanent: return .refused(reason: error.description)
            case .transient, .login, .configuration: return .retryLater(reason: error.description)
            }
        }
    }
}

/// The mailbox's Sent folder over IMAP, as the outbox asks it.
struct IMAPSentCopies: SentFolder {
    let folder: IMAPSentFolder
    func contains(messageID: String) throws -> Bool { try folder.contains(messageID: messageID) }
    func append(_ message: [UInt8]) throws { try folder.append(message) }
}

/// No IMAP mailbox in intake.yaml: no Sent folder to look in or copy to. The outbox logs each copy it
/// could not make and never resends for it; a reply interrupted while sending waits for a person.
struct NoSentFolder: SentFolder {
    struct NotConfigured: Error, CustomStringConvertible {
        var description: String { "no IMAP mailbox is configured (imap: in intake.yaml), so there is no Sent folder" }
    }
    func contains(messageID: String) throws -> Bool { throw NotConfigured() }
    func append(_ message: [UInt8]) throws { throw NotConfigured() }
}
