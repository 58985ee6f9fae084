import Testing
@testable import RuleEngine

let freeMail = DomainList(name: "free-mail", entries: ["hotmail.com", "gmail.com", "yahoo.com.br", "uol.com.br", "# not a comment here"])

@Test(arguments: [
    ("hotmail.com", "hotmail.com"),
    ("HOTMAIL.COM", "hotmail.com"),
    ("mx.hotmail.com", "hotmail.com"),
    ("a.b.hotmail.com", "hotmail.com"),
    ("hotmail.com.", "hotmail.com"),
    ("yahoo.com.br", "yahoo.com.br"),
    ("hotmail.com.xyz.edu", nil),
    ("gmailer.com", nil),
    ("mygmail.com", nil),
    ("com.br", nil),
    ("xyz.edu", nil),
] as [(String, String?)])
func freeMailMatchesTheDomainAndItsParents(_ domain: String, _ entry: String?) {
    #expect(freeMail.match(domain) == entry)
}


@Test func listFilesSkipCommentsAndBlankLines() {
    let parsed = DomainList.parse("# header\n\nHotmail.com  # the big one\n  gmail.com\n")
    #expect(parsed.map(\.domain) == ["hotmail.com", "gmail.com"])
    #expect(parsed.map(\.line) == [3, 4])
}

@Test(arguments: [
    ("mx.ecoprintq.com; spf=pass smtp.mailfrom=xyz.edu; dkim=pass header.d=xyz.edu; dmarc=pass header.from=xyz.edu", false),
    ("mx.ecoprintq.com; spf=fail smtp.mailfrom=xyz.edu; dkim=none; dmarc=none", true),
    ("mx.ecoprintq.com; spf=fail smtp.mailfrom=xyz.edu; dkim=pass header.d=xyz.edu; dmarc=pass", false),
    ("mx.ecoprintq.com 1; spf=pass; dkim=pass; dmarc=fail (p=reject) header.from=xyz.edu", true),
    ("mx.ecoprintq.com;\r\n\tspf=softfail smtp.mailfrom=xyz.edu;\r\n\tdmarc=fail header.from=xyz.edu", true),
    ("mx.ecoprintq.com; none", false),
])
func authenticationResults(_ header: String, _ fails: Bool) throws {
    let ar = try #require(AuthenticationResults(header: header))
    #expect(ar.authservID == "mx.ecoprintq.com")
    #expect(ar.failsAuthentication == fails)
}

@Test func theVerdictIsTheMostSevereFinding() {
    let info = Finding(rule: "a", severity: .info, message: "")
    let review = Finding(rule: "b", severity: .review, message: "")
    let reject = Finding(rule: "c", severity: .reject, message: "")
    #expect(Verdict(findings: []) == .accept)
    #expect(Verdict(findings: [info]) == .accept)
    #expect(Verdict(findings: [info, review]) == .review)
    #expect(Verdict(findings: [review, reject, info]) == .reject)
}
