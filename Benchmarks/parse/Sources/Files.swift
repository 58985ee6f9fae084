import Glibc

/// Paths of the regular files under `path` (itself if it is a file), sorted, recursively.
func listFiles(_ path: String) -> [String] {
    var st = stat()
    guard stat(path, &st) == 0 else { return [] }
    if (st.st_mode & S_IFMT) != S_IFDIR { return [path] }
    guard let dir = opendir(path) else { return [] }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
        let name = withUnsafePointer(to: entry.pointee.d_name) {
            String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
        }
        if name == "." || name == ".." { continue }
        names.append(name)
    }
    return names.sorted().flatMap { listFiles(path + "/" + $0) }
}

/// The whole file, read with one read(2) per chunk.
func readFile(_ path: String) -> [UInt8]? {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var st = stat()
    guard fstat(fd, &st) == 0 else { return nil }
    let size = Int(st.st_size)
    var ok = true
    let bytes = [UInt8](unsafeUninitializedCapacity: size) { buf, initialized in
        var got = 0
        while got < size {
            let n = read(fd, buf.baseAddress! + got, size - got)
            if n <= 0 { ok = false; break }
            got += n
        }
        initialized = got
    }
    return ok ? bytes : nil
}

func printError(_ message: String) {
    _ = message.withCString { write(2, $0, strlen($0)) }
}
