/// A property a recipe reads: `_dp('{"pill_type":"account_property","property_name":"erp.region"}')`
/// inside any string of its step tree, in the `#{...}` text form or the `=...` formula form.
/// Packages carry property names but never values, so these pills are the only record of which
/// values a recipe needs in the target.
public struct PropertyUse: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case account = "account_property", project = "project_property"
    }

    public var kind: Kind
    public var name: String
    /// Where the recipe first reads it, e.g. `$.code.block[0].input.channel`.
    public var jsonPath: String

    enum CodingKeys: String, CodingKey { case kind = "type", name, jsonPath = "json_path" }

    public init(kind: Kind, name: String, jsonPath: String) {
        self.kind = kind
        self.name = name
        self.jsonPath = jsonPath
    }
}

enum PropertyPill {
    private static let markerText: StaticString = "property_name"
    private static let marker = Array(UnsafeBufferPointer(start: markerText.utf8Start, count: markerText.utf8CodeUnitCount))
    private static let open = Array("_dp('".utf8)
    private static let close = Array("')".utf8)

    /// The property pills in one string of an asset (`jsonPath`: where the string sits). Most
    /// strings hold none; they are passed over by the C library's search before anything is parsed.
    static func uses(in utf8: UnsafeRawBufferPointer, jsonPath: @autoclosure () -> String) -> [PropertyUse] {
        guard ByteSearch.offset(of: marker, in: utf8, from: 0) != nil else { return [] }
        var found: [PropertyUse] = []
        var start = 0
        let path = jsonPath()
        while let opening = ByteSearch.offset(of: open, in: utf8, from: start) {
            let body = opening + open.count
            guard let closing = ByteSearch.offset(of: close, in: utf8, from: body) else { break }
            start = closing + close.count
            guard let pill = try? JSONParser.parse(UnsafeRawBufferPointer(rebasing: utf8[body..<closing]), file: "(pill)"),
                  let type = pill["pill_type"]?.stringValue, let kind = PropertyUse.Kind(rawValue: type),
                  let name = pill["property_name"]?.stringValue, !name.isEmpty else { continue }
            found.append(PropertyUse(kind: kind, name: name, jsonPath: path))
        }
        return found
    }

    /// Whether the string can hold a pill once unescaped: only if its bytes hold the marker, or, as
    /// long as the marker (undoing escapes never lengthens a string), a `\u` escape that could
    /// spell part of it (every other escape stands for a character the marker does not have).
    static func mayBeIn(_ string: JSONRawString) -> Bool {
        ByteSearch.holds(markerText, in: string.raw, anchor: 7) || string.hasEscapes && string.raw.count >= marker.count && ByteSearch.holds("\\u", in: string.raw)
    }
}

/// The two layouts of a property file (`AssetType.propertyFiles`): account properties are the
/// document itself, a flat object of names; project properties are its `data`. The one place that
/// knows them, for the package index, the values step and export.
public enum PropertyFile {
    /// The properties of the property file `root` (read from `file`): its members, or its `data`'s.
    /// A file of another shape is an error naming the place.
    public static func properties(of root: JSONValue, kind: PropertyUse.Kind, file: String) throws(JSONError) -> JSONObject {
        let cursor = JSONCursor(root, file: file)
        return try kind == .project ? cursor.require("data").object() : cursor.object()
    }

    /// The bytes of a property file whose document is `document` (what surrounds a project file's
    /// `data`) with `properties` in place, written as rlcm writes JSON.
    public static func encode(_ properties: JSONObject, kind: PropertyUse.Kind, in document: JSONObject) -> [UInt8] {
        guard kind == .project else { return JSONWriter.pretty(.object(properties)) + [0x0A] }
        var document = document
        document["data"] = .object(properties)
        return JSONWriter.pretty(.object(document)) + [0x0A]
    }

    /// The kind and names a property file of type `type` declares, in file order (none when its
    /// shape is another); nil when the type is not a property file's.
    public static func declared(_ bytes: [UInt8], type: AssetType?, file: String) throws(JSONError) -> (kind: PropertyUse.Kind, names: [String])? {
        guard let type, let kind = AssetType.propertyFiles[type] else { return nil }
        let root = try JSONParser.parse(bytes, file: file)
        return (kind, (try? properties(of: root, kind: kind, file: file))?.keys ?? [])
    }
}
