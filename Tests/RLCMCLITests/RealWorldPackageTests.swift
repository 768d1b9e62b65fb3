import Foundation
import RLCMTestSupport
import Testing
@testable import RLCMFormat
@testable import RLCMKit

/// Issue 10: packages as the platform writes them (`Tests/Fixtures/real-world/`, one per group of
/// facts of the reference's "What real exports look like") go through the real `rlcm inspect`,
/// `plan`, `import`, a second `import` and `export` of the imported folder, and come back with the
/// same names and bytes, provider keys aside. The packages are read here with Python's `zipfile`
/// (through `IndependentZip`), not with RLCMKit's reader, so the reader under test is not also
/// the judge.
@Suite("Real packages, as the platform writes them")
struct RealWorldPackageTests {
    static let outside = "outside-references.zip"
    /// The three connections the outside-references package names but does not carry, where.
    static let missingConnections = [
        FoundReference(entry: "crm/sync_accounts_to_salesforce.recipe.json", jsonPath: "$.config[1].account_id",
                       zipName: "connections/salesforce_production.connection.json"),
        FoundReference(entry: "crm/post_account_updates.recipe.json", jsonPath: "$.config[1].account_id",
                       zipName: "connections/sales_slack.connection.json"),
        FoundReference(entry: "crm/post_account_updates.recipe.json", jsonPath: "$.config[2].account_id",
                       zipName: "connections/jira_cloud.connection.json"),
    ]

    // MARK: - The fixtures themselves

    @Test("every fixture the README lists is found, so the round trip cannot pass on an empty folder")
    func fixturesAreFound() {
        #expect(RealWorld.packages.count >= RealWorld.expected.count, "found \(RealWorld.packages) in \(RealWorld.folder)")
        #expect(Set(RealWorld.expected).isSubset(of: Set(RealWorld.packages)), "missing: \(Set(RealWorld.expected).subtracting(RealWorld.packages))")
        #expect(FileManager.default.fileExists(atPath: RealWorld.hostile))
    }

    @Test("generate.py writes the checked-in fixtures, byte-identical on every run")
    func generatorWritesTheFixtures() throws {
        let dir = TempDir()
        for run in ["a", "b"] {
            let result = try runTool("python3", [RealWorld.generator, dir.file(run)])
            try #require(result.status == 0, "generate.py: \(result.output)")
        }
        for name in RealWorld.expected + ["hostile/non-utf8-name.zip"] {
            #expect(sha256(ofFile: dir.file("a/" + name)) == sha256(ofFile: dir.file("b/" + name)), "two runs of generate.py differ on \(name)")
            let fresh = try IndependentZip(dir.file("a/" + name)), checked = try IndependentZip(RealWorld.path(name))
            #expect(fresh.entries.map(\.name) == checked.entries.map(\.name), "\(name): entry names differ from generate.py's")
            let differing = zip(fresh.entries, checked.entries).filter { $0.rawName != $1.rawName || $0.bytes != $1.bytes }.map(\.0.name)
            #expect(differing.isEmpty, "\(name): \(differing) differ from what generate.py writes; run it again")
        }
    }

    @Test("each fixture is zipped as the platform zips: Deflate, 5.2 on Unix, 0644/0755, no extras, UTF-8 flag clear",
          arguments: RealWorld.packages + ["hostile/non-utf8-name.zip"])
    func zippedLikeThePlatform(_ name: String) throws {
        let zip = try IndependentZip(RealWorld.path(name))
        #expect(zip.comment.isEmpty, "\(name) has a zip comment")
        for entry in zip.entries {
            let label = "\(name): \(entry.name)"
            #expect(entry.flags == 0, "\(label): general-purpose flags \(entry.flags), bit 11 (UTF-8) must be clear")
            #expect(entry.madeBy == 0x0334, "\(label): version made by \(String(entry.madeBy, radix: 16))")
            #expect(entry.centralExtra == 0 && entry.localExtra == 0, "\(label): extra fields")
            if entry.isDirectory {
                #expect(entry.method == 0 && entry.bytes.isEmpty, "\(label): a directory entry is stored and empty")
                #expect(entry.externalAttributes == (0o040755 << 16) | 0x10, "\(label): attributes \(String(entry.externalAttributes, radix: 8))")
            } else {
                #expect(entry.method == 8, "\(label): method \(entry.method)")
                #expect(entry.externalAttributes == 0o100644 << 16, "\(label): attributes \(String(entry.externalAttributes, radix: 8))")
            }
        }
        let holders = Set(zip.files.compactMap { file in file.rawName.lastIndex(of: UInt8(ascii: "/")).map { Array(file.rawName[...$0]) } })
        let folders = Set(zip.entries.filter(\.isDirectory).map(\.rawName))
        #expect(folders == holders, "\(name): directory entries must be exactly the folders that directly hold files")
    }

