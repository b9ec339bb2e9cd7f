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
            switch FileSystem.kind(of: path) {
            case .missing:
                items.append(.unusable(path: path, reason: "no such file or folder"))
            case .directory where recursive:
                let found = walk(path)
                if found.isEmpty {
                    items.append(.unusable(path: path, reason: "no \(fileName) below this folder"))
                }
                items += found.map(Item.file)
            case .directory:
                let file = join(path, fileName)
                if FileSystem.kind(of: file) == .missing {
                    items.append(
                        .unusable(
                            path: path, reason: "this folder holds no \(fileName) (use --recursive to search below it)")
                    )
                } else {
                    items.append(.file(file))
                }
            default:
                items.append(.file(path))
            }
        }
        return items
    }

    /// Every manifest below `root`; links to folders are not followed, so link loops end.
    private static func walk(_ root: String) -> [String] {
        var found: [String] = []
        var pending = [root]
        while let folder = pending.popLast() {
            for entry in FileSystem.entries(of: folder) ?? [] {
                let path = join(folder, entry.name)
                switch entry.kind {
                case .directory where entry.name != ".git":
                    pending.append(path)
                case .file where entry.name == fileName, .link where entry.name == fileName:
                    found.append(path)
                default:
                    break
                }
            }
        }
        return found.sorted()
    }

    private static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }
}
