import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Answers `Expect: 100-continue` with `100 Continue`, so that clients which ask before sending a
/// body (curl does for any body over 1 MB) send it at once instead of waiting out their timeout
/// (curl's is 1 s). A request that will surely be refused gets no interim answer: one without a
/// token, or one whose `Content-Length` is over the largest body the server takes. The route's
/// final answer (401, 413) then reaches the client before it has sent the body.
final class ExpectContinueHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundOut = HTTPResponsePart

    private let maxBodyBytes: Int

    init(maxBodyBytes: Int) { self.maxBodyBytes = maxBodyBytes }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head(let request) = unwrapInboundIn(data), Self.wantsContinue(request, maxBodyBytes: maxBodyBytes) {
            context.writeAndFlush(wrapOutboundOut(.head(HTTPResponse(status: .continue))), promise: nil)
        }
        context.fireChannelRead(data)
    }

    static func wantsContinue(_ request: HTTPRequest, maxBodyBytes: Int) -> Bool {
        guard request.headerFields[.expect]?.lowercased() == "100-continue", request.headerFields[.authorization] != nil else { return false }
        guard let length = request.headerFields[.contentLength] else { return true }
        return Int(length).map { $0 <= maxBodyBytes } ?? false
    }
}
