// Test-only helper for DatabaseTests' crash test; not part of Slipway.
//
//     DatabaseCrashHelper <database> <lines>
//
// Opens the store, commits an integration and a build, prints `ready <build id>`, then appends <lines> log lines
// to the build in one write transaction, big enough to spill uncommitted pages into the write-ahead log, and
// prints `committed` if that transaction ends. The test kills this process with SIGKILL while the transaction
// is open and checks that none of its rows survive.
import Core
import Database
import Foundation

let arguments = CommandLine.arguments
guard arguments.count == 3, let lineCount = Int(arguments[2]) else {
    FileHandle.standardError.write(Data("usage: DatabaseCrashHelper <database> <lines>\n".utf8))
    exit(2)
}

func say(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}

do {
    let store = try SQLiteStore(path: arguments[1])
    let now = Date()
    let integration = try store.createIntegration(
        NewIntegration(name: "crash", repositoryID: nil, repositoryURL: nil, trackingBranch: "main"), now: now)
    let build = try store.requestBuild(
        NewBuild(
            integrationID: integration.id, trigger: .cli, ref: "refs/heads/main", tag: nil,
            commitSHA: String(repeating: "c", count: 40), inputsDigest: "sha256:crash"),
        decisionIDs: [], maxAttempts: 1, now: now
    ).build
    // One shared text: the lines cost memory for their count, not their length.
    let text = String(repeating: "x", count: 200)
    let lines = Array(repeating: LogLine(at: now, stream: .stdout, text: text), count: lineCount)
    say("ready \(build.id)")
    try store.appendBuildLog(buildID: build.id, lines: lines)
    say("committed")
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(1)
}
