import Foundation
import RLCMTestSupport
import Testing
@testable import RLCMFormat
@testable import RLCMKit

/// Real workspaces, real packages and real `rlcm` runs for the plan and import suites.
final class ImportScratch {
    let dir = TempDir()
    /// A production workspace, created empty by `init`.
    let root: String

    init(environment: String = "production") throws {
        root = dir.file("prod")
        try CLI.run(["init", root, "--environment", environment]).check()
    }

    var path: String { dir.path }
    func file(_ name: String) -> String { dir.file(name) }

    /// Runs `rlcm ARGS -C root`.
    @discardableResult
    func rlcm(_ arguments: [String], environment: [String: String] = [:]) throws -> CLI.Result {
        try CLI.run(arguments + ["-C", root], environment: environment)
    }

    /// A copy of the order-sync fixture at `name`, to modify before zipping.
    func fixtureCopy(_ name: String) throws -> String {
        let copy = file(name)
        try FileManager.default.copyItem(atPath: OrderSync.folder, toPath: copy)
        return copy
    }

    /// The order-sync fixture zipped as Workato would.
    func fixtureZip(_ name: String = "order-sync.zip") throws -> String {
        let zip = file(name)
        try OrderSync.zip(to: zip)
        return zip
    }

    /// Zips `folder` (its contents at the root of the package) with Info-ZIP, as Workato would.
    func zip(_ folder: String, to name: String) throws -> String {
        let zip = file(name)
        try? FileManager.default.removeItem(atPath: zip)
        let result = try runTool("zip", ["-qr", zip, "."], in: folder)
        guard result.status == 0 else { throw CLIFailure(description: "zip failed: \(result.output)") }
        return zip
    }

    /// Imports the plain fixture into "Order Sync" and returns the store key of "Acme ERP".
    @discardableResult
    func importFixture(_ zip: String? = nil) throws -> String {
        let package = try zip ?? fixtureZip()
        try rlcm(["import", package, "--into", "Order Sync"]).check()
        return try connector("Acme ERP")["provider_key"] as! String
    }

    /// `connector show TITLE --json`.
    func connector(_ title: String) throws -> [String: Any] {
        try jsonObject(try rlcm(["connector", "show", title, "--json"]).check().stdout)
    }

    func digest() -> [String: String] { treeDigest(root) }

    func read(_ relative: String) -> [UInt8] { readAll(root + "/" + relative) }

    func write(_ relative: String, _ text: String) throws {
        let full = root + "/" + relative
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: full, atomically: false, encoding: .utf8)
    }
}

func jsonObject(_ text: String) throws -> [String: Any] {
    guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
        throw CLIFailure(description: "not a JSON object: \(text.prefix(200))")
    }
    return object
}

func sha256(ofFile path: String) -> String { Hashing.sha256(readAll(path)) }

/// `bytes` with every occurrence of `from` replaced by `to`, byte for byte.
func replacing(_ from: String, with to: String, in bytes: [UInt8]) -> [UInt8] {
    let needle = Array(from.utf8), replacement = Array(to.utf8)
    var output: [UInt8] = []
    var index = 0
    while index < bytes.count {
        if index + needle.count <= bytes.count && Array(bytes[index..<index + needle.count]) == needle {
            output += replacement
            index += needle.count
        } else {
            output.append(bytes[index])
            index += 1
        }
    }
    return output
}

/// Edits a text file in place.
func edit(_ path: String, _ change: (String) -> String) throws {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let changed = change(text)
    precondition(changed != text, "the edit of \(path) changed nothing")
    try changed.write(toFile: path, atomically: false, encoding: .utf8)
}

/// Every file below `folder`, relative to it.
func files(below folder: String) -> [String] {
    var result: [String] = []
    let enumerator = FileManager.default.enumerator(atPath: folder)
    while let relative = enumerator?.nextObject() as? String {
        var isDirectory: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: folder + "/" + relative, isDirectory: &isDirectory)
        if !isDirectory.boolValue { result.append(relative) }
    }
    return result.sorted()
}

/// What changed between two tree digests, for readable failures.
func digestDifference(_ before: [String: String], _ after: [String: String]) -> [String] {
    Set(before.keys).union(after.keys).sorted().compactMap { key in
        before[key] == after[key] ? nil : "\(key): \(before[key] ?? "absent") -> \(after[key] ?? "absent")"
    }
}

/// The recipe the brief's dependency scenarios use: a recipe outside the imported project that runs
/// the target's "Acme ERP" key with the `get_invoice` action.
func billingRecipe(key: String) -> String {
    """
    {
      "name": "Fetch invoice",
      "version": 1,
      "private": true,
      "concurrency": 1,
      "code": {
        "number": 0,
        "provider": "clock",
        "name": "scheduled_event",
        "as": "aa11bb22",
        "keyword": "trigger",
        "input": {},
        "uuid": "00002000-0000-4000-8000-000000000000",
        "block": [
          {
            "number": 1,
            "provider": "\(key)",
            "name": "get_invoice",
            "as": "bb22cc33",
            "keyword": "action",
            "input": { "invoice_id": "42" },
            "uuid": "00002001-0000-4000-8000-000000000001"
          }
        ]
      },
      "config": [
        { "keyword": "application", "provider": "clock", "skip_validation": false, "account_id": null },
        {
          "keyword": "application",
          "provider": "\(key)",
          "skip_validation": false,
          "account_id": {
            "zip_name": "Order Sync/connections/acme_erp_production.connection.json",
            "name": "Acme ERP (production)",
            "folder": "Order Sync/connections",
            "custom": true
          }
        }
      ]
    }

    """
}
