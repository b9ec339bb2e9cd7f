package import Core
import Foundation

// Paged, sorted lists for the admin API.
extension SQLiteStore {
    /// Integrations, sorted and paged.
    package func integrations(page: PageRequest) throws -> Page<Integration> {
        try read { db in
            try Self.page(
                db, from: "integrations",
                sortable: ["id": "id", "name": "name", "created_date": "created_at", "modified_date": "modified_at"],
                page: page, read: Integration.init)
        }
    }

    /// An integration's releases, sorted and paged.
    package func releases(integrationID: Int64, page: PageRequest) throws -> Page<Release> {
        try read { db in
            try Self.page(
                db, select: Release.select, from: "releases r", alias: "r.",
                sortable: ["id": "id", "number": "number", "created_date": "created_at"],
                where: "r.integration_id = ?", values: [integrationID], page: page, read: Release.init)
        }
    }

    /// Builds, of one integration or all, sorted and paged.
    package func builds(integrationID: Int64?, page: PageRequest) throws -> Page<Build> {
        try read { db in
            try Self.page(
                db, from: "builds", sortable: ["id": "id", "created_date": "created_at", "status": "status"],
                where: integrationID == nil ? nil : "integration_id = ?", values: integrationID.map { [$0] } ?? [],
                page: page, read: Build.init)
        }
    }

    /// Decisions, filtered, sorted and paged.
    package func decisions(integrationID: Int64?, repositoryKey: String?, page: PageRequest) throws -> Page<Decision> {
        let (condition, values) = Self.decisionFilter(integrationID: integrationID, repositoryKey: repositoryKey)
        return try read { db in
            try Self.page(
                db, from: "decisions", sortable: ["id": "id", "created_date": "created_at"], where: condition,
                values: values, page: page, read: Decision.init)
        }
    }

    /// One page of a table: `COUNT(*)` for the total, then the rows ordered by the sort column (then id).
    ///
    /// `sortable` maps the API's field names to columns; an unknown field is ``StoreError/Code/conflict`` (the
    /// API validates fields before, so this only guards against SQL built from unchecked input).
    static func page<T>(
        _ db: SQLiteConnection, select: String? = nil, from table: String, alias: String = "",
        sortable: [String: String], where condition: String? = nil, values: [any SQLBindable] = [],
        page: PageRequest, read: (Row) throws -> T
    ) throws -> Page<T> {
        guard let column = sortable[page.sortField] else {
            throw StoreError(
                .conflict,
                "cannot sort by '\(page.sortField)'; sortable fields: \(sortable.keys.sorted().joined(separator: ", "))"
            )
        }
        let filter = condition.map { " WHERE " + $0 } ?? ""
        let total =
            try db.queryFirst("SELECT count(*) AS total FROM \(table)\(filter)", values) { $0.int("total") } ?? 0
        let direction = page.ascending ? "ASC" : "DESC"
        let sql =
            (select ?? "SELECT * FROM \(table)") + filter
            + " ORDER BY \(alias)\(column) \(direction), \(alias)id \(direction) LIMIT ? OFFSET ?"
        let items = try db.query(sql, values + [max(0, page.limit), max(0, page.offset)], read)
        return Page(items: items, total: total)
    }
}
