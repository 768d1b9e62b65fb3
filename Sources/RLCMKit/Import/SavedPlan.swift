import Foundation
import RLCMFormat

/// A plan saved by `rlcm plan --out`, for `rlcm import --plan` to apply exactly.
extension ImportPlan {
    public func save(to file: String) throws {
        try FileSystem.replace(Workspace.absolute(file), with: try StateCoding.encode(self))
    }

    /// Reads a saved plan as strictly as a package's JSON: duplicate keys, invalid UTF-8, another
    /// `format_version` and wrong types are refused, naming the place.
    public init(savedAt file: String) throws {
        let bytes = try FileSystem.read(file)
        guard case .object(let root) = try JSONParser.parse(bytes, file: file) else {
            throw ImportError.invalidPlanFile(file: file, detail: "it holds no JSON object")
        }
        guard case .number(let version)? = root["format_version"], version == String(outputFormatVersion) else {
            throw ImportError.invalidPlanFile(file: file, detail: "$.format_version must be \(outputFormatVersion)")
        }
        do {
            self = try JSONDecoder().decode(ImportPlan.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw ImportError.invalidPlanFile(file: file, detail: Self.describe(error))
        }
    }

    /// Where a decoding error is, as a JSON path, and what is wrong there.
    private static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.reduce("$") { path, key in key.intValue.map { "\(path)[\($0)]" } ?? JSONPath.appending(key: key.stringValue, to: path) }
        }
        func kind(_ type: Any.Type) -> String {
            switch type {
            case is Int.Type: "an integer"
            case is String.Type: "a string"
            case is Bool.Type: "true or false"
            default: "a \(type)"
            }
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context.codingPath + [key])) is missing"
        case .typeMismatch(let type, let context): return "\(path(context.codingPath)) is not \(kind(type))"
        case .valueNotFound(let type, let context): return "\(path(context.codingPath)) is null where \(kind(type)) is expected"
        case .dataCorrupted(let context): return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}

/// A plan saved by `rlcm plan --out`, with the file it was read from (errors and reports name it).
public struct SavedPlan: Sendable {
    public var plan: ImportPlan
    public var file: String

    public init(file: String) throws {
        self.plan = try ImportPlan(savedAt: file)
        self.file = file
    }

    /// The options the plan was made with, for planning it again.
    public var options: ImportOptions {
        ImportOptions(project: plan.project, restartRecipes: plan.restartRecipes, strict: plan.strict)
    }
}
