/// A secret that prints as `<redacted>` wherever it is interpolated, logged or encoded by
/// reflection; read it through ``revealed`` only at the point of use.
package struct Redacted<Value: Sendable & Hashable>: Sendable, Hashable, CustomStringConvertible,
    CustomDebugStringConvertible, CustomReflectable
{
    private let value: Value

    /// Wraps a secret.
    package init(_ value: Value) { self.value = value }

    /// The secret itself; call this only where it is handed to the library that needs it.
    package var revealed: Value { value }

    package var description: String { "<redacted>" }
    package var debugDescription: String { "<redacted>" }
    package var customMirror: Mirror { Mirror(self, children: []) }
}