    // MARK: - Each fixture carries its facts (README.md says which)

    static func texts(_ zip: IndependentZip, _ suffix: String = ".json") -> [String: String] {
        Dictionary(uniqueKeysWithValues: zip.files.filter { $0.name.hasSuffix(suffix) }.map { ($0.name, String(decoding: $0.bytes, as: UTF8.self)) })
    }

    @Test("platform-zip and json-text: Japanese names, no trailing newline, raw UTF-8, 211.0, both empty styles, CRLF")
    func textFacts() throws {
        let platform = try IndependentZip(RealWorld.path("platform-zip.zip"))
        #expect(platform.bytes(of: "取引先登録/法人番号システム.connection.json") != nil)
        #expect(platform.entries.contains { $0.name == "営業/案件/" } && !platform.entries.contains { $0.name == "営業/" })
        let zip = try IndependentZip(RealWorld.path("json-text.zip"))
        let texts = Self.texts(zip).values
        #expect(texts.allSatisfy { !$0.hasSuffix("\n") }, "platform JSON ends without a newline")
        for fact in ["{\n    }", "[\n\n    ]", "{}", "[]", "211.0", "日本語 🚀"] {
            #expect(texts.contains { $0.contains(fact) }, "json-text must contain \(fact.debugDescription)")
        }
        #expect(!texts.contains { $0.contains("\\u") }, "non-ASCII text is raw UTF-8")
        let code = try #require(zip.bytes(of: "legacy_erp.custom_adapter.rb"))
        #expect(String(decoding: code, as: UTF8.self).contains("\r\n"))
    }

    @Test("file-names, folder-names: .1. counters, non-ASCII letters, every kind of folder name, six and more levels")
    func nameFacts() throws {
        let names = try IndependentZip(RealWorld.path("file-names.zip")).files.map(\.name)
        for name in ["api/orchestrator.1.api_endpoint.json", "api/orchestrator.2.recipe.json", "reports/café_münchen_übersicht.recipe.json"] {
            #expect(names.contains(name), "file-names lacks \(name)")
        }
        let folders = try IndependentZip(RealWorld.path("folder-names.zip")).files.map(\.name)
        for part in ["RHSC /", ":", "|", "&", "[Archive]", "=>", "🚀", "Überweisungen"] {
            #expect(folders.contains { $0.contains(part) }, "folder-names lacks a folder with \(part)")
        }
        #expect(folders.contains { $0.split(separator: "/").count >= 8 }, "folder-names nests seven levels")
    }

    @Test("asset-types: apps, pages with a zip inside, insights, genies, models, templates, schemas, topics, properties, tags, logos")
    func assetTypeFacts() throws {
        let zip = try IndependentZip(RealWorld.path("asset-types.zip"))
        let names = zip.files.map(\.name)
        for suffix in [".lcap_app.json", ".lcap_app.png", ".lcap_page.json", ".insights_query.json", ".agentic_genie.json",
                       ".agentic_genie.png", ".decision_engine_model.json", ".workato_template.json", ".workato_schema.json",
                       ".topic.json", "/properties.project_properties.json", ".custom_adapter.jpg"] {
            #expect(names.contains { $0.hasSuffix(suffix) }, "asset-types lacks a *\(suffix)")
        }
        #expect(names.contains("account_properties.properties.json") && names.contains("tags.json"))
        let nested = try #require(zip.files.first { $0.name.hasSuffix(".lcap_page.zip") })
        #expect(nested.bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]), "the .lcap_page.zip is a real zip")
        let logo = try #require(zip.files.first { $0.name.hasSuffix(".custom_adapter.jpeg") })
        #expect(logo.bytes.count >= 700 * 1024)
    }

