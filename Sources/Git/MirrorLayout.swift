import Core
import Crypto
import Foundation

/// Where mirrors live: one bare repository per ``RemoteURL/repositoryKey`` under `<data>/mirrors`, kept across
/// restarts and shared by every integration on the repository.
///
/// `<data>/mirrors/<host>/<path>.git`, each part percent-encoded so that it is one safe directory name: the
/// host with its port (`127.0.0.1%3A9418`), and the whole repository path with its slashes encoded
/// (`acme%2Fwidgets.git`), so that no mirror can nest inside another. Local (`file`) remotes go under `_local`.
/// A name longer than 200 bytes is cut and suffixed with a hash of the key. A new mirror is built in
/// `<name>.partial` and renamed into place after its first successful fetch; a corrupt one is renamed to
/// `<name>.corrupt-<UTC time>` and left for an administrator.
struct MirrorLayout: Sendable {
    let root: String

    init(dataDirectory: String) {
        root = (dataDirectory as NSString).appendingPathComponent("mirrors")
    }

    func directory(for remote: RemoteURL) -> String {
        let hostDirectory =
            remote.scheme == .file ? "_local" : encode(remote.host + (remote.port.map { ":\($0)" } ?? ""))
        let relative = remote.scheme == .file ? String(remote.path.dropFirst()) : remote.path
        var name = encode(relative)
        if name.utf8.count > 200 {
            name = String(name.prefix(150)) + "-" + String(sha256(remote.repositoryKey).hex.prefix(16))
        }
        return root + "/" + hostDirectory + "/" + name + ".git"
    }

    func partialDirectory(for remote: RemoteURL) -> String { directory(for: remote) + ".partial" }

    /// Renames a damaged mirror out of the way and returns where it went.
    func moveAside(_ directory: String) throws -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let base = directory + ".corrupt-" + formatter.string(from: Date())
        var target = base
        var counter = 1
        while FileManager.default.fileExists(atPath: target) {
            counter += 1
            target = base + "-\(counter)"
        }
        try FileManager.default.moveItem(atPath: directory, toPath: target)
        return target
    }

    private func encode(_ text: String) -> String {
        var out = ""
        for (index, byte) in text.utf8.enumerated() {
            let scalar = Unicode.Scalar(byte)
            let plain =
                ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                || scalar == "-" || scalar == "_" || scalar == "~" || (scalar == "." && index > 0)
            out += plain ? String(scalar) : String(format: "%%%02X", byte)
        }
        return out
    }
}
