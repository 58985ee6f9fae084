#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A Maildir (`cur/` and `new/`) read in place: files are never moved, renamed or flagged — what was
/// filed is the store's business, so the sample Mailbox stays as shipped.
package struct MaildirSource: MailSource {
    package let directory: String
    package var name: String { "maildir:" + (directory as NSString).standardizingPath }

    package init(directory: String) throws(SourceError) {
        var info = stat()
        guard stat(directory, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            throw .configuration(MaildirError.notAFolder(path: directory))
        }
        guard Self.exists(directory + "/cur") || Self.exists(directory + "/new") else {
            throw .configuration(MaildirError.notAMaildir(path: directory))
        }
        self.directory = directory
    }

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    struct Entry {
        var path: String
        var uniqueName: String
        var arrival: Double
    }

    /// Messages in order of arrival: Maildir names start with the delivery time. A missing cur/ or
    /// new/ holds nothing; one that cannot be listed stops the pass, never passes for empty.
    func entries() throws(MaildirError) -> [Entry] {
        var out: [Entry] = []
        for sub in ["new", "cur"] {
            let dir = directory + "/" + sub
            for name in try Self.names(in: dir) where !name.hasPrefix(".") {
                // "time.unique.host:2,FLAGS" — the part before ":2," names the message whatever its flags.
                let unique = name.split(separator: ":", maxSplits: 1).first.map(String.init) ?? name
                let arrival = Double(name.prefix { $0.isNumber || $0 == "." }.split(separator: ".").first ?? "") ?? 0
                out.append(Entry(path: dir + "/" + name, uniqueName: unique, arrival: arrival))
            }
        }
        return out.sorted { ($0.arrival, $0.uniqueName) < ($1.arrival, $1.uniqueName) }
    }

    /// The names in a folder; none when it does not exist.
    static func names(in dir: String) throws(MaildirError) -> [String] {
        guard let handle = opendir(dir) else {
            if errno == ENOENT { return [] }
            throw .cannotList(path: dir, errno: errno)
        }
        defer { closedir(handle) }
        var names: [String] = []
        while true {
            errno = 0
            guard let entry = readdir(handle) else {
                if errno != 0 { throw .cannotList(path: dir, errno: errno) }
                return names
            }
            // Read where readdir put it, up to its NUL: copying `d_name` reads its 256 declared bytes, past the end
            // of a short entry, which faults when the entry is the last before the end of readdir's buffer.
            let name = withUnsafePointer(to: &entry.pointee.d_name) { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
            if name != ".", name != ".." { names.append(name) }
        }
    }

    /// Nil when the Maildir cannot be listed (the pass says why).
    package func pendingCount() -> Int? {
        do { return try entries().count } catch { return nil }
    }

    /// Nothing is done to the Maildir, so nothing waits for `commit` and there is no place to keep:
    /// every pass looks at every file, and the store knows which are on file. Files are read on the
    /// caller's thread, so nothing is prepared ahead.
    package func poll<Work: Sendable>(
        from place: String?,
        prepare: @escaping @Sendable (SourceMessage) -> Work,
        visit: (SourceMessage, Work?) -> SourceOutcome,
        commit: () -> Bool,
        keep: (_ place: String) -> Bool
    ) throws(SourceError) {
        let all: [Entry]
        do { all = try entries() } catch { throw .configuration(error) }
        for entry in all {
            let raw = Self.readRegularFile(entry.path).mapError { SourceError.message($0) }
            let received = entry.arrival > 0 ? Int(entry.arrival) : nil
            if visit(SourceMessage(sourceID: entry.uniqueName, raw: raw, receivedAt: received), nil) == .stop { return }
        }
    }

    /// A Maildir entry's bytes, opened without following a link and only if it is a regular file: a
    /// link to /etc/shadow planted in new/ must not be filed as a message.
    static func readRegularFile(_ path: String) -> Result<[UInt8], MaildirError> {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else {
            return .failure(errno == ELOOP ? .symbolicLink(path: path) : .unreadable(path: path, errno: errno))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            return .failure(.notARegularFile(path: path))
        }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var filled = 0
        while filled < bytes.count {
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, $0.count - filled) }
            if n < 0, errno == EINTR { continue }
            if n < 0 { return .failure(.unreadable(path: path, errno: errno)) }
            if n == 0 { break }
            filled += n
        }
        bytes.removeSubrange(filled...)
        return .success(bytes)
    }
}
