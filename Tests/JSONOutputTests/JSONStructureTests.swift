import Foundation
import Testing
import JSONOutput
import SeededRandom

@Suite struct JSONStructureTests {
    @Test func integersAsDecimal() throws {
        var rng = SeededGenerator(seed: 7)
        var values = [0, 1, -1, 9, 10, -10, 99, 100, 1_000_000, Int.max, Int.min, Int.max - 1, Int.min + 1]
        for _ in 0..<2000 { values.append(Int(bitPattern: UInt(rng.next() >> UInt64.random(in: 0...63, using: &rng)))) }
        for n in values {
            var w = JSONWriter()
            w.int(n)
            #expect(String(decoding: w.bytes, as: UTF8.self) == String(n))
        }
        var w = JSONWriter()
        w.int(nil)
        #expect(w.bytes == Array("null".utf8))
    }

    @Test func objectsKeepTheOrderWrittenAndNest() throws {
        let bytes = JSONWriter.object {
            $0.field("z", "last letter")
            $0.field("a", 1)
            $0.field("m", true)
            $0.field("n", false)
            $0.field("none", nil as String?)
            $0.field("noCount", nil as Int?)
            $0.field("noFlag", nil as Bool?)
            $0.object("inner") {
                $0.field("k", "v")
                $0.object("empty") { _ in }
            }
            $0.array("list", [1, 2, 3]) { w, n in w.int(n) }
            $0.array("objects", ["x", "y"]) { w, s in w.object { $0.field("name", s) } }
            $0.array("none", [Int]()) { w, n in w.int(n) }
            $0.strings("tags", ["a\"b", "c"])
            $0.raw("pre", Array("{\"already\":[1,null]}".utf8))
            $0.raw("preText", "[true]")
        }
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text == #"{"z":"last letter","a":1,"m":true,"n":false,"none":null,"noCount":null,"noFlag":null,"#
            + #""inner":{"k":"v","empty":{}},"list":[1,2,3],"objects":[{"name":"x"},{"name":"y"}],"none":[],"#
            + #""tags":["a\"b","c"],"pre":{"already":[1,null]},"preText":[true]}"#)
        let object = try #require(try parsed(text) as? [String: Any])
        #expect((object["inner"] as? [String: Any])?["k"] as? String == "v")
        #expect(object["list"] as? [Int] == [1, 2, 3])
        #expect(object["tags"] as? [String] == ["a\"b", "c"])
    }

    @Test func writesAfterWhatTheBufferHolds() {
        var w = JSONWriter(appendingTo: Array("prefix ".utf8))
        w.object { $0.field("k", 1) }
        w.bytes.append(UInt8(ascii: "\n"))
        w.array(["a"]) { w, s in w.string(s) }
        #expect(String(decoding: w.bytes, as: UTF8.self) == "prefix {\"k\":1}\n[\"a\"]")
        #expect(JSONWriter.strings([]) == Array("[]".utf8))
    }

    @Test func randomDocumentsRoundTripThroughFoundation() throws {
        var rng = SeededGenerator(seed: 2026)
        let alphabet = Array("ab \"\\\n\t\u{1}é\u{2028}😀") .map(String.init)
        func randomString() -> String {
            (0..<Int.random(in: 0...8, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }.joined()
        }
        for _ in 0..<300 {
            // The same random values written and compared member by member after parsing.
            let keys = (0..<Int.random(in: 0...6, using: &rng)).map { "k\($0)" + randomString() }
            let strings = keys.map { _ in Bool.random(using: &rng) ? randomString() : nil }
            let numbers = keys.map { _ in Int.random(in: Int.min...Int.max, using: &rng) >> Int.random(in: 0...63, using: &rng) }
            let text = String(decoding: JSONWriter.object { o in
                for (i, key) in keys.enumerated() {
                    o.object(key) {
                        $0.field("s", strings[i])
                        $0.field("n", numbers[i])
                        $0.strings("l", [key, strings[i] ?? ""])
                    }
                }
            }, as: UTF8.self)
            let object = try #require(try parsed(text) as? [String: Any], "\(text)")
            #expect(object.count == Set(keys).count)
            for (i, key) in keys.enumerated() {
                let member = try #require(object[key] as? [String: Any])
                #expect(member["s"] as? String == strings[i] || (strings[i] == nil && member["s"] is NSNull))
                #expect((member["n"] as? NSNumber)?.int64Value == Int64(numbers[i]))
                #expect(member["l"] as? [String] == [key, strings[i] ?? ""])
            }
        }
    }
}
