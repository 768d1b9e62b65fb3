import Foundation

/// One line of progress on stderr, drawn over itself, when stderr is a terminal (CI logs and
/// pipes get only results); cleared when the work is done. The CLI's progress and the remote
/// client's waits draw through it.
public struct StatusLine: Sendable {
    public let enabled: Bool

    public init(enabled: Bool) { self.enabled = enabled }

    /// Shown when stderr is a terminal.
    public static var standardError: StatusLine { StatusLine(enabled: isatty(STDERR_FILENO) == 1) }

    public func show(_ text: String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
    }

    public func clear() { if enabled { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) } }
}
