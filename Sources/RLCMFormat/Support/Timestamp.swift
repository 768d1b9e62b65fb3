import Foundation

/// Timestamps as ISO 8601 in UTC (`2026-11-23T11:33:03Z`), the one form rlcm writes and reads.
///
/// Broken down by the C library (`gmtime_r`), not by Foundation: its calendar and its ISO 8601
/// style load ICU's time-zone data on first use, about a millisecond of every command that takes
/// the workspace lock (the lock records when it was taken). The two agree on every date since the
/// Gregorian calendar began (1582); Foundation counts earlier ones in the Julian calendar.
public enum Timestamp {
    /// A moment's calendar fields in UTC, to the millisecond (truncated, as Foundation's are).
    public struct Fields: Equatable, Sendable {
        public var year, month, day, hour, minute, second, millisecond: Int
    }

    /// The moments the four digits of an ISO 8601 year hold, years 1 to 9999: a clock outside them
    /// (`RLCM_NOW=1e300`, say) is taken as its nearest end, not a crash.
    static let representable = -62_135_596_800.0...253_402_300_799.999

    public static func fields(_ date: Date) -> Fields {
        let since1970 = date.timeIntervalSince1970.isNaN ? 0 : min(max(date.timeIntervalSince1970, representable.lowerBound), representable.upperBound)
        let whole = since1970.rounded(.down)
        var seconds = time_t(whole)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return Fields(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday), hour: Int(parts.tm_hour),
                      minute: Int(parts.tm_min), second: Int(parts.tm_sec), millisecond: min(999, Int((since1970 - whole) * 1000)))
    }

    /// `2026-11-23T11:33:03Z`.
    public static func string(_ date: Date) -> String {
        let f = fields(date)
        return "\(padded(f.year, 4))-\(padded(f.month))-\(padded(f.day))T\(padded(f.hour)):\(padded(f.minute)):\(padded(f.second))Z"
    }

    /// `n` in decimal, with leading zeros up to `width` digits.
    public static func padded(_ n: Int, _ width: Int = 2) -> String {
        let digits = String(n)
        return digits.count < width ? String(repeating: "0", count: width - digits.count) + digits : digits
    }
}
