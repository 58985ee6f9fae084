import Glibc

/// glibc's allocator, set for a pass over a backlog. Messages of a few hundred kilobytes to a few
/// megabytes are allocated and freed by the thousand; by default glibc gives each such block a
/// mapping of its own and trims the heap as it shrinks, so every message costs fresh pages from
/// the kernel (a page fault and zeroing per 4 KB, dearer on a VM). Kept in the heap, blocks reuse
/// the pages of the messages before them. Memory stays bounded by the pipeline's windows.
enum MemoryTuning {
    static func forBacklogs() {
        guard let mallopt = Self.mallopt else { return }
        _ = mallopt(mmapThreshold, 32 << 20)  // glibc's largest: bigger messages still get a mapping
        _ = mallopt(trimThreshold, 128 << 20)
    }

    /// Gives the pages kept back to the system: for a service, after a pass that had work.
    static func giveBack() {
        _ = mallocTrim?(0)
    }

    // <malloc.h> is not part of the Glibc module: look the calls up once, by name.
    private static let trimThreshold: Int32 = -1  // M_TRIM_THRESHOLD
    private static let mmapThreshold: Int32 = -3  // M_MMAP_THRESHOLD
    private static let mallopt: (@convention(c) (Int32, Int32) -> Int32)? = symbol("mallopt")
    private static let mallocTrim: (@convention(c) (Int) -> Int32)? = symbol("malloc_trim")

    private static func symbol<F>(_ name: String) -> F? {
        guard let address = dlsym(nil, name) else { return nil }
        return unsafeBitCast(address, to: F.self)
    }
}
