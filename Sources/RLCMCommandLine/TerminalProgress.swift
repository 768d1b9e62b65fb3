import Foundation
import RLCMKit
import Synchronization

/// Draws progress on stderr when it is a terminal, at most ten times a second; silent otherwise
/// (CI logs and pipes get only results). A run's environment carries it across threads, so what
/// it remembers between updates sits behind a lock.
final class TerminalProgress: ProgressSink {
    private struct Drawing {
        var last = Date.distantPast
        var drawn = false
    }

    private let line: StatusLine
    private let drawing = Mutex(Drawing())

    private init(line: StatusLine) { self.line = line }

    static func forStandardError() -> TerminalProgress? {
        StatusLine.standardError.map(TerminalProgress.init)
    }

    func update(_ phase: String, done: Int, total: Int) {
        let now = Date()
        drawing.withLock { drawing in
            guard done == total || now.timeIntervalSince(drawing.last) >= 0.1 else { return }
            drawing.last = now
            let percent = total > 0 ? done * 100 / total : 100
            line.show("\(phase): \(done)/\(total) (\(percent)%)")
            drawing.drawn = true
        }
    }

    deinit {
        if drawing.withLock({ $0.drawn }) { line.clear() }
    }
}
