import Core

/// A command-line mistake: printed as `error: <message>` with a pointer to `--help`, exit code 2.
package struct UsageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, and how to write it instead.
    package var message: String

    /// Creates a usage error.
    package init(_ message: String) { self.message = message }

    package var description: String { message }
}

/// The options a command accepts, and the parse of its arguments against them.
///
/// Long options take `--name value` or `--name=value`; flags take no value; `-x` short forms
/// are aliases; `--` ends the options. Unknown options are errors with a suggestion.
package struct Arguments: Sendable {
    /// One option a command accepts.
    package struct Option: Sendable {
        /// The long name without dashes (`format`).
        package var name: String
        /// A one-letter alias (`r` for `-r`), if any.
        package var short: Character?
        /// Whether the option takes a value (`--format json`) or is a flag (`--recursive`).
        package var takesValue: Bool
        /// The values allowed, when the set is closed (`text`, `json`).
        package var choices: [String]?

        /// An option that takes a value.
        package static func value(_ name: String, short: Character? = nil, choices: [String]? = nil) -> Option {
            Option(name: name, short: short, takesValue: true, choices: choices)
        }

        /// A flag.
        package static func flag(_ name: String, short: Character? = nil) -> Option {
            Option(name: name, short: short, takesValue: false, choices: nil)
        }
    }

    /// Values of options that take one; the last occurrence wins.
    package private(set) var values: [String: String] = [:]
    /// Flags that were given.
    package private(set) var flags: Set<String> = []
    /// Everything that is not an option, in order.
    package private(set) var positionals: [String] = []

    /// Parses `arguments` (without the program and command names) against `options`;
    /// `--help`/`-h` is always accepted as a flag named `help`.
    package init(_ arguments: [String], options: [Option]) throws(UsageError) {
        let options = options + [.flag("help", short: "h")]
        var index = 0
        var optionsEnded = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if optionsEnded || argument == "-" || !argument.hasPrefix("-") {
                positionals.append(argument)
                continue
            }
            if argument == "--" {
                optionsEnded = true
                continue
            }
            var name: String
            var inlineValue: String?
            let option: Option?
            if argument.hasPrefix("--") {
                name = String(argument.dropFirst(2))
                if let equals = name.firstIndex(of: "=") {
                    inlineValue = String(name[name.index(after: equals)...])
                    name = String(name[..<equals])
                }
                option = options.first { $0.name == name }
            } else {
                let letter = argument.dropFirst()
                guard letter.count == 1 else {
                    throw UsageError(
                        "unknown option '\(argument)'; short options are one letter, long ones start with --")
                }
                option = options.first { $0.short == letter.first }
                name = String(letter)
            }
            guard let option else {
                let hint =
                    Suggestions.closest(to: name, in: options.map(\.name)).map { "; did you mean '--\($0)'?" } ?? ""
                throw UsageError("unknown option '\(argument)'\(hint)")
            }
            guard option.takesValue else {
                if inlineValue != nil { throw UsageError("'--\(option.name)' takes no value") }
                flags.insert(option.name)
                continue
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else if index < arguments.count {
                value = arguments[index]
                index += 1
            } else {
                throw UsageError("'--\(option.name)' needs a value" + Self.choiceList(option))
            }
            if let choices = option.choices, !choices.contains(value) {
                throw UsageError("'--\(option.name)' does not accept '\(value)'" + Self.choiceList(option))
            }
            values[option.name] = value
        }
    }

    /// Whether `--help` or `-h` was given.
    package var wantsHelp: Bool { flags.contains("help") }

    private static func choiceList(_ option: Option) -> String {
        option.choices.map { "; use one of: " + $0.joined(separator: ", ") } ?? ""
    }
}
