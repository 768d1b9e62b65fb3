import Foundation
import RLCMTestSupport
import Testing
@testable import RLCMFormat
@testable import RLCMKit

/// `plan`, `import` and `export` with `--remote`: real `rlcm` processes against a real
/// `rlcm serve` on loopback, serving a copy of the sample production workspace.
@Suite("Remote workspaces", .serialized)
struct RemoteTests {
    static let project = "Order Sync"

    @Test("plan --remote equals plan on the same workspace read locally: the JSON but for fingerprints and target (they name where the target is), the text but for its header, the exit codes and the warnings")
    func planEqualsLocal() throws {
        let fixture = try RemoteFixture()
        let before = fixture.workspaceDigest
        let scratch = fixture.dir.path + "/tmp"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        for flags in [[], ["--restart-recipes", "--detailed-exitcode"], ["--strict"]] {
            for json in [["--json"], []] {
                let local = try fixture.rlcm(["plan", fixture.package, "--into", Self.project, "-C", fixture.root] + json + flags)
                let remote = try fixture.rlcm(["plan", fixture.package, "--into", Self.project, "--remote", "prod"] + json + flags,
                                              environment: ["TMPDIR": scratch])
                #expect(remote.status == local.status, "\(flags) \(remote.stderr)")
                #expect(remote.stderr == local.stderr, "\(flags)")
                if json.isEmpty {
                    let (localLines, remoteLines) = (local.stdout.split(separator: "\n"), remote.stdout.split(separator: "\n"))
                    #expect(remoteLines.first == "Plan: import \(fixture.package) into '\(Self.project)' on remote 'prod' (\(fixture.server.url))")
                    #expect(Array(remoteLines.dropFirst()) == Array(localLines.dropFirst()), "\(flags)")
                } else {
                    let located = ["fingerprints", "target"]
                    #expect(try RemoteFixture.object(remote.stdout, without: located) == RemoteFixture.object(local.stdout, without: located), "\(flags)")
                    let target = try RemoteFixture.object(remote.stdout)["target"] as? [String: String]
                    #expect(target == ["remote": "prod", "url": fixture.server.url])
                    #expect(try SchemaValidator.errors(validating: Data(remote.stdout.utf8), against: "import-plan") == [])
                }
            }
        }
        // What the equality rests on: the report reads recipes outside the target folder, running, through the API.
        let text = try fixture.rlcm(["plan", fixture.package, "--into", Self.project, "--remote", "prod", "--restart-recipes"]).stdout
        #expect(text.contains("! Finance/exports/nightly_invoice_export.recipe.json  [Acme ERP]  running; uses removed action export_invoices_csv"))
        #expect(text.contains("! Acme ERP: new version 3, released (was version 2)"))
        // It writes nothing anywhere: the served workspace is as it was, the snapshot is gone.
        #expect(fixture.workspaceDigest == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch) == [])
        #expect(fixture.outputs.allSatisfy { !$0.contains(fixture.token) })
    }

    @Test("import --remote with a saved plan creates the connector versions and recipes in the served workspace")
    func importCreates() throws {
        let fixture = try RemoteFixture()
        let plan = fixture.dir.file("plan.json")
        try fixture.rlcm(["plan", fixture.package, "--into", Self.project, "--remote", "prod", "--restart-recipes", "--out", plan]).check()
        let imported = try fixture.rlcm(["import", "--plan", plan, "--remote", "prod", "--json"]).check()
        #expect(try SchemaValidator.errors(validating: Data(imported.stdout.utf8), against: "remote-import") == [])
        let report = try RemoteFixture.object(imported.stdout)
        #expect((report["job"] as? [String: Any])?["status"] as? String == "completed")
        let recipes = try #require(report["recipes"] as? [[String: Any]])
        #expect(Set(recipes.compactMap { $0["name"] as? String }).isSuperset(of: ["New order to fulfilment", "Track shipment"]), "\(recipes)")
        #expect(recipes.contains { $0["import_result"] as? String == "restarted" })

        let acme = try RemoteFixture.object(try fixture.rlcm(["connector", "show", "Acme ERP", "-C", fixture.root, "--json"]).check().stdout)
        #expect(acme["latest_version"] as? Int == 3 && acme["released_version"] as? Int == 3, "\(acme)")
        let parcel = try RemoteFixture.object(try fixture.rlcm(["connector", "show", "Parcel Tracker", "-C", fixture.root, "--json"]).check().stdout)
        #expect(parcel["latest_version"] as? Int == 1 && parcel["released_version"] as? Int == 1, "\(parcel)")
        let key = try #require(acme["provider_key"] as? String)
        for recipe in ["orders/track_shipment", "api/get_order_status"] {
            let text = try String(contentsOfFile: "\(fixture.root)/\(Self.project)/\(recipe).recipe.json", encoding: .utf8)
            #expect(text.contains(key), "\(recipe) does not use the production key")
        }
        #expect(try fixture.rlcm(["history", "-C", fixture.root]).check().stdout.contains("Acme ERP v3, Parcel Tracker v1"))
        // The same plan again now changes only connector versions, as locally.
        let again = try fixture.rlcm(["plan", fixture.package, "--into", Self.project, "--remote", "prod", "--restart-recipes", "--json"]).check()
        let summary = try #require(try RemoteFixture.object(again.stdout)["summary"] as? [String: Int])
        #expect(summary["create"] == 0 && summary["update"] == 0 && summary["connector_versions"] == 2, "\(summary)")
    }

