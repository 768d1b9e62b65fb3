import Foundation
import RLCMAPI
import RLCMFormat

/// Why a remote command could not do what it was asked. Each description is a sentence that
/// names the remote, URL, file or job at fault and, where there is one, what to do about it.
public enum RemoteError: RLCMError, Equatable {
    case invalidName(String)
    case unknownRemote(name: String, known: [String])
    case remoteExists(name: String, url: String)
    case invalidURL(String)
    case insecureURL(String)
    case noToken
    case looseTokenFile(file: String, mode: String)
    case unreadableTokenFile(file: String, detail: String)
    case emptyToken(source: String)
    case unreadableConfig(file: String, detail: String)
    case unauthorized(url: String)
    case forbidden(url: String, message: String)
    case connectionRefused(url: String)
    case connectTimeout(url: String, seconds: Int)
    case readTimeout(url: String, seconds: Int)
    case certificate(url: String, detail: String)
    case transport(url: String, detail: String)
    case rateLimited(url: String, waited: Int)
    case status(code: Int, method: String, path: String, message: String)
    case badAnswer(path: String, detail: String)
    case jobFailed(kind: API.JobOperation, id: Int, message: String)
    case jobTimeout(kind: API.JobOperation, id: Int, seconds: Int)
    case planTarget(plan: String, planned: String, asked: String)
    case localPlanForRemote(plan: String)
    case noHistory(remote: String)

    public var description: String {
        switch self {
        case .invalidName(let name):
            return "'\(name)' is not a remote name: use letters, digits, '-', '_' and '.', starting with a letter or digit"
        case .unknownRemote(let name, let known):
            return "no remote is named '\(name)'" + (known.isEmpty ? "; add one with 'rlcm remote add NAME URL'" : " (known: \(known.joined(separator: ", ")))")
        case .remoteExists(let name, let url):
            return "a remote named '\(name)' exists already (\(url)); remove it first with 'rlcm remote remove \(name)'"
        case .invalidURL(let url):
            return "'\(url)' is not a base URL: give https://HOST[:PORT] or a data center (us, eu, jp, sg, au, il)"
        case .insecureURL(let url):
            return "'\(url)' uses plain http:// to a host that is not loopback: the token would cross the network unencrypted; use https:// (http:// is allowed only for 127.0.0.0/8, ::1 and localhost)"
        case .noToken:
            return "no API token: set WORKATO_API_TOKEN or give --token-file FILE (a file only you can read, mode 0600)"
        case .looseTokenFile(let file, let mode):
            return "the token file '\(file)' has mode \(mode): others can read or change it; make it private with 'chmod 600 \(file)'"
        case .unreadableTokenFile(let file, let detail):
            return "cannot read the token file '\(file)': \(detail)"
        case .emptyToken(let source):
            return "\(source) holds no token"
        case .unreadableConfig(let file, let detail):
            return "cannot read the remotes file '\(file)': \(detail)"
        case .unauthorized(let url):
            return "the token was refused by \(url) (401): check WORKATO_API_TOKEN or the --token-file"
        case .forbidden(let url, let message):
            return "\(url) refused the request (403): \(message)"
        case .connectionRefused(let url):
            return "cannot connect to \(url): the connection was refused; is the server running at \(url)?"
        case .connectTimeout(let url, let seconds):
            return "cannot connect to \(url) within \(seconds) s; is the server running at \(url), and reachable from here?"
        case .readTimeout(let url, let seconds):
            return "\(url) did not answer within \(seconds) s (read timeout); try again later or raise --timeout"
        case .certificate(let url, let detail):
            return "the TLS certificate of \(url) was not accepted: \(detail)"
        case .transport(let url, let detail):
            return "the connection to \(url) failed: \(detail)"
        case .rateLimited(let url, let waited):
            return "\(url) kept answering 429 (too many requests) after \(waited) s of waiting as it asked; try again later"
        case .status(let code, let method, let path, let message):
            return "\(method) \(path) answered \(code): \(message)"
        case .badAnswer(let path, let detail):
            return "the answer to \(path) is not what the Developer API describes: \(detail)"
        case .jobFailed(let kind, let id, let message):
            return "the remote \(kind.rawValue) job \(id) failed: \(message)"
        case .jobTimeout(let kind, let id, let seconds):
            return "the remote \(kind.rawValue) job \(id) was still in progress after \(seconds) s; its state is at GET /api/packages/\(id)"
        case .planTarget(let plan, let planned, let asked):
            return "the plan '\(plan)' was made against \(planned), not \(asked); make a new plan with 'rlcm plan --remote'"
        case .localPlanForRemote(let plan):
            return "the plan '\(plan)' was made against a folder, not a remote workspace; make one with 'rlcm plan PKG --into PROJECT --remote NAME --out FILE'"
        case .noHistory(let remote):
            return "remote '\(remote)': the Developer API keeps no history of imports that rlcm can read; 'rlcm history -C DIR' lists the imports into a workspace folder"
        }
    }
}
