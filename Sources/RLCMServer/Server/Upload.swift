import Foundation
import RLCMFormat
import Hummingbird
import RLCMKit

/// A package body received into a file, never held in memory whole.
struct Upload {
    let path: String
    let size: Int
    let sha256: String

    /// Streams the body of `request` into a new file in `folder`, counting bytes as they come:
    /// past `limit` (or a `Content-Length` over it) it stops reading and answers 413; a body that
    /// trickles in longer than `timeout` seconds is refused with 408. The partial file is removed.
    static func receive(_ request: Request, into folder: String, limit: Int, timeout: Double) async throws -> Upload {
        let tooLarge = APIError(status: .contentTooLarge, message: "The package is larger than \(limit / (1024 * 1024)) MB")
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit { throw tooLarge }
        let path = "\(folder)/upload-\(UUID().uuidString).part"
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw APIError(status: .internalServerError, message: "Cannot create a file in \(folder) for the package")
        }
        var kept = false
        defer { if !kept { try? FileManager.default.removeItem(atPath: path) } }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        let deadline = ContinuousClock.now + .seconds(timeout)
        var size = 0
        var hash = StreamingHash()
        for try await buffer in request.body {
            size += buffer.readableBytes
            if size > limit { throw tooLarge }
            if ContinuousClock.now > deadline {
                throw APIError(status: .requestTimeout, message: "The package did not arrive within \(Int(timeout)) seconds")
            }
            try buffer.withUnsafeReadableBytes { bytes in
                hash.update(bytes)
                try handle.write(contentsOf: bytes)
            }
        }
        guard size > 0 else { throw APIError.badRequest("body", "is empty: send the package zip as the request body") }
        kept = true
        return Upload(path: path, size: size, sha256: hash.finalize())
    }
}
