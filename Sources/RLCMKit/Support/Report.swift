import RLCMFormat
/// A command's result: printed as text for people, or as JSON (with `format_version`) for machines.
public protocol Report: Encodable {
    /// The human-readable form, lines without a trailing newline.
    var text: String { get }
}

extension Report {
    public func json() throws -> String { String(decoding: try StateCoding.encode(self), as: UTF8.self) }
}
