package import Foundation

/// What the admin API and the server need beyond the pipeline: connections and their sealed secrets,
/// API keys, and paged lists. Implemented on SQLite by the Database module.
package protocol AdminStore: Sendable {
    // MARK: Connections

    /// Creates or replaces a connection (everything but its creation time); ``StoreError/Code/conflict`` is never
    /// thrown: ids are chosen by people and an upsert is what the config file and `PUT`-like updates need.
    @discardableResult
    func saveConnection(_ connection: Connection, now: Date) throws -> Connection
    /// The connection with this id.
    func connection(id: String) throws -> Connection?
    /// Connections, sorted and paged (sortable: `id`, `provider`, `created_date`).
    func connections(page: PageRequest) throws -> Page<Connection>
    /// Deletes a connection and its sealed secrets; ``StoreError/Code/conflict`` while integrations use it.
    func deleteConnection(id: String) throws

    /// Keys of the repositories that integrations of this connection are built from (webhook matching).
    func repositoryKeys(connectionID: String) throws -> [String]

    /// Stores a sealed secret of a scope (`connection:acme/webhook_secret`), replacing the previous one.
    func saveSealedSecret(scope: String, name: String, keyID: String, sealed: [UInt8], now: Date) throws
    /// A sealed secret and the id of the key that sealed it.
    func sealedSecret(scope: String, name: String) throws -> (keyID: String, sealed: [UInt8])?
    /// Removes a sealed secret (no error when absent).
    func deleteSealedSecret(scope: String, name: String) throws

    // MARK: API keys

    /// Records a new key by the SHA-256 of its value.
    func createAPIKey(name: String, role: APIRole, hash: String, prefix: String, now: Date) throws -> APIKey
    /// The active (not revoked) key with this hash, recording its use (to the minute).
    func authenticate(keyHash: String, now: Date) throws -> APIKey?
    /// Every key, revoked ones too, by id.
    func apiKeys() throws -> [APIKey]
    /// Revokes a key; ``StoreError/Code/notFound`` when there is none with this id.
    func revokeAPIKey(id: Int64, now: Date) throws -> APIKey

    // MARK: Paged lists

    /// Integrations (sortable: `id`, `name`, `created_date`, `modified_date`).
    func integrations(page: PageRequest) throws -> Page<Integration>
    /// An integration's releases (sortable: `id`, `number`, `created_date`).
    func releases(integrationID: Int64, page: PageRequest) throws -> Page<Release>
    /// Builds, of one integration or all (sortable: `id`, `created_date`, `status`).
    func builds(integrationID: Int64?, page: PageRequest) throws -> Page<Build>
    /// Decisions, filtered by integration and/or repository key (sortable: `id`, `created_date`).
    func decisions(integrationID: Int64?, repositoryKey: String?, page: PageRequest) throws -> Page<Decision>
}
