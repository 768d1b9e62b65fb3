/// Encoding for rlcm's own state files and `--json` output: sorted keys and stable formatting,
/// so state diffs well in git and output is reproducible.
public enum StateCoding {
    /// Sorted keys, laid out like Workato's own files (two spaces, `"key": value`).
    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        JSONWriter.pretty(try JSONValueEncoder.encode(value)) + [0x0A]
    }

    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8], file: String) throws -> T {
        do {
            return try JSONValueDecoder.decode(type, from: try JSONParser.parse(bytes, file: file, limits: limits))
        } catch {
            throw Corrupt(file: file, detail: String(describing: error))
        }
    }

    /// rlcm's own files are read whole, whatever their size: only their nesting is bounded.
    private static let limits = JSONLimits(maxStringBytes: .max, maxDocumentBytes: .max)

    /// A state file that does not hold what rlcm wrote there.
    public struct Corrupt: RLCMError, Equatable {
        public var file: String
        public var detail: String
        public var description: String { "state file '\(file)' cannot be read: \(detail)" }
    }
}
