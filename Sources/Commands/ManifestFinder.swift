import Foundation

/// Turns `slipway validate` paths into the manifest files to check.
enum ManifestFinder {
    /// One file to validate, or a path that could not be used.
    enum Item: Equatable {
        case file(String)
        case unusable(path: String, reason: String)
    }

    static let fileName = "PANDIUM.yaml"

    /// Each path is a manifest file or a folder holding `PANDIUM.yaml`; with `recursive`,
    /// every `PANDIUM.yaml` below each folder, skipping `.git` and not following links to folders.
    static func find(_ paths: [String], recursive: Bool) -> [Item] {
        var items: [Item] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                items.append(.unusable(path: path, reason: "no such file or folder"))
                continue
            }
            guard isDirectory.boolValue else {
                items.append(.file(path))
                continue
            }
            if recursive {
                let found = walk(path)
                if found.isEmpty {
                    items.append(.unusable(path: path, reason: "no \(fileName) below this folder"))
                }
                items += found.map(Item.file)
            } else {
                let file = join(path, fileName)
                if FileManager.default.fileExists(atPath: file) {
                    items.append(.file(file))
                } else {
                    items.append(
                        .unusable(
                            path: path, reason: "this folder holds no \(fileName) (use --recursive to search below it)")
                    )
                }
            }
        }
        return items
    }

    private static func walk(_ root: String) -> [String] {
        var found: [String] = []
        var pending = [root]
        while let folder = pending.popLast() {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
            for name in names.sorted() {
                let path = join(folder, name)
                guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                    let type = attributes[.type] as? FileAttributeType
                else { continue }
                if type == .typeDirectory {
                    if name != ".git" { pending.append(path) }
                } else if name == fileName, type == .typeRegular || type == .typeSymbolicLink {
                    found.append(path)
                }
            }
        }
        return found.sorted()
    }

    private static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }
}
