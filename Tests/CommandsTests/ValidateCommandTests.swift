import Commands
import Foundation
import TestSupport
import Testing

/// `slipway validate` run as a real child process: output formats, exit codes, folder walking.
@Suite struct ValidateCommandTests {
    @Test func aValidFileExitsZeroWithASummary() async throws {
        let folder = try TemporaryDirectory(prefix: "commands")
        try folder.write("PANDIUM.yaml", Manifests.valid)
        let outcome = try await Built.run(["validate", "--no-toolchain-check"], in: folder.path)
        #expect(outcome.status == 0)
        #expect(outcome.output == "1 file checked: 1 valid (0 errors, 0 warnings)\n")
    }

    @Test func anInvalidFileIsPrintedCompilerStyleAndExitsOne() async throws {
        let folder = try TemporaryDirectory(prefix: "commands")
        let file = try folder.write("svc/PANDIUM.yaml", Manifests.invalid)
        let outcome = try await Built.run(["validate", "--no-toolchain-check", file])
        #expect(outcome.status == 1)
        let lines = outcome.output.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0].hasPrefix("\(file):2:7: error: unknown runtime `nod`; did you mean `node`?"))
        #expect(lines[0].hasSuffix("[base]"))
        #expect(lines[1] == "base: nod:20")
        #expect(lines[2] == "      ^")
        #expect(lines[3] == "1 file checked: 0 valid, 1 invalid (1 error, 0 warnings)")
    }

    @Test func jsonOutputHasOneObjectPerFile() async throws {
        let folder = try TemporaryDirectory(prefix: "commands")
        try folder.write("a/PANDIUM.yaml", Manifests.valid)
        try folder.write("b/PANDIUM.yaml", Manifests.invalid)
        let outcome = try await Built.run(
            ["validate", "--no-toolchain-check", "--format", "json", "a", "b"], in: folder.path)
        #expect(outcome.status == 1)
        let files = try #require(try JSONSerialization.jsonObject(with: Data(outcome.output.utf8)) as? [[String: Any]])
        #expect(files.map { $0["file"] as? String } == ["a/PANDIUM.yaml", "b/PANDIUM.yaml"])
        #expect(files.map { $0["valid"] as? Bool } == [true, false])
        let manifest = try #require(files[0]["manifest"] as? [String: Any])
        #expect(manifest["version"] as? String == "1.0")
        #expect((manifest["base"] as? [String: Any])?["template"] as? String == "shell")
        #expect(files[1]["manifest"] is NSNull)
        let diagnostic = try #require((files[1]["diagnostics"] as? [[String: Any]])?.first)
        #expect(diagnostic["severity"] as? String == "error")
        #expect(diagnostic["line"] as? Int == 2)
        #expect(diagnostic["column"] as? Int == 7)
        #expect(diagnostic["path"] as? String == "base")
        #expect((diagnostic["message"] as? String)?.hasPrefix("unknown runtime `nod`") == true)
    }

    @Test func recursiveFindsEveryManifestButSkipsGitAndLinkLoops() async throws {
        let folder = try TemporaryDirectory(prefix: "commands")
        try folder.write("services/a/PANDIUM.yaml", Manifests.valid)
        try folder.write("services/b/deep/PANDIUM.yaml", Manifests.valid)
        try folder.write(".git/PANDIUM.yaml", Manifests.invalid)
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/services/loop", withDestinationPath: "..")
        let outcome = try await Built.run(
            ["validate", "--no-toolchain-check", "--recursive", "--format", "json", "."], in: folder.path)
        #expect(outcome.status == 0, "\(outcome.output)")
        let files = try #require(try JSONSerialization.jsonObject(with: Data(outcome.output.utf8)) as? [[String: Any]])
        #expect(
            files.compactMap { $0["file"] as? String } == [
                "./services/a/PANDIUM.yaml", "./services/b/deep/PANDIUM.yaml",
            ])
    }

    @Test(arguments: [
        (["validate", "missing-folder"], "missing-folder: error: no such file or folder"),
        (["validate", "."], ".: error: this folder holds no PANDIUM.yaml (use --recursive to search below it)"),
        (["validate", "--recursive", "."], ".: error: no PANDIUM.yaml below this folder"),
    ])
    func unusablePathsExitTwo(arguments: [String], message: String) async throws {
        let folder = try TemporaryDirectory(prefix: "commands")
        let outcome = try await Built.run(arguments + ["--no-toolchain-check"], in: folder.path)
        #expect(outcome.status == 2)
        #expect(outcome.output.hasPrefix(message + "\n"), "\(outcome.output)")
    }

    @Test func aFileThatIsNotTextExitsTwo() async throws {
        let folder = try TemporaryDirectory(prefix: "commands")
        try folder.write("PANDIUM.yaml", bytes: [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x00, 0x00, 0xFF])
        let outcome = try await Built.run(["validate", "--no-toolchain-check"], in: folder.path)
        #expect(outcome.status == 2)
        #expect(outcome.output.contains("PANDIUM.yaml:1:1: error: the file is not valid UTF-8 text"))
    }

    @Test func anUnreadableFileExitsTwo() async throws {
        guard getuid() != 0 else { return }  // root reads anything; the permission check cannot be made.
        let folder = try TemporaryDirectory(prefix: "commands")
        let file = try folder.write("PANDIUM.yaml", Manifests.valid)
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: file)
        let outcome = try await Built.run(["validate", "--no-toolchain-check", file])
        #expect(outcome.status == 2)
        #expect(outcome.output.contains("permission denied"))
    }

    @Test func aTenMegabyteFileIsRefusedQuickly() async throws {
        let folder = try TemporaryDirectory(prefix: "commands")
        try folder.write("PANDIUM.yaml", bytes: Array(repeating: UInt8(ascii: "#"), count: 10 << 20))
        let start = ContinuousClock.now
        let outcome = try await Built.run(["validate", "--no-toolchain-check"], in: folder.path)
        // The in-process reader test holds the one-second bound; here a child process on a busy machine.
        #expect(ContinuousClock.now - start < .seconds(15))
        #expect(outcome.status == 1)
        #expect(outcome.output.contains("PANDIUM.yaml:1:1: error: the file is 10485760 bytes, over the limit"))
    }

    @Test(arguments: [
        ["validate", "--format", "xml"], ["validate", "--bogus"], ["valdate"], [],
        ["validate", "--templates", "/nonexistent-templates"],
    ])
    func usageErrorsExitTwoWithAPointerToHelp(arguments: [String]) async throws {
        let outcome = try await Built.run(arguments)
        #expect(outcome.status == 2)
        #expect(outcome.errors.contains("slipway"))
        if !arguments.isEmpty { #expect(outcome.errors.hasPrefix("error: ")) }
    }

    @Test func helpExplainsEveryCommand() async throws {
        let top = try await Built.run(["--help"])
        #expect(top.status == 0)
        #expect(top.output.contains("validate"))
        let validate = try await Built.run(["validate", "--help"])
        #expect(validate.status == 0)
        for word in ["--recursive", "--format", "EXIT CODES", "--templates", "--no-toolchain-check"] {
            #expect(validate.output.contains(word), "validate --help lacks \(word)")
        }
    }

    @Test func toolchainsAreCheckedUnlessDisabled() async throws {
        let folder = try TemporaryDirectory(prefix: "commands")
        try folder.write(
            "PANDIUM.yaml", "version: 1.0\nbase: kotlin:2.0\nbuild: gradle fatJar\nrun: java -jar a.jar\nconfigs: {}\n")
        // An empty PATH hides every toolchain, so the check must warn.
        let checked = try await Built.run(["validate"], in: folder.path, environment: ["PATH": "/nonexistent"])
        #expect(checked.status == 0)
        #expect(checked.output.contains("warning: the kotlin toolchain for kotlin 2.0 is not available on this host"))
        let unchecked = try await Built.run(
            ["validate", "--no-toolchain-check"], in: folder.path, environment: ["PATH": "/nonexistent"])
        #expect(!unchecked.output.contains("warning:"))
    }

    @Test func templatesCanBeNamedExplicitly() async throws {
        let folder = try TemporaryDirectory(prefix: "commands")
        try folder.write("templates/shell.yaml", "name: shell\ntemplate_version: 1\nsummary: sh\nmatches: [shell]\n")
        try folder.write("PANDIUM.yaml", Manifests.valid.replacingOccurrences(of: "shell", with: "node"))
        let outcome = try await Built.run(["validate", "--templates", "templates"], in: folder.path)
        #expect(outcome.status == 1)
        #expect(outcome.output.contains("unknown runtime `node`; known runtimes: shell"))
        let fromEnvironment = try await Built.run(
            ["validate"], in: folder.path,
            environment: ["SLIPWAY_TEMPLATES": folder.path + "/templates", "PATH": "/usr/bin:/bin"])
        #expect(fromEnvironment.output.contains("known runtimes: shell"))
    }

    @Test func inProcessRunCapturesOutput() async throws {
        let folder = try TemporaryDirectory(prefix: "commands")
        let file = try folder.write("PANDIUM.yaml", Manifests.invalid)
        let console = Console.capturing()
        let status = CLI.run(
            ["validate", "--no-toolchain-check", "--templates", Built.checkout + "/build-templates", file],
            console: console)
        #expect(status == 1)
        #expect(console.output.contains(":2:7: error: unknown runtime"))
    }
}
