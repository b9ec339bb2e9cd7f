/// HTTP header fields in the order they were sent, duplicates kept, looked up without regard to case.
///
/// ```swift
/// var headers: HTTPHeaders = ["Content-Type": "application/json"]
/// headers.add("Set-Cookie", "a=1")
/// headers.add("set-cookie", "b=2")
/// headers["content-type"]            // "application/json"
/// headers.values(for: "SET-COOKIE")  // ["a=1", "b=2"]
/// ```
package struct HTTPHeaders: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    /// One header field: its name as written and its value.
    package struct Field: Sendable, Equatable {
        /// The name, with the case the sender used.
        package var name: String
        /// The value.
        package var value: String

        /// A field.
        package init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// Every field, in order.
    package private(set) var fields: [Field]

    /// Headers holding `fields`, in order.
    package init(_ fields: [Field] = []) { self.fields = fields }

    /// Headers from `(name, value)` pairs, in order (duplicates kept).
    package init(_ pairs: [(String, String)]) { self.fields = pairs.map { Field(name: $0.0, value: $0.1) } }

    /// Headers written as a literal, in order: `["Content-Type": "application/json"]`.
    package init(dictionaryLiteral elements: (String, String)...) { self.init(elements) }

    /// The first value of `name` (any case), or nil.
    package subscript(name: String) -> String? {
        fields.first { Self.sameName($0.name, name) }?.value
    }

    /// Every value of `name` (any case), in order.
    package func values(for name: String) -> [String] {
        fields.filter { Self.sameName($0.name, name) }.map(\.value)
    }

    /// Whether a field called `name` (any case) is present.
    package func contains(_ name: String) -> Bool { fields.contains { Self.sameName($0.name, name) } }

    /// Appends a field, keeping any field of the same name.
    package mutating func add(_ name: String, _ value: String) { fields.append(Field(name: name, value: value)) }

    /// Replaces every field called `name` (any case) by one field with `value`.
    package mutating func set(_ name: String, _ value: String) {
        remove(name)
        add(name, value)
    }

    /// Removes every field called `name` (any case).
    package mutating func remove(_ name: String) { fields.removeAll { Self.sameName($0.name, name) } }

    /// How many fields there are (duplicates counted).
    package var count: Int { fields.count }

    /// Iterates over the fields in order.
    package func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }

    /// One `Name: value` line per field.
    package var description: String { fields.map { "\($0.name): \($0.value)" }.joined(separator: "\n") }

    /// Header names are ASCII tokens (RFC 9110 §5.1), so an ASCII-only case fold is exact and avoids Unicode work.
    private static func sameName(_ a: String, _ b: String) -> Bool {
        let left = a.utf8
        let right = b.utf8
        guard left.count == right.count else { return false }
        return zip(left, right).allSatisfy { x, y in
            x == y || (x | 0x20 == y | 0x20 && (x | 0x20) >= 0x61 && (x | 0x20) <= 0x7A)
        }
    }
}
