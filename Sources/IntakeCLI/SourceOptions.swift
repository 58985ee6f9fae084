import ArgumentParser
import Credentials
import Foundation
import IMAPFetch
import IMAPSource
import MailSources
import MIME


/// Where to read mail from, for `poll` and `watch`: a Maildir, or an IMAP mailbox. Every option can
/// also be set in the configuration file (`Configuration`, the same names as the flags); flags win.
struct SourceOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("A Maildir to read (cur/ and new/); the default source is Mailbox.", valueName: "dir"))
    var source: String?

    @Option(name: .long, help: ArgumentHelp("An IMAP mailbox: imaps://host[:port]/MAILBOX (TLS), or imap://… (STARTTLS, TLS required).", valueName: "url"))
    var imap: String?

    @Option(name: .long, help: ArgumentHelp("The IMAP user (e.g. sales@example.com).", valueName: "user"))
    var user: String?

    @Option(name: .customLong("password-file"), help: ArgumentHelp("Read the IMAP password from this file's first line.", valueName: "path"))
    var passwordFile: String?

    @Option(name: .customLong("password-env"), help: ArgumentHelp("Read the IMAP password from this environment variable.", valueName: "name"))
    var passwordEnv: String?

    @Option(name: .customLong("password-command"), help: ArgumentHelp("Run this command and use the first line it prints as the password.", valueName: "command"))
    var passwordCommand: String?

    @Option(name: .customLong("oauth2-token-command"), help: ArgumentHelp("Run this command before each connection; its output is an OAuth 2.0 bearer token (XOAUTH2), as Microsoft 365 and Gmail require.", valueName: "command"))
    var oauth2TokenCommand: String?

    @Option(name: .customLong("ca-file"), help: ArgumentHelp("Trust this CA certificate file (a private or self-signed server certificate).", valueName: "path"))
    var caFile: String?

    @Flag(name: .customLong("allow-plaintext"), help: "With imap://, log in without TLS when the server offers no STARTTLS. Only on a network you trust.")
    var allowPlaintext = false

    @Flag(name: .customLong("keep-in-inbox"), help: "Leave filed messages in the mailbox and flag them $Intake, instead of moving them to Intake/Accepted, Intake/Rejected or Intake/Review.")
    var keepInInbox = false

    @Option(name: .customLong("intake-folder"), help: ArgumentHelp("The folder filed messages move under (default Intake: Intake/Accepted, Intake/Rejected, Intake/Review).", valueName: "name"))
    var intakeFolder: String?

    @Option(name: .long, help: ArgumentHelp("Seconds to wait for the IMAP server before giving up on it (default 60).", valueName: "seconds"))
    var timeout: Double?

    @Option(name: .customLong("command-timeout"), help: ArgumentHelp("Seconds one IMAP command may take, however steadily the server sends meanwhile; in a fetch, each message (default 600).", valueName: "seconds"))
    var commandTimeout: Double?

    @Option(name: .customLong("pass-timeout"), help: ArgumentHelp("Seconds one pass over the IMAP mailbox may take; what was filed stays filed and the next run goes on (default 3600).", valueName: "seconds"))
    var passTimeout: Double?

    /// A positive number of seconds from the flag, else the configuration's (checked when it was read), else nil.
    static func seconds(_ flag: Double?, _ configured: Double?, _ key: String) throws -> Double? {
        guard let flag else { return configured }
        guard flag > 0, flag.isFinite else {
            throw Failure.config("--\(key) \(flag): give a number of seconds above 0 (e.g. --\(key) 600)")
        }
        return flag
    }

    enum Resolved {
        case maildir(MaildirSource)
        case imap(IMAPMailSource)
    }

    /// `imap` is what `imapEndpoint(config:)` gave; `ahead`, a login already started with it.
    func resolve(config: Configuration, imap: IMAPLogin?, ahead: LoginAhead? = nil) throws -> Resolved {
        if let (endpoint, secret) = imap {
            let source = IMAPMailSource(endpoint: endpoint, credentials: secret)
            source.ahead = ahead
            source.keepInInbox = keepInInbox || config.keepInInbox == true
            if let folder = intakeFolder ?? config.intakeFolder { source.folderPrefix = folder }
            if let seconds = try Self.seconds(passTimeout, config.passTimeout, "pass-timeout") { source.passSeconds = seconds }
            return .imap(source)
        }
        let dir = source ?? config.source ?? "Mailbox"
        do { return .maildir(try MaildirSource(directory: dir)) } catch { throw Failure.config(error.description) }
    }

    typealias IMAPLogin = (endpoint: IMAPEndpoint, credentials: CredentialSource)

    /// The IMAP mailbox and how to log in to it; nil for a Maildir source.
    func imapEndpoint(config: Configuration) throws -> IMAPLogin? {
        if let url = imap ?? config.imap {
            // The credential is one setting however it is given: one given by a flag replaces the file's.
            let flagged = CredentialSource.given(file: passwordFile, environment: passwordEnv, command: passwordCommand,
                                                 tokenCommand: oauth2TokenCommand)
            let configured = CredentialSource.given(file: config.passwordFile, environment: config.passwordEnv,
                                                    command: config.passwordCommand, tokenCommand: config.oauth2TokenCommand)
            let secrets = flagged.isEmpty ? configured : flagged
            guard secrets.count == 1, let secret = secrets.first else {
                throw Failure.config(secrets.isEmpty
                    ? "--imap needs a credential: --password-file, --password-env, --password-command or --oauth2-token-command"
                    : "give only one of --password-file, --password-env, --password-command and --oauth2-token-command")
            }
            let plaintext = allowPlaintext || config.allowPlaintext == true
            // A timeout that is not a number is refused, never read as the default.
            let seconds = try Self.seconds(timeout, config.timeout, "timeout") ?? 60
            let commandSeconds = try Self.seconds(commandTimeout, config.commandTimeout, "command-timeout")
            // A password in the URL would show in process lists, logs and every error that names the URL.
            if IMAPEndpoint.holdsPassword(url) {
                throw Failure.config("--imap \(IMAPEndpoint.redacted(url)): the URL holds a password, which intake never takes there "
                    + "(it would show in process lists, logs and errors); write imaps://user@host/INBOX and give the password with "
                    + "--password-file or the environment")
            }
            guard let endpoint = IMAPEndpoint(url: url, user: user ?? config.user, caFile: caFile ?? config.caFile,
                                              allowPlaintext: plaintext, timeout: seconds) else {
                throw Failure.config("--imap \(IMAPEndpoint.redacted(url)) is not an IMAP URL with a user: write imaps://mail.example.com/INBOX and --user sales@example.com")
            }
            var bounded = endpoint
            if let commandSeconds { bounded.limits.commandSeconds = commandSeconds }
            // Never fetch more of a message than the parser reads: a larger one is left in the mailbox.
            bounded.limits.maxMessageBytes = min(bounded.limits.maxMessageBytes, ParseLimits.default.maxTotalSize)
            return (bounded, secret)
        }
        return nil
    }
}
