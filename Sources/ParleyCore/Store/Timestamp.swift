import Foundation
import Synchronization

/// Chainlit's timestamp text: UTC, six fractional digits and `Z`, so text order is time order.
public enum Timestamp {
    private static let last = Mutex<Int64>(0)

    /// `date` as `2026-11-25T04:56:33.842290Z`.
    public static func format(_ date: Date) -> String {
        format(microseconds: Int64((date.timeIntervalSince1970 * 1_000_000).rounded()))
    }

    /// Now, strictly later than any earlier call in this process, so a parent sorts before its children.
    public static func now() -> String {
        let wall = Int64((Date().timeIntervalSince1970 * 1_000_000).rounded())
        let value = last.withLock { last in
            last = max(wall, last + 1)
            return last
        }
        return format(microseconds: value)
    }

    /// Civil date from days since 1970 (Howard Hinnant's algorithm), avoiding Calendar's rounding.
    static func format(microseconds: Int64) -> String {
        let perDay: Int64 = 86_400_000_000
        let days = microseconds >= 0 ? microseconds / perDay : (microseconds - perDay + 1) / perDay
        let inDay = microseconds - days * perDay
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        let seconds = inDay / 1_000_000
        func pad(_ value: Int64, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(seconds / 3600, 2)):"
            + "\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2)).\(pad(inDay % 1_000_000, 6))Z"
    }
}
