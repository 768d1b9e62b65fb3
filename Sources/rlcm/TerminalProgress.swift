import Foundation
import RLCMKit

/// Draws progress on stderr when it is a terminal, at most ten times a second; silent otherwise
/// (CI logs and pipes get only results).
final class TerminalProgress: ProgressSink {
    private let line: StatusLine
    private var lastDraw = Date.distantPast
    private var drawn = false

    private init(line: StatusLine) { self.line = line }

    static func forStandardError() -> TerminalProgress? {
        StatusLine.standardError.map(TerminalProgress.init)
    }

    func update(_ phase: String, done: Int, total: Int) {
        let now = Date()
        guard done == total || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        let percent = total > 0 ? done * 100 / total : 100
        line.show("\(phase): \(done)/\(total) (\(percent)%)")
        drawn = true
    }

    deinit {
        if drawn { line.clear() }
    }
}
