import MIME
import Testing

@Suite struct AddressTests {
    func addresses(_ value: String) -> [Address] {
        parse("To: \(value)\n\n").to
    }

    @Test(arguments: [
        ("a@example.com", [Address(name: nil, address: "a@example.com")]),
        ("Jane Doe <jane@example.com>", [Address(name: "Jane Doe", address: "jane@example.com")]),
        ("\"Doe, Jane\" <jane@example.com>, bob@example.org",
         [Address(name: "Doe, Jane", address: "jane@example.com"), Address(name: nil, address: "bob@example.org")]),
        ("Pete(A nice \\) chap) <pete(his account)@silly.test(his host)>",
         [Address(name: "Pete", address: "pete@silly.test")]),
        ("A Group:Ed Jones <c@a.test>,joe@where.test,John <jdoe@one.test>;, Mary <mary@x.test>",
         [Address(name: "Ed Jones", address: "c@a.test"), Address(name: nil, address: "joe@where.test"),
          Address(name: "John", address: "jdoe@one.test"), Address(name: "Mary", address: "mary@x.test")]),
        ("undisclosed-recipients:;", []),
        ("=?utf-8?q?J=C3=B6rg?= M <j@x.test>", [Address(name: "Jörg M", address: "j@x.test")]),
        ("\"=?utf-8?B?SsO2cmc=?=\" <j@x.test>", [Address(name: "Jörg", address: "j@x.test")]),
        ("=?utf-8?q?a?= =?utf-8?q?b?= <ab@x.test>", [Address(name: "ab", address: "ab@x.test")]),
        ("joe@example.com (Joe Q. Public)", [Address(name: "Joe Q. Public", address: "joe@example.com")]),
        ("<@route.test:joe@example.com>", [Address(name: nil, address: "joe@example.com")]),
        (", , a@b.test,,", [Address(name: nil, address: "a@b.test")]),
        ("Parker@XYZ.edu", [Address(name: nil, address: "Parker@XYZ.edu")]),
        ("\"quoted local\"@x.test", [Address(name: nil, address: "\"quoted local\"@x.test")]),
    ])
    func parses(value: String, expected: [Address]) {
        #expect(addresses(value) == expected)
    }

    @Test func domainIsLowercased() {
        #expect(Address(name: nil, address: "Parker@XYZ.edu").domain == "xyz.edu")
        #expect(Address(name: nil, address: "nobody").domain == nil)
    }

    @Test func fromReplyToCc() {
        let m = parse("From: A <a@x.test>\nCc: c@x.test\nReply-To: r@x.test\nTo: t@x.test\n\n")
        #expect(m.from == [Address(name: "A", address: "a@x.test")])
        #expect(m.cc.map(\.address) == ["c@x.test"])
        #expect(m.replyTo.map(\.address) == ["r@x.test"])
    }

    /// A whole mailbox in one encoded word breaks RFC 2047, but clients show it decoded and reply to the
    /// address in it: that address is read, and the repair is a defect.
    @Test func aMailboxInsideOneEncodedWordIsRecovered() {
        let m = parse("Reply-To: =?utf-8?q?Liz_R=C3=ADos_=3Cliz=40partner=2Etest=3E?=\n\n")
        #expect(m.replyTo == [Address(name: "Liz Ríos", address: "liz@partner.test")])
        #expect(m.defects.contains { $0.kind == .invalidAddress })
    }

    /// An encoded word that decodes to a name alone has no address: the name is kept for people to read.
    @Test func anEncodedNameWithoutAddressHasNoDomain() {
        let m = parse("Reply-To: =?utf-8?q?Compras_Ferreter=C3=ADa?=\n\n")
        #expect(m.replyTo.map(\.name) == ["Compras Ferretería"])
        #expect(m.replyTo.first?.domain == nil)
    }
}
