/// Reads and writes secrets by reference: environment variables and files named in the config file,
/// and values sealed in the database (set through the API). Values only ever travel as ``Redacted``.
package protocol SecretResolving: Sendable {
    /// The value `reference` names for a scope's secret (`connection:acme`, `token`); nil when there is no
    /// reference. Throws when the reference cannot be read (unset variable, missing file, wrong master key),
    /// with a message that never contains a secret.
    func value(of reference: SecretReference?, scope: String, name: String) throws -> Redacted<String>?

    /// Seals `value` and stores it for the scope; returns the reference to keep (``SecretReference/stored``).
    func store(_ value: Redacted<String>, scope: String, name: String) throws -> SecretReference

    /// Removes a stored secret of the scope (no error when there is none).
    func remove(scope: String, name: String) throws
}
