import Core
import Foundation

/// JSON columns and enumerations: Core's Codable values written and read with Foundation's coders, and
/// failures turned into ``StoreError``s that say which record could not be read.
enum JSONColumn {
    /// The coders, made once (coding does not change them): sorted keys, `/` not escaped, times as whole
    /// milliseconds since 1970.
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.millisecondsSince1970)
        }
        return encoder
    }()
    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            Date(millisecondsSince1970: try decoder.singleValueContainer().decode(Int64.self))
        }
        return decoder
    }()

    /// Encodes `value` as JSON text; times inside it become whole milliseconds since 1970, like the columns.
    static func encode<T: Encodable>(_ value: T, _ what: String) throws -> String {
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            throw StoreError(.conflict, "\(what) cannot be written as JSON (\(error)); store finite numbers only")
        }
    }

    /// Decodes a list written by ``encode(_:_:)``; an empty one (most diagnostics and includes) without a decoder.
    static func decode<E: Decodable>(_ type: [E].Type, _ text: String, _ what: String) throws -> [E] {
        text == "[]" ? [] : try decodeValue(type, text, what)
    }

    /// Decodes JSON text written by ``encode(_:_:)``.
    static func decode<T: Decodable>(_ type: T.Type, _ text: String, _ what: String) throws -> T {
        try decodeValue(type, text, what)
    }

    private static func decodeValue<T: Decodable>(_ type: T.Type, _ text: String, _ what: String) throws -> T {
        do {
            return try decoder.decode(type, from: Data(text.utf8))
        } catch {
            throw unreadable(what, "its JSON does not decode (\(error))")
        }
    }

    /// Reads a stored enumeration value.
    static func value<E: RawRepresentable<String>>(_ type: E.Type, _ raw: String, _ what: String) throws -> E {
        guard let value = E(rawValue: raw) else { throw unreadable(what, "'\(raw)' is not a known value") }
        return value
    }

    /// Reads a stored optional enumeration value.
    static func value<E: RawRepresentable<String>>(_ type: E.Type, _ raw: String?, _ what: String) throws -> E? {
        try raw.map { try value(type, $0, what) }
    }

    private static func unreadable(_ what: String, _ problem: String) -> StoreError {
        StoreError(
            .incompatible,
            "\(what) cannot be read: \(problem); the database was changed by another program or a newer Slipway — "
                + "upgrade Slipway or restore a backup")
    }
}
