import RLCMFormat
/// A command's result: printed as text for people, or as JSON (with `format_version`) for machines.
public protocol Report: Encodable {
    /// The human-readable form, lines without a trailing newline.
    var text: String { get }
    /// The same text, written as it is made: a plan of a large workspace lists tens of thousands
    /// of recipes, which need not be held in memory at once.
    func writeText(to output: inout some TextOutputStream)
}

extension Report {
    public func writeText(to output: inout some TextOutputStream) { output.write(text) }

    public func json() throws -> String { String(decoding: try StateCoding.encode(self), as: UTF8.self) }
}

/// A report long enough to be written as it is made (a plan lists every dependent recipe): it
/// writes its text, and its `text` is that writing gathered. It must implement `writeText`.
public protocol StreamedReport: Report {}

extension StreamedReport {
    public var text: String {
        var text = ""
        writeText(to: &text)
        return text
    }
}
