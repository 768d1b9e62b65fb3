import Dispatch
import Foundation
import Synchronization
import Testing
@testable import RLCMKit

/// The pipeline the package pass and the comparison of waiting entries run on: results in input
/// order whatever order the workers finish in, errors in input order, memory bounded, and no
/// worker left running once `run` returns.
@Suite("Ordered pipeline")
struct OrderedPipelineTests {
    struct Failure: Error, Equatable { let input: Int }

    @Test("Results come back in input order, while the workers finish in any order")
    func order() throws {
        var pipeline = OrderedPipeline(inFlightBytes: 64) { (input: Int) -> Int in
            usleep(UInt32((input * 7_919) % 5) * 300)  // later inputs often finish first
            return input * 2
        }
        var delivered: [Int] = []
        try pipeline.run(deliver: { delivered.append($0) }) { add in
            for input in 0..<200 { try add(input, 8) }
        }
        #expect(delivered == (0..<200).map { $0 * 2 })
    }

    @Test("A worker starts on the first input at once: it does not wait for more to come")
    func firstInputStartsAtOnce() throws {
        let started = DispatchSemaphore(value: 0)
        var pipeline = OrderedPipeline(inFlightBytes: 1 << 20) { (input: Int) -> Int in
            started.signal()
            return input
        }
        var delivered: [Int] = []
        try pipeline.run(deliver: { delivered.append($0) }) { add in
            try add(1, 10)
            // The producer does not hand over a second input until the first is being worked on.
            #expect(started.wait(timeout: .now() + 10) == .success)
            try add(2, 10)
        }
        #expect(delivered == [1, 2])
    }

    @Test("The inputs not yet delivered never hold more than the limit, one input apart")
    func bounded() throws {
        let limit = 100
        var pipeline = OrderedPipeline(inFlightBytes: limit) { (input: Int) -> Int in
            usleep(200)
            return input
        }
        var added = 0, delivered = 0, most = 0
        try pipeline.run(deliver: { _ in delivered += 30 }) { add in
            for input in 0..<100 {
                try add(input, 30)
                added += 30
                most = max(most, added - delivered)
            }
        }
        #expect(delivered == 3_000)
        #expect(most <= limit, "held \(most) bytes")
    }

    @Test("The first failure in input order is thrown, after every result before it; nothing after it is delivered")
    func firstFailureInOrder() throws {
        var pipeline = OrderedPipeline(inFlightBytes: 1 << 20) { (input: Int) throws -> Int in
            if input == 30 { usleep(20_000); throw Failure(input: 30) }  // a later one fails first
            if input == 60 { throw Failure(input: 60) }
            return input
        }
        var delivered: [Int] = []
        #expect(throws: Failure(input: 30)) {
            try pipeline.run(deliver: { delivered.append($0) }) { add in
                for input in 0..<100 { try add(input, 1) }
            }
        }
        #expect(delivered == Array(0..<30))
    }

    @Test("When the producer fails, what it handed over before is delivered first")
    func producerFailure() throws {
        var pipeline = OrderedPipeline(inFlightBytes: 1 << 20) { (input: Int) -> Int in input }
        var delivered: [Int] = []
        #expect(throws: Failure(input: -1)) {
            try pipeline.run(deliver: { delivered.append($0) }) { add in
                for input in 0..<10 { try add(input, 1) }
                throw Failure(input: -1)
            }
        }
        #expect(delivered == Array(0..<10))
    }

    @Test("Where the caller would wait for results, it transforms queued inputs itself")
    func callerHelps() throws {
        let caller = pthread_self()
        let onCaller = Atomic(0)
        var pipeline = OrderedPipeline(inFlightBytes: 64) { (input: Int) -> Int in
            if pthread_equal(pthread_self(), caller) != 0 { onCaller.add(1, ordering: .relaxed) }
            usleep(1_000)
            return input
        }
        var delivered: [Int] = []
        try pipeline.run(deliver: { delivered.append($0) }) { add in
            for input in 0..<50 { try add(input, 100) }
        }
        #expect(delivered == Array(0..<50))
        #expect(onCaller.load(ordering: .relaxed) > 0)
    }

    @Test("Once run returns, no worker is running, after success or failure")
    func workersEnd() throws {
        let running = Atomic(0)
        let started = Atomic(0)
        let transform: @Sendable (Int) throws -> Int = { input in
            started.add(1, ordering: .relaxed)
            running.add(1, ordering: .relaxed)
            defer { running.subtract(1, ordering: .relaxed) }
            usleep(2_000)
            if input == 5 { throw Failure(input: 5) }
            return input
        }
        var pipeline = OrderedPipeline(inFlightBytes: 1 << 20, transform)
        #expect(throws: Failure(input: 5)) {
            try pipeline.run(deliver: { _ in }) { add in
                for input in 0..<1_000 { try add(input, 1) }
            }
        }
        #expect(running.load(ordering: .relaxed) == 0)
        let after = started.load(ordering: .relaxed)
        usleep(50_000)
        #expect(started.load(ordering: .relaxed) == after, "a worker took an input after run returned")
        #expect(after < 1_000, "the inputs after the failure were not all worked on")
    }
}
