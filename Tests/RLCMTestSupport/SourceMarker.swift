import Foundation

/// A string only a developer's connector code contains: the sharing tests look for it to prove
/// that closed-source code never reaches a workspace that installed the connector.
package struct SourceMarker: Sendable {
    package let text = "SECRET-SOURCE-\(UUID().uuidString)"

    package init() {}

    /// The order-sync fixture's connector code for `version`, carrying the marker.
    package func code(version: Int) throws -> [UInt8] {
        let fixture = try String(contentsOfFile: OrderSync.folder + "/acme_erp.custom_adapter.rb", encoding: .utf8)
        return Array((fixture + "\n# \(text) version \(version)\n").utf8)
    }

    /// Whether `bytes` contain the marker.
    package func isIn(_ bytes: [UInt8]) -> Bool {
        let needle = Array(text.utf8)
        guard bytes.count >= needle.count else { return false }
        return (0...(bytes.count - needle.count)).contains { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    /// Every file below `root` (hidden ones included) whose bytes contain the marker.
    package func files(below root: String) -> [String] {
        var found: [String] = []
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let relative = enumerator?.nextObject() as? String {
            let path = root + "/" + relative
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            if isIn(readAll(path)) { found.append(relative) }
        }
        return found
    }
}
