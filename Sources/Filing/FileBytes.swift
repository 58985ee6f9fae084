import Glibc

/// Files read whole as bytes, without Foundation: on Linux, `FileManager.contents(atPath:)` leaks
/// 4 KB for every empty file it reads (FoundationEssentials' readBytesFromFile, Swift 6.3.1), and an
/// empty message is filed like any other (found by fuzz/DecisionFuzz under LeakSanitizer). It also
/// hands back `Data`, which costs a second copy to become `[UInt8]`.
package enum FileBytes {
    /// The file's bytes; nil when it cannot be opened or read (missing, not a regular file, no
    /// permission). The store's own files are never read through a link planted in the store:
    /// `followingLinks` is for paths a person named (`intake parse`), where a link, a pipe or a
    /// device is read like the file it stands for.
    package static func read(_ path: String, followingLinks: Bool = false) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | (followingLinks ? 0 : O_NOFOLLOW))
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        let kind = info.st_mode & S_IFMT
        guard kind == S_IFREG || (followingLinks && kind != S_IFDIR) else { return nil }
        // Sized from fstat (one byte more, to see the end of file), read straight into the array's
        // storage, then on until end of file: a file that grows meanwhile, or a pipe, is read whole.
        var failed = false
        var bytes = [UInt8](unsafeUninitializedCapacity: max(Int(info.st_size), 0) + 1) { buffer, count in
            count = 0
            while count < buffer.count {
                let n = Glibc.read(fd, buffer.baseAddress! + count, buffer.count - count)
                if n < 0, errno == EINTR { continue }
                if n < 0 { failed = true; return }
                if n == 0 { return }
                count += n
            }
        }
        guard !failed else { return nil }
        guard bytes.count == max(Int(info.st_size), 0) + 1 else { return bytes }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n >= 0 else { return nil }
            if n == 0 { return bytes }
            bytes.append(contentsOf: chunk[..<n])
        }
    }
}
