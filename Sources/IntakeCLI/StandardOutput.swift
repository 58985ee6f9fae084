import Glibc

/// Bytes to standard output with write(2), whole: a short write is continued, an interrupted one
/// retried. A closed pipe or a full disk ends the command with what went wrong, not a partial line.
struct StandardOutput {
    struct WriteError: Error, CustomStringConvertible {
        var errno: Int32
        var description: String { "cannot write to standard output: " + String(cString: strerror(errno)) }
    }

    func write(_ bytes: [UInt8]) throws(WriteError) {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(STDOUT_FILENO, $0.baseAddress! + done, $0.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                throw WriteError(errno: errno)
            }
            done += n
        }
    }
}
