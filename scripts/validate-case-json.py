#!/usr/bin/env python3
"""Checks intake's JSON output against Schemas/case.schema.json.

    validate-case-json.py DEF [--lines] [FILE]   one JSON document (or, with --lines, one a line) from
                                                 FILE or stdin, against the schema's $defs/DEF
    validate-case-json.py --csv-header [FILE]    the first line of `cases export --format csv` names
                                                 caseRowMembers' properties, in order

Exit 0 when everything conforms; 1 with each failure (where, why, and the offending document) on
stderr; 2 on a usage error or a schema that is itself invalid. The IntakeCLI tests run it.
"""
import json
import os
import sys

try:
    import jsonschema
except ImportError:
    print("validate-case-json: python3's jsonschema is missing: run scripts/install-deps.sh", file=sys.stderr)
    sys.exit(2)

SCHEMA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Schemas", "case.schema.json")


def deepest(error):
    while error.context:
        error = max(error.context, key=lambda e: len(e.absolute_path))
    return error


def main(argv):
    with open(os.environ.get("INTAKE_CASE_SCHEMA", SCHEMA), encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    args = [a for a in argv if not a.startswith("--")]
    flags = {a for a in argv if a.startswith("--")}
    if "--csv-header" in flags:
        text = open(args[0], encoding="utf-8").read() if args else sys.stdin.read()
        header = text.split("\n", 1)[0].rstrip("\r").split(",")
        want = list(schema["$defs"]["caseRowMembers"]["properties"])
        if header != want:
            print(f"csv header: {header}\n  expected: {want}", file=sys.stderr)
            return 1
        return 0
    if len(args) not in (1, 2) or args[0] not in schema["$defs"]:
        print(__doc__, file=sys.stderr)
        return 2
    validator = jsonschema.Draft202012Validator({"$defs": schema["$defs"], "$ref": "#/$defs/" + args[0]})
    text = open(args[1], encoding="utf-8").read() if len(args) == 2 else sys.stdin.read()
    documents = [line for line in text.split("\n") if line.strip()] if "--lines" in flags else [text]
    failures = 0
    for number, document in enumerate(documents, 1):
        try:
            value = json.loads(document)
        except ValueError as error:
            print(f"document {number}: not JSON ({error}):\n{document[:2000]}", file=sys.stderr)
            failures += 1
            continue
        # An error under anyOf/oneOf ("request" is a request or null) is told by its likeliest branch's
        # own error, so the message names the member that is wrong.
        errors = sorted((deepest(e) for e in validator.iter_errors(value)), key=lambda e: [str(p) for p in e.absolute_path])
        for error in errors:
            where = "/".join(str(p) for p in error.absolute_path) or "(top)"
            print(f"document {number}, at {where}: {error.message}", file=sys.stderr)
        if errors:
            print(f"  the document: {document[:2000]}", file=sys.stderr)
            failures += 1
    if not documents:
        print("no document to check", file=sys.stderr)
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
