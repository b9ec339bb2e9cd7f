import Foundation

/// Finds a folder of Slipway's data files (`build-templates/`, `providers/`): the option, then the
/// environment variable, then beside the executable (an install's `share/slipway/<folder>`, or a source
/// checkout holding the build folder), then the working directory.
struct ResourceLocator {
    /// The folder's name (`build-templates`).
    let folder: String
    /// A file every such folder holds, to recognise it (`shell.yaml`).
    let marker: String
    /// The option that names it (`--templates`).
    let option: String
    /// The environment variable that names it (`SLIPWAY_TEMPLATES`).
    let variable: String

    static let templates = ResourceLocator(
        folder: "build-templates", marker: "shell.yaml", option: "--templates", variable: "SLIPWAY_TEMPLATES")
    static let providers = ResourceLocator(
        folder: "providers", marker: "github.yaml", option: "--providers", variable: "SLIPWAY_PROVIDERS")

    func locate(explicit: String?, environment: [String: String]) throws(UsageError) -> String {
        if let explicit { return try existing(explicit, from: option) }
        if let fromEnvironment = environment[variable], !fromEnvironment.isEmpty {
            return try existing(fromEnvironment, from: variable)
        }
        for candidate in candidates() where holdsMarker(candidate) {
            return candidate
        }
        throw UsageError(
            "cannot find the \(folder) folder; pass \(option) DIR or set \(variable) to the \(folder) folder of your "
                + "Slipway checkout or install")
    }

    private func existing(_ path: String, from source: String) throws(UsageError) -> String {
        guard holdsMarker(path) else {
            throw UsageError("\(source) names '\(path)', which is not a \(folder) folder (no \(marker) in it)")
        }
        return path
    }

    private func holdsMarker(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            return false
        }
        return FileManager.default.fileExists(atPath: path + "/" + marker)
    }

    private func candidates() -> [String] {
        var folders: [String] = []
        var directory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        folders.append(directory.appendingPathComponent("../share/slipway/" + folder).standardized.path)
        for _ in 0..<5 {
            folders.append(directory.appendingPathComponent(folder).path)
            directory = directory.deletingLastPathComponent()
        }
        folders.append(FileManager.default.currentDirectoryPath + "/" + folder)
        return folders
    }
}