    @Test("fields: optional and extra fields, references under many keys")
    func fieldFacts() throws {
        let zip = try IndependentZip(RealWorld.path("fields.zip"))
        let texts = Self.texts(zip)
        let bare = try #require(zip.bytes(of: "recipes/without_description.recipe.json"))
        #expect((try JSONSerialization.jsonObject(with: Data(bare)) as? [String: Any])?.keys.contains("description") == false)
        for (entry, facts) in [("recipes/with_comment_and_tags.recipe.json", ["\"version_comment\"", "\"tags\""]),
                               ("connections/on_premise_db.connection.json", ["\"secure_gateway_tunnel_name\"", "\"root_folder\": true", "\"tags\"", "\"personalization\""]),
                               ("no_note.custom_adapter.json", ["\"note\": null"]),
                               ("data/regions.lookup_table.json", ["\"data\": \"code,name\\n"]),
                               ("api/order_status.api_endpoint.json", ["\"use_cache\"", "\"cache_ttl\""])] {
            for fact in facts { #expect(texts[entry]?.contains(fact) == true, "\(entry) lacks \(fact)") }
        }
        let keys = Set(try PackageFacts.references(in: zip).map { $0.jsonPath.split(separator: ".").last.map(String.init) ?? "" })
        for key in ["table_id", "lookup_table_id", "topic_id", "template_id", "workato_schema_id", "model_id", "page_id",
                    "details_page", "apps[0]", "apps[1]", "dynamic_menu_recipe"] {
            #expect(keys.contains(key), "fields has no reference under \(key)")
        }
    }

    @Test("resaved: keys sorted, a trailing newline, > as \\u003e")
    func resavedFacts() throws {
        let texts = Self.texts(try IndependentZip(RealWorld.path("resaved.zip")))
        let resaved = texts.filter { $0.key != "orders/untouched.recipe.json" }
        #expect(resaved.count == 4)
        for (entry, text) in resaved {
            #expect(text.hasSuffix("}\n"), "\(entry) ends with a newline")
            let keys = text.split(separator: "\n").filter { $0.hasPrefix("  \"") && !$0.hasPrefix("   ") }.map { $0.split(separator: "\"")[1] }
            #expect(keys == keys.sorted(), "\(entry) has its keys sorted")
        }
        #expect(resaved.values.contains { $0.contains("\\u003e") } && !resaved.values.contains { $0.contains(">") })
    }

    @Test("large-deep: 700 assets, six levels, Recipes/ beside recipes/, 10 % of references outside")
    func largeFacts() throws {
        let zip = try IndependentZip(RealWorld.path("large-deep.zip"))
        let assets = zip.files.filter { $0.name.hasSuffix(".json") && !PackageFacts.isConnectorTrio($0.name) }
        #expect(assets.count == 700)
        let names = zip.files.map(\.name)
        for part in ["RHSC /", ":", "|", "&", "[Archive]", "=>", "🚀", "日本", "/Recipes/", "/recipes/"] {
            #expect(names.contains { $0.contains(part) }, "large-deep lacks a folder with \(part)")
        }
        #expect(names.contains { $0.split(separator: "/").count >= 7 }, "large-deep nests six levels")
        let references = try PackageFacts.references(in: zip), outside = try PackageFacts.outside(zip)
        #expect(outside.count * 10 == references.count, "\(outside.count) of \(references.count) references point outside")
    }

    // MARK: - The round trip

    @Test("inspect, plan, import, a second import and export give back every entry", arguments: RealWorld.packages)
    func roundTrip(_ name: String) throws {
        let package = try IndependentZip(RealWorld.path(name))
        let scratch = try ImportScratch()
        let inspect = try CLI.run(["inspect", package.path])
        #expect(inspect.status == 0, "inspect \(name): \(inspect.stderr)")
        _ = try expectPlan(package, in: scratch)
        let first = try scratch.rlcm(["import", package.path, "--into", RealWorld.project, "--json"])
        try #require(first.status == 0, "import \(name): \(first.stderr)")
        // The keys of the import itself: a connector it creates gets a key holding the time of
        // the import, which the earlier plan's may not share.
        let rewrites = PlannedKeyRewrite.all(in: try #require(try jsonObject(first.stdout)["plan"] as? [String: Any]))
        expectLanded(package, in: scratch, rewrites: rewrites)
        try expectSecondImportChangesNothing(package, in: scratch)
        try expectExportGivesBack(package, from: scratch, rewrites: rewrites)
    }

    /// `plan --json` in a fresh workspace writes nothing, has no problems, lists exactly the
    /// references the package does not carry, and rewrites every provider key of the package.
    func expectPlan(_ package: IndependentZip, in scratch: ImportScratch) throws -> [PlannedKeyRewrite] {
        let before = scratch.digest()
        let run = try scratch.rlcm(["plan", package.path, "--into", RealWorld.project, "--json"])
        try #require(run.status == 0, "plan \(package.path): \(run.stderr)")
        #expect(scratch.digest() == before, "plan wrote: \(digestDifference(before, scratch.digest()))")
        let plan = try jsonObject(run.stdout)
        #expect((plan["problems"] as? [Any])?.isEmpty == true, "problems: \(plan["problems"] ?? "none")")
        let listed = Self.unresolved(in: plan)
        let expected = try PackageFacts.outside(package)
        #expect(Set(listed) == Set(expected) && listed.count == expected.count,
                "unresolved differs: \(Set(listed).symmetricDifference(expected).map(\.description).sorted())")
        #expect((plan["summary"] as? [String: Any])?["warnings"] as? Int == listed.count, "summary.warnings counts the unresolved references")
        let rewrites = PlannedKeyRewrite.all(in: plan)
        #expect(Set(rewrites.map(\.from)) == PackageFacts.providerKeys(in: package), "key_rewrites: \(rewrites.map(\.from))")
        return rewrites
    }

    /// The plan's top-level `unresolved` array, each item checked for its fields (an issue, and
    /// none, when the array is missing, so that the rest of the round trip still runs).
    static func unresolved(in plan: [String: Any], sourceLocation: SourceLocation = #_sourceLocation) -> [FoundReference] {
        guard let items = plan["unresolved"] as? [[String: Any]] else {
            Issue.record("the plan has no top-level 'unresolved' array", sourceLocation: sourceLocation)
            return []
        }
        return items.map { item in
            let reference = FoundReference(entry: item["entry"] as? String ?? "?", jsonPath: item["json_path"] as? String ?? "?",
                                           zipName: item["zip_name"] as? String ?? "?")
            #expect(item["asset"] as? String == RealWorld.project + "/" + reference.entry, "asset of \(item)", sourceLocation: sourceLocation)
            #expect(item["type"] as? String == PackageFacts.type(of: reference.zipName), "type of \(item)", sourceLocation: sourceLocation)
            #expect(!(item["meaning"] as? String ?? "").isEmpty, "meaning of \(item)", sourceLocation: sourceLocation)
            return reference
        }
    }

    /// Every file entry landed at `Imported/<entry>`, byte for byte (recipes and connections with
    /// the provider keys rewritten), but the account's properties, which are the workspace's and
    /// land at its root; the connector trios in the store, and nothing else in the project.
    func expectLanded(_ package: IndependentZip, in scratch: ImportScratch, rewrites: [PlannedKeyRewrite]) {
        let project = scratch.root + "/" + RealWorld.project
        let account = "account_properties.properties.json"
        for file in package.files {
            let landed = (file.name == account ? scratch.root : project) + "/" + file.name
            if PackageFacts.isConnectorTrio(file.name) {
                #expect(!FileManager.default.fileExists(atPath: landed), "connector files go to the store, not the tree: \(file.name)")
            } else if PackageFacts.carriesKeys(file.name) {
                #expect(byteDifference(readAll(landed), PlannedKeyRewrite.apply(rewrites, to: file.bytes)) == nil, "\(file.name) must differ only by provider keys")
            } else {
                #expect(byteDifference(readAll(landed), file.bytes) == nil, "\(file.name) must land byte-identical")
            }
        }
        let wanted = Set(package.files.filter { !PackageFacts.isConnectorTrio($0.name) && $0.name != account }.map(\.rawName))
        let landed = Set(files(below: project).map { Array($0.utf8) })
        #expect(landed == wanted, "differs: \(landed.symmetricDifference(wanted).map { String(decoding: $0, as: UTF8.self) }.sorted())")
    }

    /// A second import of the same package finds every asset unchanged or kept, and changes no file of the project.
    func expectSecondImportChangesNothing(_ package: IndependentZip, in scratch: ImportScratch) throws {
        let project = scratch.root + "/" + RealWorld.project
        let before = treeDigest(project)
        let run = try scratch.rlcm(["import", package.path, "--into", RealWorld.project, "--json"])
        try #require(run.status == 0, "second import \(package.path): \(run.stderr)")
        let assets = try #require((try jsonObject(run.stdout)["plan"] as? [String: Any])?["assets"] as? [[String: Any]])
        #expect(assets.count == package.files.filter { !PackageFacts.isConnectorTrio($0.name) }.count)
        let changed = assets.filter { !["unchanged", "keep"].contains($0["action"] as? String ?? "") }
        #expect(changed.isEmpty, "the second import changes: \(changed.map { "\($0["zip_name"] ?? "?") \($0["action"] ?? "?")" })")
        #expect(treeDigest(project) == before, "second import changed: \(digestDifference(before, treeDigest(project)))")
    }

    /// Exporting the imported folder gives back the package's file entries: the same names and
    /// bytes, provider keys mapped back, the trio at its zip_name with only `version_no` changed.
    func expectExportGivesBack(_ package: IndependentZip, from scratch: ImportScratch, rewrites: [PlannedKeyRewrite]) throws {
        let out = scratch.file("out.zip")
        let run = try scratch.rlcm(["export", RealWorld.project, "-o", out, "--allow-unresolved"])
        try #require(run.status == 0, "export of \(package.path): \(run.stderr)")
        let exported = try IndependentZip(out).fileBytes, original = package.fileBytes
        let names = { (keys: Dictionary<[UInt8], [UInt8]>.Keys) in Set(keys.map { String(decoding: $0, as: UTF8.self) }) }
        #expect(Set(exported.keys) == Set(original.keys), "names differ: \(names(exported.keys).symmetricDifference(names(original.keys)).sorted())")
        for (raw, bytes) in original {
            guard let back = exported[raw] else { continue }
            let name = String(decoding: raw, as: UTF8.self)
            if name.hasSuffix(".custom_adapter.json") {
                try expectMetadata(back, isPackage: bytes, name: name, scratch: scratch)
            } else if PackageFacts.carriesKeys(name) {
                #expect(byteDifference(PlannedKeyRewrite.apply(rewrites, to: back, forward: false), bytes) == nil, "exported \(name) differs beyond provider keys")
            } else {
                #expect(byteDifference(back, bytes) == nil, "exported \(name) is not byte-identical")
            }
        }
    }

    /// The exported metadata is the package's, byte for byte, but for `version_no`, which is the
    /// target's released version of the connector.
    func expectMetadata(_ exported: [UInt8], isPackage original: [UInt8], name: String, scratch: ImportScratch) throws {
        let versionNo = #/("version_no"\s*:\s*)([0-9]+)/#
        let text = String(decoding: exported, as: UTF8.self)
        let masked = { (text: String) in text.replacing(versionNo) { $0.output.1 + "N" } }
        #expect(masked(text) == masked(String(decoding: original, as: UTF8.self)), "exported \(name) differs beyond version_no:\n\(text)")
        let title = try #require(try JSONSerialization.jsonObject(with: Data(original)) as? [String: Any])["title"] as? String
        let show = try jsonObject(try scratch.rlcm(["connector", "show", try #require(title), "--json"]).check().stdout)
        #expect(text.firstMatch(of: versionNo).map { Int($0.output.2) } == show["released_version"] as? Int, "\(name): version_no")
    }

    // MARK: - References the package does not carry

    @Test("three connections the package does not carry: listed, counted as warnings, blocking only with --strict; recipe start waits for them")
    func outsideReferences() throws {
        let package = RealWorld.path(Self.outside)
        let scratch = try ImportScratch()
        let before = scratch.digest()
        for command in ["plan", "import"] {
            let strict = try scratch.rlcm([command, package, "--into", RealWorld.project, "--strict"])
            #expect(strict.status == 1, "\(command) --strict must refuse: \(strict.stdout)")
            #expect(strict.stderr.contains(Self.missingConnections[0].zipName), "\(command) --strict names the reference: \(strict.stderr)")
            #expect(scratch.digest() == before, "\(command) --strict wrote: \(digestDifference(before, scratch.digest()))")
        }
        let plan = try jsonObject(try scratch.rlcm(["plan", package, "--into", RealWorld.project, "--json"]).check().stdout)
        let unresolved = Self.unresolved(in: plan)
        #expect(Set(unresolved.filter { PackageFacts.type(of: $0.zipName) == "connection" }) == Set(Self.missingConnections))
        #expect(unresolved.count == 5, "three connections, a called recipe and a page: \(unresolved)")
        #expect((plan["summary"] as? [String: Any])?["warnings"] as? Int == unresolved.count)
        try scratch.rlcm(["import", package, "--into", RealWorld.project]).check()
        try expectHistoryRecordsUnresolved(scratch)
        try expectStartWaitsForConnection(scratch)
    }

    func expectHistoryRecordsUnresolved(_ scratch: ImportScratch) throws {
        let history = try jsonObject(try scratch.rlcm(["history", "--json"]).check().stdout)
        let imports = try #require(history["imports"] as? [[String: Any]])
        #expect(imports.count == 1)
        for record in imports {
            let unresolved = try #require(record["unresolved"] as? [[String: Any]], "history record without 'unresolved': \(record)")
            #expect(unresolved.count == 5)
            let zipNames = Set(unresolved.compactMap { $0["zip_name"] as? String })
            #expect(Set(Self.missingConnections.map(\.zipName)).isSubset(of: zipNames), "history records \(zipNames)")
        }
    }

    /// `recipe start` refuses while the recipe's connection is missing and names it; once the
    /// connection is at that path, a new plan shows it resolved and the recipe starts.
    func expectStartWaitsForConnection(_ scratch: ImportScratch) throws {
        let missing = Self.missingConnections[0]
        let recipe = RealWorld.project + "/" + missing.entry
        let before = scratch.digest()
        let refused = try scratch.rlcm(["recipe", "start", recipe])
        #expect(refused.status == 1, "recipe start of \(recipe) must refuse: \(refused.stdout)")
        #expect(refused.stderr.contains(missing.zipName), "recipe start names the missing connection: \(refused.stderr)")
        #expect(scratch.digest() == before, "a refused start changed: \(digestDifference(before, scratch.digest()))")

        try scratch.write(RealWorld.project + "/" + missing.zipName,
                          "{\n  \"name\": \"Salesforce (production)\",\n  \"provider\": \"salesforce\",\n  \"root_folder\": false\n}")
        let plan = try jsonObject(try scratch.rlcm(["plan", RealWorld.path(Self.outside), "--into", RealWorld.project, "--json"]).check().stdout)
        let unresolved = Self.unresolved(in: plan)
        #expect(!unresolved.contains(missing), "resolved against the target now: \(unresolved)")
        #expect(unresolved.count == 4)
        try scratch.rlcm(["recipe", "start", recipe]).check()
        let list = try jsonObject(try scratch.rlcm(["recipe", "list", "--json"]).check().stdout)
        let rows = try #require(list["recipes"] as? [[String: Any]])
        #expect(rows.contains { $0["path"] as? String == recipe && $0["running"] as? Bool == true })
    }

    // MARK: - Names

    @Test("Japanese names, UTF-8 with the flag clear as the platform writes them, land under their names")
    func japaneseNames() throws {
        let package = try IndependentZip(RealWorld.path("platform-zip.zip"))
        let folder = "取引先登録", file = "法人番号システム.connection.json"
        let entry = try #require(package.files.first { $0.rawName == Array((folder + "/" + file).utf8) })
        #expect(entry.flags & 0x800 == 0, "the fixture leaves the UTF-8 flag clear")
        let scratch = try ImportScratch()
        let run = try scratch.rlcm(["import", package.path, "--into", RealWorld.project])
        try #require(run.status == 0, "import: \(run.stderr)")
        let listing = (try? FileManager.default.contentsOfDirectory(atPath: scratch.root + "/" + RealWorld.project + "/" + folder)) ?? []
        #expect(listing.map { Array($0.utf8) }.contains(Array(file.utf8)), "\(folder) holds \(listing)")
        #expect(byteDifference(scratch.read(RealWorld.project + "/" + folder + "/" + file), entry.bytes) == nil)
    }

    @Test("a name neither flagged nor valid UTF-8 is refused by inspect, plan and import, naming the entry; nothing changes")
    func nonUTF8NameRefused() throws {
        let scratch = try ImportScratch()
        let before = scratch.digest()
        let runs = [("inspect", try CLI.run(["inspect", RealWorld.hostile])),
                    ("plan", try scratch.rlcm(["plan", RealWorld.hostile, "--into", RealWorld.project])),
                    ("import", try scratch.rlcm(["import", RealWorld.hostile, "--into", RealWorld.project]))]
        for (command, run) in runs {
            #expect(run.status == 1, "\(command) must refuse: \(run.stdout)")
            #expect(run.stderr.contains("UTF-8"), "\(command): \(run.stderr)")
            #expect(run.stderr.contains("legacy/r") && run.stderr.contains(".recipe.json"), "\(command) names the entry: \(run.stderr)")
        }
        #expect(scratch.digest() == before, "changed: \(digestDifference(before, scratch.digest()))")
    }

    static let caseTwinsParent = "Integrations: CRM | ERP"
    static let caseTwins = ["Recipes", "recipes"].map { caseTwinsParent + "/" + $0 + "/daily_summary.recipe.json" }

    @Test("Recipes/ beside recipes/ import as two folders where the file system keeps them apart")
    func caseTwins() throws {
        let package = try IndependentZip(RealWorld.path("large-deep.zip"))
        let twins = Self.caseTwins
        #expect(package.bytes(of: twins[0]) != nil && package.bytes(of: twins[0]) != package.bytes(of: twins[1]))
        let scratch = try ImportScratch()
        try #require(fileSystemIsCaseSensitive(at: scratch.root), "the scratch folder's file system keeps letter case apart")
        let run = try scratch.rlcm(["import", package.path, "--into", RealWorld.project])
        try #require(run.status == 0, "import: \(run.stderr)")
        let parent = scratch.root + "/" + RealWorld.project + "/" + Self.caseTwinsParent
        let listing = (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []
        #expect(listing.contains("Recipes") && listing.contains("recipes"), "\(parent) holds \(listing)")
        for twin in twins { #expect(byteDifference(scratch.read(RealWorld.project + "/" + twin), package.bytes(of: twin) ?? []) == nil, "\(twin) landed as it came") }
    }

    @Test("on a file system that folds case (exFAT), Recipes/ beside recipes/ is refused naming both entries, and nothing changes",
          .enabled(if: CaseFoldingVolume.available, "needs root, /dev/fuse, losetup and exfat-fuse (scripts/quickstart installs them)"))
    func caseTwinsOnACaseFoldingFileSystem() throws {
        let volume = try CaseFoldingVolume()
        let workspace = volume.mountPoint + "/ws"
        try CLI.run(["init", workspace, "--name", "Folding"]).check()
        try #require(!fileSystemIsCaseSensitive(at: workspace), "exFAT folds letter case")
        let before = treeDigest(workspace)
        for command in ["plan", "import"] {
            let run = try CLI.run([command, RealWorld.path("large-deep.zip"), "--into", RealWorld.project, "-C", workspace])
            #expect(run.status == 1, "\(command): \(run.stdout)")
            #expect(run.stderr.contains("Recipes/") && run.stderr.contains("recipes/") && run.stderr.contains("ignores letter case"),
                    "\(command) names both entries: \(run.stderr)")
        }
        #expect(treeDigest(workspace) == before, "changed: \(digestDifference(before, treeDigest(workspace)))")
    }
}
