import Foundation
import Providers
import Testing

/// Paths of the checkout, found from this file, so tests read the real descriptors and the fixtures.
enum Checkout {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let providersFolder = root + "/providers"
    static let fixturesFolder = root + "/Tests/ProvidersTests/Fixtures"

    private static let loaded = Result { () throws(DescriptorError) in
        try ProviderCatalog.load(directory: providersFolder)
    }

    /// The catalog of the repository's `providers/` folder.
    static func catalog() throws -> ProviderCatalog { try loaded.get() }

    /// The descriptor `name` of the real catalog.
    static func provider(_ name: String) throws -> ProviderDescriptor {
        try #require(try catalog().descriptor(named: name), "no descriptor named \(name)")
    }
}
