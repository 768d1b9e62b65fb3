import Foundation
import RLCMFormat

/// A plan saved by `rlcm plan --out`, for `rlcm import --plan` to apply exactly.
extension ImportPlan {
    /// Saves the plan at `file`, with the package's path from the plan's folder.
    public func save(to file: String) throws {
        var saved = self
        let plan = Workspace.absolute(file)
        saved.packageFromPlan = Self.relativePath(to: Workspace.absolute(package), from: FileSystem.folder(of: plan))
        try FileSystem.replace(plan, with: try StateCoding.encode(saved))
    }

    /// `path` from the folder `folder`, both absolute: `../packages/order-sync.zip`.
    static func relativePath(to path: String, from folder: String) -> String {
        let target = path.split(separator: "/"), base = folder.split(separator: "/")
        let common = zip(target, base).prefix { $0 == $1 }.count
        return (Array(repeating: "..", count: base.count - common) + target.dropFirst(common).map(String.init)).joined(separator: "/")
    }

    /// Reads a saved plan as strictly as a package's JSON: duplicate keys, invalid UTF-8, another
    /// `format_version` and wrong types are refused, naming the place.
    public init(savedAt file: String) throws {
        let bytes = try FileSystem.read(file)
        guard case .object(let root) = try JSONParser.parse(bytes, file: file) else {
            throw ImportError.invalidPlanFile(file: file, detail: "it holds no JSON object")
        }
        guard case .number(let version)? = root["format_version"], version == String(ImportPlan.formatVersion) else {
            throw ImportError.invalidPlanFile(file: file, detail: "$.format_version must be \(ImportPlan.formatVersion) (a plan saved by another rlcm version: make it again)")
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

    /// The package to import: `given` (`--package FILE`, a copy perhaps) when its SHA-256 is the
    /// plan's; else the package at the path recorded from the plan's folder, else at the path
    /// `rlcm plan` was given (from the folder it ran in).
    public func package(given: String?) throws -> String {
        if let given {
            let sha256 = try Hashing.sha256(ofFile: given)
            guard sha256 == plan.packageSHA256 else {
                throw ImportError.otherPackage(file: given, sha256: sha256, plan: file, planSHA256: plan.packageSHA256)
            }
            return given
        }
        let folder = FileSystem.folder(of: Workspace.absolute(file))
        let tried = (plan.packageFromPlan.map { [Workspace.absolute("\(folder)/\($0)")] } ?? []) + [plan.package]
        guard let found = tried.first(where: FileSystem.isRegularFile) else { throw ImportError.packageNotFound(plan: file, tried: tried) }
        return found
    }

    /// The options the plan was made with, for planning it again.
    public var options: ImportOptions {
        ImportOptions(project: plan.project, restartRecipes: plan.restartRecipes, strict: plan.strict,
                      reuseIdenticalConnectors: plan.reuseIdenticalConnectors ?? false, prune: plan.prune ?? false)
    }
}
