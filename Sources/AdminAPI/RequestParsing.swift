import Core
import Foundation
import HTTPServer

/// A request body that failed validation: answered 422 with
/// `{"detail": [{"loc": ["body", "name"], "msg": "...", "type": "..."}]}` (SPEC §6).
struct ValidationFailure: Error {
    struct Problem {
        var location: [String]
        var message: String
        var type: String
    }

    var problems: [Problem]

    var response: HTTPResponse {
        let detail = JSONValue.array(
            problems.map { problem in
                .object([
                    "loc": .array(problem.location.map(JSONValue.string)), "msg": .string(problem.message),
                    "type": .string(problem.type),
                ])
            })
        return (try? HTTPResponse.json(JSONValue.object(["detail": detail]), status: .unprocessableContent))
            ?? .message("invalid request", status: .unprocessableContent)
    }
}

/// Typed access to a JSON object body, collecting every problem before answering 422.
struct Fields {
    private let object: [String: JSONValue]
    private(set) var problems: [ValidationFailure.Problem] = []

    /// The JSON object in the request's body; 400 when it is not JSON, 422 when it is not an object.
    init(body request: HTTPRequest) throws {
        guard !request.body.isEmpty else {
            throw ValidationFailure(problems: [
                .init(location: ["body"], message: "a JSON object is required", type: "missing")
            ])
        }
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: Data(request.body))
        } catch {
            throw HTTPError(
                .badRequest, "the body is not valid JSON; send a JSON object with Content-Type: application/json")
        }
        guard case .object(let object) = value else {
            throw ValidationFailure(problems: [
                .init(location: ["body"], message: "the body must be a JSON object", type: "type_error.object")
            ])
        }
        self.object = object
    }

    mutating func problem(_ key: String, _ message: String, type: String) {
        problems.append(.init(location: ["body", key], message: message, type: type))
    }

    /// Unknown keys are refused, so a typo does not silently do nothing.
    mutating func refuseUnknown(allowed: [String]) {
        for key in object.keys.sorted() where !allowed.contains(key) {
            let hint = Suggestions.closest(to: key, in: allowed).map { "; did you mean '\($0)'?" } ?? ""
            problem(key, "unknown field\(hint)", type: "value_error.extra")
        }
    }

    mutating func string(_ key: String, required: Bool = false, allowEmpty: Bool = true) -> String? {
        guard let value = object[key], value != .null else {
            if required { problem(key, "field required", type: "value_error.missing") }
            return nil
        }
        guard case .string(let text) = value, allowEmpty || !text.isEmpty else {
            problem(key, allowEmpty ? "must be a string" : "must be a non-empty string", type: "type_error.str")
            return nil
        }
        return text
    }

    mutating func integer(_ key: String, required: Bool = false) -> Int64? {
        guard let value = object[key], value != .null else {
            if required { problem(key, "field required", type: "value_error.missing") }
            return nil
        }
        guard case .int(let number) = value else {
            problem(key, "must be an integer", type: "type_error.integer")
            return nil
        }
        return Int64(number)
    }

    mutating func strings(_ key: String) -> [String]? {
        guard let value = object[key], value != .null else { return nil }
        guard case .array(let items) = value, let texts = Optional(items.compactMap(\.stringValue)),
            texts.count == items.count
        else {
            problem(key, "must be a list of strings", type: "type_error.list")
            return nil
        }
        return texts
    }

    /// A nested object, for grouped settings.
    func object(_ key: String) -> [String: JSONValue]? {
        if case .object(let nested)? = object[key] { return nested }
        return nil
    }

    /// Whether the key is present with an explicit null (to clear a field in a PATCH).
    func isNull(_ key: String) -> Bool { object[key] == .null }

    func finish() throws {
        if !problems.isEmpty { throw ValidationFailure(problems: problems) }
    }
}

extension HTTPRequest {
    /// An integer path parameter; 404 when it is not one (no such resource can exist).
    func id(_ name: String) throws -> Int64 {
        guard let text = pathParameters[name], let value = Int64(text), value > 0 else {
            throw HTTPError(
                .notFound, "'\(pathParameters[name] ?? "")' is not a valid \(name); ids are positive integers")
        }
        return value
    }

    /// `limit`, `skip` and `sort_by=<field>__ASC|__DESC` (SPEC §6), checked against the sortable fields.
    func page(sortable: [String], defaultSort: String = "id", defaultAscending: Bool = true) throws -> PageRequest {
        var problems: [ValidationFailure.Problem] = []
        var page = PageRequest(limit: 100, offset: 0, sortField: defaultSort, ascending: defaultAscending)
        if let text = query("limit") {
            if let limit = Int(text), (1...500).contains(limit) {
                page.limit = limit
            } else {
                problems.append(
                    .init(
                        location: ["query", "limit"], message: "must be an integer from 1 to 500",
                        type: "value_error.number"))
            }
        }
        if let text = query("skip") {
            if let skip = Int(text), skip >= 0 {
                page.offset = skip
            } else {
                problems.append(
                    .init(location: ["query", "skip"], message: "must be an integer ≥ 0", type: "value_error.number"))
            }
        }
        if let text = query("sort_by") {
            let parts = text.components(separatedBy: "__")
            let direction = parts.count == 2 ? parts[1].uppercased() : "ASC"
            if parts.count <= 2, sortable.contains(parts[0]), direction == "ASC" || direction == "DESC" {
                page.sortField = parts[0]
                page.ascending = direction == "ASC"
            } else {
                problems.append(
                    .init(
                        location: ["query", "sort_by"],
                        message:
                            "must be <field>__ASC or <field>__DESC with a field among \(sortable.joined(separator: ", "))",
                        type: "value_error"))
            }
        }
        if !problems.isEmpty { throw ValidationFailure(problems: problems) }
        return page
    }
}

extension HTTPResponse {
    /// A JSON array page with its total in `X-Total-Count`.
    static func page<T>(_ page: Page<T>, _ render: (T) -> JSONValue) throws -> HTTPResponse {
        var response = try HTTPResponse.json(JSONValue.array(page.items.map(render)))
        response.headers.set("X-Total-Count", String(page.total))
        return response
    }
}
