import Extraction
import MIME
import Testing
@testable import RuleEngine

/// Issue 13: "same organization" is the registrable domain under the Public Suffix List, one definition
/// for Reply-To, duplicates and follow-ups.
@Suite struct OrganizationDomainTests {
    func org(_ domain: String) -> String? { OrganizationDomain(domain: domain)?.name }

    @Test func siblingSubdomainsAreOneOrganization() {
        #expect(org("cs.stateuni.edu") == "stateuni.edu")
        #expect(org("cs.stateuni.edu") == org("admin.stateuni.edu"))
        #expect(org("a.example.co.uk") == "example.co.uk")
        #expect(org("a.example.co.uk") == org("b.example.co.uk"))
        #expect(org("mail.xyz.edu") == org("xyz.edu"))
    }

    @Test func neighboursUnderOnePublicSuffixAreNot() {
        #expect(org("example.co.uk") != org("other.co.uk"))
        #expect(org("xyz.edu") != org("abcxyz.edu"))
        // Private suffixes count as public: each github.io site is its own organization.
        #expect(org("alice.github.io") == "alice.github.io")
        #expect(org("alice.github.io") != org("bob.github.io"))
        #expect(org("www.alice.github.io") == org("alice.github.io"))
        #expect(org("alice.blogspot.com") != org("bob.blogspot.com"))
    }

    @Test func caseAndTrailingDotDoNotMatter() {
        #expect(org("CS.StateUni.EDU") == "stateuni.edu")
        #expect(org("cs.stateuni.edu.") == "stateuni.edu")
        #expect(org(" Admin.StateUni.Edu. ") == "stateuni.edu")
        #expect(OrganizationDomain(address: "Parker@CS.StateUni.edu") == OrganizationDomain(domain: "stateuni.edu"))
    }

    @Test func aBarePublicSuffixIsItsOwnOrganization() {
        #expect(org("co.uk") == "co.uk")
        #expect(org("github.io") == "github.io")
        #expect(org("EDU.") == "edu")
        #expect(org("co.uk") != org("example.co.uk"))
        #expect(org("") == nil)
        #expect(org(".") == nil)
        #expect(OrganizationDomain(address: "no-domain") == nil)
    }

    @Test func anIDNIsOneOrganizationInUnicodeAndPunycode() {
        #expect(org("mail.bücher.de") == "bücher.de")
        #expect(org("xn--bcher-kva.de") == "bücher.de")
        #expect(org("MAIL.XN--BCHER-KVA.DE.") == "bücher.de")
        #expect(org("BÜCHER.de") == "bücher.de")
        // An IDN public suffix (.рф), written either way.
        #expect(org("почта.пример.рф") == "пример.рф")
        #expect(org("xn--80a1acny.xn--e1afmkfd.xn--p1ai") == "пример.рф")
        #expect(org("пример.рф") != org("другой.рф"))
        // Decomposed (NFD) and composed (NFC) ü are one name.
        #expect(org("bu\u{0308}cher.de") == "bücher.de")
    }

    @Test func whatIsNotAHostNameIsItsOwnOrganization() {
        #expect(org("[192.0.2.1]") == "[192.0.2.1]")
        #expect(org("a..example.com") == "a..example.com")
        // Not Punycode (an overflow; an ACE label of plain ASCII): kept as written, never another name's twin.
        #expect(org("xn--99999999999999999999.de") == "xn--99999999999999999999.de")
        #expect(org("xn--zz-.de") == "xn--zz-.de")
        #expect(org("xn--zz-.de") != org("zz.de"))
        let long = String(repeating: "a.", count: 100_000) + "example.com"
        #expect(org(long) == long)
    }

    @Test func punycodeDecodesAndRefusesWhatIsNot() {
        #expect(Punycode.decode("bcher-kva".utf8[...]) == "bücher")
        #expect(Punycode.decode("mnchen-3ya".utf8[...]) == "münchen")
        #expect(Punycode.decode("e1afmkfd".utf8[...]) == "пример")
        #expect(Punycode.decode("99999999999999999999999".utf8[...]) == nil)  // overflows
        #expect(Punycode.decode("b\u{e9}-a".utf8[...]) == nil)  // a basic part that is not ASCII
        #expect(Punycode.decode(String(repeating: "a", count: 64).utf8[...]) == nil)  // longer than a label
        #expect(Punycode.decode("".utf8[...]) == nil)
        #expect(Punycode.decode("zz-".utf8[...]) == nil)  // only ASCII: IDNA never encodes such a label
    }

    @Test func theListInUseIsNamed() {
        #expect(OrganizationDomain.suffixListIsAvailable)
        #expect(!OrganizationDomain.suffixListVersion.isEmpty && OrganizationDomain.suffixListVersion != "none")
    }

    @Test func replyToASiblingSubdomainIsTheSameOrganization() throws {
        let set = try RuleSetLoader.load(directory: rulesDirectory)
        func rules(_ headers: String) -> [String] {
            set.evaluate(RuleInput(message: message(headers), fields: complete)).findings.map(\.rule).sorted()
        }
        #expect(rules("From: parker@cs.stateuni.edu\r\nReply-To: it-office@admin.stateuni.edu") == [])
        #expect(rules("From: parker@a.example.co.uk\r\nReply-To: parker@b.example.co.uk") == [])
        #expect(rules("From: parker@bücher.de\r\nReply-To: parker@mail.xn--bcher-kva.de") == [])
        #expect(rules("From: parker@example.co.uk\r\nReply-To: parker@other.co.uk") == ["reply-to-mismatch"])
        #expect(rules("From: alice@alice.github.io\r\nReply-To: alice@bob.github.io") == ["reply-to-mismatch"])
    }
}
