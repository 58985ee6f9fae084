import Glibc

/// File writes that are on disk when they return: write, fsync, close; and the same for a folder's
/// entries, so a rename survives a crash. Every step that changes the disk is a `FaultPoint`.
enum SyncedFiles {
    /// Writes a file without syncing it: a case folder's files are synced together by `syncFileSystem`.
    static func writeUnsynced(_ bytes: [UInt8], to path: String) throws(FilingError) {
        try write(bytes, to: path, sync: false)
    }

    /// One flush of the whole file system holding `path`: cheaper than an fsync per file when a
    /// case folder holds several files.
    static func syncFileSystem(_ path: String) throws(FilingError) {
        FaultPoint.reach("flush the file system of \(path)")
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .archive(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        guard let syncfs = Self.syncfs else {
            sync()  // no syncfs(2): flush every file system instead
            return
        }
        guard syncfs(fd) == 0 else { throw .archive(path: path, reason: "syncfs: " + String(cString: strerror(errno))) }
    }

    /// syncfs(2) is a GNU extension the Glibc module does not declare; look it up once.
    private static let syncfs: (@convention(c) (Int32) -> Int32)? = {
        guard let symbol = dlsym(nil, "syncfs") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int32) -> Int32).self)
    }()

    static func write(_ bytes: [UInt8], to path: String, sync: Bool = true) throws(FilingError) {
        FaultPoint.reach("write \(path)")
        // Private: the archive holds other people's mail (requesters' letters and addresses).
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw .archive(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        // With fault injection on, a run may also end with the file half written.
        let half = FaultPoint.isEnabled && bytes.count > 1 ? bytes.count / 2 : nil
        var offset = 0
        while offset < bytes.count {
            let end = half.map { offset < $0 ? $0 : bytes.count } ?? bytes.count
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, end - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .archive(path: path, reason: String(cString: strerror(errno)))
            }
            offset += n
            if offset == half { FaultPoint.reach("half-way through writing \(path)") }
        }
        if sync {
            FaultPoint.reach("fsync \(path)")
            guard fsync(fd) == 0 else { throw .archive(path: path, reason: "fsync: " + String(cString: strerror(errno))) }
        }
    }

    /// Asks the kernel to drop a file's cached pages. Only clean pages go, so call it after the
    /// file is on disk; best effort, as the file is complete either way.
    static func dropFromCache(_ path: String) {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return }
        _ = posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED)
        close(fd)
    }

    static func makeDirectory(_ path: String) throws(FilingError) {
        FaultPoint.reach("make the folder \(path)")
        guard mkdir(path, 0o700) == 0 || errno == EEXIST else {
            throw .archive(path: path, reason: String(cString: strerror(errno)))
        }
    }

    static func syncDirectory(_ path: String) throws(FilingError) {
        FaultPoint.reach("fsync the folder \(path)")
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .archive(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw .archive(path: path, reason: "fsync: " + String(cString: strerror(errno))) }
    }

    static func rename(_ from: String, _ to: String) throws(FilingError) {
        FaultPoint.reach("rename \(from) to \(to)")
        guard Glibc.rename(from, to) == 0 else {
            throw .archive(path: to, reason: "rename from \(from): " + String(cString: strerror(errno)))
        }
    }

    static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return String(path[..<slash])
    }
}
