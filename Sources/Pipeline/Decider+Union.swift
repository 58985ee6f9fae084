package import Extraction
import Letters
import Replies

extension Decider {
    /// What the messages of a case say together, oldest first: a case a follow-up joined is decided on
    /// the union of what was sent. The newest message a person wrote is the one the rules read headers
    /// from, and the one a reply answers (it is the requester's latest word, and of the same organization
    /// as the first; an out-of-office answer that joined the case is not); its fields win where both give
    /// one, else an older one's value stays (`RequestFields.newerWins`); every letter counts.
    /// Messages that could not be parsed say nothing and are left out; nil when none is left.
    package static func union(_ readings: [Reading]) -> Reading? {
        let parsed = readings.filter { !$0.unparseable }
        guard var merged = parsed.first else { return nil }
        for newer in parsed.dropFirst() {
            var extraction = newer.extraction
            extraction.fields = RequestFields.newerWins(older: merged.extraction.fields, newer: newer.extraction.fields)
            extraction.evidence = merged.extraction.evidence.merging(newer.extraction.evidence) { _, new in new }
            extraction.language = newer.extraction.language ?? merged.extraction.language
            extraction.letterOrganization = newer.extraction.letterOrganization ?? merged.extraction.letterOrganization
            extraction.notes = merged.extraction.notes + newer.extraction.notes
            // Disagreements are the newest message's: a correction settles the older ones.
            merged = Reading(message: newer.message, extraction: extraction, unparseable: false,
                             letters: merged.letters + newer.letters)
        }
        if let written = parsed.last(where: { !LoopGuard.isAutomatic($0.message) }) { merged.message = written.message }
        return merged
    }
}

extension RequestFields {
    /// Two requests' fields as one, field by field (every field `RequestFields.schema` declares): the
    /// newer message's value where it gives one, else the older one's.
    package static func newerWins(older: RequestFields, newer: RequestFields) -> RequestFields {
        var merged = older
        for field in schema {
            if let value = field.value(newer) { field.set(&merged, value) }
        }
        return merged
    }
}
