import Core
import Foundation
import HTTPServer
import TestSupport
import Testing

@Suite struct RouterTests {
    /// A router answering with the matched pattern and its parameters.
    private func router(_ patterns: [(HTTPMethod, String)], logger: Logger = .disabled) -> Router {
        var router = Router(logger: logger)
        for (method, pattern) in patterns {
            router.add(method, pattern) { request in
                .text("\(pattern) \(request.pathParameters.sorted { $0.key < $1.key }.map { "\($0)=\($1)" })")
            }
        }
        return router
    }

    /// The pattern and parameters of the route that answers `method` on `path` (what ``router(_:logger:)`` echoes).
    private func served(_ router: Router, _ method: HTTPMethod, _ path: String) async -> String {
        String(decoding: await router.respond(to: HTTPRequest(method: method, target: path)).body, as: UTF8.self)
    }

    private let releases: [(HTTPMethod, String)] = [
        (.get, "/v2/integrations/{id}/releases"),
        (.get, "/v2/integrations/{id}/releases/{release_id}"),
        (.get, "/v2/integrations/{id}/releases/default"),
        (.put, "/v2/integrations/{id}/releases/default"),
        (.get, "/v2/integrations/{id}/releases/latest"),
        (.post, "/v2/integrations/{id}/releases/{release_id}/tags"),
        (.delete, "/v2/integrations/{id}/releases/{release_id}/tags"),
    ]

    @Test(arguments: [
        ("/v2/integrations/7/releases/default", "/v2/integrations/{id}/releases/default [\"id=7\"]"),
        ("/v2/integrations/7/releases/latest", "/v2/integrations/{id}/releases/latest [\"id=7\"]"),
        ("/v2/integrations/7/releases/12", "/v2/integrations/{id}/releases/{release_id} [\"id=7\", \"release_id=12\"]"),
        ("/v2/integrations/7/releases", "/v2/integrations/{id}/releases [\"id=7\"]"),
        ("/v2/integrations/7/releases/", "/v2/integrations/{id}/releases [\"id=7\"]"),
        ("/v2/integrations/a%2Fb%20c/releases", "/v2/integrations/{id}/releases [\"id=a/b c\"]"),
    ])
    func literalSegmentsWinOverParameters(path: String, expected: String) async {
        let response = await router(releases).respond(to: HTTPRequest(method: .get, target: path))
        #expect(response.status == .ok)
        #expect(String(decoding: response.body, as: UTF8.self) == expected)
    }

    @Test func backtracksFromALiteralBranchThatDoesNotMatchFurtherDown() async {
        let router = router([(.get, "/a/default/x"), (.get, "/a/{id}/y")])
        let response = await router.respond(to: HTTPRequest(method: .get, target: "/a/default/y"))
        #expect(String(decoding: response.body, as: UTF8.self) == "/a/{id}/y [\"id=default\"]")
        #expect(await served(router, .get, "/a/default/x") == "/a/default/x []")
    }

    @Test func literalWinsForItsMethodAndParameterServesTheOthers() async {
        // PUT exists only on the literal route, DELETE only on the parameter route.
        let router = router([(.put, "/r/default"), (.delete, "/r/{id}")])
        #expect(await served(router, .put, "/r/default") == "/r/default []")
        #expect(await served(router, .delete, "/r/default") == "/r/{id} [\"id=default\"]")
    }

    @Test func unknownPathIs404WithAMessage() async throws {
        let response = await router(releases).respond(to: HTTPRequest(method: .get, target: "/v2/nothing/here?x=1"))
        #expect(response.status == .notFound)
        #expect(response.headers["content-type"] == "application/json")
        let message = try #require(try messageOf(response))
        #expect(message.contains("/v2/nothing/here"))
        #expect(!message.contains("x=1"))
    }

    @Test func knownPathWithAnotherMethodIs405WithAllow() async throws {
        let response = await router(releases).respond(
            to: HTTPRequest(method: .patch, target: "/v2/integrations/1/releases/default"))
        #expect(response.status == .methodNotAllowed)
        // `default` has GET and PUT, `{release_id}` matches too and adds its GET.
        #expect(response.headers["Allow"] == "GET, HEAD, PUT")
        #expect(try messageOf(response)?.contains("PATCH") == true)
        let tags = await router(releases).respond(
            to: HTTPRequest(method: .get, target: "/v2/integrations/1/releases/2/tags"))
        #expect(tags.status == .methodNotAllowed)
        #expect(tags.headers["allow"] == "DELETE, POST")
    }

    @Test func headIsServedByGet() async {
        let response = await router(releases).respond(
            to: HTTPRequest(method: .head, target: "/v2/integrations/1/releases"))
        #expect(response.status == .ok)
    }

    @Test func routesListsEveryRegistrationInOrder() {
        let routes = router(releases).routes
        #expect(routes.map(\.description) == releases.map { "\($0.0) \($0.1)" })
    }

    @Test func thrownErrorBecomes500WithTheRequestIDAndNothingElse() async throws {
        struct Leaky: Error, CustomStringConvertible { var description: String { "password=hunter2 at /etc/secret" } }
        let log = RecordingLogSink()
        var router = Router(logger: Logger(sink: log))
        router.get("/boom") { _ in throw Leaky() }
        let response = await router.respond(to: HTTPRequest(method: .get, target: "/boom", requestID: "req-42"))
        #expect(response.status == .internalServerError)
        let body = String(decoding: response.body, as: UTF8.self)
        #expect(body == #"{"message":"internal error (request id req-42)"}"#)
        #expect(!body.contains("hunter2"))
        let line = try #require(log.recorded.first { $0.contains("handler failed") })
        #expect(line.hasPrefix("error "))
        #expect(line.contains("request_id=req-42"))
        #expect(line.contains("hunter2"))
        #expect(line.contains("route=GET /boom"))
    }

    @Test(arguments: [
        (HTTPStatus.notFound, "no integration 9"), (.conflict, "tag v1 exists"), (.unprocessableContent, "bad"),
    ])
    func httpErrorMapsToItsStatusAndMessage(status: HTTPStatus, message: String) async throws {
        var router = Router()
        router.get("/x") { _ in throw HTTPError(status, message, headers: ["Retry-After": "3"]) }
        let response = await router.respond(to: HTTPRequest(method: .get, target: "/x"))
        #expect(response.status == status)
        #expect(try messageOf(response) == message)
        #expect(response.headers["retry-after"] == "3")
    }
}

/// The `message` of a `{"message": ...}` body.
func messageOf(_ response: HTTPResponse) throws -> String? {
    try (JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])?["message"] as? String
}
