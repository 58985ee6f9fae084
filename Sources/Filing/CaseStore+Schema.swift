import GRDB
import RuleEngine

extension CaseStore {
    /// The schema, one migration per change; never edit a migration that has shipped.
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1 messages, cases, history, events") { db in
            try db.execute(sql: """
                CREATE TABLE message (
                    sha256 TEXT PRIMARY KEY NOT NULL,
                    source TEXT NOT NULL,
                    source_id TEXT NOT NULL,
                    message_id TEXT,
                    size INTEGER NOT NULL,
                    received_at TEXT,
                    first_seen_at TEXT NOT NULL
                );
                CREATE UNIQUE INDEX message_source ON message(source, source_id);
                CREATE INDEX message_message_id ON message(message_id);

                CREATE TABLE "case" (
                    id TEXT PRIMARY KEY NOT NULL,
                    year INTEGER NOT NULL,
                    seq INTEGER NOT NULL,
                    message_sha256 TEXT NOT NULL UNIQUE REFERENCES message(sha256),
                    verdict TEXT NOT NULL,
                    folder TEXT NOT NULL,
                    sender TEXT,
                    sender_domain TEXT,
                    subject TEXT,
                    organization TEXT,
                    fields TEXT NOT NULL,
                    findings TEXT NOT NULL,
                    rules_version TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL
                );
                CREATE UNIQUE INDEX case_number ON "case"(year, seq);
                CREATE INDEX case_sender_domain ON "case"(sender_domain);

                CREATE TABLE case_history (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    case_id TEXT NOT NULL REFERENCES "case"(id),
                    decided_at TEXT NOT NULL,
                    verdict TEXT NOT NULL,
                    fields TEXT NOT NULL,
                    findings TEXT NOT NULL,
                    rules_version TEXT NOT NULL
                );

                -- Messages being worked on: a run that dies on one leaves its count here, so a message that
                -- keeps killing intake is quarantined instead of blocking every later run.
                CREATE TABLE attempt (
                    source TEXT NOT NULL,
                    source_id TEXT NOT NULL,
                    count INTEGER NOT NULL,
                    last_at TEXT NOT NULL,
                    last_error TEXT,
                    PRIMARY KEY (source, source_id)
                );

                -- The audit trail: append-only, enforced by the database itself.
                CREATE TABLE event (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    at TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    case_id TEXT,
                    message_sha256 TEXT,
                    detail TEXT
                );
                CREATE INDEX event_case ON event(case_id);
                CREATE TRIGGER event_no_update BEFORE UPDATE ON event
                    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                CREATE TRIGGER event_no_delete BEFORE DELETE ON event
                    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                """)
        }
        m.registerMigration("v2 source state") { db in
            // Where each source got to: for IMAP, the mailbox's UIDVALIDITY and the highest UID handled.
            try db.execute(sql: """
                CREATE TABLE source_state (
                    source TEXT PRIMARY KEY NOT NULL,
                    state TEXT NOT NULL,
                    updated_at TEXT NOT NULL
                );
                """)
        }
        m.registerMigration("v3 organization of each case") { db in
            // The organization a case's sender wrote from (its registrable domain under the Public Suffix
            // List): "already on file" is one exact lookup, in filing order. Which list computed the
            // column is kept beside it, so a newer list computes it again (`refreshOrganizations`).
            try db.execute(sql: """
                ALTER TABLE "case" ADD COLUMN organization_domain TEXT;
                CREATE INDEX case_organization ON "case"(organization_domain, year, seq);
                CREATE TABLE organization_list (version TEXT NOT NULL);
                """)
            try fillOrganizations(db)
        }
        m.registerMigration("v4 case lifecycle") { db in
            // A case's state and a person's decision on it (who, when, why); every case filed before was
            // decided by the rules. The audit log says who took each step: a person's name, or nothing for
            // intake's own.
            try db.execute(sql: """
                ALTER TABLE "case" ADD COLUMN state TEXT NOT NULL DEFAULT 'decided-by-rules';
                ALTER TABLE "case" ADD COLUMN decision TEXT;
                ALTER TABLE "case" ADD COLUMN decided_by TEXT;
                ALTER TABLE "case" ADD COLUMN decision_note TEXT;
                ALTER TABLE "case" ADD COLUMN decided_at TEXT;
                CREATE INDEX case_state ON "case"(state);
                ALTER TABLE event ADD COLUMN actor TEXT;
                """)
        }
        m.registerMigration("v5 server copies to move") { db in
            // A case from IMAP whose folder changed (a person's decision, a reprocess) while its copy on the
            // server is still in the old Intake/ folder: written in the same transaction as the change, so a
            // decision never lands without it, and removed once the server's copy is where the case is.
            try db.execute(sql: """
                CREATE TABLE server_move (
                    case_id TEXT PRIMARY KEY NOT NULL REFERENCES "case"(id),
                    from_folder TEXT NOT NULL,
                    to_folder TEXT NOT NULL,
                    since TEXT NOT NULL,
                    last_reason TEXT
                );
                """)
        }
        m.registerMigration("v6 letters read") { db in
            // The text of each attached letter (or why it gave none) as JSON, by the attachment's SHA-256
            // and the reader's version: OCR costs seconds a page, and a message is read more than once.
            try db.execute(sql: """
                CREATE TABLE letter_text (
                    sha256 TEXT NOT NULL,
                    reader_version TEXT NOT NULL,
                    letter TEXT NOT NULL,
                    read_at TEXT NOT NULL,
                    PRIMARY KEY (sha256, reader_version)
                );
                """)
        }
        m.registerMigration("v7 outbox") { db in
            // The replies intake writes to requesters, recorded (with their fixed Message-ID and their bytes)
            // before they are sent and marked as the server answers: the outbox the dispatcher sends from
            // exactly once. The bytes live here rather than in the case folder: a reply is recorded in the
            // same transaction as the decision that caused it, which a file could not join; once sent, a copy
            // goes to the case folder's replies/ for the archive and `store rebuild` (CaseStore+Outbox).
            // `copied_at`: when the Sent folder got its copy (after the server accepted the reply).
            try db.execute(sql: """
                CREATE TABLE reply (
                    message_id TEXT PRIMARY KEY NOT NULL,
                    case_id TEXT NOT NULL REFERENCES "case"(id),
                    sequence INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    recipient TEXT NOT NULL,
                    sender TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    language TEXT NOT NULL,
                    bytes BLOB NOT NULL,
                    state TEXT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at TEXT,
                    last_error TEXT,
                    created_at TEXT NOT NULL,
                    sent_at TEXT,
                    copied_at TEXT,
                    UNIQUE (case_id, sequence)
                );
                CREATE INDEX reply_state ON reply(state, next_attempt_at);
                CREATE INDEX reply_recipient ON reply(recipient COLLATE NOCASE, sent_at);
                """)
        }
        m.registerMigration("v8 follow-ups") { db in
            // Every message of a case: the one that opened it and each follow-up that joined it (a reply to
            // one of ours or to a message of the case, or its id in the subject), in the order they joined.
            // `file` is the message's name in the case folder; `after_decision` the person's decision a
            // follow-up came after (the case went back to review for it). A message is in one case only.
            try db.execute(sql: """
                CREATE TABLE case_message (
                    message_sha256 TEXT PRIMARY KEY NOT NULL REFERENCES message(sha256),
                    case_id TEXT NOT NULL REFERENCES "case"(id),
                    role TEXT NOT NULL,
                    file TEXT NOT NULL,
                    sender TEXT,
                    subject TEXT,
                    added_at TEXT NOT NULL,
                    after_decision TEXT
                );
                CREATE INDEX case_message_case ON case_message(case_id);
                INSERT INTO case_message (message_sha256, case_id, role, file, sender, subject, added_at)
                    SELECT message_sha256, id, 'original', 'message.eml', sender, subject, created_at FROM "case" ORDER BY year, seq;
                """)
        }
        return m
    }

    /// Computes every case's organization from its sender's domain with the Public Suffix List in use,
    /// and records which list that was.
    static func fillOrganizations(_ db: Database) throws {
        let update = try db.makeStatement(sql: "UPDATE \"case\" SET organization_domain = ? WHERE id = ?")
        for row in try Row.fetchAll(db, sql: "SELECT id, sender_domain FROM \"case\"") {
            let domain: String? = row["sender_domain"]
            try update.execute(arguments: [domain.flatMap { OrganizationDomain(domain: $0)?.name }, row["id"] as String])
        }
        try db.execute(sql: "DELETE FROM organization_list")
        try db.execute(sql: "INSERT INTO organization_list (version) VALUES (?)", arguments: [OrganizationDomain.suffixListVersion])
    }

    /// After the system's Public Suffix List changed (a `publicsuffix` package update), the stored
    /// organizations are computed again, so old and new cases are compared by the same list.
    func refreshOrganizations() throws(FilingError) {
        let current = OrganizationDomain.suffixListVersion
        let stored: String? = try query { db in try String.fetchOne(db, sql: "SELECT version FROM organization_list") }
        guard stored != current else { return }
        do { try db.write { db in try Self.fillOrganizations(db) } } catch { throw .database(path: databasePath, reason: "\(error)") }
    }
}
