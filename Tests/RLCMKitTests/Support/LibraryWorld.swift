import Foundation
import RLCMKitTestSupport
import RLCMTestSupport
import Testing
@testable import RLCMFormat
@testable import RLCMKit

/// A library and workspaces using it in a temporary folder, for the sharing tests that call
/// RLCMKit in process. Each call opens a session of its own, as each command does.
struct LibraryWorld {
    let tmp = TempDir()
    var library: String { tmp.file("library") }
    /// A string only the developer's source contains: it must never reach a closed-source installer.
    let marker = SourceMarker()
    /// What every call runs with: a fixed clock, and the cache and temporary files in the world's folder.
    let environment: RunEnvironment

    init() throws {
        environment = .testing(in: tmp.path)
        _ = try FolderLibrary.initialize(at: tmp.file("library"), environment: environment)
    }

    /// A sandbox workspace using the library, with an owner e-mail and a data center.
    @discardableResult
    func workspace(_ name: String, email: String?, dataCenter: DataCenter = .us) throws -> String {
        let root = tmp.file(name)
        _ = try Workspace.initialize(at: root, name: nil, environment: .sandbox, dataCenter: dataCenter, email: email,
                                    createdAt: environment.now)
        _ = try session(root) { try $0.setWorkspace(.library, to: library) }
        return root
    }

    /// `body` run on the workspace at `root` under its lock.
    func session<T>(_ root: String, _ body: (WorkspaceSession) throws -> T) throws -> T {
        try Workspace(root: root).locked(command: "test", environment: environment, body)
    }

    func openLibrary() throws -> FolderLibrary { try FolderLibrary(path: library, environment: environment) }

    /// Pushes and releases a version of "Acme ERP" carrying the marker, with a description giving
    /// a support contact unless told otherwise.
    func push(_ root: String, version: Int, title: String = "Acme ERP", support: Bool = true) throws {
        let description = try String(contentsOfFile: sampleConnectorDescription(supportContact: support), encoding: .utf8)
        _ = try session(root) {
            try $0.pushConnector(title: title, code: try marker.code(version: version), note: "\(title) version \(version)",
                                 description: .some(description), logo: nil, release: true)
        }
    }

    /// Shares the current released version of `title` from `root`.
    func share(_ root: String, _ title: String = "Acme ERP") throws {
        _ = try session(root) { try $0.shareConnector(title: title, version: nil, library: nil) }
    }

    /// The developer's workspace, "dev@acme.example", with "Acme ERP" version 1 released and shared.
    func sharedDeveloper(support: Bool = true) throws -> String {
        let developer = try workspace("developer", email: "dev@acme.example")
        try push(developer, version: 1, support: support)
        try share(developer)
        return developer
    }

    /// The developer's workspace with "Acme ERP" version 1 shared closed-source to `allowed`, and its share link.
    func closedSourceLink(allowing allowed: [String]) throws -> (developer: String, link: String) {
        let developer = try sharedDeveloper()
        _ = try session(developer) { try $0.setVisibility(title: "Acme ERP", .closed, library: nil) }
        let link = try #require(try session(developer) { try $0.setLink(title: "Acme ERP", enabled: true, library: nil) }.link)
        _ = try session(developer) { try $0.manageAccess(title: "Acme ERP", add: allowed, remove: [], notifyAdmins: false, library: nil) }
        return (developer, link)
    }
}
