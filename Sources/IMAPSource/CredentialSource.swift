package import Credentials
package import IMAPFetch

/// The IMAP login's credential, read from the source shared with SMTP submission (module Credentials).
extension CredentialSource {
    package func credential() throws(IMAPSourceError) -> IMAPEndpoint.Credential {
        do {
            return try secret()
        } catch {
            throw .credential(error.reason)
        }
    }
}

package enum IMAPSourceError: Error, Sendable, CustomStringConvertible {
    case credential(String)
    case configuration(String)

    package var description: String {
        switch self {
        case .credential(let s): return "IMAP credentials: \(s)"
        case .configuration(let s): return s
        }
    }
}
