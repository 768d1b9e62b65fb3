import Foundation
import RLCMTestSupport
@testable import RLCMFormat
@testable import RLCMKit

/// Workspaces and a library for sharing tests, all through the real `rlcm`.
struct SharingWorld {
    let tmp = TempDir()
    var library: String { tmp.file("library") }
    /// A string only the developer's source contains: it must never reach a closed-source installer.
    let marker = SourceMarker()

    init() throws {
        try CLI.run(["library", "init", tmp.file("library")]).check()
    }

    /// A workspace using the library, with an owner e-mail and a data center.
    @discardableResult
    func workspace(_ name: String, email: String?, dataCenter: String = "us") throws -> String {
        let root = tmp.file(name)
        try CLI.run(["init", root, "--data-center", dataCenter] + (email.map { ["--email", $0] } ?? [])).check()
        try CLI.run(["workspace", "set", "library", library, "-C", root]).check()
        return root
    }

    /// The developer's connector code for `version`, carrying the marker.
    func code(version: Int) throws -> String {
        tmp.write("acme_v\(version).rb", try marker.code(version: version))
    }

    /// Pushes a version of "Acme ERP" (released), with a description giving a support contact unless told otherwise.
    func push(_ workspace: String, version: Int, title: String = "Acme ERP", support: Bool = true) throws {
        try CLI.run(["connector", "push", "-C", workspace, "--title", title, "--code", try code(version: version),
                     "--note", "\(title) version \(version)", "--description", sampleConnectorDescription(supportContact: support),
                     "--release"]).check()
    }
}

extension CLI.Result {
    /// The `--json` output as an object.
    func object() throws -> [String: Any] { try Pkg.object(stdout) }
}
