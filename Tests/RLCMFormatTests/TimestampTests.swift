import Foundation
import Testing
import RLCMTestSupport
@testable import RLCMFormat

/// rlcm breaks dates down itself (no ICU); what it writes must stay what Foundation wrote.
@Suite struct TimestampTests {
    /// Whole and fractional seconds from 1600 to 2200, with every edge a day, a year and a leap
    /// year have, and a fixed spread of others.
    static let dates: [Date] = {
        var seconds: [Double] = [0, -1, -1.5, 0.999, 951_782_399.5, 951_782_400, 1_709_251_199.25, 1_796_630_254.9996,
                                 1_796_630_254.123, 1_796_630_254.0005, 4_102_444_799.999, -11_676_096_000, 7_258_118_399]
        var generator = SeededGenerator(seed: 24)
        for _ in 0..<2_000 { seconds.append(Double(generator.next() % 18_934_560_000) - 11_676_096_000 + Double(generator.next() % 1000) / 1000) }
        return seconds.map(Date.init(timeIntervalSince1970:))
    }()

    @Test("ISO 8601 text equals Foundation's for dates from 1600 to 2200")
    func stringMatchesFoundation() {
        for date in Self.dates {
            #expect(Timestamp.string(date) == date.formatted(.iso8601), "\(date.timeIntervalSince1970)")
        }
    }

    @Test("UTC fields equal Foundation's Gregorian calendar's, milliseconds truncated as it does")
    func fieldsMatchFoundation() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        for date in Self.dates {
            let c = calendar.dateComponents(in: calendar.timeZone, from: date)
            let expected = Timestamp.Fields(year: c.year!, month: c.month!, day: c.day!, hour: c.hour!, minute: c.minute!,
                                            second: c.second!, millisecond: c.nanosecond! / 1_000_000)
            #expect(Timestamp.fields(date) == expected, "\(date.timeIntervalSince1970)")
        }
    }

    @Test("a clock outside years 1 to 9999 is taken as its nearest end, not a crash", arguments: [
        (1e300, "9999-12-31T23:59:59Z"), (.infinity, "9999-12-31T23:59:59Z"), (-1e300, "0001-01-01T00:00:00Z"),
        (-.infinity, "0001-01-01T00:00:00Z"), (.nan, "1970-01-01T00:00:00Z"),
    ])
    func outOfRangeClock(seconds: Double, text: String) {
        #expect(Timestamp.string(Date(timeIntervalSince1970: seconds)) == text)
    }

    @Test("numbers padded to a width", arguments: [(7, 2, "07"), (12, 2, "12"), (5, 3, "005"), (2026, 4, "2026"), (123, 2, "123")])
    func padded(n: Int, width: Int, text: String) {
        #expect(Timestamp.padded(n, width) == text)
    }
}
