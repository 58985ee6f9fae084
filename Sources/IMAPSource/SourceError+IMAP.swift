package import IMAPFetch
package import MailSources

/// What an IMAP failure means to the person running intake, said once here: `watch` decides on it.
extension SourceError {
    package init(_ error: IMAPError) {
        self.init(Self.kind(of: error), error)
    }

    package init(_ error: IMAPSourceError) {
        switch error {
        // No secret, no login: the credential is what to fix.
        case .credential: self.init(.login, error)
        case .configuration: self.init(.configuration, error)
        }
    }

    static func kind(of error: IMAPError) -> Kind {
        switch error {
        case .invalidEndpoint, .tlsRequired: return .configuration
        // A server that offers no login for the credential given refuses it as surely as a wrong password.
        case .loginFailed, .mechanismUnavailable: return .login
        case .cannotConnect, .tlsFailed, .connectionLost, .timedOut, .deadlineExceeded, .curl: return .connection
        case .commandFailed, .protocolViolation, .unsupported, .misuse: return .protocol
        }
    }
}
