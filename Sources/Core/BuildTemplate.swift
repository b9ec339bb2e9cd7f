/// How one runtime family (`node`, `python`, `.net`, …) is built and run on this host, read
/// from a file in `build-templates/`.
///
/// A manifest's `base: <runtime>[:<version>]` selects the template whose `matches` list holds
/// the runtime, compared case-insensitively.
package struct BuildTemplate: Sendable, Hashable {
    /// The family name, also the template's file name (`node` for `node.yaml`).
    package var name: String
    /// Bumped whenever the template's effect on a build changes; part of every inputs digest.
    package var templateVersion: Int
    /// One line for humans.
    package var summary: String
    /// Runtime names in `base` that select this template, lowercased (`node`, `nodejs`).
    package var matches: [String]
    /// How to find the toolchain on the host, if the family has one to check.
    package var toolchain: ToolchainCheck?
    /// Environment for the build command (on top of the scrubbed base environment).
    package var buildEnvironment: [String: String]
    /// Environment for the run command.
    package var runEnvironment: [String: String]
    /// Paths (relative to the integration folder, `*` globs allowed) left out of the artifact.
    package var exclude: [String]

    /// Creates a template.
    package init(
        name: String, templateVersion: Int, summary: String, matches: [String], toolchain: ToolchainCheck?,
        buildEnvironment: [String: String], runEnvironment: [String: String], exclude: [String]
    ) {
        self.name = name
        self.templateVersion = templateVersion
        self.summary = summary
        self.matches = matches
        self.toolchain = toolchain
        self.buildEnvironment = buildEnvironment
        self.runEnvironment = runEnvironment
        self.exclude = exclude
    }
}

/// A command that prints the toolchain's version, and the pattern that finds it in the output.
package struct ToolchainCheck: Sendable, Hashable {
    /// Program and arguments, run without a shell (`["node", "--version"]`).
    package var command: [String]
    /// A regular expression whose first capture group is the version (`v(\d+\.\d+\.\d+)`).
    package var versionPattern: String
    /// Where to read the output: some toolchains (`java -version`) print to stderr.
    package var readsStandardError: Bool
    /// How many leading version components must agree for a host toolchain to count as the
    /// same major version (1 for node `20.x`, 2 for python `3.11`).
    package var majorComponents: Int

    /// Creates a check.
    package init(command: [String], versionPattern: String, readsStandardError: Bool, majorComponents: Int) {
        self.command = command
        self.versionPattern = versionPattern
        self.readsStandardError = readsStandardError
        self.majorComponents = majorComponents
    }

    /// The leading `majorComponents` numbers of a version string (`3.11` of `3.11.7`), or nil
    /// when it does not start with a number (`lts`).
    package func majorVersion(of version: String) -> String? {
        var numbers: [Substring] = []
        for part in version.split(separator: ".", omittingEmptySubsequences: false) {
            let digits = part.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty else { break }
            numbers.append(digits)
            if digits.count != part.count { break }
        }
        guard !numbers.isEmpty else { return nil }
        return numbers.prefix(majorComponents).map { String(Int($0) ?? 0) }.joined(separator: ".")
    }
}

/// What a toolchain check found on the host.
package enum ToolchainStatus: Sendable, Hashable {
    /// The toolchain answered with this version (`20.9.0`).
    case found(version: String)
    /// The command is not installed or failed; the text says what happened.
    case missing(reason: String)
    /// The family has nothing to check (`shell`).
    case notChecked
}

/// Answers "which version of this toolchain does the host have?"; implemented with child
/// processes by the composition root and with fixed answers in tests.
package protocol ToolchainProbing: Sendable {
    /// The host's status for `check`; implementations cache per command.
    func status(of check: ToolchainCheck) -> ToolchainStatus
}
