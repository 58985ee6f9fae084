package import ArgumentParser
import Foundation
import Glibc

/// `intake`: turns the sales mailbox into a queue of license-exception cases.
package struct IntakeCommand: ParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "intake",
        abstract: "Turn a sales mailbox into a clean, auditable queue of license-exception requests.",
        discussion: """
            Exit status: 0 ok, 1 a run-time failure, 2 a usage or configuration error.
            Every command reads one configuration file (the flags' names; paths relative to the file): \
            --config FILE, else $INTAKE_CONFIG, else ./intake.yaml, else the installed \
            PREFIX/etc/intake/intake.yaml. Flags override it. Without one: --source Mailbox, \
            --store Mailbox/.intake, --rules the installed PREFIX/share/intake/Rules, else Rules.
            """,
        subcommands: [PollCommand.self, WatchCommand.self, CheckCommand.self, ParseCommand.self, ReprocessCommand.self,
                      CasesCommand.self, RepliesCommand.self, StoreCommand.self, RulesCommand.self])

    package init() {}

    /// A scheduled `poll` that finds nothing new is mostly process start, and parsing through the
    /// whole command tree is a tenth of that: `poll` arguments are parsed by `PollCommand` alone.
    /// Anything it does not take (help, a mistake) goes through the tree, which words the answer
    /// as `intake poll`.
    static func parse(_ arguments: [String]) throws -> any ParsableCommand {
        let helpWords: Set<String> = ["-h", "--help", "--help-hidden", "--experimental-dump-help"]
        if arguments.first == "poll", !arguments.contains(where: helpWords.contains),
           let poll = try? PollCommand.parseAsRoot(Array(arguments.dropFirst())) {
            return poll
        }
        return try parseAsRoot(arguments)
    }

    /// Runs the command line and exits with intake's own exit statuses (0, 1, 2): ArgumentParser's
    /// 64 for a usage error becomes 2, so a scheduler sees one convention.
    package static func runAndExit(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> Never {
        do {
            var command = try parse(arguments)
            try command.run()
            Glibc.exit(0)
        } catch let failure as Failure {
            FileHandle.standardError.write(Data("intake: \(terminalSafe(failure.message))\n".utf8))
            Glibc.exit(failure.status)
        } catch {
            let code = exitCode(for: error).rawValue
            if code == 0 {
                // --help, --version: ArgumentParser prints them itself.
                exit(withError: error)
            }
            let message = fullMessage(for: error)
            if !message.isEmpty { FileHandle.standardError.write(Data((message + "\n").utf8)) }
            Glibc.exit(code == 64 || code == 2 ? 2 : 1)
        }
    }
}

/// A failure with intake's exit status: 1 for run-time failures, 2 for configuration errors.
struct Failure: Error {
    var status: Int32
    var message: String

    static func runtime(_ message: String) -> Failure { Failure(status: 1, message: message) }
    static func config(_ message: String) -> Failure { Failure(status: 2, message: message) }
}
