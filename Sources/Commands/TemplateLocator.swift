import Foundation

/// Finds the `build-templates/` folder: `--templates`, then `SLIPWAY_TEMPLATES`, then beside
/// the executable (an install's `share/slipway/build-templates`, or a source checkout holding
/// the build folder), then the working directory.
enum TemplateLocator {
    static func locate(explicit: String?, environment: [String: String]) throws(UsageError) -> String {
        if let explicit { return try existing(explicit, from: "--templates") }
        if let fromEnvironment = environment["SLIPWAY_TEMPLATES"], !fromEnvironment.isEmpty {
            return try existing(fromEnvironment, from: "SLIPWAY_TEMPLATES")
        }
        for candidate in candidates() where isTemplateFolder(candidate) {
            return candidate
        }
        throw UsageError(
            "cannot find the build-templates folder; pass --templates DIR or set SLIPWAY_TEMPLATES to the "
                + "build-templates folder of your Slipway checkout or install")
    }

    private static func existing(_ path: String, from source: String) throws(UsageError) -> String {
        guard isTemplateFolder(path) else {
            throw UsageError("\(source) names '\(path)', which is not a folder of build templates (*.yaml)")
        }
        return path
    }

    private static func isTemplateFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            return false
        }
        return FileManager.default.fileExists(atPath: path + "/shell.yaml")
    }

    private static func candidates() -> [String] {
        var folders: [String] = []
        var directory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        folders.append(directory.appendingPathComponent("../share/slipway/build-templates").standardized.path)
        for _ in 0..<5 {
            folders.append(directory.appendingPathComponent("build-templates").path)
            directory = directory.deletingLastPathComponent()
        }
        folders.append(FileManager.default.currentDirectoryPath + "/build-templates")
        return folders
    }
}
