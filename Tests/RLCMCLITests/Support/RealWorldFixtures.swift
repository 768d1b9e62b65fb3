import Foundation
import RLCMTestSupport
@testable import RLCMFormat
@testable import RLCMKit

/// The packages of `Tests/Fixtures/real-world/`, written by its `generate.py` the way the platform
/// writes them (see the README there): one per group of facts of the reference's section "What
/// real exports look like", plus a hostile one kept apart in `hostile/`.
enum RealWorld {
    static let folder = SchemaValidator.repoRoot.appendingPathComponent("Tests/Fixtures/real-world").path
    static let generator = folder + "/generate.py"
    static let hostile = folder + "/hostile/non-utf8-name.zip"
    /// The project every fixture is imported into.
    static let project = "Imported"

    /// The fixtures the README lists; discovery must find at least these.
    static let expected = ["asset-types.zip", "fields.zip", "file-names.zip", "folder-names.zip", "json-text.zip",
                           "large-deep.zip", "outside-references.zip", "platform-zip.zip", "resaved.zip"]

    /// Every zip at the top of the folder (`hostile/` is not searched), by name.
    static let packages: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
        .filter { $0.hasSuffix(".zip") }.sorted()

    static func path(_ name: String) -> String { folder + "/" + name }
}

/// A zip as Python's `zipfile` reads it (a reader independent of RLCMKit's), with every entry's
/// raw name bytes and header fields: what the platform wrote, not what our reader makes of it.
struct IndependentZip {
    struct Entry {
        var rawName: [UInt8]
        var flags: Int
        var madeBy: Int
        var method: Int
        var externalAttributes: UInt32
        var centralExtra: Int
        var localExtra: Int
        var bytes: [UInt8]

        var name: String { String(decoding: rawName, as: UTF8.self) }
        var isDirectory: Bool { rawName.last == UInt8(ascii: "/") }
    }

    let path: String
    let comment: [UInt8]
    let entries: [Entry]

    var files: [Entry] { entries.filter { !$0.isDirectory } }

    /// The file entries by raw name (compared byte for byte: Swift's `String` equality would
    /// hide a change of Unicode normalisation).
    var fileBytes: [[UInt8]: [UInt8]] {
        Dictionary(files.map { ($0.rawName, $0.bytes) }, uniquingKeysWith: { first, _ in first })
    }

    func bytes(of name: String) -> [UInt8]? { fileBytes[Array(name.utf8)] }

    /// `zipfile` decodes unflagged names as CP437, which maps every byte, so encoding the name
    /// back gives the bytes in the archive. The local header's extra length is read by hand.
    private static let script = """
    import base64, json, struct, sys, zipfile
    path, out = sys.argv[1], sys.argv[2]
    raw = open(path, "rb").read()
    archive = zipfile.ZipFile(path)
    entries = []
    for info in archive.infolist():
        name = info.orig_filename.encode("utf-8" if info.flag_bits & 0x800 else "cp437")
        entries.append({"name": name.hex(), "flags": info.flag_bits, "made_by": (info.create_system << 8) | info.create_version,
                        "method": info.compress_type, "external": info.external_attr, "central_extra": len(info.extra),
                        "local_extra": struct.unpack("<H", raw[info.header_offset + 28:info.header_offset + 30])[0],
                        "data": base64.b64encode(archive.read(info)).decode()})
    json.dump({"comment": archive.comment.hex(), "entries": entries}, open(out, "w"))
    """

    private struct Listing: Decodable {
        struct Item: Decodable {
            var name: String, flags: Int, madeBy: Int, method: Int, external: UInt32, centralExtra: Int, localExtra: Int, data: String
        }
        var comment: String
        var entries: [Item]
    }

    init(_ path: String) throws {
        let out = FileManager.default.temporaryDirectory.path + "/rlcm-zip-" + UUID().uuidString + ".json"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let run = try runTool("python3", ["-c", Self.script, path, out])
        guard run.status == 0 else { throw CLIFailure(description: "python3 zipfile could not read \(path): \(run.output)") }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let listing = try decoder.decode(Listing.self, from: Data(readAll(out)))
        self.path = path
        comment = hexBytes(listing.comment)
        entries = try listing.entries.map { item in
            guard let data = Data(base64Encoded: item.data) else { throw CLIFailure(description: "bad base64 for \(item.name)") }
            return Entry(rawName: hexBytes(item.name), flags: item.flags, madeBy: item.madeBy, method: item.method,
                         externalAttributes: item.external, centralExtra: item.centralExtra, localExtra: item.localExtra,
                         bytes: [UInt8](data))
        }
    }
}

func hexBytes(_ hex: String) -> [UInt8] {
    let digits = Array(hex.utf8)
    return stride(from: 0, to: digits.count - 1, by: 2).map { UInt8(String(decoding: digits[$0...$0 + 1], as: UTF8.self), radix: 16)! }
}

