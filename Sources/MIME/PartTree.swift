/// One body part in the flat part table: header ranges, its type, where its body lies.
struct PartNode: Sendable {
    var buffer: Int
    var header: HeaderBlock
    var contentType: ContentValue
    var disposition: ContentValue?
    var transferEncoding: String
    var body: Range<Int>
    var parent: Int
    var children: [Int] = []
    var depth: Int
    /// The top of a message: the whole input, or the content of a message/rfc822 part.
    var isMessageRoot: Bool
    /// Repairs made while reading this part's structure (not its content).
    var defects: [Defect] = []

    var isMultipart: Bool { contentType.value.hasPrefix("multipart/") }
    var isEmbeddedMessage: Bool {
        let v = contentType.value
        return v == "message/rfc822" || v == "message/global"
    }
    var isAttachmentDisposition: Bool { disposition?.value == "attachment" }
}

/// The whole structure of a message as a flat table, built with an explicit stack: no
/// recursion a message can drive, and every limit checked where it applies.
struct PartTree: Sendable {
    /// The input, and bodies of encoded message/rfc822 parts decoded into their own buffers.
    var buffers: [[UInt8]]
    var nodes: [PartNode] = []
    var defects: [Defect] = []

    init(_ bytes: [UInt8], limits: ParseLimits) {
        var input = bytes
        var topDefects: [Defect] = []
        if input.count > limits.maxTotalSize {
            input.removeSubrange(limits.maxTotalSize...)
            topDefects.append(Defect(.limitExceeded, "limit exceeded: message larger than \(limits.maxTotalSize) bytes, the rest ignored"))
        }
        buffers = [input]
        build(limits: limits)
        if !nodes.isEmpty { nodes[0].defects.insert(contentsOf: topDefects, at: 0) }
    }

    private struct Job {
        var buffer: Int
        var range: Range<Int>
        var parent: Int
        var depth: Int
        var isMessageRoot: Bool
        var defaultType: String
    }

    private mutating func build(limits: ParseLimits) {
        var stack = [Job(buffer: 0, range: 0..<buffers[0].count, parent: -1, depth: 0, isMessageRoot: true, defaultType: "text/plain")]
        var partLimitReported = false
        while let job = stack.popLast() {
            if nodes.count >= limits.maxPartCount {
                if !partLimitReported {
                    partLimitReported = true
                    nodes[0].defects.append(Defect(.limitExceeded, "limit exceeded: more than \(limits.maxPartCount) parts, the rest ignored"))
                }
                continue
            }
            let index = nodes.count
            var node = readPart(job, limits: limits)
            if job.parent >= 0 { nodes[job.parent].children.append(index) }

            let descend = node.isMultipart || node.isEmbeddedMessage
            if descend && job.depth >= limits.maxDepth {
                node.defects.append(Defect(.limitExceeded, "limit exceeded: nesting deeper than \(limits.maxDepth), \(node.contentType.value) part left unopened"))
                nodes.append(node)
                continue
            }
            if node.isMultipart {
                let children = splitMultipart(&node)
                nodes.append(node)
                let childDefault = node.contentType.value == "multipart/digest" ? "message/rfc822" : "text/plain"
                for range in children.reversed() {
                    stack.append(Job(buffer: job.buffer, range: range, parent: index, depth: job.depth + 1,
                                     isMessageRoot: false, defaultType: childDefault))
                }
                continue
            }
            if node.isEmbeddedMessage {
                var buffer = job.buffer
                var range = node.body
                if node.transferEncoding == "base64" || node.transferEncoding == "quoted-printable" {
                    // Encoding a message/rfc822 part is forbidden (RFC 2046 5.2.1) but done: decode it.
                    var d: [Defect] = []
                    let decoded = decodeTransfer(buffers[buffer][range], encoding: node.transferEncoding, defects: &d)
                    node.defects += d
                    buffers.append(decoded)
                    buffer = buffers.count - 1
                    range = 0..<decoded.count
                }
                nodes.append(node)
                stack.append(Job(buffer: buffer, range: range, parent: index, depth: job.depth + 1,
                                 isMessageRoot: true, defaultType: "text/plain"))
                continue
            }
            nodes.append(node)
        }
    }