    @Test("A saved remote plan that went stale (a served recipe edited after planning) is refused; the served workspace is unchanged")
    func stalePlanRefused() throws {
        let fixture = try RemoteFixture()
        let plan = fixture.dir.file("plan.json")
        try fixture.rlcm(["plan", fixture.package, "--into", Self.project, "--remote", "prod", "--restart-recipes", "--out", plan]).check()
        let dependent = "\(fixture.root)/Finance/exports/nightly_invoice_export.recipe.json"
        let text = try String(contentsOfFile: dependent, encoding: .utf8)
        #expect(text.contains("\"trigger_every\": \"1\""))
        try text.replacingOccurrences(of: "\"trigger_every\": \"1\"", with: "\"trigger_every\": \"2\"").write(toFile: dependent, atomically: true, encoding: .utf8)
        let before = fixture.workspaceDigest
        let refused = try fixture.rlcm(["import", "--plan", plan, "--remote", "prod"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("the saved plan is stale; nothing was written"), "\(refused.stderr)")
        #expect(refused.stderr.contains("'Finance/exports/nightly_invoice_export.recipe.json' was changed"), "\(refused.stderr)")
        #expect(fixture.workspaceDigest == before)
        #expect(!fixture.accessLog.contains { $0.contains("POST /api/packages/import") })
        // A plan made against a folder is not applied to a remote, nor a remote plan to a folder.
        let local = fixture.dir.file("local.json")
        try fixture.rlcm(["plan", fixture.package, "--into", Self.project, "-C", fixture.root, "--restart-recipes", "--out", local]).check()
        let mixed = try fixture.rlcm(["import", "--plan", local, "--remote", "prod"])
        #expect(mixed.status == 1 && mixed.stderr.contains("was made against a folder"), "\(mixed.stderr)")
        let back = try fixture.rlcm(["import", "--plan", plan, "-C", fixture.root])
        #expect(back.status == 1 && back.stderr.contains("--remote prod"), "\(back.stderr)")
        #expect(fixture.workspaceDigest == before)
    }

    @Test("A package the server's job fails gives exit 1 with the server's message")
    func failedJob() throws {
        let fixture = try RemoteFixture()
        let before = fixture.workspaceDigest
        // Without --restart-recipes the server refuses to overwrite the running recipe: its job fails.
        let failed = try fixture.rlcm(["import", fixture.package, "--into", Self.project, "--remote", "prod"])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("the remote import job"), "\(failed.stderr)")
        #expect(failed.stderr.contains("is running and the import would overwrite it"), "\(failed.stderr)")
        #expect(failed.stdout.isEmpty)
        #expect(fixture.workspaceDigest == before)
    }

