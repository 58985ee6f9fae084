/// JSON written straight into a buffer of UTF-8 bytes: no `String` is built on the way, and keys
/// stay in the order written (the documented shapes are ordered).
///
/// The writer trusts its caller for the structure: each `array` element body writes exactly one
/// value, and `raw` is handed JSON that is already well formed.
package struct JSONWriter: Sendable {
    package var bytes: [UInt8]

    package init(reservingCapacity capacity: Int = 0) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Writes into `buffer`, after what it holds (a line being assembled, a reused output buffer).
    package init(appendingTo buffer: [UInt8]) { bytes = buffer }

    // MARK: values

    package mutating func string(_ s: String?) {
        guard var s else { return null() }
        s.withUTF8 { JSONEscaping.appendQuoted($0, to: &bytes) }
    }

    package mutating func int(_ n: Int?) {
        guard let n else { return null() }
        JSONEscaping.appendDecimal(n, to: &bytes)
    }

    package mutating func bool(_ b: Bool?) {
        guard let b else { return null() }
        bytes.append(contentsOf: b ? JSONEscaping.trueBytes : JSONEscaping.falseBytes)
    }

    package mutating func null() { bytes.append(contentsOf: JSONEscaping.nullBytes) }

    /// JSON encoded elsewhere, copied as it is.
    package mutating func raw(_ json: some Collection<UInt8>) { bytes.append(contentsOf: json) }

    /// An array of strings.
    package mutating func strings(_ list: some Sequence<String>) {
        array(list) { w, s in w.string(s) }
    }

    /// An object whose members `body` writes, in order.
    package mutating func object(_ body: (inout Object) -> Void) {
        var o = Object()
        // The buffer moves into the object and back, so every member appends to the one array.
        swap(&o.writer.bytes, &bytes)
        o.writer.bytes.append(UInt8(ascii: "{"))
        body(&o)
        o.writer.bytes.append(UInt8(ascii: "}"))
        swap(&o.writer.bytes, &bytes)
    }

    /// An array, one element per item: `body` writes exactly one value for each.
    package mutating func array<S: Sequence>(_ items: S, _ body: (inout JSONWriter, S.Element) -> Void) {
        bytes.append(UInt8(ascii: "["))
        var first = true
        for item in items {
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            body(&self, item)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// The members of an object being written.
    package struct Object: Sendable {
        fileprivate var writer = JSONWriter()
        fileprivate var first = true

        fileprivate mutating func key(_ key: String) {
            if !first { writer.bytes.append(UInt8(ascii: ",")) }
            first = false
            writer.string(key)
            writer.bytes.append(UInt8(ascii: ":"))
        }

        package mutating func field(_ key: String, _ value: String?) { self.key(key); writer.string(value) }
        package mutating func field(_ key: String, _ value: Int?) { self.key(key); writer.int(value) }
        package mutating func field(_ key: String, _ value: Bool?) { self.key(key); writer.bool(value) }
        /// A member whose value is JSON encoded elsewhere.
        package mutating func raw(_ key: String, _ json: some Collection<UInt8>) { self.key(key); writer.raw(json) }
        package mutating func raw(_ key: String, _ json: String) { self.key(key); writer.raw(json.utf8) }
        package mutating func strings(_ key: String, _ list: some Sequence<String>) { self.key(key); writer.strings(list) }
        package mutating func object(_ key: String, _ body: (inout Object) -> Void) { self.key(key); writer.object(body) }
        package mutating func array<S: Sequence>(_ key: String, _ items: S, _ body: (inout JSONWriter, S.Element) -> Void) {
            self.key(key)
            writer.array(items, body)
        }
    }
}

extension JSONWriter {
    /// One object's bytes.
    package static func object(_ body: (inout Object) -> Void) -> [UInt8] {
        var w = JSONWriter()
        w.object(body)
        return w.bytes
    }

    /// An array of strings' bytes.
    package static func strings(_ list: some Sequence<String>) -> [UInt8] {
        var w = JSONWriter()
        w.strings(list)
        return w.bytes
    }

    /// A JSON string literal, for the few places that still assemble JSON as text.
    package static func quote(_ s: String) -> String {
        var w = JSONWriter()
        w.string(s)
        return String(decoding: w.bytes, as: UTF8.self)
    }
}
