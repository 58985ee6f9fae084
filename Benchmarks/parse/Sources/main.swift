// mime-bench: the Swift side of the parse benchmark, and the JSON printer the differential
// check reads.
//
//   mime-bench parse PATH...   parse every file (directories recursively), decode every part,
//                              hash every attachment; print one JSON line of totals
//   mime-bench json PATH...    print the `parse --json` shape (without sha256) per file, one line each
import Glibc
import MIME

let args = Array(CommandLine.arguments.dropFirst())
guard let mode = args.first, mode == "parse" || mode == "json", args.count >= 2 else {
    printError("usage: mime-bench parse|json PATH...\n")
    exit(2)
}
let files = args.dropFirst().flatMap { listFiles($0) }

if mode == "json" {
    for path in files {
        guard let bytes = readFile(path) else { printError("cannot read \(path)\n"); continue }
        let m = MessageParser.parse(bytes)
        print(renderJSON(m, path: path))
    }
    exit(0)
}

// Attachments are hashed with libcrypto's SHA-256, as Python's hashlib does for the peers.
let hasher = SHA256Hasher()
var totalBytes = 0
var messages = 0
var attachmentCount = 0
var sink = 0
var start = timespec()
clock_gettime(CLOCK_MONOTONIC, &start)
for path in files {
    guard let bytes = readFile(path) else { continue }
    totalBytes += bytes.count
    messages += 1
    var queue = [MessageParser.parse(bytes)]
    while let m = queue.popLast() {
        sink &+= (m.textBody?.utf8.count ?? 0) &+ (m.htmlBody?.utf8.count ?? 0) &+ (m.subject?.utf8.count ?? 0)
        sink &+= m.from.count &+ m.to.count
        for a in m.attachments {
            attachmentCount += 1
            sink &+= Int(hasher.digest(a.bytes)[0])
        }
        queue += m.embeddedMessages
    }
}
var end = timespec()
clock_gettime(CLOCK_MONOTONIC, &end)
let seconds = Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9
print("{\"tool\":\"intake\",\"messages\":\(messages),\"bytes\":\(totalBytes),\"attachments\":\(attachmentCount),\"seconds\":\(seconds),\"hash\":\"\(hasher.name)\",\"sink\":\(sink % 10)}")
