import Core
import Manifest

/// Typed access to one mapping of a descriptor, failing with the file, the position and the key path; keys the
/// schema does not list are errors, so a misspelt key never silently falls back to a default.
struct DescriptorFields {
    let file: String
    let node: YAMLNode
    /// The key path of this mapping (`webhook.schemes[1]`), empty for the document.
    let path: String

    /// Wraps `node`, which must be a mapping holding only `allowed` keys.
    init(file: String, node: YAMLNode, path: String, allowed: [String]) throws(DescriptorError) {
        self.file = file
        self.node = node
        self.path = path
        guard let entries = node.entries else {
            throw DescriptorError(
                .wrongType, file: file, at: node.location,
                "\(path.isEmpty ? "a provider descriptor" : "`\(path)`") must be a mapping, not \(node.kindDescription)"
            )
        }
        for entry in entries where !allowed.contains(entry.key) {
            var message = "unknown key `\(qualified(entry.key))`"
            message += Suggestions.closest(to: entry.key, in: allowed).map { "; did you mean `\($0)`?" } ?? "."
            message += " Known keys here: \(allowed.joined(separator: ", "))"
            throw DescriptorError(.unknownKey, file: file, at: entry.keyLocation, message)
        }
    }

    /// `key` prefixed with this mapping's path.
    func qualified(_ key: String) -> String { path.isEmpty ? key : path + "." + key }

    /// An error about `key`, at its value (or at this mapping when the key is absent).
    func fail(_ key: String, _ code: DescriptorError.Code, _ message: String) -> DescriptorError {
        DescriptorError(code, file: file, at: node[key]?.location ?? node.location, "`\(qualified(key))` \(message)")
    }

    /// The node under `key`, nil when absent or written as null.
    func value(_ key: String) -> YAMLNode? {
        guard let value = node[key], value.resolved != .null else { return nil }
        return value
    }

    /// A required, non-empty string.
    func string(_ key: String) throws(DescriptorError) -> String {
        guard let text = try optionalString(key) else { throw fail(key, .missingField, "is required (a string)") }
        guard !text.isEmpty else { throw fail(key, .invalidValue, "must not be empty") }
        return text
    }

    /// A string, or nil when absent or null; an empty string stays empty.
    func optionalString(_ key: String) throws(DescriptorError) -> String? {
        guard let value = value(key) else { return nil }
        guard let scalar = value.scalar else {
            throw fail(key, .wrongType, "must be a string, not \(value.kindDescription)")
        }
        return scalar.text
    }

    /// A whole number, or `fallback` when absent.
    func integer(_ key: String, default fallback: Int) throws(DescriptorError) -> Int {
        guard let value = value(key) else { return fallback }
        guard case .int(let number) = value.resolved, number > 0 else {
            throw fail(key, .wrongType, "must be a whole number above 0, not \(value.kindDescription)")
        }
        return number
    }

    /// A list of non-empty strings; a single string counts as a list of one; absent means empty.
    func strings(_ key: String) throws(DescriptorError) -> [String] {
        guard let value = value(key) else { return [] }
        if let scalar = value.scalar, !scalar.text.isEmpty { return [scalar.text] }
        guard let items = value.items else { throw fail(key, .wrongType, "must be a list of strings") }
        var texts: [String] = []
        for item in items {
            guard let text = item.scalar?.text, !text.isEmpty else {
                throw DescriptorError(
                    .wrongType, file: file, at: item.location,
                    "`\(qualified(key))` must hold only non-empty strings, not \(item.kindDescription)")
            }
            texts.append(text)
        }
        return texts
    }

    /// The nodes of a list; a single mapping counts as a list of one; absent means empty.
    func items(_ key: String) throws(DescriptorError) -> [YAMLNode] {
        guard let value = value(key) else { return [] }
        if value.entries != nil { return [value] }
        guard let items = value.items else {
            throw fail(key, .wrongType, "must be a list, not \(value.kindDescription)")
        }
        return items
    }

    /// The mapping under `key`, required.
    func mapping(_ key: String, allowed: [String]) throws(DescriptorError) -> DescriptorFields {
        guard let value = value(key) else { throw fail(key, .missingField, "is required (a mapping)") }
        return try DescriptorFields(file: file, node: value, path: qualified(key), allowed: allowed)
    }

    /// A header name: a non-empty HTTP token (letters, digits and `!#$%&'*+-.^_|~`).
    func headerName(_ key: String) throws(DescriptorError) -> String {
        let name = try string(key)
        guard isHeaderName(name) else {
            throw fail(
                key, .invalidValue, "'\(name)' is not an HTTP header name (letters, digits, '-'; no spaces or ':')")
        }
        return name
    }
}

/// Whether `text` is an HTTP header field name (an RFC 9110 token).
func isHeaderName(_ text: String) -> Bool {
    !text.isEmpty
        && text.unicodeScalars.allSatisfy { scalar in
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                || "!#$%&'*+-.^_`|~".unicodeScalars.contains(scalar)
        }
}
