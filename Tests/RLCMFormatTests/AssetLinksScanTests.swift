import Foundation
import RLCMTestSupport
import Testing
@testable import RLCMFormat

/// `AssetLinks.scan` reads links without building a tree; these tests hold it to what a walk of
/// the parsed tree finds (the reference below, which is how links were first read), and to the
/// parser's verdict and error on every document, valid or not.
@Suite("Scanning assets for their links")
struct AssetLinksScanTests {
    /// Links as a walk of the parsed document finds them: every object with a string `zip_name`
    /// is a reference, every `provider` shaped like a connector key is a use, objects in
    /// document order (an object before its members).
    static func walk(_ document: JSONValue) -> (links: AssetLinks, name: String?) {
        var links = AssetLinks()
        func collect(_ value: JSONValue, path: String) {
            switch value {
            case .object(let object):
                if case .string(let zipName)? = object["zip_name"] {
                    links.references.append(AssetReference(jsonPath: path, zipName: zipName, name: object["name"]?.stringValue))
                }
                if case .string(let provider)? = object["provider"], ProviderKey.matches(provider) {
                    if let index = links.providerKeys.firstIndex(where: { $0.key == provider }) {
                        links.providerKeys[index].uses += 1
                    } else {
                        links.providerKeys.append(ProviderKeyUse(jsonPath: "\(path).provider", key: provider))
                    }
                    if case .string(let keyword)? = object["keyword"], keyword == "trigger" || keyword == "action",
                       case .string(let name)? = object["name"] {
                        let step = StepUse(provider: provider, keyword: keyword, name: name)
                        if !links.steps.contains(step) { links.steps.append(step) }
                    }
                }
                for (key, child) in object.members { collect(child, path: JSONPath.appending(key: key, to: path)) }
            case .array(let items):
                for (index, item) in items.enumerated() { collect(item, path: JSONPath.appending(index: index, to: path)) }
            default:
                break
            }
        }
        collect(document, path: "$")
        if case .object(let root) = document, case .array(let config)? = root["config"] {
            for entry in config {
                guard case .object(let item) = entry, case .string(let provider)? = item["provider"],
                      case .object(let account)? = item["account_id"], case .string(let zipName)? = account["zip_name"]
                else { continue }
                links.connectionByProvider[provider] = zipName
            }
        }
        return (links, (document["name"] ?? document["title"])?.stringValue)
    }

    static func expectSame(_ scanned: (links: AssetLinks, name: String?), _ walked: (links: AssetLinks, name: String?),
                           _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(scanned.links.references == walked.links.references, "\(what): references", sourceLocation: sourceLocation)
        #expect(scanned.links.providerKeys == walked.links.providerKeys, "\(what): provider keys", sourceLocation: sourceLocation)
        #expect(scanned.links.steps == walked.links.steps, "\(what): steps", sourceLocation: sourceLocation)
        #expect(scanned.links.connectionByProvider == walked.links.connectionByProvider, "\(what): connections", sourceLocation: sourceLocation)
        #expect(scanned.name == walked.name, "\(what): name", sourceLocation: sourceLocation)
    }

    /// Every JSON file of the order-sync fixture and of the sample workspaces.
    static let corpus: [(String, [UInt8])] = {
        var files = OrderSync.files.filter { $0.0.hasSuffix(".json") }
        let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("SampleManifests").path
        let enumerator = FileManager.default.enumerator(atPath: samples)
        while let relative = enumerator?.nextObject() as? String {
            if relative.hasSuffix(".json") { files.append((relative, readAll(samples + "/" + relative))) }
        }
        return files
    }()

    @Test("Scanning finds what a walk of the parsed tree finds, on every fixture and sample file")
    func samples() throws {
        #expect(Self.corpus.count > 30)
        for (name, bytes) in Self.corpus {
            Self.expectSame(try AssetLinks.scan(bytes, file: name, strings: StringPool()), Self.walk(try JSONParser.parse(bytes, file: name)), name)
        }
    }

