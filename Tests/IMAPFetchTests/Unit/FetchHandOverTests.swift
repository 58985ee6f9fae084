import Foundation
import Testing
@testable import IMAPFetch

@Suite struct FetchHandOverTests {
    static func message(_ uid: UInt32, size: Int) -> FetchedMessage {
        FetchedMessage(uid: uid, serverSize: size, bytes: [UInt8](repeating: 0x41, count: size))
    }

    @Test func messagesComeOutInTheOrderTheyWentIn() throws {
        let handOver = FetchHandOver<FetchedMessage>(maxMessages: 4, maxBytes: 1 << 20)
        let reader = try ReaderThread {
            for uid in 1...100 { _ = handOver.put(Self.message(UInt32(uid), size: 10), bytes: 10) }
            handOver.finish()
        }
        var seen: [UInt32] = []
        while let m = handOver.take() { seen.append(m.uid) }
        reader.join()
        #expect(seen == Array(1...100))
    }

    /// The reader never gets more than the window ahead of the caller, by count or by bytes.
    @Test(arguments: [(3, 1 << 20, 100), (100, 1_000, 300)])
    func theReaderWaitsWhenTheWindowIsFull(maxMessages: Int, maxBytes: Int, size: Int) throws {
        let handOver = FetchHandOver<FetchedMessage>(maxMessages: maxMessages, maxBytes: maxBytes)
        let put = Counter()
        let reader = try ReaderThread {
            for uid in 1...20 {
                _ = handOver.put(Self.message(UInt32(uid), size: size), bytes: size)
                put.add()
            }
            handOver.finish()
        }
        var taken = 0
        while true {
            usleep(2_000)  // a slow caller: the reader runs ahead as far as it may
            let ahead = put.value - taken
            let allowed = min(maxMessages, max(1, maxBytes / size))
            #expect(ahead <= allowed + 1, "reader \(ahead) messages ahead, window \(allowed)")
            guard handOver.take() != nil else { break }
            taken += 1
        }
        reader.join()
        #expect(taken == 20)
    }

    @Test func aMessageLargerThanTheByteWindowStillPasses() throws {
        let handOver = FetchHandOver<FetchedMessage>(maxMessages: 8, maxBytes: 100)
        let reader = try ReaderThread {
            _ = handOver.put(Self.message(1, size: 5_000), bytes: 5_000)
            _ = handOver.put(Self.message(2, size: 5_000), bytes: 5_000)
            handOver.finish()
        }
        #expect(handOver.take()?.bytes.count == 5_000)
        #expect(handOver.take()?.uid == 2)
        #expect(handOver.take() == nil)
        reader.join()
    }

    @Test func cancelReleasesAWaitingReaderAndDropsTheRest() throws {
        let handOver = FetchHandOver<FetchedMessage>(maxMessages: 1, maxBytes: 1 << 20)
        let refused = Counter()
        let reader = try ReaderThread {
            for uid in 1...10 where !handOver.put(Self.message(UInt32(uid), size: 1), bytes: 1) { refused.add() }
            handOver.finish()
        }
        #expect(handOver.take()?.uid == 1)
        handOver.cancel()
        reader.join()
        #expect(refused.value >= 8)
        #expect(handOver.take() == nil)
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}
