import RLCMFormat
/// A command's result as a typed value. Machines read its JSON form (with `format_version`);
/// the text people read is the executable's to render, so the library never decides how a
/// terminal or a CI log shows it.
public protocol Report: Encodable {}

extension Report {
    public func json() throws -> String { String(decoding: try StateCoding.encode(self), as: UTF8.self) }
}
