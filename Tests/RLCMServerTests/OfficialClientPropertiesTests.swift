import Foundation
import RLCMTestSupport
import Testing
@testable import RLCMKit

extension OfficialClientTests {
    @Test("workato properties upsert and list: a project's values land in its property file and are listed back by prefix")
    func properties() async throws {
        let dir = TempDir()
        let (root, server) = try ServeProcessTests.served(dir)
        defer { server.stop() }
        let (client, home) = (dir.path + "/client", dir.path + "/home")
        try FileManager.default.createDirectory(atPath: client, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        let projects = try JSONSerialization.jsonObject(with: try await server.call("GET", "/api/projects").body) as? [[String: Any]]
        let project = try #require(projects?.first?["id"] as? Int)
        _ = try Self.workato(["init", "--non-interactive", "--profile", "rlcm", "--region", "custom", "--api-url", server.url,
                              "--api-token", server.token, "--project-id", String(project)], in: client, home: home)

        let upserted = try Self.workato(["properties", "upsert", "--property", "erp.region=eu-1", "--property", "ops.channel=#ops"],
                                        in: client, home: home)
        let file = root + "/Order Sync/properties.project_properties.json"
        let data = (try JSONSerialization.jsonObject(with: Data(readAll(file))) as? [String: Any])?["data"] as? [String: String]
        #expect(data == ["erp.region": "eu-1", "ops.channel": "#ops"], "\(upserted)")
        let again = try Self.workato(["properties", "upsert", "--project-id", String(project), "--property", "erp.region=eu-2"], in: client, home: home)
        let updated = (try JSONSerialization.jsonObject(with: Data(readAll(file))) as? [String: Any])?["data"] as? [String: String]
        #expect(updated == ["erp.region": "eu-2", "ops.channel": "#ops"], "\(again)")

        let listed = try Self.workato(["properties", "list", "--prefix", "erp"], in: client, home: home)
        #expect(listed.contains("erp.region") && listed.contains("eu-2") && !listed.contains("ops.channel"), "\(listed)")
        #expect(!FileManager.default.fileExists(atPath: root + "/account_properties.properties.json"), "a project's values went to the account")
    }
}
