/// Repository-relative paths as manifests and integrations write them (`services/relay`,
/// `libs/common/`), checked so that they can never leave the repository.
package enum RepositoryPath {
    /// Why a path was refused.
    package struct Problem: Error, Sendable, Hashable {
        /// Completes the sentence "path `x` …".
        package var message: String
    }

    /// The path without `./` parts, repeated or trailing slashes (`""` is the repository root),
    /// or the problem: absolute, `..` parts, backslashes, control characters.
    package static func normalize(_ raw: String) -> Result<String, Problem> {
        if raw.hasPrefix("/") {
            return .failure(
                Problem(message: "is absolute; write it relative to the repository root, e.g. `libs/common`"))
        }
        if raw.contains("\\") {
            return .failure(Problem(message: "contains a backslash; separate folders with `/`"))
        }
        if raw.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return .failure(Problem(message: "contains a control character"))
        }
        let parts = raw.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
        if parts.contains("..") {
            return .failure(Problem(message: "uses `..`; paths must stay inside the repository"))
        }
        return .success(parts.joined(separator: "/"))
    }
}
