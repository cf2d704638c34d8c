import TikTokOfflineCore

/// What came back for one request: an HTTP response with TikTok's envelope, or no response.
public enum SendOutcome: Sendable, Equatable {
    /// TikTok answered; `code` and `message` come from the JSON envelope when it has one.
    case response(status: Int, code: Int?, message: String)
    /// No usable answer: timeout, refused or dropped connection.
    case transportFailure(String)
}

/// What to do about a request's outcome.
public enum Verdict: Sendable, Equatable {
    /// TikTok acknowledged every event of the request.
    case acknowledged
    /// A passing failure (rate limit, server error, network): try again later.
    case retry(String)
    /// TikTok refused the request's content; split it to find the bad events.
    case invalid(String)
    /// The run cannot go on (token invalid or expired, no permission): stop at once.
    case fatal(String)

    /// Classifies an outcome by TikTok's `code` first, then the HTTP status.
    public init(_ outcome: SendOutcome) {
        switch outcome {
        case .transportFailure(let reason):
            self = .retry(reason)
        case .response(let status, let code, let message):
            let described = "\(code.map { "code \($0): " } ?? "HTTP \(status): ")\(message)"
            switch code {
            case 0?, 20001?:
                self = status < 300 ? .acknowledged : .retry("HTTP \(status) with code \(code!)")
            case 40100?:
                self = .retry(described)
            case 40102?, 40104?, 40105?:
                self = .fatal(
                    "TikTok refused the access token (\(described)); get a valid long-lived token with the Offline Events permission and set TIKTOK_ACCESS_TOKEN or --token-file"
                )
            case 40001?, 40003?, 40118?:
                self = .fatal(
                    "TikTok refused the request for this token (\(described)); the token's owner needs the Offline Events permission on the event set"
                )
            case let code? where code >= 50000:
                self = .retry(described)
            case let code? where code >= 40000:
                self = .invalid(described)
            default:
                if status == 429 || status >= 500 {
                    self = .retry(described)
                } else if status == 401 || status == 403 {
                    self = .fatal("TikTok refused the access token (\(described))")
                } else {
                    self = .invalid(described)
                }
            }
        }
    }

    /// Reads TikTok's `{"code": …, "message": …}` envelope from a response body.
    public static func envelope(_ body: [UInt8]) -> (code: Int?, message: String) {
        guard let document = try? JSONDocument(parsing: body), document.kind(document.root) == .object else {
            let text = String(decoding: body.prefix(200), as: UTF8.self)
            return (nil, text.isEmpty ? "empty response body" : "response is not TikTok JSON: \(text)")
        }
        let code = document.member(document.root, "code").flatMap { document.numberLiteral($0) }.flatMap { Int($0) }
        let message = document.member(document.root, "message").flatMap { document.string($0) } ?? ""
        return (code, message)
    }
}
