import Foundation
import RLCMKitTestSupport
import RLCMTestSupport
import Testing
@testable import RLCMFormat
@testable import RLCMKit
@testable import RLCMServer

/// Bad input gets a clear answer and changes nothing, and the server goes on answering.
@Suite("rlcm serve: bad input", .serialized)
struct ServerBadInputTests {
    @Test("Malformed JSON, wrong types, unknown ids and wrong methods: 400, 404, 405, nothing touched")
    func malformedRequests() async throws {
        let sandbox = try ServedSandbox()
        let before = ServeProcessTests.digest(sandbox.root)
        try await sandbox.withClient { api in
            let broken = try await api.call(.post, "/api/export_manifests", bytes: Array("{\"export_manifest\": ".utf8), contentType: "application/json")
            #expect(broken.status == 400 && (broken.object["errors"] as? [String: Any])?["body"] != nil, "\(broken.text)")
            let typed = try await api.call(.post, "/api/export_manifests", json: ["export_manifest": ["name": "x", "folder_id": "two"]])
            #expect(typed.status == 400 && (typed.object["errors"] as? [String: Any])?["export_manifest.folder_id"] != nil, "\(typed.text)")
            let missing = try await api.call(.post, "/api/export_manifests", json: ["export_manifest": ["name": "x", "folder_id": 999_999]])
            #expect(missing.status == 400, "\(missing.text)")
            #expect(try await api.call(.get, "/api/recipes?page=zero").status == 400)
            #expect(try await api.call(.get, "/api/recipes?per_page=101").status == 400)
            #expect(try await api.call(.post, "/api/folders", json: ["name": "../escape"]).status == 400)
            for path in ["/api/packages/424242", "/api/export_manifests/424242", "/api/custom_connectors/424242/code",
                         "/api/folders?parent_id=424242", "/api/recipes?folder_id=424242"] {
                #expect(try await api.call(.get, path).status == 404, "\(path)")
            }
            // Ids are numbers: a path whose id is not one is a path the server does not serve.
            #expect(try await api.call(.get, "/api/packages/abc", unrouted: true).status == 404)
            #expect(try await api.call(.put, "/api/recipes/424242/start").status == 404)
            #expect(try await api.call(.post, "/api/packages/import/424242", bytes: [1, 2, 3]).status == 404)
            let method = try await api.call(.patch, "/api/packages/1", unrouted: true)
            #expect(method.status == 405 && method.headers[.allow] == "GET")
            let anonymous = APIClient(client: api.client, token: "rlcm_not_a_token", recorder: api.recorder)
            #expect(try await anonymous.call(.post, "/api/packages/import/2", bytes: [1, 2, 3]).status == 401)
            #expect(try await anonymous.call(.put, "/api/recipes/5/start").status == 401)
            #expect(try await api.call(.get, "/api/users/me").status == 200)
        }
        #expect(ServeProcessTests.digest(sandbox.root) == before)
        #expect(try FileSystem.children(sandbox.root + "/.rlcm/server/packages").isEmpty)
        #expect(try sandbox.recorder.validate().problems.isEmpty)
    }

    @Test("A package over the limit is refused with 413 while it streams, and leaves no file")
    func packageTooLarge() async throws {
        var limits = ServeConfiguration.Limits()
        limits.maxPackageBytes = 1024 * 1024
        let sandbox = try ServedSandbox(limits: limits)
        try await sandbox.withClient { api in
            let answer = try await api.call(.post, "/api/packages/import/2", bytes: pseudoRandomBytes(3 * 1024 * 1024, seed: 1), contentType: "application/zip")
            #expect(answer.status == 413 && answer.object["message"] as? String == "The package is larger than 1 MB")
            #expect(try await api.call(.post, "/api/packages/import/2", bytes: [], contentType: "application/zip").status == 400)
            #expect(try await api.call(.post, "/api/packages/import/2", bytes: [1], contentType: "text/plain").status == 415)
            #expect(try await api.call(.get, "/api/users/me").status == 200)
        }
        #expect(try FileSystem.children(sandbox.root + "/.rlcm/server/packages").isEmpty)
        #expect(try sandbox.recorder.validate().problems.isEmpty)
    }

    @Test("A retried import never applies twice: the same Idempotency-Key, or the same body moments later, is the same job")
    func retriedImport() async throws {
        let sandbox = try ServedSandbox()
        let package = sandbox.dir.file("p.zip")
        try CLI.run(["export", "Order Sync", "-o", package, "-C", sandbox.root]).check()
        let bytes = readAll(package)
        try await sandbox.withClient { api in
            let first = try await api.call(.post, "/api/packages/import/2", bytes: bytes, headers: [.init("Idempotency-Key")!: "k1"])
            let again = try await api.call(.post, "/api/packages/import/2", bytes: bytes, headers: [.init("Idempotency-Key")!: "k1"])
            let plain = try await api.call(.post, "/api/packages/import/2", bytes: bytes)
            let id = try #require(first.object["id"] as? Int)
            #expect(again.object["id"] as? Int == id && plain.object["id"] as? Int == id)
            #expect(try await api.finished(job: id)["status"] as? String == "completed")
            // Another folder is another import.
            let elsewhere = try await api.call(.post, "/api/packages/import/2?restart_recipes=true", bytes: bytes)
            #expect(elsewhere.object["id"] as? Int != id)
            _ = try await api.finished(job: try #require(elsewhere.object["id"] as? Int))
        }
        #expect(try Workspace(root: sandbox.root).locked(command: "test", environment: .testing(in: sandbox.dir.path)) { try $0.history() }.imports.count == 2)
    }

    @Test("Every hostile package fails its job with the reader's message; the workspace is unchanged and the server answers")
    func hostilePackages() async throws {
        let sandbox = try ServedSandbox()
        let before = ServeProcessTests.digest(sandbox.root)
        let cases = HostilePackages.zipCases + HostilePackages.jsonCases
        try await sandbox.withClient { api in
            for hostile in cases {
                let job = try await api.call(.post, "/api/packages/import/2", bytes: hostile.bytes(), contentType: "application/zip")
                if hostile.name == "empty file" {
                    #expect(job.status == 400, "\(hostile)")
                    continue
                }
                let done = try await api.finished(job: try #require(job.object["id"] as? Int, "\(hostile): \(job.text)"))
                let error = done["error"] as? String ?? ""
                #expect(done["status"] as? String == "failed", "\(hostile): \(done)")
                for word in hostile.expect { #expect(error.contains(word), "\(hostile): '\(word)' not in \(error)") }
                #expect(try await api.call(.get, "/api/users/me").status == 200)
            }
        }
        #expect(ServeProcessTests.digest(sandbox.root) == before)
        #expect(try sandbox.recorder.validate().problems.isEmpty)
    }
}
