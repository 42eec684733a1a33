import Foundation
import ParleyCore
import Synchronization
import Testing

@Suite("Loading C libraries")
struct LibraryLoadingTests {
    @Test("ending waits for a load under way, and refuses one asked for after")
    func endingWaits() throws {
        let loading = LibraryLoading()
        #expect(loading.begin())
        let loaded = Mutex(false)
        let thread = Thread {
            usleep(50_000)
            loaded.withLock { $0 = true }
            loading.end()
        }
        thread.start()
        loading.finish()
        #expect(loaded.withLock { $0 }, "finish returned before the load ended")
        #expect(!loading.begin())
        #expect(throws: DynamicLibrary.Failure.self) {
            try loading.run { () throws(DynamicLibrary.Failure) in 1 }
        }
    }

    @Test("a load runs and is counted only while it runs")
    func countedLoad() throws {
        let loading = LibraryLoading()
        #expect(try loading.run { () throws(DynamicLibrary.Failure) in 42 } == 42)
        // Nothing is under way any more: ending does not wait.
        loading.finish()
    }
}
