import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization
import TikTokOfflineCore

/// A TikTok Business API stand-in on 127.0.0.1 for tests: it answers TikTok's response envelope
/// and can be told to fail in the ways the real service does.
package final class TikTokStandIn: Sendable {
    /// One scripted answer, used before any other behaviour.
    package enum Scripted: Sendable {
        /// TikTok's envelope with this code, under this HTTP status.
        case code(status: Int, code: Int, message: String)
        /// A redirect to `location`.
        case redirect(status: Int, location: String)
        /// A page that is not TikTok's JSON.
        case page(status: Int, body: String)
        /// A response head announcing a body that never comes.
        case stallBody
        /// A body sent one byte a second, forever.
        case trickleBody
    }

    /// How the next requests are answered.
    package struct Behavior: Sendable {
        /// Answers for the next requests, in order.
        package var scripted: [Scripted] = []
        /// Any request holding one of these event ids gets code 20001: TikTok took the others.
        package var partialEventIDs: Set<String> = []
        /// The token requests must carry; any other gets code 40105.
        package var token: String
        /// Any request holding one of these event ids is refused whole with code 40002.
        package var rejectedEventIDs: Set<String> = []
        /// The next N requests get code 40100 (rate limited) with HTTP 200.
        package var rateLimitNext = 0
        /// The next N requests get HTTP 429.
        package var tooManyRequestsNext = 0
        /// The next N requests get HTTP 500.
        package var serverErrorNext = 0
        /// The next N requests get their connection closed without an answer.
        package var dropNext = 0
        /// Every answer waits this long.
        package var delayMilliseconds = 0
        /// Answers to requests after the first N wait ``slowDelayMilliseconds`` instead, so a test
        /// can act while a run is surely still in progress.
        package var slowAfterRequests = Int.max
        /// How long the answers after ``slowAfterRequests`` wait.
        package var slowDelayMilliseconds = 0

        /// A stand-in that accepts everything carrying `token`.
        package init(token: String) {
            self.token = token
        }
    }

    /// One request as received.
    package struct Request: Sendable {
        /// The request path.
        package var path: String
        /// Header names (lower case) and values.
        package var headers: [String: String]
        /// The body.
        package var body: [UInt8]
        /// The event ids in the body (`data[].event_id` or `event_id`).
        package var eventIDs: [String]
        /// The events in the body.
        package var eventCount: Int
        /// How the stand-in answered: a TikTok code, an HTTP status, or "dropped".
        package var answer: String
        /// The events the stand-in took (all of them for code 0, some for 20001).
        package var acceptedEventIDs: [String]
    }

    private let shared: SharedState
    private let channel: any Channel
    /// The port it listens on.
    package let port: Int

    /// The base URL to give the client.
    package var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts listening on a free port of 127.0.0.1.
    package init(behavior: Behavior) async throws {
        let shared = SharedState(behavior: behavior)
        self.shared = shared
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(StandInHandler(shared: shared))
                }
            }
        channel = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
        port = channel.localAddress!.port!
    }

    /// Changes how the next requests are answered.
    package func update(_ change: (inout Behavior) -> Void) {
        shared.state.withLock { change(&$0.behavior) }
    }

    /// Every request received so far.
    package var requests: [Request] { shared.state.withLock { $0.requests } }

    /// Every event id received so far, in order, repeats included.
    package var receivedEventIDs: [String] { requests.flatMap(\.eventIDs) }

    /// Every event id the stand-in took, in order, repeats included.
    package var acceptedEventIDs: [String] { requests.flatMap(\.acceptedEventIDs) }

    /// Stops listening.
    package func shutdown() async {
        try? await channel.close()
    }
}

/// What the stand-in answers to one request.
enum Answer {
    case json(status: HTTPResponseStatus, code: Int, message: String)
    case drop
    case raw(status: HTTPResponseStatus, headers: [(String, String)], body: String)
    case stall
    case trickle
}

/// The stand-in's state, shared by its connections.
final class SharedState: Sendable {
    struct State {
        var behavior: TikTokStandIn.Behavior
        var requests: [TikTokStandIn.Request] = []
        var counter = 0
    }

    let state: Mutex<State>

    init(behavior: TikTokStandIn.Behavior) {
        state = Mutex(State(behavior: behavior))
    }

