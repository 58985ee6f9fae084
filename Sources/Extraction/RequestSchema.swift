/// The request's fields, each declared once: its name (as JSON and rule files write it; a dot nests it
/// in an object), what kind of value it holds, its column in `cases export`, and how it is read and set.
/// The JSON of a request, its decoding, the export's request columns, `check --explain`, `cases show`,
/// the field names rules, `rules lint` and `Rules/fields.yaml` may use, and the rule tests' field checks
/// all come from this list (docs/case-record.md, Schemas/case.schema.json). A field's words for a
/// requester are in `Rules/fields.yaml`, beside the rules' messages, where a sales admin edits them
/// without a build; `rules lint` refuses a rule set that lacks words for a declared field.
extension RequestFields {
    package static let schema: [RequestField] = [
        .text("requesterName", \.requesterName),
        .text("requesterTitle", \.requesterTitle),
        .text("organization", \.organization),
        .text("department", \.department),
        .word("organizationKind", \.organizationKind),
        .text("product", \.product),
        .count("domainAccounts", \.domainAccounts),
        .count("licensedUsers", \.licensedUsers),
        .count("requestedUsers", \.requestedUsers),
        .text("reason", \.reason, kind: .freeText),
        .flag("commitments.activeBelowLimit", \.commitments.activeBelowLimit, column: "activeBelowLimit"),
        .flag("commitments.notifyIfExceeded", \.commitments.notifyIfExceeded, column: "notifyIfExceeded"),
        .flag("commitments.allowVerification", \.commitments.allowVerification, column: "allowVerification"),
        .word("maintenance", \.maintenance),
    ]
}

/// One field of a request, as `RequestFields.schema` declares it.
package struct RequestField: Sendable {
    package enum Kind: Sendable, Equatable {
        /// A name, a title, a word: compared whole.
        case text
        /// Prose (the reason): a rule test gives a phrase it must contain, and `--explain` shows where it
        /// was read rather than the words again.
        case freeText
        /// A number of accounts or users: rules compare them.
        case count
        case flag
    }

    /// As JSON and rule files write it: "organization", "commitments.activeBelowLimit".
    package let name: String
    package let kind: Kind
    /// Its column in `cases export` and `cases list --json`.
    package let column: String
    /// Its value, nil when the request does not say.
    package let value: @Sendable (RequestFields) -> FieldValue?
    /// Sets it from a value of its kind (decoding a stored request); a value of another kind leaves it unknown.
    package let set: @Sendable (inout RequestFields, FieldValue?) -> Void

    /// The object it is nested in ("commitments"), and its key there; nil for a top-level field.
    package var parent: String? { name.firstIndex(of: ".").map { String(name[..<$0]) } }
    package var key: String { name.lastIndex(of: ".").map { String(name[name.index(after: $0)...]) } ?? name }

    static func text(_ name: String, _ path: any WritableKeyPath<RequestFields, String?> & Sendable,
                     kind: Kind = .text, column: String? = nil) -> RequestField {
        RequestField(name: name, kind: kind, column: column ?? name,
                     value: { $0[keyPath: path].map(FieldValue.text) },
                     set: { f, v in if case .text(let s)? = v { f[keyPath: path] = s } else { f[keyPath: path] = nil } })
    }

    static func count(_ name: String, _ path: any WritableKeyPath<RequestFields, Int?> & Sendable, column: String? = nil) -> RequestField {
        RequestField(name: name, kind: .count, column: column ?? name,
                     value: { $0[keyPath: path].map(FieldValue.number) },
                     set: { f, v in if case .number(let n)? = v { f[keyPath: path] = n } else { f[keyPath: path] = nil } })
    }

    static func flag(_ name: String, _ path: any WritableKeyPath<RequestFields, Bool?> & Sendable, column: String? = nil) -> RequestField {
        RequestField(name: name, kind: .flag, column: column ?? name,
                     value: { $0[keyPath: path].map(FieldValue.flag) },
                     set: { f, v in if case .flag(let b)? = v { f[keyPath: path] = b } else { f[keyPath: path] = nil } })
    }

    /// A word from a set that may grow (`OrganizationKind`, `Maintenance`): text in JSON and rules.
    static func word<W: RawRepresentable<String> & Sendable>(_ name: String, _ path: any WritableKeyPath<RequestFields, W?> & Sendable,
                                                             column: String? = nil) -> RequestField {
        RequestField(name: name, kind: .text, column: column ?? name,
                     value: { $0[keyPath: path].map { .text($0.rawValue) } },
                     set: { f, v in if case .text(let s)? = v { f[keyPath: path] = W(rawValue: s) } else { f[keyPath: path] = nil } })
    }
}

