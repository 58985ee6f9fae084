import Glibc

/// Messages read off the connection, waiting for the caller to take them: the reader thread puts,
/// the caller's thread takes. Bounded by count and by bytes (one message always fits, whatever its
/// size), so a backlog never holds more than this window in memory; a full hand-over stops the
/// reader, and with it the reading of the socket, until the caller catches up.
final class FetchHandOver<Item: Sendable>: @unchecked Sendable {
    // Every field below is read and written only with `mutex` held.
    private var mutex = pthread_mutex_t()
    private var changed = pthread_cond_t()
    private var waiting: [(item: Item, bytes: Int)] = []
    private var head = 0
    private var bytes = 0
    private var finished = false
    private var cancelled = false
    let maxMessages: Int
    let maxBytes: Int

    init(maxMessages: Int, maxBytes: Int) {
        self.maxMessages = max(1, maxMessages)
        self.maxBytes = max(1, maxBytes)
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&changed, nil)
    }

    deinit {
        pthread_cond_destroy(&changed)
        pthread_mutex_destroy(&mutex)
    }

    private func locked<T>(_ work: () -> T) -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return work()
    }

    /// Reader: waits for room, then hands `message` over. False once the caller has cancelled: the
    /// message is dropped and no more should be asked for.
    func put(_ item: Item, bytes size: Int) -> Bool {
        locked {
            while !cancelled, waiting.count - head > 0,
                  waiting.count - head >= maxMessages || bytes + size > maxBytes {
                pthread_cond_wait(&changed, &mutex)
            }
            guard !cancelled else { return false }
            waiting.append((item, size))
            bytes += size
            pthread_cond_broadcast(&changed)
            return true
        }
    }

    /// Reader: nothing more will come.
    func finish() {
        locked {
            finished = true
            pthread_cond_broadcast(&changed)
        }
    }

    var isCancelled: Bool { locked { cancelled } }

    /// Caller: the next message in the order read, or nil when the reader has finished and all was taken.
    func take() -> Item? {
        locked {
            while head == waiting.count, !finished { pthread_cond_wait(&changed, &mutex) }
            guard head < waiting.count else { return nil }
            let (item, size) = waiting[head]
            head += 1
            bytes -= size
            if head == waiting.count {
                waiting.removeAll(keepingCapacity: true)
                head = 0
            } else if head >= 64 {
                // Let go of what was taken, or it stays alive until the hand-over drains.
                waiting.removeFirst(head)
                head = 0
            }
            pthread_cond_broadcast(&changed)
            return item
        }
    }

    /// Caller: take nothing more; what waits is dropped and the reader stops asking for more.
    func cancel() {
        locked {
            cancelled = true
            waiting.removeAll()
            head = 0
            bytes = 0
            pthread_cond_broadcast(&changed)
        }
    }
}

/// One POSIX thread running `work` once; `join` waits for it.
final class ReaderThread: @unchecked Sendable {
    private var thread = pthread_t()
    // Written before the thread starts, read only by it.
    private let work: () -> Void

    init(_ work: @escaping () -> Void) throws(IMAPError) {
        self.work = work
        let context = Unmanaged.passRetained(self).toOpaque()
        let rc = pthread_create(&thread, nil, { context in
            let me = Unmanaged<ReaderThread>.fromOpaque(context!).takeRetainedValue()
            me.work()
            return nil
        }, context)
        if rc != 0 {
            Unmanaged<ReaderThread>.fromOpaque(context).release()
            throw .misuse("cannot start the fetch thread (pthread_create: \(rc))")
        }
    }

    func join() {
        pthread_join(thread, nil)
    }
}