    @Test("--values with --remote: the plan reads the served values through /api/properties and equals the local one; import sets them through it; the secret is in no output or log")
    func valuesOverRemote() throws {
        let fixture = try RemoteFixture()
        let samples = SchemaValidator.repoRoot.appendingPathComponent("SampleManifests").path
        let alert = samples + "/ops-alert.zip", values = samples + "/values/production.values.json"
        let secret = "https://erp.secret-\(UUID().uuidString).example"
        let environment = ["ERP_BASE_URL": secret]
        let before = fixture.workspaceDigest
        for flags in [[], ["--values", values], ["--values", values, "--strict"]] {
            for json in [["--json"], []] {
                let local = try fixture.rlcm(["plan", alert, "--into", Self.project, "-C", fixture.root] + json + flags, environment: environment)
                let remote = try fixture.rlcm(["plan", alert, "--into", Self.project, "--remote", "prod"] + json + flags, environment: environment)
                #expect(remote.status == local.status && remote.stderr == local.stderr, "\(flags) \(remote.stderr)")
                if json.isEmpty {
                    #expect(remote.stdout.split(separator: "\n").dropFirst() == local.stdout.split(separator: "\n").dropFirst(), "\(flags)")
                } else {
                    let located = ["fingerprints", "target"]
                    #expect(try RemoteFixture.object(remote.stdout, without: located) == RemoteFixture.object(local.stdout, without: located), "\(flags)")
                }
            }
        }
        // What the equality rests on: the served value of erp.region, which the export leaves out.
        let text = try fixture.rlcm(["plan", alert, "--into", Self.project, "--remote", "prod"]).stdout
        #expect(text.contains("= account_property 'erp.region': the target's value (account_properties.properties.json)"), "\(text)")
        let localTemplate = try fixture.rlcm(["values", alert, "--into", Self.project, "-C", fixture.root]).check().stdout
        let remoteTemplate = try fixture.rlcm(["values", alert, "--into", Self.project, "--remote", "prod"]).check().stdout
        #expect(remoteTemplate == localTemplate && localTemplate.contains("\"erp.region\": \"eu-1\""), "\(remoteTemplate)")
        // With -o, the file holds the same template and a line on standard error counts what it asks for.
        let written = fixture.dir.file("values.json")
        let note = try fixture.rlcm(["values", alert, "--into", Self.project, "-C", fixture.root, "-o", written]).check().stderr
        #expect(String(decoding: readAll(written), as: UTF8.self) == localTemplate)
        let template = try #require(try JSONSerialization.jsonObject(with: Data(localTemplate.utf8)) as? [String: Any])
        let count = { (key: String) in (template[key] as? [String: Any])?.count ?? 0 }
        let properties = count("account_properties") + ((template["project_properties"] as? [String: [String: Any]])?.values.map(\.count).reduce(0, +) ?? 0)
        #expect(note.contains("wrote \(written): \(properties) properties, \(count("connections")) connections, \(count("connectors")) untied provider keys; fill in the nulls"), "\(note)")
        #expect(fixture.workspaceDigest == before)

        try fixture.rlcm(["import", alert, "--into", Self.project, "--remote", "prod", "--values", values], environment: environment).check()
        let account = try JSONSerialization.jsonObject(with: Data(readAll(fixture.root + "/account_properties.properties.json"))) as? [String: String]
        #expect(account == ["erp.region": "eu-1", "erp.base_url": secret])
        let own = try JSONSerialization.jsonObject(with: Data(readAll(fixture.root + "/Order Sync/properties.project_properties.json"))) as? [String: Any]
        #expect((own?["data"] as? [String: String])?["ops.channel"] == "#ops-prod", "\(String(describing: own))")
        #expect(fixture.accessLog.contains { $0.contains("POST /api/properties 200") }, "\(fixture.accessLog)")
        #expect(fixture.outputs.allSatisfy { !$0.contains(secret) } && fixture.accessLog.allSatisfy { !$0.contains(secret) })
        let again = try fixture.rlcm(["plan", alert, "--into", Self.project, "--remote", "prod", "--values", values, "--detailed-exitcode"], environment: environment)
        #expect(again.status == 0, "the same values again change nothing: \(again.stdout)")

        // A missing variable is refused before anything is sent.
        let unset = fixture.dir.path + "/unset.values.json"
        try #"{"format_version": 1, "account_properties": {"erp.base_url": {"env": "RLCM_TEST_NEVER_SET"}}}"#.write(toFile: unset, atomically: true, encoding: .utf8)
        let digest = fixture.workspaceDigest
        let missing = try fixture.rlcm(["import", alert, "--into", Self.project, "--remote", "prod", "--values", unset])
        #expect(missing.status == 1 && missing.stderr.contains("RLCM_TEST_NEVER_SET"), "\(missing.stderr)")
        #expect(fixture.workspaceDigest == digest)
    }

