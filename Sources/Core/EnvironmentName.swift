/// The rules that turn config and connector names into environment variable names
/// (`PAN_CFG_<NAME>`, `PAN_SEC_<CONNECTOR>_<KEY>`).
package enum EnvironmentName {
    /// The name uppercased with `-` turned into `_` (`gorgias-oauth` → `GORGIAS_OAUTH`).
    package static func suffix(_ name: String) -> String {
        String(name.uppercased().map { $0 == "-" ? "_" : $0 })
    }

    /// Whether `name` can follow a `PAN_…_` prefix in a POSIX environment variable name:
    /// ASCII letters, digits and `_` (and `-` when `allowingDash`, which ``suffix(_:)`` rewrites).
    package static func isValidSuffix(_ name: String, allowingDash: Bool) -> Bool {
        !name.isEmpty
            && name.unicodeScalars.allSatisfy { scalar in
                scalar.isASCII
                    && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_"
                        || (allowingDash && scalar == "-"))
            }
    }
}
