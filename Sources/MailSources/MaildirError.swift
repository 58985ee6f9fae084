#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What goes wrong reading a Maildir, worded for the person who named it.
package enum MaildirError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The path is missing or not a folder.
    case notAFolder(path: String)
    /// A folder with neither cur/ nor new/.
    case notAMaildir(path: String)
    /// cur/ or new/ is there but cannot be listed (permissions, a file in its place).
    case cannotList(path: String, errno: Int32)
    /// A message file that cannot be opened or read.
    case unreadable(path: String, errno: Int32)
    /// A message entry that is a link: never followed (a link to /etc/shadow must not be filed).
    case symbolicLink(path: String)
    /// A message entry that is not a regular file (a folder, a FIFO, a device).
    case notARegularFile(path: String)

    package var description: String {
        switch self {
        case .notAFolder(let path):
            return "\(path) is not a folder; --source takes a Maildir (a folder with cur/ and new/)"
        case .notAMaildir(let path):
            return "\(path) is not a Maildir: it has neither cur/ nor new/"
        case .cannotList(let path, let code):
            return "cannot list \(path): \(Self.words(code)) — intake needs to read the Maildir's cur/ and new/ folders; nothing in it was filed"
        case .unreadable(let path, let code):
            return "cannot read \(path): \(Self.words(code))"
        case .symbolicLink(let path):
            return "cannot read \(path): is a symbolic link; only regular files are read"
        case .notARegularFile(let path):
            return "cannot read \(path): not a regular file; only regular files are read"
        }
    }

    static func words(_ code: Int32) -> String { String(cString: strerror(code)) }
}
