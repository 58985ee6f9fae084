import Glibc
import Synchronization

/// A folder only intake's user can enter (0700), made fresh for one letter and removed with everything in
/// it afterwards. A converter works on a copy of the attachment here, never on the store's files.
///
/// Named `intake-letter-<pid>-XXXXXX`: a run that is killed cannot remove its folder, which holds a copy of
/// someone's letter, so the first folder a process makes in a place first removes those of runs that are
/// gone (`sweep`).
final class PrivateFolder {
    let path: String

    static let prefix = "intake-letter-"
    /// The places this process has swept already.
    private static let swept = Mutex<Set<String>>([])

    init(under parent: String? = nil) throws(LetterRefusal) {
        let base = parent ?? (getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp")
        if Self.swept.withLock({ $0.insert(base).inserted }) { Self.sweep(base) }
        var template = Array((base + "/" + Self.prefix + "\(getpid())-XXXXXX").utf8CString)
        // mkdtemp makes it 0700.
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw .converterFailed(tool: "intake", reason: "could not make a private folder in \(base) (\(String(cString: strerror(errno))))")
        }
        path = String(cString: made)
    }

    deinit { Self.remove(path) }

    /// The full path of `name` in the folder.
    func file(_ name: String) -> String { path + "/" + name }

    /// Writes `bytes` as a new file `name` (0600) in the folder.
    func write(_ bytes: [UInt8], as name: String) throws(LetterRefusal) {
        let file = path + "/" + name
        let fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .converterFailed(tool: "intake", reason: "could not write \(file) (\(String(cString: strerror(errno))))") }
        defer { close(fd) }
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw .converterFailed(tool: "intake", reason: "could not write \(file) (\(String(cString: strerror(errno))))") }
            done += n
        }
    }

    /// The file's bytes, at most `limit` of them; nil when it is not there (or not a regular file).
    func read(_ name: String, limit: Int) -> [UInt8]? { Self.read(path + "/" + name, limit: limit) }

    /// The names in the folder, sorted.
    func names() -> [String] {
        guard let dir = opendir(path) else { return [] }
        defer { closedir(dir) }
        var out: [String] = []
        while let entry = readdir(dir) {
            let name = Self.name(of: entry)
            if name != ".", name != ".." { out.append(name) }
        }
        return out.sorted()
    }

    static func read(_ file: String, limit: Int) -> [UInt8]? {
        let fd = open(file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        var bytes = [UInt8](repeating: 0, count: min(max(Int(info.st_size), 0), limit))
        var filled = 0
        while filled < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + filled, $0.count - filled) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { break }
            filled += n
        }
        bytes.removeSubrange(filled...)
        return bytes
    }

    /// Removes the folders in `base` that runs now gone left behind, owned by this user: named by this
    /// scheme after a process that no longer exists, or named without a process (`intake-letter-XXXXXX`, as
    /// earlier versions did) and untouched for an hour, far past any converter's limits. A folder of a live
    /// process, a recent one of unknown owner, and anyone else's stay.
    static func sweep(_ base: String) {
        guard let dir = opendir(base) else { return }
        var leftovers: [String] = []
        while let entry = readdir(dir) {
            let name = Self.name(of: entry)
            guard name.hasPrefix(prefix) else { continue }
            var info = stat()
            guard lstat(base + "/" + name, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR, info.st_uid == getuid() else { continue }
            let rest = name.dropFirst(prefix.count)
            if let dash = rest.firstIndex(of: "-"), let pid = pid_t(rest[..<dash]), pid > 0 {
                // kill(pid, 0): ESRCH is "no such process"; EPERM means it lives, as another user's.
                guard pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            } else {
                guard time(nil) - info.st_mtim.tv_sec > 3600 else { continue }
            }
            leftovers.append(base + "/" + name)
        }
        closedir(dir)
        for folder in leftovers { remove(folder) }
    }

    /// A directory entry's name, read where readdir put it, up to its NUL. Not `entry.pointee.d_name`: that
    /// copies all 256 bytes the field declares, past the end of a short entry, and faulted when the entry was
    /// the last one before the end of readdir's buffer (a sweep of a large temporary folder did).
    static func name(of entry: UnsafeMutablePointer<dirent>) -> String {
        withUnsafePointer(to: &entry.pointee.d_name) { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
    }

    /// Removes a folder and what a converter left in it (files only: converters make no folders here).
    static func remove(_ folder: String) {
        if let dir = opendir(folder) {
            while let entry = readdir(dir) {
                let name = Self.name(of: entry)
                if name != ".", name != ".." { unlink(folder + "/" + name) }
            }
            closedir(dir)
        }
        rmdir(folder)
    }
}
