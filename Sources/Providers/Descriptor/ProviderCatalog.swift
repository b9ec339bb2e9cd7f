package import Core
import Foundation
import Manifest

/// The provider descriptors of `providers/`, looked up by the provider kind a connection names.
///
/// ```swift
/// let catalog = try ProviderCatalog.load(directory: "providers")
/// let github = catalog.descriptor(named: "github")
/// ```
package struct ProviderCatalog: Sendable {
    /// Every descriptor, sorted by name.
    package let descriptors: [ProviderDescriptor]
    private let byName: [String: ProviderDescriptor]

    private init(located: [(descriptor: ProviderDescriptor, nameLocation: SourceLocation)]) throws(DescriptorError) {
        var byName: [String: ProviderDescriptor] = [:]
        for (descriptor, location) in located {
            let key = descriptor.name.lowercased()
            if let other = byName[key] {
                throw DescriptorError(
                    .duplicateName, file: descriptor.file, at: location,
                    "provider name '\(descriptor.name)' is already used by \(other.file); give each descriptor its "
                        + "own name")
            }
            byName[key] = descriptor
        }
        self.byName = byName
        descriptors = located.map(\.descriptor).sorted { $0.name < $1.name }
    }

    /// The descriptor named `name` (case-insensitive), or nil.
    package func descriptor(named name: String) -> ProviderDescriptor? {
        byName[name.lowercased()]
    }

    /// `token` with the clone user name of `provider`'s descriptor (and `accountName` where it wants one).
    package func cloneCredentials(
        _ token: Redacted<String>, provider: String, accountName: String? = nil
    ) throws(GitError) -> GitCredentials {
        guard let descriptor = descriptor(named: provider) else {
            throw GitError(
                .invalidArgument,
                "no provider descriptor is named '\(provider)', so its clone user name is unknown; known: "
                    + names.joined(separator: ", "))
        }
        return try GitCredentials.token(
            token, convention: descriptor.cloneUser, provider: descriptor.name, accountName: accountName)
    }

    /// Every provider name, sorted.
    package var names: [String] { descriptors.map(\.name) }

    /// Reads every `*.yaml` file of `directory`, in name order.
    package static func load(directory: String) throws(DescriptorError) -> ProviderCatalog {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".yaml") }
                .sorted()
        } catch {
            throw DescriptorError(
                .unreadable, file: directory, at: .start,
                "cannot list the provider descriptors folder (\(error.localizedDescription)); check the path")
        }
        guard !names.isEmpty else {
            throw DescriptorError(
                .unreadable, file: directory, at: .start,
                "the folder holds no *.yaml provider descriptors; point Slipway at the repository's providers/")
        }
        var located: [(descriptor: ProviderDescriptor, nameLocation: SourceLocation)] = []
        for name in names {
            let path = directory + "/" + name
            guard let data = FileManager.default.contents(atPath: path) else {
                throw DescriptorError(.unreadable, file: path, at: .start, "cannot read the provider descriptor")
            }
            located.append(try DescriptorReader.parseLocated(SourceText(Array(data)), file: path))
        }
        return try ProviderCatalog(located: located)
    }
}
