/// A git object name: 40 lowercase hex digits (SHA-1), or 64 for SHA-256 repositories.
///
/// Kept as text so that ports and stores need no git library: `Release.commit_sha`, decision records and the API
/// carry it as is.
package struct ObjectID: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The lowercase hex form.
    package let hex: String

    /// Validates `hex` (case-insensitive); nil when it is not 40 or 64 hex digits.
    package init?(hex: String) {
        let lowered = hex.lowercased()
        guard lowered.utf8.count == 40 || lowered.utf8.count == 64,
            lowered.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) })
        else { return nil }
        self.hex = lowered
    }

    /// The first 7 digits, for logs and messages.
    package var abbreviated: String { String(hex.prefix(7)) }

    /// Whether every digit is 0 (providers use this for "no commit": branch created or deleted).
    package var isZero: Bool { hex.utf8.allSatisfy { $0 == 48 } }

    package var description: String { hex }

    package static func < (lhs: ObjectID, rhs: ObjectID) -> Bool { lhs.hex < rhs.hex }

    package init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let id = ObjectID(hex: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not a git object id"))
        }
        self = id
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }
}
