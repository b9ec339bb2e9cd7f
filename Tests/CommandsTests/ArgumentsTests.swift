import Commands
import Testing

@Suite struct ArgumentsTests {
    let options: [Arguments.Option] = [
        .flag("recursive", short: "r"), .value("format", choices: ["text", "json"]), .value("templates"),
    ]

    @Test func longShortInlineAndPositional() throws {
        let parsed = try Arguments(
            ["-r", "a", "--format=json", "--templates", "dir", "b", "--", "--not-an-option"], options: options)
        #expect(parsed.flags == ["recursive"])
        #expect(parsed.values == ["format": "json", "templates": "dir"])
        #expect(parsed.positionals == ["a", "b", "--not-an-option"])
        #expect(!parsed.wantsHelp)
    }

    @Test func helpIsAlwaysAccepted() throws {
        #expect(try Arguments(["-h"], options: []).wantsHelp)
        #expect(try Arguments(["x", "--help"], options: options).wantsHelp)
    }

    @Test(arguments: [
        (["--recursiv"], "unknown option '--recursiv'; did you mean '--recursive'?"),
        (["--format", "yaml"], "'--format' does not accept 'yaml'; use one of: text, json"),
        (["--format"], "'--format' needs a value; use one of: text, json"),
        (["--recursive=yes"], "'--recursive' takes no value"),
        (["-rx"], "unknown option '-rx'; short options are one letter, long ones start with --"),
        (["-z"], "unknown option '-z'"),
    ])
    func mistakesAreExplained(arguments: [String], message: String) {
        #expect(throws: UsageError(message)) { try Arguments(arguments, options: options) }
    }
}
