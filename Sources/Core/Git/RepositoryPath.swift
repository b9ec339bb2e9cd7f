/// A path inside a repository, relative to its root, in normalized form: components joined by `/`, no leading or
/// trailing slash, no empty, `.` or `..` component. The empty path is the root.
///
/// Integration paths (`repository_path`) and `include` entries are `RepositoryPath`s; parsing rejects anything
/// that could point outside the repository.
package struct RepositoryPath: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The normalized text, `""` for the root.
    package let value: String

    /// The repository root.
    package static let root = RepositoryPath(trusted: "")

    /// Parses and normalizes `text` (`/integrations//foo/` becomes `integrations/foo`).
    ///
    /// Throws ``GitError/Code/invalidArgument`` for `.` or `..` components, NUL or other control characters,
    /// and components named `.git`.
    package init(_ text: String) throws(GitError) {
        var components: [Substring] = []
        for component in text.split(separator: "/", omittingEmptySubsequences: true) {
            if component == "." || component == ".." {
                throw GitError(
                    .invalidArgument,
                    "repository path '\(text)' contains '\(component)'; give a path inside the repository, "
                        + "relative to its root (for example integrations/billing)")
            }
            if component.lowercased() == ".git" {
                throw GitError(
                    .invalidArgument, "repository path '\(text)' names git's own '.git' directory; choose another path")
            }
            if component.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) {
                throw GitError(
                    .invalidArgument, "repository path '\(text.debugDescription)' contains a control character")
            }
            components.append(component)
        }
        value = components.joined(separator: "/")
    }

    private init(trusted value: String) { self.value = value }

    /// Whether this is the repository root.
    package var isRoot: Bool { value.isEmpty }

    /// The components (`["integrations", "foo"]`; empty for the root).
    package var components: [String] { value.isEmpty ? [] : value.split(separator: "/").map(String.init) }

    /// This path followed by `component` (`integrations/foo` + `PANDIUM.yaml`).
    package func appending(_ component: String) throws(GitError) -> RepositoryPath {
        try RepositoryPath(isRoot ? component : value + "/" + component)
    }

    /// Whether `other` is this path or lies below it (every path lies below the root).
    package func contains(_ other: RepositoryPath) -> Bool {
        isRoot || other.value == value || other.value.hasPrefix(value + "/")
    }

    /// For messages: the path, or `(repository root)`.
    package var description: String { isRoot ? "(repository root)" : value }

    package static func < (lhs: RepositoryPath, rhs: RepositoryPath) -> Bool {
        lhs.value.utf8.lexicographicallyPrecedes(rhs.value.utf8)
    }

    package init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            self = try RepositoryPath(text)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
