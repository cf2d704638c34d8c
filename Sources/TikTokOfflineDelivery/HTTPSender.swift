import AsyncHTTPClient
import NIOCore
import NIOHTTP1

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Something that posts a JSON body to a TikTok endpoint and reports the outcome.
package protocol RequestSending: Sendable {
    /// Posts `body` to `path` (relative to the base URL).
    func post(path: String, body: [UInt8]) async -> SendOutcome
}

/// Posts to TikTok (or a stand-in) with AsyncHTTPClient: never follows a redirect, bounds the
/// whole exchange (connection, request, response head and body) by one timeout, and describes
/// failures in its own words, so no library message (which may quote a header) reaches a file.
package final class HTTPSender: RequestSending {
    private let baseURL: String
    private let token: AccessToken
    private let timeout: Duration
    private let client: HTTPClient

    /// Posts to `baseURL` (e.g. `https://business-api.tiktok.com`) with `token`; each exchange
    /// gets at most `timeoutSeconds`.
    package init(baseURL: String, token: AccessToken, timeoutSeconds: Int64 = 30) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.token = token
        self.timeout = .seconds(timeoutSeconds)
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: .seconds(timeoutSeconds), read: .seconds(timeoutSeconds))
        configuration.decompression = .disabled
        client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    /// Closes the connections; call once, when the run is over.
    package func shutdown() async {
        try? await client.shutdown()
    }

    /// Why a base URL is refused, or nil when it may carry the token: `https://`, or plain
    /// `http://` only to this machine (a test stand-in) unless `allowInsecureHTTP`.
    package static func problem(withBaseURL url: String, allowInsecureHTTP: Bool) -> String? {
        guard let colon = url.firstIndex(of: ":"), url[colon...].hasPrefix("://") else {
            return "--base-url \"\(url)\" is not a URL; expected https://HOST"
        }
        let scheme = url[..<colon].lowercased()
        var host = String(url[url.index(colon, offsetBy: 3)...].prefix { $0 != "/" && $0 != "?" && $0 != "#" })
        if let at = host.lastIndex(of: "@") { host = String(host[host.index(after: at)...]) }
        if host.hasPrefix("[") {
            host = String(host.dropFirst().prefix { $0 != "]" })
        } else if let colon = host.lastIndex(of: ":") {
            host = String(host[..<colon])
        }
        guard !host.isEmpty else { return "--base-url \"\(url)\" has no host" }
        switch scheme {
        case "https":
            return nil
        case "http":
            let loopback = host == "localhost" || host == "::1" || host.hasPrefix("127.")
            if loopback || allowInsecureHTTP { return nil }
            return
                "--base-url \"\(url)\" is plain http to another machine: the access token would cross the network unencrypted; use https, or pass --insecure-http if you really mean it"
        default:
            return "--base-url \"\(url)\": unsupported scheme \"\(scheme)\"; expected https"
        }
    }

    package func post(path: String, body: [UInt8]) async -> SendOutcome {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .POST
        request.headers.add(name: "Access-Token", value: token.value)
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: body))
        let client = self.client
        let timeout = self.timeout
        let prepared = request
        do {
            return try await withThrowingTaskGroup(of: SendOutcome.self) { group in
                group.addTask {
                    let response = try await client.execute(prepared, timeout: .seconds(timeout.components.seconds))
                    let buffer = try await response.body.collect(upTo: 1 << 20)
                    let (code, message) = Verdict.envelope(Array(buffer.readableBytesView))
                    return .response(status: Int(response.status.code), code: code, message: message)
                }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    return .transportFailure("no complete answer within \(timeout.components.seconds) s (--timeout)")
                }
                defer { group.cancelAll() }
                return try await group.next()!
            }
        } catch {
            return .transportFailure(Self.describe(error))
        }
    }

    /// A failure in our own words: the type of failure, never the library's text.
    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            let timeouts: [HTTPClientError] = [
                .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout, .tlsHandshakeTimeout, .getConnectionFromPoolTimeout,
            ]
            if timeouts.contains(error) { return "no answer: timed out" }
            if error == .remoteConnectionClosed { return "no answer: the server closed the connection" }
            if error == .cancelled { return "no answer: the request was cancelled" }
            if [.invalidURL, .emptyHost, .emptyScheme].contains(error) { return "the base URL cannot be used for a request" }
            return "no answer: the HTTP exchange failed"
        }
        if let error = error as? IOError {
            return "no answer: \(String(cString: strerror(error.errnoCode)))"
        }
        let kind = String(describing: type(of: error))
        if kind.contains("SSL") || kind.contains("TLS") {
            return "no answer: the TLS handshake failed (the server's certificate was refused, or it does not speak TLS)"
        }
        if kind.contains("Connection") || kind.contains("Channel") || kind.contains("Resolution") || kind.contains("DNS") {
            return "no answer: cannot connect to the server"
        }
        return "no answer: the request failed (\(kind))"
    }
}
