import Glibc

/// An exclusive lock on a store, so two runs never process in parallel. Held until released or the
/// process ends (the kernel drops a flock with the process, so a killed run leaves no stale lock).
package final class StoreLock {
    private var fd: Int32
    package let path: String

    init(path: String) throws(FilingError) {
        self.path = path
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else {
            let why = errno == ELOOP ? "it is a symbolic link, and intake never follows a link inside its store; remove it" : String(cString: strerror(errno))
            throw .storeUnusable(path: path, reason: "cannot open the lock file: \(why)")
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let holder = Self.readHolder(fd)
            close(fd)
            throw .locked(path: path, holder: holder)
        }
        // Who holds it, for the message the next run prints.
        let pid = "\(getpid())\n"
        _ = ftruncate(fd, 0)
        _ = pid.withCString { pwrite(fd, $0, strlen($0), 0) }
    }

    package func release() {
        guard fd >= 0 else { return }
        flock(fd, LOCK_UN)
        close(fd)
        fd = -1
    }

    deinit { release() }

    private static func readHolder(_ fd: Int32) -> String? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = pread(fd, &buffer, 31, 0)
        guard n > 0 else { return nil }
        let s = String(decoding: buffer[0..<n], as: UTF8.self).filter(\.isNumber)
        return s.isEmpty ? nil : s
    }
}
