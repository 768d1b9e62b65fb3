import Foundation

/// A notification e-mail as an RFC 5322 message, so that any mail transport can send it as is
/// (`sendmail -t < message.eml`): CRLF line ends, To/From/Subject/Date/Message-ID headers, a
/// MIME text/plain UTF-8 body, and RFC 2047 encoding for a subject that is not ASCII.
public struct MailMessage: Sendable, Equatable {
    public var from: String
    public var to: String
    public var subject: String
    public var body: String
    public var date: Date
    public var messageID: String

    /// The domain of rlcm's own sender address and message ids: `.invalid` can never reach anyone by mistake.
    static let domain = "rlcm.invalid"
    /// The sender of the library's own notifications (review outcomes).
    static let librarySender = "Connector library <library@\(domain)>"

    public init(from: String, to: String, subject: String, body: String, date: Date) {
        self.from = from
        self.to = to
        self.subject = subject
        self.body = body
        self.date = date
        self.messageID = "<\(RandomToken.hex(bytes: 16))@\(MailMessage.domain)>"
    }

    /// `Mon, 23 Nov 2026 11:33:03 +0000`: RFC 5322's date-time, always in English and UTC.
    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss +0000"
        return formatter.string(from: date)
    }

    static func encodedHeader(_ text: String) -> String {
        let plain = text.unicodeScalars.allSatisfy { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F }
        return plain ? text : "=?UTF-8?B?\(Data(text.utf8).base64EncodedString())?="
    }

    /// The message, ready for a transport.
    public var rendered: [UInt8] {
        let headers = [
            "From: \(from)",
            "To: \(to)",
            "Subject: \(MailMessage.encodedHeader(subject))",
            "Date: \(MailMessage.rfc5322Date(date))",
            "Message-ID: \(messageID)",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
        ]
        let bodyLines = body.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) }
        return Array((headers + [""] + bodyLines).joined(separator: "\r\n").utf8) + Array("\r\n".utf8)
    }
}
