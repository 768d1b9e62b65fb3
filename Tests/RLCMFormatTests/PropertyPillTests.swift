import Testing
@testable import RLCMFormat

/// The property pills a recipe reads, found by the same scan that finds its links: both forms,
/// anywhere in the step tree, several in one string, names with dots and spaces; and the names a
/// property file declares.
@Suite("Property pills and property files")
struct PropertyPillTests {
    static func pill(_ type: String, _ name: String) -> String {
        #"_dp('{\"pill_type\":\"\#(type)\",\"property_name\":\"\#(name)\"}')"#
    }

    @Test("text and formula forms, deep in the step tree, each property once where it is first read")
    func findsBothForms() throws {
        let document = """
            {"name": "Sync", "code": {"keyword": "trigger", "input": {"region": "#{\(Self.pill("account_property", "erp.region"))}"},
              "block": [{"keyword": "action", "input": {"text": "=\(Self.pill("project_property", "Jira Account Id")) + \(Self.pill("account_property", "erp.region"))",
                                                        "other": "#{_dp('{\\"pill_type\\":\\"output\\",\\"line\\":\\"x\\"}')} property_name"}}]}}
            """
        let links = try AssetLinks.scan(Array(document.utf8), file: "sync.recipe.json", strings: StringPool()).links
        #expect(links.properties == [
            PropertyUse(kind: .account, name: "erp.region", jsonPath: "$.code.input.region"),
            PropertyUse(kind: .project, name: "Jira Account Id", jsonPath: "$.code.block[0].input.text"),
        ])
    }

    @Test("a pill spelled with \\u escapes is found: escapes are undone only for a string that may hold one")
    func findsAnEscapedMarker() throws {
        let escaped = #"_dp\u0028'{\"pill_type\":\"account_property\",\"\u0070roperty\u005Fname\":\"erp.region\"}')"#
        let document = #"{"a": "short", "b": "\#(escaped)", "c": "plain\\u words about property names"}"#
        let links = try AssetLinks.scan(Array(document.utf8), file: "x.recipe.json", strings: StringPool()).links
        #expect(links.properties == [PropertyUse(kind: .account, name: "erp.region", jsonPath: "$.b")])
    }

    @Test("strings without pills, other pill types and broken pills read no property")
    func ignoresWhatIsNotAPropertyPill() throws {
        let document = #"{"a": "plain", "b": "_dp('{\"pill_type\":\"output\",\"property_name\":\"x\"}')", "c": "_dp('{broken')", "d": "_dp('"}"#
        #expect(try AssetLinks.scan(Array(document.utf8), file: "x.recipe.json", strings: StringPool()).links.properties.isEmpty)
    }

    @Test("property files: a flat object of account properties, project properties under data")
    func propertyFilesDeclareNames() throws {
        let account = try PropertyFile.declared(Array(#"{"b.two": null, "a.one": null}"#.utf8), type: "properties", file: "account_properties.properties.json")
        #expect(account?.kind == .account && account?.names == ["b.two", "a.one"])
        let project = try PropertyFile.declared(Array(#"{"data": {"ops.channel": null}}"#.utf8), type: "project_properties", file: "p.project_properties.json")
        #expect(project?.kind == .project && project?.names == ["ops.channel"])
        #expect(try PropertyFile.declared(Array("{}".utf8), type: .recipe, file: "x.recipe.json") == nil)
    }
}
