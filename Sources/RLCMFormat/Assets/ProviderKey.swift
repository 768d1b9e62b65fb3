/// How a workspace names a custom connector inside recipes: `<slug>_connector_<id>_<unix time>`
/// (seen with one or two underscores before `connector`). The same connector has another key in
/// another workspace; an import rewrites them.
public enum ProviderKey {
    /// Whether a provider name has the shape of a custom connector key rather than a built-in app.
    /// The shape is `<anything>_connector_<digits>_<digits>`; asked of every `provider` of every
    /// recipe read, so it looks at bytes from the end instead of searching strings.
    public static func matches(_ provider: String) -> Bool {
        let bytes = provider.utf8
        var i = bytes.endIndex
        func digits() -> Bool {
            let end = i
            while i > bytes.startIndex, case UInt8(ascii: "0")...UInt8(ascii: "9") = bytes[bytes.index(before: i)] { i = bytes.index(before: i) }
            return i != end
        }
        guard digits(), i > bytes.startIndex, bytes[bytes.index(before: i)] == UInt8(ascii: "_") else { return false }
        i = bytes.index(before: i)
        guard digits() else { return false }
        let marker = "_connector_".utf8
        let head = bytes[..<i]
        return head.count > marker.count && head.suffix(marker.count).elementsEqual(marker)
    }
}
