import Glibc
import Synchronization

/// What a run is working on, in a small file per step, so the next run knows which message a crash
/// happened on: `recover()` counts an attempt against it. Two steps run at once on different
/// threads (reading ahead, filing), each with its own file. Never synced: a note only has to
/// outlive the process, not the machine.
package enum WorkStep: String, Sendable, CaseIterable {
    /// Parsing and reading a message ahead, on the source's fetch thread.
    case reading
    /// Deciding and staging a message, on the thread that files.
    case filing
}

final class InProgressMarkers: Sendable {
    private let directory: String
    /// Each step's file, mapped shared: a note is a store to memory, no system call and no inode
    /// update, and the page cache keeps it when the process is killed.
    private let mappings = Mutex<[WorkStep: UnsafeMutableRawPointer]>([:])
    static let size = 4096

    init(directory: String) { self.directory = directory }

    deinit {
        mappings.withLock { for p in $0.values { munmap(p, Self.size) } }
    }

    func path(_ step: WorkStep) -> String { directory + "/.in-progress-" + step.rawValue }

    private func mapping(_ step: WorkStep) -> UnsafeMutableRawPointer? {
        mappings.withLock { maps in
            if let p = maps[step] { return p }
            let fd = open(path(step), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
            guard fd >= 0 else { return nil }
            defer { close(fd) }
            // The file's blocks are allocated now, not at the first store to the mapping: a sparse file's
            // page has no block yet, and on a full disk that store kills the process with SIGBUS. Here a
            // full disk is an error, and the run goes on without notes.
            guard posix_fallocate(fd, 0, off_t(Self.size)) == 0 else { return nil }
            guard let p = mmap(nil, Self.size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), p != MAP_FAILED else { return nil }
            maps[step] = p
            return p
        }
    }

    /// Layout: a 2-byte length, then "source\nsourceID". The length is stored last (and cleared
    /// first), so a process killed half-way through leaves either the old note or none.
    func set(_ step: WorkStep, source: String, sourceID: String) {
        guard let p = mapping(step) else { return }
        let bytes = Array((source + "\n" + sourceID).utf8.prefix(Self.size - 2))
        p.storeBytes(of: 0, as: UInt16.self)
        bytes.withUnsafeBytes { (p + 2).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        p.storeBytes(of: UInt16(bytes.count), as: UInt16.self)
    }

    func clear(_ step: WorkStep) {
        mapping(step)?.storeBytes(of: 0, as: UInt16.self)
    }

    /// The message a step was on when the last run ended, if it ended without clearing it.
    func read(_ step: WorkStep) -> (source: String, sourceID: String)? {
        guard let p = mapping(step) else { return nil }
        let n = Int(p.load(as: UInt16.self))
        guard n > 0, n <= Self.size - 2 else { return nil }
        let text = String(decoding: UnsafeRawBufferPointer(start: p + 2, count: n), as: UTF8.self)
        let parts = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        return (String(parts[0]), String(parts[1]))
    }
}
