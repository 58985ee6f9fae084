import Foundation
package import Credentials
package import IMAPFetch
import MailSources

/// A login started on a thread of its own while the run opens its store and recovers, so the
/// server's part of it (TLS, authentication, starting its own process) overlaps the run's start.
/// A poll that finds nothing new is mostly that wait.
package final class LoginAhead: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    // Written once by the login thread before `done` is signalled; read only after waiting on it.
    private var result: Result<IMAPSession, SourceError>?

    package init(endpoint: IMAPEndpoint, credentials: CredentialSource) {
        Thread.detachNewThread { [self] in
            do throws(SourceError) {
                result = .success(try IMAPMailSource.login(endpoint, credentials))
            } catch {
                result = .failure(error)
            }
            done.signal()
        }
    }

    /// The logged-in session, or why the login failed; waits for the login to end.
    func session() throws(SourceError) -> IMAPSession {
        done.wait()
        done.signal()  // a second caller does not wait forever
        return try result!.get()
    }
}