    /// Decides the answer to a request and records it.
    func answer(path: String, headers: HTTPHeaders, body: [UInt8]) -> (Answer, delayMilliseconds: Int) {
        let (ids, count) = Self.events(in: body)
        return state.withLock { state in
            var behavior = state.behavior
            let answer: Answer
            if !behavior.scripted.isEmpty {
                switch behavior.scripted.removeFirst() {
                case .code(let status, let code, let message):
                    answer = .json(status: HTTPResponseStatus(statusCode: status), code: code, message: message)
                case .redirect(let status, let location):
                    answer = .raw(status: HTTPResponseStatus(statusCode: status), headers: [("Location", location)], body: "")
                case .page(let status, let body):
                    answer = .raw(status: HTTPResponseStatus(statusCode: status), headers: [("Content-Type", "text/html")], body: body)
                case .stallBody:
                    answer = .stall
                case .trickleBody:
                    answer = .trickle
                }
            } else if behavior.dropNext > 0 {
                behavior.dropNext -= 1
                answer = .drop
            } else if behavior.serverErrorNext > 0 {
                behavior.serverErrorNext -= 1
                answer = .json(status: .internalServerError, code: 50000, message: "System error")
            } else if behavior.tooManyRequestsNext > 0 {
                behavior.tooManyRequestsNext -= 1
                answer = .json(status: .tooManyRequests, code: 40100, message: "Too many requests")
            } else if headers.first(name: "Access-Token") != behavior.token {
                answer = .json(status: .ok, code: 40105, message: "Access token is incorrect or has been revoked.")
            } else if behavior.rateLimitNext > 0 {
                behavior.rateLimitNext -= 1
                answer = .json(status: .ok, code: 40100, message: "Request too frequent. Please retry later.")
            } else if let bad = ids.first(where: behavior.rejectedEventIDs.contains) {
                answer = .json(status: .ok, code: 40002, message: "Invalid value for event_id \(bad): rejected by the stand-in.")
            } else if ids.contains(where: behavior.partialEventIDs.contains) {
                answer = .json(status: .ok, code: 20001, message: "Partial success")
            } else {
                answer = .json(status: .ok, code: 0, message: "OK")
            }
            state.behavior = behavior
            state.counter += 1
            let described: String
            var accepted: [String] = []
            switch answer {
            case .drop: described = "dropped"
            case .json(let status, let code, _):
                described = "\(status.code)/\(code)"
                if status == .ok, code == 0 { accepted = ids }
                if status == .ok, code == 20001 { accepted = ids.filter { !behavior.partialEventIDs.contains($0) } }
            case .raw(let status, _, _): described = "\(status.code)"
            case .stall: described = "stalled"
            case .trickle: described = "trickled"
            }
            var names: [String: String] = [:]
            for header in headers { names[header.name.lowercased()] = header.value }
            state.requests.append(
                .init(
                    path: path, headers: names, body: body, eventIDs: ids, eventCount: count, answer: described, acceptedEventIDs: accepted))
            let delay = state.counter > behavior.slowAfterRequests ? behavior.slowDelayMilliseconds : behavior.delayMilliseconds
            return (answer, delay)
        }
    }

    /// The event ids and the number of events in a legacy or Events 2.0 body.
    static func events(in body: [UInt8]) -> ([String], Int) {
        guard let document = try? JSONDocument(parsing: body), document.kind(document.root) == .object else { return ([], 0) }
        if let data = document.member(document.root, "data") {
            let elements = document.elements(data)
            return (elements.compactMap { document.member($0, "event_id").flatMap { document.string($0) } }, elements.count)
        }
        let id = document.member(document.root, "event_id").flatMap { document.string($0) }
        return (id.map { [$0] } ?? [], 1)
    }
}

/// Collects one HTTP request and answers it as the shared state decides.
final class StandInHandler: ChannelInboundHandler {
    /// Sends one byte of body every half second while the connection is open.
    func trickle(context: ChannelHandlerContext) {
        let loop = context.eventLoop.assumeIsolated()
        loop.scheduleTask(in: .milliseconds(500)) {
            guard context.channel.isActive else { return }
            context.writeAndFlush(self.wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: " ")))), promise: nil)
            self.trickle(context: context)
        }
    }

    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let shared: SharedState
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(shared: SharedState) {
        self.shared = shared
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body.removeAll()
        case .body(let buffer):
            body.append(contentsOf: buffer.readableBytesView)
        case .end:
            guard let head else { return }
            let (answer, delay) = shared.answer(path: head.uri, headers: head.headers, body: body)
            let loop = context.eventLoop.assumeIsolated()
            let respond = {
                switch answer {
                case .drop:
                    context.close(promise: nil)
                case .raw(let status, let extra, let text):
                    var headers = HTTPHeaders()
                    for (name, value) in extra { headers.add(name: name, value: value) }
                    headers.add(name: "Content-Length", value: String(text.utf8.count))
                    context.write(
                        self.wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))), promise: nil)
                    context.write(self.wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: text)))), promise: nil)
                    context.writeAndFlush(self.wrapOutboundOut(.end(nil)), promise: nil)
                case .stall, .trickle:
                    var headers = HTTPHeaders()
                    headers.add(name: "Content-Type", value: "application/json")
                    headers.add(name: "Content-Length", value: "100000")
                    context.writeAndFlush(
                        self.wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .ok, headers: headers))), promise: nil)
                    if case .trickle = answer { self.trickle(context: context) }
                case .json(let status, let code, let message):
                    let text = #"{"code":\#(code),"message":"\#(message)","request_id":"standin","data":{}}"#
                    var headers = HTTPHeaders()
                    headers.add(name: "Content-Type", value: "application/json")
                    headers.add(name: "Content-Length", value: String(text.utf8.count))
                    context.write(
                        self.wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))), promise: nil)
                    context.write(self.wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: text)))), promise: nil)
                    context.writeAndFlush(self.wrapOutboundOut(.end(nil)), promise: nil)
                }
            }
            if delay > 0 {
                loop.scheduleTask(in: .milliseconds(Int64(delay))) { respond() }
            } else {
                respond()
            }
        }
    }
}
