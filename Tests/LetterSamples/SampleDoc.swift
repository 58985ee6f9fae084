import Glibc

/// The one sample letter kept as a file (Fixtures/README.md says how it was made): nothing here writes a
/// Word 97–2003 document at test time.
package enum SampleDoc {
    /// The policy page's education request (Rules/tests/policy-example-education-verbatim.eml's body) as a
    /// real .doc. The file sits beside this source, found by its path as the other tests find Rules/.
    package static func educationRequest() -> [UInt8] {
        // #filePath here, not as a default argument, which would name the caller's file.
        let folder = #filePath.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        let path = folder + "/Fixtures/policy-example-education.doc"
        guard let file = fopen(path, "rb") else { fatalError("the sample .doc is missing: \(path)") }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = fread(&buffer, 1, buffer.count, file)
            if n <= 0 { break }
            bytes += buffer[0..<n]
        }
        return bytes
    }
}
