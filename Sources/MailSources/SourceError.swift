/// Why a source could not hand over its mail, or one message of it. The kind says what the person
/// running intake does about it, so callers decide on the kind (a service backs off on `.connection`
/// and raises the alarm on a `.login` that keeps failing); the error the source met is kept whole
/// in `underlying`, and its own words, written for that person, are the description.
package struct SourceError: Error, Sendable, CustomStringConvertible {
    package enum Kind: String, Sendable, Equatable, CaseIterable {
        /// The source cannot be used as given (no such Maildir, an IMAP server that offers no TLS):
        /// fix the command line or the configuration.
        case configuration
        /// The server refused the login, or no credential could be had: fix the credential.
        case login
        /// The server could not be reached, or the connection broke or stalled: it usually passes,
        /// and the next pass goes on from where this one was.
        case connection
        /// The server's answer could not be used (broken, beyond a bound, a command refused): the
        /// server's administrator may have to look.
        case `protocol`
        /// Messages the source could not hand over (unreadable, larger than intake reads); the rest
        /// were. A person has to read them.
        case message
    }

    package let kind: Kind
    /// The error the source met (an `IMAPError`, a `MaildirError`, …), as it was.
    package let underlying: any Error & Sendable & CustomStringConvertible

    package init(_ kind: Kind, _ underlying: any Error & Sendable & CustomStringConvertible) {
        self.kind = kind
        self.underlying = underlying
    }

    package static func configuration(_ error: any Error & Sendable & CustomStringConvertible) -> SourceError { SourceError(.configuration, error) }
    package static func login(_ error: any Error & Sendable & CustomStringConvertible) -> SourceError { SourceError(.login, error) }
    package static func connection(_ error: any Error & Sendable & CustomStringConvertible) -> SourceError { SourceError(.connection, error) }
    package static func `protocol`(_ error: any Error & Sendable & CustomStringConvertible) -> SourceError { SourceError(.protocol, error) }
    package static func message(_ error: any Error & Sendable & CustomStringConvertible) -> SourceError { SourceError(.message, error) }

    package var description: String { underlying.description }
}
