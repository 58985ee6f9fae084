import Testing
@testable import Letters

/// How antiword's text is written as a letter's: its table rows as the other documents' rows.
@Suite struct WordTextTests {
    @Test func aTableRowsPaddedCellsAreJoinedByBars() {
        let antiword = "Harwick College\n\n|Accounts in our domain   |6,000      |\n|Licensed users  |3,000|\n\nYours faithfully,\n"
        #expect(WordText.text(antiword) == "Harwick College\n\nAccounts in our domain | 6,000\nLicensed users | 3,000\n\nYours faithfully,\n")
    }

    @Test func aLineThatOnlyStartsOrEndsWithABarIsText() {
        let antiword = "|a margin note\nthe end of a line|\n|\n"
        #expect(WordText.text(antiword) == antiword)
    }

    @Test func onlyTheOLE2SignatureMakesAWordFile() {
        #expect(WordText.hasSignature([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0x00]))
        #expect(!WordText.hasSignature([0xD0, 0xCF, 0x11, 0xE0]))
        #expect(!WordText.hasSignature(Array("PK\u{3}\u{4}word/document.xml".utf8)))
    }
}
