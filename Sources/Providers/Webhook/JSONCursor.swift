import Core
import Foundation

/// A position in a decoded JSON document with its path (`push.changes[1].new.name`), so that every complaint
/// about a payload names the field. The parsing itself is Foundation's `JSONSerialization`.
struct JSONCursor {
    let value: JSONValue
    /// The path from the document root; empty for the root.
    let path: String

    /// Decodes `bytes` as a JSON object with Foundation's `JSONSerialization` (a push of 2,048 commits is a few
    /// megabytes: decoding ``JSONValue`` through `JSONDecoder`, which tries each type in turn, is far slower).
    static func document(_ bytes: [UInt8]) throws(MalformedPayload) -> JSONCursor {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes))
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
            throw MalformedPayload(
                .notJSON, "the body is not valid JSON (\(detail ?? "\(error)")); send the event as JSON")
        }
        let value = jsonValue(object)
        guard case .object = value else {
            throw MalformedPayload(.notJSON, "the body is JSON \(article(value)), not the object of an event")
        }
        return JSONCursor(value: value, path: "")
    }

    private func childPath(_ key: String) -> String { path.isEmpty ? key : path + "." + key }

    /// The member `key`; nil when absent or null.
    func member(_ key: String) -> JSONCursor? {
        guard let child = value[key], child != .null else { return nil }
        return JSONCursor(value: child, path: childPath(key))
    }

    /// The member at a dotted path (`resource.repository.id`); nil when any step is absent or null.
    func member(atPath dotted: String) -> JSONCursor? {
        var cursor: JSONCursor? = self
        for key in dotted.split(separator: ".") { cursor = cursor?.member(String(key)) }
        return cursor
    }

    /// The member `key`, which must be present and not null.
    func required(_ key: String) throws(MalformedPayload) -> JSONCursor {
        guard let child = member(key) else {
            throw MalformedPayload(.missingField, "`\(childPath(key))` is missing from the payload")
        }
        return child
    }

    /// This value as a string.
    func string() throws(MalformedPayload) -> String {
        guard case .string(let text) = value else { throw wrongType("a string") }
        return text
    }

    /// The member `key` as a non-empty string.
    func string(_ key: String) throws(MalformedPayload) -> String {
        let text = try required(key).string()
        guard !text.isEmpty else { throw MalformedPayload(.invalidValue, "`\(childPath(key))` is empty") }
        return text
    }

    /// The member `key` as a string, nil when absent or null.
    func optionalString(_ key: String) throws(MalformedPayload) -> String? {
        try member(key)?.string()
    }

    /// The member `key` as a list (required).
    func array(_ key: String) throws(MalformedPayload) -> [JSONCursor] {
        let child = try required(key)
        guard case .array(let items) = child.value else { throw child.wrongType("a list") }
        return items.enumerated().map { JSONCursor(value: $1, path: child.path + "[\($0)]") }
    }

    /// This value as a list; nil when it is not one.
    /// The member `key` as a git object id (40 or 64 hex digits).
    func objectID(_ key: String) throws(MalformedPayload) -> ObjectID {
        let text = try required(key).string()
        guard let id = ObjectID(hex: text) else {
            throw MalformedPayload(.invalidValue, "`\(childPath(key))` is not a commit SHA (40 or 64 hex digits)")
        }
        return id
    }

    /// The member `key` as a full ref (`refs/…`).
    func fullRef(_ key: String) throws(MalformedPayload) -> String {
        let ref = try string(key)
        guard ref.hasPrefix("refs/") else {
            throw MalformedPayload(
                .invalidValue, "`\(childPath(key))` is not a full ref (refs/heads/… or refs/tags/…)")
        }
        return ref
    }

    /// A string or a whole number as text (delivery ids); nil for other types.
    var scalarText: String? {
        switch value {
        case .string(let text): text.isEmpty ? nil : text
        case .int(let number): String(number)
        default: nil
        }
    }

    func wrongType(_ expected: String) -> MalformedPayload {
        MalformedPayload(
            .wrongType, "`\(path.isEmpty ? "the body" : path)` must be \(expected), not \(article(value))")
    }
}

/// What `JSONSerialization` produced, as a ``JSONValue``; booleans are the NSNumbers of type `c`.
private func jsonValue(_ object: Any) -> JSONValue {
    switch object {
    case let text as String: return .string(text)
    case let number as NSNumber:
        let type = String(cString: number.objCType)
        if type == "c" { return .bool(number.boolValue) }
        if type == "d" || type == "f" { return .double(number.doubleValue) }
        return Int(exactly: number).map(JSONValue.int) ?? .double(number.doubleValue)
    case let items as [Any]: return .array(items.map(jsonValue))
    case let members as [String: Any]: return .object(members.mapValues(jsonValue))
    default: return .null
    }
}

private func article(_ value: JSONValue) -> String {
    switch value {
    case .null: "null"
    case .bool: "a boolean"
    case .int, .double: "a number"
    case .string: "a string"
    case .array: "a list"
    case .object: "an object"
    }
}