    @Test("A connection binding over --remote: the package sent references production's connection and carries no placeholder")
    func bindingOverRemote() throws {
        let fixture = try RemoteFixture()
        let from = "Order Sync/connections/acme_erp_sandbox.connection.json", to = "Order Sync/connections/acme_erp_production.connection.json"
        let values = fixture.dir.path + "/bind.values.json"
        try ##"{"format_version": 1, "connections": {"\##(from)": "\##(to)"}}"##.write(toFile: values, atomically: true, encoding: .utf8)
        let local = try fixture.rlcm(["plan", fixture.package, "--into", Self.project, "-C", fixture.root, "--values", values, "--restart-recipes", "--json"])
        let remote = try fixture.rlcm(["plan", fixture.package, "--into", Self.project, "--remote", "prod", "--values", values, "--restart-recipes", "--json"])
        let located = ["fingerprints", "target"]
        #expect(try RemoteFixture.object(remote.stdout, without: located) == RemoteFixture.object(local.stdout, without: located))
        #expect(remote.stdout.contains("\"bound\""), "\(remote.stdout)")

        try fixture.rlcm(["import", fixture.package, "--into", Self.project, "--remote", "prod", "--values", values, "--restart-recipes"]).check()
        #expect(!FileManager.default.fileExists(atPath: "\(fixture.root)/\(from)"), "no placeholder")
        let recipe = String(decoding: readAll("\(fixture.root)/Order Sync/orders/new_order_to_fulfilment.recipe.json"), as: UTF8.self)
        #expect(recipe.contains("\"zip_name\": \"connections/acme_erp_production.connection.json\"") && !recipe.contains("acme_erp_sandbox"))
        // A binding to a connection production lacks is refused by the plan, before anything is sent.
        try ##"{"format_version": 1, "connections": {"\##(from)": "Order Sync/connections/nowhere.connection.json"}}"##.write(toFile: values, atomically: true, encoding: .utf8)
        let digest = fixture.workspaceDigest
        let refused = try fixture.rlcm(["import", fixture.package, "--into", Self.project, "--remote", "prod", "--values", values, "--restart-recipes"])
        #expect(refused.status == 1 && refused.stderr.contains("the target has no connection at 'Order Sync/connections/nowhere.connection.json'"), "\(refused.stderr)")
        #expect(fixture.workspaceDigest == digest)
    }

    @Test("A connector tie over --remote: the remote plan equals the local one, and the served import ties the key to the connector it creates, as a folder's would")
    func connectorTieOverRemote() throws {
        let fixture = try RemoteFixture()
        let package = fixture.dir.write("renamed.zip", OrderSync.renamedConnectorZip())
        let values = fixture.dir.path + "/tie.values.json"
        try ##"{"format_version": 1, "connectors": {"\##(OrderSync.packageKey)": "Acme Cloud ERP"}}"##.write(toFile: values, atomically: true, encoding: .utf8)
        let arguments = ["plan", package, "--into", Self.project, "--values", values, "--restart-recipes", "--json"]
        let local = try fixture.rlcm(arguments + ["-C", fixture.root])
        let remote = try fixture.rlcm(arguments + ["--remote", "prod"])
        let located = ["fingerprints", "target"]
        #expect(try RemoteFixture.object(remote.stdout, without: located) == RemoteFixture.object(local.stdout, without: located))
        let rewrites = try #require(try Pkg.object(remote.stdout)["key_rewrites"] as? [[String: Any]])
        let key = try #require(rewrites.first { $0["from"] as? String == OrderSync.packageKey }?["to"] as? String)

        try fixture.rlcm(["import", package, "--into", Self.project, "--remote", "prod", "--values", values, "--restart-recipes"]).check()
        let created = try Workspace(root: fixture.root).locked(command: "test", environment: .testing(in: fixture.dir.path)) {
            try $0.connectors.connector(titled: "Acme Cloud ERP")
        }
        #expect(created.providerKey == key)
        let recipe = String(decoding: readAll("\(fixture.root)/\(Self.project)/orders/new_order_to_fulfilment.recipe.json"), as: UTF8.self)
        #expect(recipe.contains(key) && !recipe.contains(OrderSync.packageKey))
    }

    @Test("export --remote downloads a package byte-identical to rlcm export of the same folder run locally")
    func exportIdentical() throws {
        let fixture = try RemoteFixture()
        let out = fixture.dir.path + "/out"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let remote = try fixture.rlcm(["export", Self.project, "--remote", "prod", "-o", out + "/remote.zip", "--json"]).check()
        try fixture.rlcm(["export", Self.project, "-C", fixture.root, "-o", out + "/local.zip"]).check()
        #expect(readAll(out + "/remote.zip") == readAll(out + "/local.zip"))
        #expect(!readAll(out + "/remote.zip").isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).sorted() == ["local.zip", "remote.zip"])
        #expect(try SchemaValidator.errors(validating: Data(remote.stdout.utf8), against: "remote-export") == [])
        let missing = try fixture.rlcm(["export", "No Such Folder", "--remote", "prod", "-o", out + "/none.zip"])
        #expect(missing.status == 1 && missing.stderr.contains("No Such Folder"), "\(missing.stderr)")
    }

