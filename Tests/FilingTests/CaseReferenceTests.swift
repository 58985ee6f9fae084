import Testing
@testable import Filing

@Test(arguments: [
    ("Re: Solicitud de excepción [LX-2026-0042]", ["LX-2026-0042"]),
    ("RE: RE: [LX-2026-0042] and LX-2027-12345, again [LX-2026-0042]", ["LX-2026-0042", "LX-2027-12345"]),
    ("LX-2026-0042", ["LX-2026-0042"]),
    ("License request", []),
    ("XLX-2026-0042", []),          // part of another word
    ("LX-2026-0042a", []),
    ("LX-2026-042", []),            // too few digits
    ("LX-26-0042", []),
    ("[LX-2026-0042-1]", []),
    ("Über LX-2026-0007.", ["LX-2026-0007"]),
    ("LX-2026-", []),
])
func subjectsNameCases(subject: String, expected: [String]) {
    #expect(CaseReference.caseIDs(inSubject: subject) == expected)
}

@Test func replyMessageIDsRoundTrip() throws {
    let id = CaseReference.replyMessageID(caseID: "LX-2026-0042", sequence: 3, random: 0xBEEF, domain: "reseller.example")
    #expect(id == "LX-2026-0042.r3.000000000000beef@reseller.example")
    let parsed = try #require(CaseReference.caseID(inReplyMessageID: "<" + id + ">"))
    #expect(parsed.caseID == "LX-2026-0042" && parsed.sequence == 3)
    #expect(CaseReference.caseID(inReplyMessageID: id)?.caseID == "LX-2026-0042")
}

@Test(arguments: [
    "<CAF=abc@mail.gmail.com>", "<LX-2026-0042@x>", "<LX-2026-0042.r0.000000000000beef@x>",
    "<LX-2026-0042.r1.beef@x>", "<LX-2026-0042.rx.000000000000beef@x>", "<LX-2026-0042.r1.000000000000beeg@x>",
    "LX-2026-0042.r1.000000000000beef", "<LX-2026-0042.r+1.000000000000beef@x>",
])
func otherMessageIDsNameNoCase(messageID: String) {
    #expect(CaseReference.caseID(inReplyMessageID: messageID) == nil)
}

@Test func longHostileSubjectsAreReadInOnePass() {
    let subject = String(repeating: "LX-2026-", count: 50_000) + "0042"
    #expect(CaseReference.caseIDs(inSubject: subject) == [])
}