    /// Reads a part's header and works out its type, disposition and transfer encoding.
    private func readPart(_ job: Job, limits: ParseLimits) -> PartNode {
        let header = HeaderParser.readBlock(buffers[job.buffer], from: job.range.lowerBound, to: job.range.upperBound,
                                            limits: limits, allowUnixFrom: job.isMessageRoot)
        var defects = header.defects
        var contentType = ContentValue(value: job.defaultType)
        if let ct = header.first("content-type") {
            let parsed = HeaderParser.parseContentValue(ct.raw, defects: &defects)
            // type "/" subtype: one slash, something on each side, no space.
            let u = parsed.value.utf8
            let slashes = u.reduce(0) { $0 + ($1 == 0x2F ? 1 : 0) }
            if slashes == 1, u.first != 0x2F, u.last != 0x2F, !u.contains(0x20) {
                contentType = parsed
            } else {
                // RFC 2045 5.2: an unreadable type means text/plain (parameters kept for the charset).
                defects.append(Defect(.invalidHeader, "invalid content type \"\(parsed.value)\", read as \(job.defaultType)"))
                contentType = ContentValue(value: job.defaultType, parameters: parsed.parameters)
            }
        }
        var disposition: ContentValue? = nil
        if let cd = header.first("content-disposition") {
            disposition = HeaderParser.parseContentValue(cd.raw, defects: &defects)
        }
        var cte = "7bit"
        if let te = header.first("content-transfer-encoding") {
            cte = lowercasedASCII(HeaderParser.stripComments(HeaderParser.unfold(te.raw)[...]))
        }
        return PartNode(buffer: job.buffer, header: header, contentType: contentType, disposition: disposition,
                        transferEncoding: cte, body: header.bodyStart..<max(header.bodyStart, job.range.upperBound),
                        parent: job.parent, depth: job.depth, isMessageRoot: job.isMessageRoot, defects: defects)
    }

    // multipart-body = [preamble CRLF] dash-boundary transport-padding CRLF body-part
    //                  *encapsulation close-delimiter transport-padding [CRLF epilogue]
    // delimiter      = CRLF dash-boundary ; dash-boundary = "--" boundary   (RFC 2046 5.1.1)
    // The CRLF before a delimiter belongs to the delimiter, not to the part before it.
    /// The byte ranges of the parts of a multipart; defects go on the node.
    private func splitMultipart(_ node: inout PartNode) -> [Range<Int>] {
        guard let boundaryText = node.contentType.parameter("boundary"), !boundaryText.isEmpty else {
            node.defects.append(Defect(.missingBoundaryParameter, "missing boundary parameter in \(node.contentType.value), read as text/plain"))
            node.contentType = ContentValue(value: "text/plain", parameters: node.contentType.parameters)
            return []
        }
        let boundary = Array(boundaryText.utf8)
        var ranges: [Range<Int>] = []
        var closed = false
        var sawDelimiter = false
        let body = node.body
        buffers[node.buffer].withUnsafeBufferPointer { buf in
            var pos = body.lowerBound
            var partStart = -1
            while let d = findDelimiter(buf, boundary, from: pos, to: body.upperBound) {
                sawDelimiter = true
                if partStart >= 0 {
                    // The line end before the delimiter is the delimiter's.
                    var end = d.start
                    if end > partStart, buf[end - 1] == 0x0A { end -= 1 }
                    if end > partStart, buf[end - 1] == 0x0D { end -= 1 }
                    ranges.append(partStart..<max(partStart, end))
                }
                if d.isClose { closed = true; break }
                partStart = d.lineEnd
                pos = d.lineEnd
            }
            if !closed && partStart >= 0 {
                ranges.append(partStart..<max(partStart, body.upperBound))
            }
        }
        if ranges.isEmpty && sawDelimiter {
            // Only a close delimiter: a multipart with no parts (and no body), as Python reads it.
            node.defects.append(Defect(.noPartsInMultipart, "no parts in \(node.contentType.value)"))
            return []
        }
        if ranges.isEmpty {
            node.defects.append(Defect(.noPartsInMultipart, "no parts in \(node.contentType.value): boundary \"\(boundaryText)\" not found, read as text/plain"))
            node.contentType = ContentValue(value: "text/plain", parameters: node.contentType.parameters)
            return []
        }
        if !closed {
            node.defects.append(Defect(.missingClosingBoundary, "missing closing boundary \"\(boundaryText)\" in \(node.contentType.value)"))
        }
        return ranges
    }

    /// The next line that is "--boundary" or "--boundary--", followed only by whitespace.
    /// memchr finds the "-"s: base64 has none, so a large attachment is crossed at memchr speed.
    private func findDelimiter(_ buf: UnsafeBufferPointer<UInt8>, _ boundary: [UInt8], from: Int, to: Int)
        -> (start: Int, lineEnd: Int, isClose: Bool)?
    {
        var i = from
        let need = boundary.count + 2
        let lineFloor = from
        while let dash = buf.firstIndex(of: 0x2D, from: i, to: to) {
            i = dash + 1
            guard dash + need <= to, buf[dash + 1] == 0x2D, dash == lineFloor || buf[dash - 1] == 0x0A else { continue }
            var match = true
            for k in 0..<boundary.count where buf[dash + 2 + k] != boundary[k] { match = false; break }
            if !match { continue }
            var j = dash + need
            var isClose = false
            if j + 1 < to + 1, j + 2 <= to, buf[j] == 0x2D, buf[j + 1] == 0x2D { isClose = true; j += 2 }
            while j < to, isWSP(buf[j]) { j += 1 }
            if j < to, buf[j] == 0x0D { j += 1 }
            if j < to, buf[j] == 0x0A { j += 1 } else if j < to { continue }
            return (dash, j, isClose)
        }
        return nil
    }
}
