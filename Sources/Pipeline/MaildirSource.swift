import Foundation
import Filing

/// A Maildir (`cur/` and `new/`) read in place: files are never moved, renamed or flagged — what was
/// filed is the store's business, so the sample Mailbox stays as shipped.
public struct MaildirSource: MailSource {
    public let directory: String
    public var name: String { "maildir:" + (directory as NSString).standardizingPath }

    public init(directory: String) throws(PipelineError) {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDir), isDir.boolValue else {
            throw .sourceUnusable("\(directory) is not a folder; --source takes a Maildir (a folder with cur/ and new/)")
        }
        let hasCur = FileManager.default.fileExists(atPath: directory + "/cur")
        let hasNew = FileManager.default.fileExists(atPath: directory + "/new")
        guard hasCur || hasNew else {
            throw .sourceUnusable("\(directory) is not a Maildir: it has neither cur/ nor new/")
        }
        self.directory = directory
    }

    struct Entry {
        var path: String
        var uniqueName: String
        var arrival: Double
    }

    /// Messages in order of arrival: Maildir names start with the delivery time.
    /// A `new/` or `cur/` that is there but cannot be listed stops the pass: its messages must not
    /// pass for none.
    func entries() throws(PipelineError) -> [Entry] {
        var out: [Entry] = []
        for sub in ["new", "cur"] {
            let dir = directory + "/" + sub
            guard FileManager.default.fileExists(atPath: dir) else { continue }
            let names: [String]
            do { names = try FileManager.default.contentsOfDirectory(atPath: dir) } catch {
                throw .sourceUnusable("cannot list the Maildir folder \(dir) (\(error.localizedDescription)); check its permissions")
            }
            for name in names where !name.hasPrefix(".") {
                // "time.unique.host:2,FLAGS" — the part before ":2," names the message whatever its flags.
                let unique = name.split(separator: ":", maxSplits: 1).first.map(String.init) ?? name
                let arrival = Double(name.prefix { $0.isNumber || $0 == "." }.split(separator: ".").first ?? "") ?? 0
                out.append(Entry(path: dir + "/" + name, uniqueName: unique, arrival: arrival))
            }
        }
        return out.sorted { ($0.arrival, $0.uniqueName) < ($1.arrival, $1.uniqueName) }
    }

    /// Nil when it cannot be counted (the pass itself then says why).
    public func pendingCount() -> Int? { try? entries().count }

    /// Nothing is done to the Maildir, so nothing waits for `commit`: the poller commits as it goes.
    /// Files are read on the caller's thread, so nothing is prepared ahead.
    public func poll(_ visit: (SourceMessage) -> SourceOutcome, commit: () -> Bool,
                     prepare: @escaping @Sendable (SourceMessage) -> SourceMessage) throws(PipelineError) {
        for entry in try entries() {
            let raw = Self.readRegularFile(entry.path)
            let received = entry.arrival > 0 ? Self.iso(entry.arrival) : nil
            if visit(SourceMessage(sourceID: entry.uniqueName, raw: raw, receivedAt: received)) == .stop { return }
        }
    }

    static func iso(_ seconds: Double) -> String { Timestamp.string(epochSeconds: Int(seconds)) }

    /// A Maildir entry's bytes, opened without following a link and only if it is a regular file: a
    /// link to /etc/shadow planted in new/ must not be filed as a message.
    static func readRegularFile(_ path: String) -> Result<[UInt8], SourceReadError> {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else {
            let why = errno == ELOOP ? "is a symbolic link; only regular files are read" : String(cString: strerror(errno))
            return .failure(SourceReadError("cannot read \(path): \(why)"))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            return .failure(SourceReadError("cannot read \(path): not a regular file; only regular files are read"))
        }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var filled = 0
        while filled < bytes.count {
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, $0.count - filled) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { break }
            filled += n
        }
        bytes.removeSubrange(filled...)
        return .success(bytes)
    }
}
