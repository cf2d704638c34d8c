import TikTokOfflineCore

/// What came back for one request: an HTTP response with TikTok's envelope, or no response.
package enum SendOutcome: Sendable, Equatable {
    /// TikTok answered; `code` and `message` come from the JSON envelope when it has one.
    case response(status: Int, code: Int?, message: String)
    /// No usable answer: timeout, refused or dropped connection, TLS failure.
    case transportFailure(String)
}

/// What to do about a request's outcome.
///
/// Only TikTok's own verdict on the events (a `400xx` code in its JSON envelope) ever rejects an
/// event; anything that says nothing about the events (an outage, a redirect, a page that is not
/// TikTok's) retries or stops the run, and a stopped run loses nothing: its unacknowledged
/// events are sent by the next run.
package enum Verdict: Sendable, Equatable {
    /// TikTok acknowledged every event of the request.
    case acknowledged
    /// TikTok took only part of the request (code 20001) without saying which events: split
    /// it until each event has an answer of its own.
    case partial(String)
    /// A passing failure (rate limit, server error, network): try again later.
    case retry(String)
    /// TikTok refused the request's content; split it to find the bad events.
    case invalid(String)
    /// The run cannot go on (token, permission, API version, retired endpoint, a server that is
    /// not TikTok): stop at once with what to fix.
    case fatal(String)

    /// Classifies an outcome by TikTok's `code` first, then the HTTP status; `isLegacy` adds the
    /// advice to move to Events 2.0 when TikTok says an endpoint or field is retired.
    package init(_ outcome: SendOutcome, isLegacy: Bool = false) {
        switch outcome {
        case .transportFailure(let reason):
            self = .retry(reason)
        case .response(let status, let code, let message):
            let described = "\(code.map { "code \($0): " } ?? "HTTP \(status): ")\(message)"
            if (300..<400).contains(status) {
                self = .fatal(
                    "the server answered with a redirect (HTTP \(status)); redirects are never followed, so the access token stays with --base-url: check --base-url"
                )
                return
            }
            switch code {
            case 0?:
                self = (200..<300).contains(status) ? .acknowledged : .retry("HTTP \(status) with code 0")
            case 20001?:
                self = (200..<300).contains(status) ? .partial(described) : .retry("HTTP \(status) with code 20001")
            case 40100?, 40132?:
                self = .retry(described)
            case 40102?, 40104?, 40105?:
                self = .fatal(
                    "TikTok refused the access token (\(described)); get a valid long-lived token with the Offline Events permission and set TIKTOK_ACCESS_TOKEN or --token-file"
                )
            case 40001?, 40003?, 40118?, 40130?:
                self = .fatal(
                    "TikTok refused the request for this token (\(described)); the token's owner needs the Offline Events permission (scope) on the event set"
                )
            case 40051?:
                self = .fatal("TikTok does not accept this API version (\(described)); update tiktok-offline")
            case 41001?, 41002?:
                let what = code == 41001 ? "endpoint" : "field"
                let advice =
                    isLegacy
                    ? "switch \"api_format\" to \"events_2_0\" in the config (tiktok-offline validate checks it) and run again"
                    : "update tiktok-offline"
                self = .fatal("TikTok no longer serves this \(what) (\(described)); \(advice)")
            case let code? where code >= 50000:
                self = .retry(described)
            case let code? where (40000..<50000).contains(code):
                self = .invalid(described)
            case let code?:
                self = .fatal("TikTok answered an unknown code \(code) (\(message)); nothing was counted as delivered")
            case nil:
                if status == 429 || status >= 500 {
                    self = .retry(described)
                } else if status == 401 || status == 403 {
                    self = .fatal("TikTok refused the access token (\(described))")
                } else {
                    self = .fatal("the server at --base-url did not answer like TikTok's API (\(described)); check --base-url")
                }
            }
        }
    }

    /// Reads TikTok's `{"code": …, "message": …}` envelope from a response body.
    package static func envelope(_ body: [UInt8]) -> (code: Int?, message: String) {
        guard let document = try? JSONDocument(parsing: body), document.kind(document.root) == .object else {
            return (nil, body.isEmpty ? "empty response body" : "the response is not TikTok's JSON (\(body.count) bytes)")
        }
        let code = document.member(document.root, "code").flatMap { document.numberLiteral($0) }.flatMap { Int($0) }
        let message = document.member(document.root, "message").flatMap { document.string($0) } ?? ""
        return (code, String(message.prefix(500)))
    }
}
