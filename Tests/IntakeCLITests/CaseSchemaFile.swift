import Extraction
import Filing
import Foundation

/// Writes the parts of Schemas/case.schema.json that `RequestFields.schema` and `CaseColumns.all` define:
/// `$defs/request` whole, and in `$defs/caseRowMembers` the request's columns and the `required` list of
/// every column, in order. The rest of the file (the other shapes, their descriptions) is written by
/// hand and kept as it is. `theSchemaFileIsGeneratedFromTheFieldSchema` compares the committed file
/// with what this makes of it, and with INTAKE_WRITE_SCHEMA=1 writes it.
enum CaseSchemaFile {
    static let path = Intake.repository + "/Schemas/case.schema.json"
    static let regenerate = "INTAKE_WRITE_SCHEMA=1 swift test --filter theSchemaFileIsGeneratedFromTheFieldSchema"

    struct Unrecognized: Error, CustomStringConvertible {
        var description: String
    }

    /// `text` with its generated parts made again from the schema in code.
    static func generated(from text: String) throws -> String {
        var lines = text.components(separatedBy: "\n")
        // $defs/request: from its first line to the line that closes it, at the same indent.
        let start = try index(of: "    \"request\": {", in: lines)
        let end = try index(of: "    },", in: lines, after: start)
        lines.replaceSubrange(start...end, with: requestDefinition())

        // $defs/caseRowMembers: the request's columns sit between the row's own columns before and after them.
        let row = try index(of: "    \"caseRowMembers\": {", in: lines)
        let rowEnd = try index(of: "    },", in: lines, after: row)
        let names = CaseColumns.all.map(\.name)
        let requestColumns = Set(RequestFields.schema.map(\.column))
        guard let first = names.firstIndex(where: requestColumns.contains), let last = names.lastIndex(where: requestColumns.contains),
              first > 0, last + 1 < names.count else {
            throw Unrecognized(description: "the export's columns do not have the row's own columns before and after the request's")
        }
        let before = try index(prefix: "        \"\(names[first - 1])\": ", in: lines, after: row, before: rowEnd)
        let after = try index(prefix: "        \"\(names[last + 1])\": ", in: lines, after: before, before: rowEnd)
        lines.replaceSubrange((before + 1)..<after, with: RequestFields.schema.map { "        \"\($0.column)\": {\"$ref\": \"\(ref($0.kind))\"}," })
        let rowEndNow = try index(of: "    },", in: lines, after: row)
        let required = try index(prefix: "      \"required\": [", in: lines, after: row, before: rowEndNow)
        guard let requiredEnd = lines[required..<rowEndNow].firstIndex(where: { $0.hasSuffix("]") || $0.hasSuffix("],") }) else {
            throw Unrecognized(description: "caseRowMembers' required list does not end")
        }
        lines.replaceSubrange(required...requiredEnd,
                              with: wrapped(names, prefix: "      \"required\": [", last: lines[requiredEnd].hasSuffix(",") ? "]," : "]"))
        return lines.joined(separator: "\n")
    }

    static func requestDefinition() -> [String] {
        var out = [
            "    \"request\": {",
            "      \"description\": \"The request's fields (RequestFields.schema in Sources/Extraction/RequestSchema.swift), each present, "
                + "null when the request does not say. Generated from it: see the test theSchemaFileIsGeneratedFromTheFieldSchema.\",",
            "      \"type\": \"object\",",
            "      \"properties\": {",
        ]
        let groups = RequestFields.groups
        for (i, group) in groups.enumerated() {
            let comma = i == groups.count - 1 ? "" : ","
            if let parent = group.parent {
                out += ["        \"\(parent)\": {", "          \"type\": \"object\",", "          \"properties\": {"]
                for (j, field) in group.fields.enumerated() {
                    out.append("            \"\(field.key)\": {\"$ref\": \"\(ref(field.kind))\"}\(j == group.fields.count - 1 ? "" : ",")")
                }
                out += ["          },",
                        wrapped(group.fields.map(\.key), prefix: "          \"required\": [", last: "],").joined(separator: "\n"),
                        "          \"additionalProperties\": false",
                        "        }\(comma)"]
            } else {
                out.append("        \"\(group.fields[0].key)\": {\"$ref\": \"\(ref(group.fields[0].kind))\"}\(comma)")
            }
        }
        out += ["      },"]
        out += wrapped(groups.map { $0.parent ?? $0.fields[0].key }, prefix: "      \"required\": [", last: "],")
        out += ["      \"additionalProperties\": false", "    },"]
        return out
    }

    static func ref(_ kind: RequestField.Kind) -> String {
        switch kind {
        case .text, .freeText: return "#/$defs/text"
        case .count: return "#/$defs/count"
        case .flag: return "#/$defs/flag"
        }
    }

    /// `prefix"a", "b", …` + `last`, lines kept within 130 columns, the next lines under the first name.
    static func wrapped(_ names: [String], prefix: String, last: String) -> [String] {
        let indent = String(repeating: " ", count: prefix.count)
        var lines: [String] = []
        var line = prefix
        for (i, name) in names.enumerated() {
            let item = "\"\(name)\"" + (i == names.count - 1 ? last : ",")
            if line != prefix, line.count + 1 + item.count > 130 {
                lines.append(line)
                line = indent + item
            } else {
                line += (line == prefix ? "" : " ") + item
            }
        }
        lines.append(line)
        return lines
    }

    static func index(of line: String, in lines: [String], after: Int = -1) throws -> Int {
        guard let i = lines.indices.first(where: { $0 > after && lines[$0] == line }) else {
            throw Unrecognized(description: "no line \(line.trimmingCharacters(in: .whitespaces)) in Schemas/case.schema.json")
        }
        return i
    }

    static func index(prefix: String, in lines: [String], after: Int, before: Int) throws -> Int {
        guard let i = lines.indices.first(where: { $0 > after && $0 < before && lines[$0].hasPrefix(prefix) }) else {
            throw Unrecognized(description: "no line \(prefix.trimmingCharacters(in: .whitespaces))… in Schemas/case.schema.json")
        }
        return i
    }
}
