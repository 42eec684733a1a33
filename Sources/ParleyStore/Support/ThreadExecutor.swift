import Foundation

/// A serial executor on one dedicated thread: blocking libpq and sqlite3 calls never occupy the two-thread
/// concurrency pool, and a connection is only ever touched from one thread.
final class ThreadExecutor: SerialExecutor, @unchecked Sendable {
    private let queue: JobQueue

    /// `first` runs on the thread before any job.
    init(name: String, first: @escaping @Sendable () -> Void = {}) {
        queue = JobQueue()
        let queue = self.queue
        let thread = Thread {
            first()
            queue.runUntilStopped()
        }
        thread.name = name
        thread.start()
    }

    deinit {
        queue.stop()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        queue.append(UnownedJob(job), executor: asUnownedSerialExecutor())
    }
}

/// The jobs waiting for the thread; guarded by a condition, as the thread sleeps when there are none.
private final class JobQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [(UnownedJob, UnownedSerialExecutor)] = []
    private var stopped = false

    func append(_ job: UnownedJob, executor: UnownedSerialExecutor) {
        condition.lock()
        jobs.append((job, executor))
        condition.signal()
        condition.unlock()
    }

    func stop() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    func runUntilStopped() {
        while true {
            condition.lock()
            while jobs.isEmpty && !stopped {
                condition.wait()
            }
            if jobs.isEmpty {
                condition.unlock()
                return
            }
            let (job, executor) = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: executor)
        }
    }
}
