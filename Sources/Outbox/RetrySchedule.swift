/// How long a reply the server answered "later" (4xx, or the server down) waits before the next try:
/// 1 minute, 5, 30, 2 hours, then daily; after `maxAttempts` tries it is marked failed with the server's
/// last words, for a person to send again or drop. A greylisting server (4xx for minutes) is through on
/// the second or third try; a relay down for a week does not get a submission every minute.
package struct RetrySchedule: Sendable, Equatable {
    /// Seconds to wait after the 1st, 2nd, … "later"; the last is repeated.
    package var delays: [Int]
    package var maxAttempts: Int

    package static let standard = RetrySchedule(delays: [60, 300, 1800, 7200, 86400], maxAttempts: 8)

    package init(delays: [Int], maxAttempts: Int) {
        self.delays = delays.isEmpty ? [60] : delays
        self.maxAttempts = max(1, maxAttempts)
    }

    /// The wait after the `attempt`th try (from 1) was answered "later".
    package func delay(afterAttempt attempt: Int) -> Int {
        delays[min(max(attempt, 1), delays.count) - 1]
    }
}
