import Foundation
import HTTPServer
import Testing

@Suite struct ValueTests {
    @Test func headersKeepOrderAndDuplicatesAndIgnoreCase() {
        var headers: HTTPHeaders = ["Content-Type": "text/plain", "X-Multi": "a"]
        headers.add("x-multi", "b")
        headers.add("X-MULTI", "c")
        #expect(headers["content-type"] == "text/plain")
        #expect(headers["CONTENT-TYPE"] == "text/plain")
        #expect(headers.values(for: "X-multi") == ["a", "b", "c"])
        #expect(headers.fields.map(\.name) == ["Content-Type", "X-Multi", "x-multi", "X-MULTI"])
        #expect(headers["Content-Typf"] == nil)
        // Case folding is ASCII letters only: `[` (0x5B) and `{` (0x7B) differ by 0x20 yet are different bytes.
        #expect(HTTPHeaders([("a[", "1")])["a{"] == nil)
        headers.set("x-multi", "z")
        #expect(headers.values(for: "X-Multi") == ["z"])
        headers.remove("CONTENT-type")
        #expect(!headers.contains("content-type"))
        #expect(headers.count == 1)
    }

    @Test func requestTargetIsSplitIntoPathAndOrderedQuery() {
        let request = HTTPRequest(method: .get, target: "/v2/tenants/a%20b?limit=10&sort_by=name__ASC&limit=20&flag")
        #expect(request.path == "/v2/tenants/a b")
        #expect(request.rawPath == "/v2/tenants/a%20b")
        #expect(request.queryItems.map(\.name) == ["limit", "sort_by", "limit", "flag"])
        #expect(request.query("limit") == "10")
        #expect(request.queryValues("limit") == ["10", "20"])
        #expect(request.query("flag") == "")
        #expect(request.query("missing") == nil)
    }

    @Test func jsonHelperSortsKeysAndWritesISO8601Dates() throws {
        struct Release: Encodable {
            var name = "v1"
            var createdDate = Date(timeIntervalSince1970: 1_700_000_000)
            var artifactURL = "https://example.invalid/a/b"
            var id = 3
        }
        let response = try HTTPResponse.json(Release(), status: .created)
        #expect(response.status == .created)
        #expect(response.headers["Content-Type"] == "application/json")
        #expect(
            String(decoding: response.body, as: UTF8.self)
                == #"{"artifactURL":"https://example.invalid/a/b","createdDate":"2023-11-14T22:13:20Z","id":3,"name":"v1"}"#
        )
    }

    @Test func jsonHelperThrowsWhatTheEncoderThrows() {
        #expect(throws: EncodingError.self) { try HTTPResponse.json(["x": Double.nan]) }
    }

    @Test func messageHelperIsTheAPIErrorShape() {
        let response = HTTPResponse.message(#"quote " and \ and newline"# + "\n", status: .badRequest)
        #expect(response.status.code == 400)
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"message":"quote \" and \\ and newline\n"}"#)
    }

    @Test func textAndEmptyHelpers() {
        let text = HTTPResponse.text("héllo", status: .accepted)
        #expect(text.body == Array("héllo".utf8))
        #expect(text.headers["content-type"] == "text/plain; charset=utf-8")
        #expect(HTTPResponse.empty().status == .noContent)
        #expect(HTTPResponse.empty().body.isEmpty)
    }

    @Test func statusesCompareByCode() {
        #expect(HTTPStatus(code: 418, reasonPhrase: "I'm a teapot") == HTTPStatus(code: 418))
        #expect(Set([HTTPStatus.ok, HTTPStatus(code: 200, reasonPhrase: "Fine")]).count == 1)
        #expect(HTTPStatus.ok != .created)
    }

    @Test(arguments: [(200, "OK"), (413, "Content Too Large"), (431, "Request Header Fields Too Large"), (599, "")])
    func statusesHaveReasonPhrases(code: Int, phrase: String) {
        #expect(HTTPStatus(code: code).reasonPhrase == phrase)
    }

    @Test func bodyLimitsUseTheLongestMatchingPrefix() {
        var limits = ServerLimits()
        #expect(limits.maximumBodyBytes(forPath: "/v2/integrations") == 1 << 20)
        #expect(limits.maximumBodyBytes(forPath: "/hooks/12") == 5 << 20)
        #expect(limits.maximumBodyBytes(forPath: "/hooksx") == 1 << 20)
        limits.bodyBytesByPathPrefix["/hooks/big/"] = 10
        #expect(limits.maximumBodyBytes(forPath: "/hooks/big/1") == 10)
        #expect(limits.maximumBodyBytes(forPath: "/hooks/1") == 5 << 20)
    }
}