/// A reference object (`zip_name` + `name` + `folder`, wherever it sits) found in a package entry.
struct FoundReference: Hashable, CustomStringConvertible {
    var entry: String
    var jsonPath: String
    var zipName: String
    var description: String { "\(entry) \(jsonPath) -> \(zipName)" }
}

enum PackageFacts {
    /// Every reference in the package's JSON entries, recognised by its shape.
    static func references(in zip: IndependentZip) throws -> [FoundReference] {
        var found: [FoundReference] = []
        for entry in zip.files where entry.name.hasSuffix(".json") {
            let value = try JSONSerialization.jsonObject(with: Data(entry.bytes), options: [.fragmentsAllowed])
            collect(value, path: "$", entry: entry.name, into: &found)
        }
        return found
    }

    private static func collect(_ value: Any, path: String, entry: String, into found: inout [FoundReference]) {
        if let object = value as? [String: Any] {
            if let zipName = object["zip_name"] as? String, object["name"] != nil, object["folder"] != nil {
                found.append(FoundReference(entry: entry, jsonPath: path, zipName: zipName))
                return
            }
            for (key, child) in object { collect(child, path: path + "." + key, entry: entry, into: &found) }
        } else if let array = value as? [Any] {
            for (index, child) in array.enumerated() { collect(child, path: path + "[\(index)]", entry: entry, into: &found) }
        }
    }

    /// The references whose `zip_name` is no file entry of the package.
    static func outside(_ zip: IndependentZip) throws -> [FoundReference] {
        let names = Set(zip.files.map(\.name))
        return try references(in: zip).filter { !names.contains($0.zipName) }
    }

    /// The asset type a `zip_name` names: the last name segment before `.json`.
    static func type(of zipName: String) -> String {
        let parts = (zipName.split(separator: "/").last ?? "").split(separator: ".", omittingEmptySubsequences: false)
        return parts.count >= 3 && parts.last == "json" ? String(parts[parts.count - 2]) : "file"
    }

    /// The custom connector provider keys (`<slug>_connector_<id>_<unix time>`) in the package's entries.
    static func providerKeys(in zip: IndependentZip) -> Set<String> {
        var keys: Set<String> = []
        for entry in zip.files where entry.name.hasSuffix(".json") {
            for match in String(decoding: entry.bytes, as: UTF8.self).matches(of: #/[a-z0-9_]+_connector_[0-9]+_[0-9]+/#) {
                keys.insert(String(match.output))
            }
        }
        return keys
    }

    static func isConnectorTrio(_ name: String) -> Bool { name.contains(".custom_adapter.") }

    /// Recipes and connections are the entries whose provider keys an import rewrites.
    static func carriesKeys(_ name: String) -> Bool { name.hasSuffix(".recipe.json") || name.hasSuffix(".connection.json") }
}

/// A provider key the import replaced: the package's `from`, the workspace's `to`.
struct PlannedKeyRewrite {
    var from: String
    var to: String

    static func all(in plan: [String: Any]) -> [PlannedKeyRewrite] {
        ((plan["key_rewrites"] as? [[String: Any]]) ?? []).compactMap { rewrite in
            guard let from = rewrite["from"] as? String, let to = rewrite["to"] as? String else { return nil }
            return PlannedKeyRewrite(from: from, to: to)
        }
    }

    /// `bytes` with each package key replaced by the workspace's (`forward`) or back.
    static func apply(_ rewrites: [PlannedKeyRewrite], to bytes: [UInt8], forward: Bool = true) -> [UInt8] {
        rewrites.reduce(bytes) { replacing(forward ? $1.from : $1.to, with: forward ? $1.to : $1.from, in: $0) }
    }
}

/// Whether the file system under `folder` keeps `a` and `A` apart (probed with a real file).
func fileSystemIsCaseSensitive(at folder: String) -> Bool {
    let name = ".case-probe-" + UUID().uuidString.lowercased()
    _ = FileManager.default.createFile(atPath: folder + "/" + name, contents: Data())
    defer { try? FileManager.default.removeItem(atPath: folder + "/" + name) }
    return !FileManager.default.fileExists(atPath: folder + "/" + name.uppercased())
}

/// Nil when `actual` is `expected`; else the sizes and the first difference, as text, so that a
/// failure reads better than two byte arrays.
func byteDifference(_ actual: [UInt8], _ expected: [UInt8]) -> String? {
    guard actual != expected else { return nil }
    let at = zip(actual, expected).prefix { $0 == $1 }.count
    let around = { (bytes: [UInt8]) in String(decoding: bytes[min(bytes.count, max(0, at - 30))..<min(bytes.count, at + 50)], as: UTF8.self).debugDescription }
    return "\(actual.count) bytes where \(expected.count) were expected, first difference at byte \(at): \(around(actual)) instead of \(around(expected))"
}
