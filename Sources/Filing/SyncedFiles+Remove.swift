import Glibc

extension SyncedFiles {
    /// Removes a file, a link or a folder and everything in it, somewhere inside the store `root`, and
    /// never follows a link on the way: every folder between `root` and `path` is opened without
    /// following links (one that is a link is refused), and a link met inside is removed itself, never
    /// what it points to. A link planted in the store cannot make a clean-up delete anything outside it.
    /// Nothing there is not an error.
    static func remove(_ path: String, under root: String) throws(FilingError) {
        guard path.hasPrefix(root + "/") else { throw .archive(path: path, reason: "not inside the store at \(root); nothing removed") }
        let components = path.dropFirst(root.count + 1).split(separator: "/").map(String.init)
        guard let last = components.last, !components.contains(".."), !components.contains(".") else {
            throw .archive(path: path, reason: "not a path inside the store; nothing removed")
        }
        var fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .archive(path: root, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var walked = root
        for name in components.dropLast() {
            walked += "/" + name
            let next = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if next < 0 {
                if errno == ENOENT { return }
                throw linkRefused(walked, removing: path)
            }
            close(fd)
            fd = next
        }
        try removeEntry(last, in: fd, path: path)
    }

    /// The kind of entry at `path` (S_IFDIR, S_IFLNK, S_IFREG…), the last component never followed; nil when nothing is there.
    static func entryType(_ path: String) -> mode_t? {
        var st = stat()
        guard lstat(path, &st) == 0 else { return nil }
        return st.st_mode & S_IFMT
    }

    /// What a link (or anything not a folder) met on the way to something to remove is reported as.
    static func linkRefused(_ link: String, removing path: String) -> FilingError {
        let reason = errno == ELOOP || errno == ENOTDIR
            ? "\(link) is a symbolic link or not a folder; intake never follows a link inside its store — replace it with a folder, or remove it"
            : String(cString: strerror(errno))
        return .archive(path: path, reason: "nothing removed: " + reason)
    }

    private static func removeEntry(_ name: String, in parent: Int32, path: String) throws(FilingError) {
        var st = stat()
        guard fstatat(parent, name, &st, AT_SYMLINK_NOFOLLOW) == 0 else {
            if errno == ENOENT { return }
            throw .archive(path: path, reason: String(cString: strerror(errno)))
        }
        if st.st_mode & S_IFMT == S_IFDIR {
            let fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard fd >= 0 else { throw .archive(path: path, reason: String(cString: strerror(errno))) }
            defer { close(fd) }
            for child in try entries(fd, path: path) { try removeEntry(child, in: fd, path: path + "/" + child) }
            FaultPoint.reach("remove the folder \(path)")
            guard unlinkat(parent, name, AT_REMOVEDIR) == 0 || errno == ENOENT else {
                throw .archive(path: path, reason: String(cString: strerror(errno)))
            }
        } else {
            FaultPoint.reach("remove \(path)")
            guard unlinkat(parent, name, 0) == 0 || errno == ENOENT else {
                throw .archive(path: path, reason: String(cString: strerror(errno)))
            }
        }
    }

    /// The names in an open folder, but `.` and `..`.
    private static func entries(_ fd: Int32, path: String) throws(FilingError) -> [String] {
        let copy = dup(fd)
        guard copy >= 0, let dir = fdopendir(copy) else {
            throw .archive(path: path, reason: String(cString: strerror(errno)))
        }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            // Read where readdir put it, up to its NUL: copying `d_name` reads its 256 declared bytes, past the end
            // of a short entry, which faults when the entry is the last before the end of readdir's buffer.
            let name = withUnsafePointer(to: &entry.pointee.d_name) { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
            if name != ".", name != ".." { names.append(name) }
        }
        return names
    }
}
