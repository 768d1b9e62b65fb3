import Foundation
import Testing
import RLCMFormat

/// Helpers for tests that export, inspect and read back real packages.
package enum Pkg {
    /// Every regular file of the zip with its bytes, read through RLCMFormat's `ZipReader`.
    package static func entries(_ zip: String) throws -> [String: [UInt8]] {
        var result: [String: [UInt8]] = [:]
        try ZipReader(path: zip).forEachFile { entry, bytes in result[entry.path] = bytes }
        return result
    }

    /// The file entries of a zip as Info-ZIP and libarchive's bsdtar list them, cross-checked
    /// with `ZipReader`; `unzip -t` must accept the archive. Returns the sorted entry names.
    @discardableResult
    package static func crossCheck(_ zip: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String] {
        let test = try runTool("unzip", ["-t", zip])
        #expect(test.status == 0, "unzip -t \(zip): \(test.output)", sourceLocation: sourceLocation)
        let reader = try ZipReader(path: zip)
        let ours = reader.files.map(\.path).sorted()
        let info = try runTool("unzip", ["-Z1", zip])
        #expect(info.status == 0, "unzip -Z1: \(info.output)", sourceLocation: sourceLocation)
        let infoNames = info.output.split(separator: "\n").map(String.init).filter { !$0.hasSuffix("/") }.sorted()
        let tar = try runTool("bsdtar", ["-tf", zip])
        #expect(tar.status == 0, "bsdtar -tf: \(tar.output)", sourceLocation: sourceLocation)
        let tarNames = tar.output.split(separator: "\n").map(String.init).filter { !$0.hasSuffix("/") }.sorted()
        #expect(infoNames == ours, "unzip -Z1 lists \(infoNames), ZipReader \(ours)", sourceLocation: sourceLocation)
        #expect(tarNames == ours, "bsdtar -tf lists \(tarNames), ZipReader \(ours)", sourceLocation: sourceLocation)
        return ours
    }

    /// Parses a JSON object printed by `rlcm --json`.
    package static func object(_ text: String) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw CLIFailure(description: "not a JSON object: \(text)")
        }
        return object
    }

    package static func object(bytes: [UInt8]) throws -> [String: Any] {
        try object(String(decoding: bytes, as: UTF8.self))
    }

    /// Validates `text` (a JSON document) against `Schemas/<schema>.schema.json`.
    package static func expectValid(_ text: String, against schema: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let errors = try SchemaValidator.errors(validating: Data(text.utf8), against: schema)
        #expect(errors.isEmpty, "\(schema): \(errors.joined(separator: "\n"))", sourceLocation: sourceLocation)
    }

    /// The names in a folder (to prove a failed export left nothing behind, temp files included).
    package static func listing(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    package static func text(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    package static func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// Replaces `old` (which must occur) with `new` in the file at `path`.
    package static func edit(_ path: String, replacing old: String, with new: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let text = try text(path)
        #expect(text.contains(old), "'\(old)' not in \(path)", sourceLocation: sourceLocation)
        try text.replacingOccurrences(of: old, with: new).write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// What `OrderSync.sandbox` pushes as version `n` of "Acme ERP".
    package static func acmeCode(version n: Int) throws -> [UInt8] {
        Array((try text(OrderSync.folder + "/acme_erp.custom_adapter.rb") + "\n# version \(n)\n").utf8)
    }
}
