/// The private Postfix that `scripts/postfix.sh start` runs, as its `env` command describes it: it
/// delivers into the test Dovecot and refuses every other domain.
package struct PostfixSettings: Sendable {
    package var host: String
    package var submissionPort: Int
    package var smtpsPort: Int
    package var caFile: String
    /// The test users, as addresses: sales@ (intake's own), a requester, another user of the requester's domain.
    package var sales: String
    package var requester: String
    package var other: String
    /// An address Postfix answers 450 for.
    package var tempfail: String
    package var passwordFile: String
    /// Postfix's log.
    package var log: String

    package static func current() throws(NotConfigured) -> PostfixSettings {
        PostfixSettings(
            host: try ServerEnvironment.value("INTAKE_SMTP_HOST"),
            submissionPort: try ServerEnvironment.port("INTAKE_SMTP_SUBMISSION_PORT"),
            smtpsPort: try ServerEnvironment.port("INTAKE_SMTP_SMTPS_PORT"),
            caFile: try ServerEnvironment.value("INTAKE_SMTP_CA_FILE"),
            sales: try ServerEnvironment.value("INTAKE_SMTP_SALES_USER"),
            requester: try ServerEnvironment.value("INTAKE_SMTP_REQUESTER_USER"),
            other: try ServerEnvironment.value("INTAKE_SMTP_OTHER_USER"),
            tempfail: try ServerEnvironment.value("INTAKE_SMTP_TEMPFAIL_ADDRESS"),
            passwordFile: try ServerEnvironment.value("INTAKE_SMTP_PASSWORD_FILE"),
            log: try ServerEnvironment.value("INTAKE_SMTP_LOG"))
    }

    /// The test users' one password.
    package func password() throws -> String { try ServerEnvironment.secret(inFile: passwordFile) }
}
