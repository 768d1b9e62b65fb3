import Foundation
import RLCMKit

/// One line of progress on stderr, drawn over itself; cleared when the work is done. The CLI's
/// progress and the remote client's waits draw through it.
package struct StatusLine: StatusSink {
    /// The line on stderr when stderr is a terminal; none for CI logs and pipes, which get only results.
    package static var standardError: StatusLine? { isatty(STDERR_FILENO) == 1 ? StatusLine() : nil }

    package func show(_ status: String) {
        FileHandle.standardError.write(Data("\r\u{1B}[K\(status)".utf8))
    }

    package func clear() { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
}