    @Test("drift --remote prints what drift prints on the served workspace, exit codes included; its imports and rollback are its deployments")
    func driftAndDeployments() async throws {
        let fixture = try RemoteFixture()
        /// `rlcm drift` with `arguments` locally and through the remote: the same output and status.
        func same(_ arguments: [String], status: Int32) throws {
            let local = try fixture.rlcm(["drift"] + arguments + ["-C", fixture.root])
            let remote = try fixture.rlcm(["drift"] + arguments + ["--remote", "prod"])
            #expect(local.status == status && remote.status == status, "\(arguments): \(local.stderr) \(remote.stderr)")
            #expect(remote.stdout == local.stdout && remote.stderr == local.stderr, "\(arguments)")
            #expect(!local.stdout.isEmpty)
        }
        try same([], status: 0)
        try same(["--json", "--detailed-exitcode"], status: 0)

        // An import through the API (at the server's time), one from the command line later, and a rollback of that one.
        let times = (api: 1_795_500_000, local: 1_795_500_100, rollback: 1_795_500_200)
        try fixture.rlcm(["import", fixture.package, "--into", Self.project, "--remote", "prod", "--restart-recipes"]).check()
        try fixture.rlcm(["import", fixture.package, "--into", Self.project, "-C", fixture.root, "--restart-recipes"],
                         environment: ["RLCM_NOW": String(times.local)]).check()
        let history = try RemoteFixture.object(try fixture.rlcm(["history", "-C", fixture.root, "--json"]).check().stdout)
        let ids = (history["imports"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        try #require(ids.count == 2)
        try fixture.rlcm(["rollback", ids[1], "-C", fixture.root], environment: ["RLCM_NOW": String(times.rollback)]).check()
        try same(["--detailed-exitcode"], status: 0)
        try same(["--json", "--detailed-exitcode"], status: 0)

        // A hand edit drifts the project, seen alike from both sides.
        let edited = "\(fixture.root)/\(Self.project)/orders/track_shipment.recipe.json"
        try Data(readAll(edited) + Array("\n".utf8)).write(to: URL(fileURLWithPath: edited))
        try same(["--detailed-exitcode"], status: 2)
        try same([Self.project, "--json", "--detailed-exitcode"], status: 2)
        try same([], status: 0)
        let text = try fixture.rlcm(["drift", "--remote", "prod"]).stdout
        #expect(text.contains("~ \(Self.project)/orders/track_shipment.recipe.json  edited"), "\(text)")
        let unknown = try fixture.rlcm(["drift", "Billing", "--remote", "prod"])
        #expect(unknown.status == 1 && unknown.stderr.contains("no import has written project 'Billing' (imported projects: \(Self.project))"),
                "\(unknown.stderr)")

        // The same history as the platform's deployments of the production workspace, validated against the document.
        let recorder = ContractRecorder()
        func deployments(_ query: String) async throws -> [[String: Any]] {
            let path = "/api/deployments" + query
            let answer = try await fixture.server.call("GET", path)
            recorder.add(.init(method: "GET", path: path, status: answer.status, body: String(decoding: answer.body, as: UTF8.self)))
            return answer.object["items"] as? [[String: Any]] ?? []
        }
        func time(_ seconds: Int) -> String { Timestamp.string(Date(timeIntervalSince1970: TimeInterval(seconds))) }
        let all = try await deployments("")
        #expect(all.map { $0["id"] as? Int } == [3, 2, 1])
        #expect(all.map { $0["created_at"] as? String } == [time(times.rollback), time(times.local), time(times.api)])
        #expect(all.allSatisfy { $0["environment_type"] as? String == "prod" && $0["state"] as? String == "success" })
        #expect(all.map { $0["performed_by_name"] as? String == "rlcm" } == [true, true, false])
        #expect((all[0]["description"] as? String)?.hasPrefix("Rollback ") == true && (all[0]["description"] as? String)?.contains("undid import \(ids[1])") == true)
        #expect(try await deployments("?from=\(time(times.local))").map { $0["id"] as? Int } == [3, 2])
        #expect(try await deployments("?to=\(time(times.local))").map { $0["id"] as? Int } == [2, 1])
        #expect(try await deployments("?from=\(time(times.local))&to=\(time(times.local))").map { $0["id"] as? Int } == [2])
        #expect(try await deployments("?environment_type=test").isEmpty)
        let problems = try recorder.validate().problems
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test("A wrong token: a clear 401 message after one request, no retry storm")
    func wrongToken() throws {
        let fixture = try RemoteFixture()
        let refused = try fixture.rlcm(["plan", fixture.package, "--into", Self.project, "--remote", "prod"],
                                       environment: ["WORKATO_API_TOKEN": "rlcm_not-a-token"])
        #expect(refused.status == 1)
        #expect(refused.stderr == "rlcm: error: the token was refused by \(fixture.server.url) (401): check WORKATO_API_TOKEN or the --token-file\n")
        #expect(fixture.accessLog.filter { $0.contains(" 401 ") }.count == 1, "\(fixture.accessLog)")
        let missing = try fixture.rlcm(["plan", fixture.package, "--into", Self.project, "--remote", "prod"], environment: ["WORKATO_API_TOKEN": ""])
        #expect(missing.status == 1 && missing.stderr.contains("WORKATO_API_TOKEN holds no token"), "\(missing.stderr)")
    }

    @Test("A server answering 429 with Retry-After is waited for as it asks, a bounded number of times")
    func rateLimited() throws {
        let fixture = try RemoteFixture()
        let proxy = try RecordingProxy(upstream: fixture.server, limited: 2, in: fixture.dir)
        try fixture.rlcm(["remote", "add", "limited", proxy.url]).check()
        try fixture.rlcm(["export", Self.project, "--remote", "limited", "-o", fixture.dir.file("remote.zip")]).check()
        try fixture.rlcm(["export", Self.project, "-C", fixture.root, "-o", fixture.dir.file("local.zip")]).check()
        #expect(readAll(fixture.dir.file("remote.zip")) == readAll(fixture.dir.file("local.zip")))
        let requests = proxy.requests
        #expect(requests.prefix(3).map(\.answered) == ["429", "429", "passed"], "\(requests.map(\.answered))")
        #expect(Set(requests.prefix(3).map(\.path)).count == 1, "the same request is repeated")
        #expect(requests[1].time - requests[0].time >= 0.9 && requests[2].time - requests[1].time >= 0.9)

        let always = try RecordingProxy(upstream: fixture.server, limited: 1000, in: fixture.dir)
        try fixture.rlcm(["remote", "add", "busy", always.url]).check()
        let gaveUp = try fixture.rlcm(["export", Self.project, "--remote", "busy", "-o", fixture.dir.file("busy.zip")])
        #expect(gaveUp.status == 1 && gaveUp.stderr.contains("kept answering 429"), "\(gaveUp.stderr)")
        #expect(always.requests.count == 5)
        #expect(!FileManager.default.fileExists(atPath: fixture.dir.file("busy.zip")))
    }

    @Test("A server that stalls times out with a clear message; one that is not running is named")
    func stalledAndAbsent() throws {
        let fixture = try RemoteFixture()
        let stalled = try StalledPort()
        try fixture.rlcm(["remote", "add", "stalled", "http://127.0.0.1:\(stalled.port)"]).check()
        let started = Date()
        let timedOut = try fixture.rlcm(["export", Self.project, "--remote", "stalled", "--timeout", "2", "-o", fixture.dir.file("x.zip")])
        #expect(timedOut.status == 1)
        #expect(timedOut.stderr.contains("http://127.0.0.1:\(stalled.port) did not answer within 2 s (read timeout)"), "\(timedOut.stderr)")
        #expect(Date().timeIntervalSince(started) < 20)

        let port = try StalledPort.closed()
        try fixture.rlcm(["remote", "add", "absent", "http://127.0.0.1:\(port)"]).check()
        let refused = try fixture.rlcm(["plan", fixture.package, "--into", Self.project, "--remote", "absent"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("is the server running at http://127.0.0.1:\(port)?"), "\(refused.stderr)")
    }

    @Test("Certificates are verified: rlcm serve over TLS with a certificate nobody vouches for is refused")
    func untrustedCertificate() throws {
        let fixture = try RemoteFixture()
        let made = try runTool("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                                           "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", fixture.dir.file("key.pem"), "-out", fixture.dir.file("cert.pem")])
        #expect(made.status == 0, "\(made.output)")
        let tls = try LiveServer(root: fixture.root, token: fixture.token,
                                 arguments: ["--tls-cert", fixture.dir.file("cert.pem"), "--tls-key", fixture.dir.file("key.pem")])
        defer { tls.stop() }
        #expect(tls.url.hasPrefix("https://127.0.0.1:"))
        try fixture.rlcm(["remote", "add", "self-signed", tls.url]).check()
        let refused = try fixture.rlcm(["export", Self.project, "--remote", "self-signed", "-o", fixture.dir.file("x.zip")])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("the TLS certificate of \(tls.url) was not accepted"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: fixture.dir.file("x.zip")))
    }

    @Test("A token file others can read is refused before any request; a private one is used")
    func tokenFile() throws {
        let fixture = try RemoteFixture()
        let file = fixture.dir.file("token")
        try fixture.token.write(toFile: file, atomically: true, encoding: .utf8)
        chmod(file, 0o644)
        let requests = fixture.accessLog.count
        let loose = try fixture.rlcm(["export", Self.project, "--remote", "prod", "--token-file", file, "-o", fixture.dir.file("x.zip")],
                                     environment: ["WORKATO_API_TOKEN": ""])
        #expect(loose.status == 1)
        #expect(loose.stderr.contains("the token file '\(file)' has mode 0644") && loose.stderr.contains("chmod 600"), "\(loose.stderr)")
        #expect(fixture.accessLog.count == requests)
        chmod(file, 0o600)
        try fixture.rlcm(["export", Self.project, "--remote", "prod", "--token-file", file, "-o", fixture.dir.file("x.zip")],
                         environment: ["WORKATO_API_TOKEN": ""]).check()
    }

    @Test("Remotes: http:// only to loopback, data centers by name, kept without tokens")
    func remotes() throws {
        let fixture = try RemoteFixture()
        let insecure = try fixture.rlcm(["remote", "add", "prod2", "http://workato.example.com"])
        #expect(insecure.status == 1 && insecure.stderr.contains("uses plain http:// to a host that is not loopback"), "\(insecure.stderr)")
        try fixture.rlcm(["remote", "add", "secure", "https://workato.example.com:8443/"]).check()
        try fixture.rlcm(["remote", "add", "europe", "eu"]).check()
        try fixture.rlcm(["remote", "add", "v6", "http://[::1]:8080"]).check()
        #expect(try fixture.rlcm(["remote", "add", "prod", "us"]).status == 1)
        #expect(try fixture.rlcm(["remote", "add", "bad name", "us"]).status == 1)
        let list = try fixture.rlcm(["remote", "list", "--json"]).check()
        #expect(try SchemaValidator.errors(validating: Data(list.stdout.utf8), against: "remote-list") == [])
        let remotes = try #require(try RemoteFixture.object(list.stdout)["remotes"] as? [[String: String]])
        #expect(remotes == [["name": "europe", "url": "https://app.eu.workato.com"], ["name": "prod", "url": fixture.server.url],
                            ["name": "secure", "url": "https://workato.example.com:8443"], ["name": "v6", "url": "http://[::1]:8080"]])
        try fixture.rlcm(["remote", "remove", "secure"]).check()
        #expect(try fixture.rlcm(["remote", "remove", "secure"]).status == 1)
        #expect(try fixture.rlcm(["remote", "list"]).check().stdout.contains("europe"))
        // A hand-edited file is checked again before any request.
        let config = fixture.dir.path + "/config/rlcm/remotes.json"
        let edited = try String(contentsOfFile: config, encoding: .utf8).replacingOccurrences(of: "https://app.eu.workato.com", with: "http://app.eu.workato.com")
        try edited.write(toFile: config, atomically: true, encoding: .utf8)
        let used = try fixture.rlcm(["export", Self.project, "--remote", "europe", "-o", fixture.dir.file("x.zip")])
        #expect(used.status == 1 && used.stderr.contains("uses plain http://"), "\(used.stderr)")
    }

    @Test("Every request the client sends is one the OpenAPI document describes: path, method, query parameters and JSON body")
    func requestsFollowDocument() throws {
        let fixture = try RemoteFixture()
        let proxy = try RecordingProxy(upstream: fixture.server, limited: 0, in: fixture.dir)
        try fixture.rlcm(["remote", "add", "recorded", proxy.url]).check()
        let plan = fixture.dir.file("plan.json")
        try fixture.rlcm(["plan", fixture.package, "--into", "New Project", "--remote", "recorded", "--out", plan]).check()
        try fixture.rlcm(["import", "--plan", plan, "--remote", "recorded"]).check()
        try fixture.rlcm(["plan", fixture.package, "--into", Self.project, "--remote", "recorded", "--restart-recipes"]).check()
        try fixture.rlcm(["export", Self.project, "--remote", "recorded", "-o", fixture.dir.file("x.zip")]).check()
        let requests = proxy.requests
        let operations = Set(requests.map { "\($0.method) \($0.path.split(separator: "?")[0])" })
        #expect(requests.count > 10 && operations.contains("POST /api/folders") && operations.contains { $0.hasPrefix("POST /api/packages/import/") })
        let problems = try Self.checkRequests(requests)
        #expect(problems == [], "\(problems)")
    }

    /// Checks recorded requests with the contract validator's own functions.
    static func checkRequests(_ requests: [RecordingProxy.Request]) throws -> [String] {
        let scratch = TempDir()
        let file = scratch.file("requests.json")
        let records = requests.map { ["method": $0.method, "path": $0.path, "content_type": $0.contentType ?? "", "body": $0.body ?? ""] }
        try JSONSerialization.data(withJSONObject: records).write(to: URL(fileURLWithPath: file))
        let support = SchemaValidator.repoRoot.appendingPathComponent("Tests/Support").path
        let document = SchemaValidator.repoRoot.appendingPathComponent("Schemas/workato-api.openapi.yaml").path
        let result = try runTool(try PythonEnvironment.bin("python"), ["-c", requestDriver, support, document, file])
        guard result.status == 0, let problems = try? JSONDecoder().decode([String].self, from: Data(result.output.utf8)) else {
            throw TestFailure("the request check failed: \(result.output)")
        }
        return problems
    }

    static let requestDriver = """
        import json, sys, urllib.parse
        sys.path.insert(0, sys.argv[1])
        import openapi_validate as v
        doc = v.load_document(sys.argv[2])
        problems = []
        for r in json.load(open(sys.argv[3])):
            url = urllib.parse.urlsplit(r["path"])
            label = f'{r["method"]} {r["path"]}'
            template = v.match_path(doc, url.path)
            operation = doc["paths"].get(template, {}).get(r["method"].lower()) if template else None
            if operation is None:
                problems.append(label + ": no such operation in the document")
                continue
            parameters = doc["paths"][template].get("parameters", []) + operation.get("parameters", [])
            parameters = [v.follow(doc, p, "")[0] for p in parameters]
            declared = {p["name"] for p in parameters if p.get("in") == "query"}
            for name in urllib.parse.parse_qs(url.query, keep_blank_values=True):
                if name not in declared:
                    problems.append(f"{label}: query parameter {name} is not declared")
            if r["body"]:
                pointer = "/paths/" + v.escape_pointer_token(template) + "/" + r["method"].lower() + "/requestBody/content/application~1json/schema"
                try:
                    problems += [label + ": " + p for p in v.validate_instance(doc, pointer, json.loads(r["body"]))]
                except Exception as error:
                    problems.append(f"{label}: {error}")
            elif r["content_type"]:
                content = v.follow(doc, operation.get("requestBody", {}), "")[0].get("content", {})
                if r["content_type"].split(";")[0] not in content and r["method"] in ("POST", "PUT"):
                    problems.append(f"{label}: the document takes no {r['content_type']} body")
        print(json.dumps(problems))
        """

    @Test("The token never appears in output, plans, history, logs or the config file")
    func tokenNeverAppears() throws {
        let fixture = try RemoteFixture()
        let plan = fixture.dir.file("plan.json")
        try fixture.rlcm(["plan", fixture.package, "--into", Self.project, "--remote", "prod", "--restart-recipes", "--out", plan]).check()
        try fixture.rlcm(["plan", fixture.package, "--into", Self.project, "--remote", "prod", "--json"])
        try fixture.rlcm(["import", "--plan", plan, "--remote", "prod", "--json"]).check()
        try fixture.rlcm(["import", fixture.package, "--into", "Finance", "--remote", "prod"])
        try fixture.rlcm(["export", Self.project, "--remote", "prod", "-o", fixture.dir.file("x.zip"), "--json"]).check()
        try fixture.rlcm(["remote", "list", "--json"]).check()
        try fixture.rlcm(["history", "-C", fixture.root, "--json"]).check()
        try fixture.rlcm(["plan", fixture.package, "--into", Self.project, "--remote", "prod"], environment: ["WORKATO_API_TOKEN": fixture.token + "x"])
        let log = fixture.server.stop()
        var places = ["outputs": fixture.outputs.joined(), "plan": String(decoding: readAll(plan), as: UTF8.self),
                      "server log": log.stdout + log.stderr]
        for (name, folder) in [("config", fixture.dir.path + "/config"), ("workspace", fixture.root), ("cache", fixture.dir.path + "/cache")] {
            let enumerator = FileManager.default.enumerator(atPath: folder)
            var bytes: [UInt8] = []
            while let relative = enumerator?.nextObject() as? String {
                if FileSystem.isRegularFile(folder + "/" + relative) { bytes += readAll(folder + "/" + relative) }
            }
            places[name] = String(decoding: bytes, as: UTF8.self)
        }
        #expect(places["outputs"]!.contains("Imported") && places["config"]!.contains("prod") && places["server log"]!.contains("/api/recipes"))
        for (name, text) in places { #expect(!text.contains(fixture.token), "the token is in the \(name)") }
    }
}
