import Core

/// The `slipway` command line: dispatches to a subcommand, answers `--help` and `--version`.
package enum CLI {
    /// The builder version, recorded in every inputs digest and provenance record.
    package static let version = "0.1.0"

    private struct Subcommand {
        var name: String
        var summary: String
        var run: @Sendable ([String], Console) -> Int32
    }

    private static let subcommands = [
        Subcommand(name: "validate", summary: ValidateCommand.summary, run: ValidateCommand.run),
        Subcommand(name: "build", summary: BuildCommand.summary, run: BuildCommand.run),
        Subcommand(name: "gc", summary: GCCommand.summary, run: GCCommand.run),
        Subcommand(name: "serve", summary: ServeCommand.summary, run: ServeCommand.run),
        Subcommand(name: "keys", summary: KeysCommand.summary, run: KeysCommand.run),
    ]

    private static var help: String {
        let width = subcommands.map(\.name.count).max() ?? 0
        let list = subcommands.map { "  \($0.name.padding(width))   \($0.summary)" }.joined(separator: "\n")
        return """
            Slipway \(version): a self-hosted GitOps release builder for PANDIUM.yaml integrations.

            USAGE: slipway <command> [options]

            COMMANDS:
            \(list)

            OPTIONS:
              -h, --help      show this help (also `slipway <command> --help`)
              --version       print the version

            Run 'slipway <command> --help' for a command's options and exit codes.
            """
    }

    /// Runs the command line `arguments` (without the program name) and returns the exit code.
    package static func run(_ arguments: [String], console: Console) -> Int32 {
        guard let first = arguments.first else {
            console.err(help + "\n")
            return ExitCode.usage
        }
        switch first {
        case "-h", "--help", "help":
            console.out(help + "\n")
            return ExitCode.success
        case "--version", "version":
            console.out("slipway \(version)\n")
            return ExitCode.success
        default:
            break
        }
        guard let subcommand = subcommands.first(where: { $0.name == first }) else {
            let hint =
                Suggestions.closest(to: first, in: subcommands.map(\.name)).map { "; did you mean '\($0)'?" } ?? ""
            console.usageError(UsageError("unknown command '\(first)'\(hint)"), command: nil)
            return ExitCode.usage
        }
        return subcommand.run(Array(arguments.dropFirst()), console)
    }
}

extension String {
    fileprivate func padding(_ width: Int) -> String {
        self + String(repeating: " ", count: max(0, width - count))
    }
}
