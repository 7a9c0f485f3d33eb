import AWS
import Foundation
import Testing

/// AWS's published SigV4 test suite (Fixtures/aws4_testsuite, see Fixtures/README.md): for every case the
/// canonical request, the string to sign and the Authorization header must match AWS's byte for byte.
@Suite struct SigV4TestSuiteTests {
    static let suite = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/aws4_testsuite")
    static let date = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z
    static let credentials = AWSCredentials(
        accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    /// The token of the suite's post-sts-token cases (post-sts-token/readme.txt).
    static let stsToken =
        "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA=="

    /// Every case folder: one that holds a `.req` named after itself.
    static var cases: [String] {
        let enumerator = FileManager.default.enumerator(atPath: suite.path)
        var names: [String] = []
        while let path = enumerator?.nextObject() as? String {
            guard path.hasSuffix(".req") else { continue }
            names.append(String(path.dropLast(4)))  // e.g. "normalize-path/get-slash/get-slash"
        }
        return names.sorted()
    }

    @Test func theSuiteIsThere() {
        #expect(Self.cases.count >= 30)
    }

    @Test(arguments: cases)
    func matchesAWS(_ name: String) throws {
        let raw = try fixture(name, "req")
        var request = try Self.parse(raw)
        var credentials = Self.credentials
        if name.hasSuffix("get-vanilla-with-session-token") {
            // The token of this case is the one its .sreq shows.
            let sreq = try fixture(name, "sreq")
            let line = sreq.split(separator: "\n").first { $0.hasPrefix("X-Amz-Security-Token:") }!
            credentials.sessionToken = String(line.dropFirst("X-Amz-Security-Token:".count))
        }
        if name.hasSuffix("post-sts-header-before") {
            // The token is signed: pass it as credentials so the signer adds (and signs) the header itself.
            request.headers.removeAll { $0.name.lowercased() == "x-amz-security-token" }
            credentials.sessionToken = Self.stsToken
        }
        // post-sts-header-after adds the token after signing: the signature is made without it.

        let signer = SigV4Signer(region: "us-east-1", service: "service")
        var toSign = request
        if let token = credentials.sessionToken { toSign.setHeader("X-Amz-Security-Token", token) }
        let canonical = signer.canonicalRequest(toSign)
        #expect(canonical == (try fixture(name, "creq")), "canonical request of \(name)")
        let stringToSign = signer.stringToSign(canonicalRequest: canonical, date: Self.date)
        #expect(stringToSign == (try fixture(name, "sts")), "string to sign of \(name)")

        signer.sign(&request, credentials: credentials, date: Self.date)
        #expect(request.header("Authorization") == (try fixture(name, "authz")), "Authorization of \(name)")
    }

    private func fixture(_ name: String, _ ext: String) throws -> String {
        try String(contentsOf: Self.suite.appendingPathComponent("\(name).\(ext)"), encoding: .utf8)
    }

    /// Reads a `.req` file: `METHOD PATH[?QUERY] HTTP/1.1`, header lines (an indented line continues the one
    /// before), an empty line, the body.
    static func parse(_ raw: String) throws -> SigV4Request {
        var lines = raw.components(separatedBy: "\n")
        let requestLine = lines.removeFirst()
        let method = String(requestLine.prefix { $0 != " " })
        var target = String(requestLine.dropFirst(method.count + 1))
        if let range = target.range(of: " HTTP/", options: .backwards) { target = String(target[..<range.lowerBound]) }
        var path = target
        var query: [(name: String, value: String)] = []
        if let mark = target.firstIndex(of: "?") {
            path = String(target[..<mark])
            for pair in target[target.index(after: mark)...].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = String(parts[0]).removingPercentEncoding ?? String(parts[0])
                let value = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : ""
                query.append((name, value))
            }
        }
        var headers: [(name: String, value: String)] = []
        while let line = lines.first, !line.isEmpty {
            lines.removeFirst()
            if line.first == " " || line.first == "\t", !headers.isEmpty {
                headers[headers.count - 1].value += " " + line.trimmingCharacters(in: .whitespaces)
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { throw SuiteError.badHeader(line) }
            headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
        }
        if !lines.isEmpty { lines.removeFirst() }
        let body = lines.joined(separator: "\n")
        return SigV4Request(method: method, path: path, query: query, headers: headers, body: Array(body.utf8))
    }

    enum SuiteError: Error { case badHeader(String) }
}