    @Test("Links in odd places: nested arrays, quoted keys, escapes, non-string members, config entries")
    func oddPlaces() throws {
        let document = """
        {"title": "T", "config": [{"provider": "acme_connector_1_2", "account_id": {"zip_name": "a.connection.json", "name": "A"}},
          {"provider": "x", "account_id": {"zip_name": 5}}, 7, {"provider": "b_connector_3_4", "account_id": {"zip_name": "b\\u00e9.json"}}],
         "code": {"block": [[{"zip_name": "deep/x.recipe.json", "name": 3}], {"weird key": {"provider": "acme_connector_1_2",
          "keyword": "action", "name": "get_order", "zip_name": "y"}}], "name": null},
         "steps": [{"provider": "acme_connector_1_2", "keyword": "action", "name": "get_order"}, {"provider": "plain", "keyword": "trigger"}]}
        """
        let bytes = Array(document.utf8)
        let scanned = try AssetLinks.scan(bytes, file: "odd.json", strings: StringPool())
        Self.expectSame(scanned, Self.walk(try JSONParser.parse(bytes, file: "odd.json")), "odd.json")
        #expect(scanned.name == "T")
        #expect(scanned.links.references.map(\.jsonPath) == ["$.config[0].account_id", "$.config[3].account_id", "$.code.block[0][0]", "$.code.block[1][\"weird key\"]"])
        #expect(scanned.links.connectionByProvider == ["acme_connector_1_2": "a.connection.json", "b_connector_3_4": "bé.json"])
        #expect(scanned.links.steps.count == 1)
    }

    @Test("Keys spelled with escapes are the keys they spell: references, names and config entries")
    func escapedKeys() throws {
        let document = #"{"n\u0061me": "N", "c\u006Fnfig": [{"provider": "acme_connector_1_2", "account\u005fid": {"zip\u005fname": "a.connection.json"}}]}"#
        let bytes = Array(document.utf8)
        let scanned = try AssetLinks.scan(bytes, file: "escaped.json", strings: StringPool())
        Self.expectSame(scanned, Self.walk(try JSONParser.parse(bytes, file: "escaped.json")), "escaped.json")
        #expect(scanned.name == "N")
        #expect(scanned.links.references.map(\.jsonPath) == ["$.config[0].account_id"])
        #expect(scanned.links.connectionByProvider == ["acme_connector_1_2": "a.connection.json"])
    }

    @Test("Scanning accepts exactly what the parser accepts, with the same error, on mutated documents")
    func mutated() {
        let deadline = Date().addingTimeInterval(Mutation.budget / 2)
        var iterations = 0
        while Date() < deadline {
            var g = SeededGenerator(seed: UInt64(iterations) &+ 0x5CA7)
            let input = Mutation.mutate(Self.corpus.randomElement(using: &g)!.1, &g)
            switch (Result { try JSONParser.parse(input, file: "m.json") }, Result { try AssetLinks.scan(input, file: "m.json", strings: StringPool()) }) {
            case (.success(let document), .success(let scanned)):
                Self.expectSame(scanned, Self.walk(document), "seed \(iterations)")
            case (.failure(let parseError), .failure(let scanError)):
                #expect("\(parseError)" == "\(scanError)", "seed \(iterations)")
            case (let parsed, let scanned):
                Issue.record("seed \(iterations): parse \(parsed), scan \(scanned)")
            }
            iterations += 1
        }
        #expect(iterations > 100)
    }

    @Test("Provider keys have the shape <name>_connector_<id>_<time>", arguments: [
        ("acme_erp__connector_4711_1767225600", true), ("a_connector_1_2", true), ("x_connector_1_2_connector_3_4", true),
        ("_connector_1_2", false), ("acme_connector_1", false), ("acme_connector_1_", false), ("acme_connector__2", false),
        ("acme_connector_1_2x", false), ("acme_connector_١_2", false), ("salesforce", false), ("", false), ("acme_connector_1_2_3", false),
    ])
    func providerKeyShape(key: String, expected: Bool) {
        #expect(ProviderKey.matches(key) == expected)
    }
}
