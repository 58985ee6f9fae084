import Glibc

/// The store's files read whole as bytes: never through a link planted in the store, only a regular
/// file, and without Foundation: on Linux, `FileManager.contents(atPath:)` leaks 4 KB for every empty
/// file it reads (FoundationEssentials' readBytesFromFile, Swift 6.3.1), and an empty message is filed
/// like any other (found by fuzz/DecisionFuzz under LeakSanitizer).
package enum FileBytes {
    /// The file's bytes; nil when it cannot be opened or read (missing, a link, not a regular file, no permission).
    package static func read(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        // Sized from fstat, read until end of file: a file that grows meanwhile is read whole.
        var bytes = [UInt8](repeating: 0, count: max(Int(info.st_size), 0) + 1)
        var filled = 0
        while true {
            if filled == bytes.count { bytes += [UInt8](repeating: 0, count: max(bytes.count, 4096)) }
            let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + filled, $0.count - filled) }
            if n < 0, errno == EINTR { continue }
            guard n >= 0 else { return nil }
            if n == 0 { break }
            filled += n
        }
        bytes.removeSubrange(filled...)
        return bytes
    }
}
