package import Core

/// A scalar's value under YAML 1.2's core schema: what `1.0`, `true`, `~` and `"1.0"` mean.
package enum ResolvedScalar: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)

    /// The value as JSON.
    package var json: JSONValue {
        switch self {
        case .null: .null
        case .bool(let value): .bool(value)
        case .int(let value): .int(value)
        case .double(let value): .double(value)
        case .string(let value): .string(value)
        }
    }

    /// A few words for messages.
    package var kindDescription: String {
        switch self {
        case .null: "an empty value"
        case .bool(let value): "the boolean \(value)"
        case .int(let value): "the number \(value)"
        case .double: "a number"
        case .string: "a string"
        }
    }
}

private let yamlTagPrefix = "tag:yaml.org,2002:"

extension YAMLScalar {
    /// Resolves the scalar by its explicit tag, else by the core schema for plain scalars;
    /// quoted and block scalars are always strings.
    package func resolve(tag: String?) -> ResolvedScalar {
        if let tag, tag.hasPrefix(yamlTagPrefix) {
            switch tag.dropFirst(yamlTagPrefix.count) {
            case "str": return .string(text)
            case "null": return .null
            case "bool": return Self.bool(text).map(ResolvedScalar.bool) ?? .string(text)
            case "int": return Self.int(text).map(ResolvedScalar.int) ?? .string(text)
            case "float":
                if let value = Self.int(text) { return .double(Double(value)) }
                return Self.double(text).map(ResolvedScalar.double) ?? .string(text)
            default: return .string(text)
            }
        }
        guard style == .plain, tag == nil else { return .string(text) }
        return Self.plain(text)
    }

    private static func plain(_ text: String) -> ResolvedScalar {
        guard let first = text.utf8.first else { return .null }
        switch first {
        case UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"):
            if text == "~" || text == "null" || text == "Null" || text == "NULL" { return .null }
        case UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"):
            if let value = bool(text) { return .bool(value) }
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."):
            if let value = int(text) { return .int(value) }
            if let value = double(text) { return .double(value) }
        default:
            break
        }
        return .string(text)
    }

    private static func bool(_ text: String) -> Bool? {
        switch text {
        case "true", "True", "TRUE": true
        case "false", "False", "FALSE": false
        default: nil
        }
    }

    private static func int(_ text: String) -> Int? {
        if text.hasPrefix("0x") { return Int(text.dropFirst(2), radix: 16) }
        if text.hasPrefix("0o") { return Int(text.dropFirst(2), radix: 8) }
        var digits = Substring(text)
        if digits.first == "+" { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 == UInt8(ascii: "-") || isDigit($0) }) else {
            return nil
        }
        return Int(digits)
    }

    private static func double(_ text: String) -> Double? {
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        case ".nan", ".NaN", ".NAN": return .nan
        default: break
        }
        // [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
        let bytes = Array(text.utf8)
        var index = 0
        func skipSign() {
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                index += 1
            }
        }
        func digits() -> Int {
            let start = index
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            return index - start
        }
        skipSign()
        var mantissa = digits()
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            mantissa += digits()
        }
        guard mantissa > 0 else { return nil }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            skipSign()
            guard digits() > 0 else { return nil }
        }
        guard index == bytes.count else { return nil }
        return Double(text.hasPrefix("+") ? String(text.dropFirst()) : text)
    }
}

private func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
}
