import Foundation

/// Validates JSON documents against the schemas in `Schemas/` by running the tests' Python
/// (`TestPython`) with the `jsonschema` package (`Draft202012Validator`), so tests can check
/// fixtures and command output.
///
/// All schemas in `Schemas/` are loaded into one `referencing` registry, so `$ref`s by `$id`
/// (e.g. to `reference.schema.json`) resolve offline. The schema itself is checked first.
/// Every validation error is reported, as `"/json/pointer: message"`, sorted by location;
/// errors under `anyOf`/`oneOf` include their sub-errors, indented.
package enum SchemaValidator {
    /// The repository root, found from this file's location (Tests/RLCMTestSupport/…).
    package static let repoRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()   // RLCMTestSupport
        .deletingLastPathComponent()   // Tests
        .deletingLastPathComponent()   // repo root

    package static let schemasDirectory: URL = repoRoot.appendingPathComponent("Schemas", isDirectory: true)

    /// The order-sync project of the workplace's shared fixtures (`../shared/fixtures/order-sync`),
    /// checked in under `Tests/Fixtures` so that a clone anywhere runs its tests.
    package static let orderSyncFixture: URL = repoRoot.appendingPathComponent("Tests/Fixtures/order-sync", isDirectory: true)

    package struct Failure: Error, CustomStringConvertible {
        package let description: String
    }

    /// The schema name (`recipe`, `connection`, ...) for an asset file name such as
    /// `new_order.recipe.json`, or nil when no schema in `Schemas/` covers that type.
    package static func schemaName(forAssetFile fileName: String) -> String? {
        let parts = fileName.split(separator: ".")
        guard parts.count >= 3, parts.last == "json" else { return nil }
        let type = String(parts[parts.count - 2])
        let schema = schemasDirectory.appendingPathComponent("\(type).schema.json")
        return FileManager.default.fileExists(atPath: schema.path) ? type : nil
    }

    /// All errors of `url`'s JSON against `Schemas/<schema>.schema.json`; empty means valid.
    package static func errors(validatingFileAt url: URL, against schema: String) throws -> [String] {
        try run(schema: schema, instancePath: url.path)
    }

    /// All errors of `data` (a JSON document) against `Schemas/<schema>.schema.json`; empty means valid.
    package static func errors(validating data: Data, against schema: String) throws -> [String] {
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("rlcm-schema-\(UUID().uuidString).json")
        try data.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try run(schema: schema, instancePath: file.path)
    }

    /// All errors of a JSON value (as produced by `JSONSerialization`) against a schema.
    package static func errors(validatingObject object: Any, against schema: String) throws -> [String] {
        try errors(validating: JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), against: schema)
    }

    private static let script = #"""
import json, pathlib, sys
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

schemas_dir, name, instance_path = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3]
schemas, resources = {}, []
for path in sorted(schemas_dir.glob("*.schema.json")):
    contents = json.loads(path.read_text(encoding="utf-8"))
    schemas[path.name] = contents
    resources.append((contents["$id"], Resource.from_contents(contents)))
schema = schemas[name + ".schema.json"]
Draft202012Validator.check_schema(schema)
try:
    instance = json.loads(pathlib.Path(instance_path).read_bytes())
except Exception as error:
    print(json.dumps(["invalid JSON: %s" % error]))
    sys.exit(0)
validator = Draft202012Validator(schema, registry=Registry().with_resources(resources),
                                 format_checker=Draft202012Validator.FORMAT_CHECKER)

def pointer(error):
    return "/" + "/".join(str(part) for part in error.absolute_path)

def describe(error, indent=""):
    lines = ["%s%s: %s" % (indent, pointer(error), error.message)]
    for sub in sorted(error.context or [], key=lambda e: [str(p) for p in e.absolute_path]):
        lines.extend(describe(sub, indent + "  "))
    return lines

out = []
for error in sorted(validator.iter_errors(instance), key=lambda e: [str(p) for p in e.absolute_path]):
    out.append("\n".join(describe(error)))
print(json.dumps(out))
"""#

    private static func run(schema: String, instancePath: String) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try TestPython.executable())
        process.arguments = ["-c", script, schemasDirectory.path, schema, instancePath]
        let stdout = Pipe()
        let stderrFile = FileManager.default.temporaryDirectory
            .appendingPathComponent("rlcm-schema-\(UUID().uuidString).stderr")
        _ = FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: stderrFile) }
        process.standardOutput = stdout
        process.standardError = try FileHandle(forWritingTo: stderrFile)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let stderr = (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0,
              let errors = try? JSONDecoder().decode([String].self, from: output) else {
            throw Failure(description: "schema validation of \(instancePath) against \(schema) did not run "
                + "(python exit \(process.terminationStatus)): \(stderr)\(String(decoding: output, as: UTF8.self))")
        }
        return errors
    }
}
