import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// Something that posts a JSON body to a TikTok endpoint and reports the outcome.
public protocol RequestSending: Sendable {
    /// Posts `body` to `path` (relative to the base URL).
    func post(path: String, body: [UInt8]) async -> SendOutcome
}

/// Posts to TikTok (or a stand-in) with AsyncHTTPClient.
public struct HTTPSender: RequestSending {
    private let baseURL: String
    private let token: AccessToken
    private let timeout: TimeAmount

    /// Posts to `baseURL` (e.g. `https://business-api.tiktok.com`) with `token`.
    public init(baseURL: String, token: AccessToken, timeoutSeconds: Int64 = 30) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.token = token
        self.timeout = .seconds(timeoutSeconds)
    }

    public func post(path: String, body: [UInt8]) async -> SendOutcome {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .POST
        request.headers.add(name: "Access-Token", value: token.value)
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: timeout)
            let buffer = try await response.body.collect(upTo: 1 << 20)
            let (code, message) = Verdict.envelope(Array(buffer.readableBytesView))
            return .response(status: Int(response.status.code), code: code, message: message)
        } catch {
            return .transportFailure("no response: \(describe(error))")
        }
    }

    private func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            if error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout { return "timed out" }
            if error == .remoteConnectionClosed { return "connection closed by the server" }
        }
        return String(describing: error)
    }
}