extension RequestFields {
    /// Field names as they appear in JSON and in rule files.
    package static let fieldNames: [String] = schema.map(\.name)
    static let byName: [String: RequestField] = Dictionary(uniqueKeysWithValues: schema.map { ($0.name, $0) })

    package static func field(named name: String) -> RequestField? { byName[name] }
    package static func isFieldName(_ name: String) -> Bool { byName[name] != nil }
    package static func isNumberField(_ name: String) -> Bool { byName[name]?.kind == .count }
    package static var countFieldNames: [String] { schema.filter { $0.kind == .count }.map(\.name) }

    /// The value of a field by its rule-file name; `nil` when unknown or not a field.
    package func value(of name: String) -> FieldValue? { Self.byName[name]?.value(self) }

    /// The members of a request's JSON object in order: a top-level field alone, or the fields nested
    /// in one object ("commitments") together, where the first of them is declared.
    package static let groups: [(parent: String?, fields: [RequestField])] = {
        var out: [(parent: String?, fields: [RequestField])] = []
        for field in schema {
            if let parent = field.parent, let i = out.firstIndex(where: { $0.parent == parent }) {
                out[i].fields.append(field)
            } else {
                out.append((field.parent, [field]))
            }
        }
        return out
    }()
}

/// Decoding and encoding by the schema (a stored request, `extract-bench --dump`): members in the
/// schema's order, unknown values as null; a member of the wrong kind is read as unknown.
extension RequestFields: Codable {
    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ s: String) { stringValue = s }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    package init(from decoder: any Decoder) throws {
        self.init()
        let top = try decoder.container(keyedBy: Key.self)
        for field in Self.schema {
            let c: KeyedDecodingContainer<Key>
            if let parent = field.parent {
                guard let nested = try? top.nestedContainer(keyedBy: Key.self, forKey: Key(parent)) else { continue }
                c = nested
            } else {
                c = top
            }
            let key = Key(field.key)
            let value: FieldValue?
            switch field.kind {
            case .text, .freeText: value = (try? c.decodeIfPresent(String.self, forKey: key)).flatMap { $0 }.map(FieldValue.text)
            case .count: value = (try? c.decodeIfPresent(Int.self, forKey: key)).flatMap { $0 }.map(FieldValue.number)
            case .flag: value = (try? c.decodeIfPresent(Bool.self, forKey: key)).flatMap { $0 }.map(FieldValue.flag)
            }
            field.set(&self, value)
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var top = encoder.container(keyedBy: Key.self)
        for group in Self.groups {
            if let parent = group.parent {
                var nested = top.nestedContainer(keyedBy: Key.self, forKey: Key(parent))
                for field in group.fields { try Self.encode(field.value(self), as: field.key, in: &nested) }
            } else {
                try Self.encode(group.fields[0].value(self), as: group.fields[0].key, in: &top)
            }
        }
    }

    static func encode(_ value: FieldValue?, as key: String, in c: inout KeyedEncodingContainer<Key>) throws {
        switch value {
        case .text(let s)?: try c.encode(s, forKey: Key(key))
        case .number(let n)?: try c.encode(n, forKey: Key(key))
        case .flag(let b)?: try c.encode(b, forKey: Key(key))
        case nil: try c.encodeNil(forKey: Key(key))
        }
    }

}
