import KafkaClient
import NIOCore
import NIOHTTP1
import NIOSSL

/// One HTTP/1.1 GET over a fresh channel from the configuration's dialer: TLS naming the URL's host when the
/// scheme is https, swift-nio's HTTP codec, `Connection: close`.
///
/// The registry answers a handful of requests per source (a schema per writer id, cached), so a connection per
/// request keeps the client free of pooling and idle-connection state.
struct HTTPExchange {
    let configuration: SchemaRegistryConfiguration
    let sslContext: NIOSSLContext?

    struct Response {
        var status: HTTPResponseStatus
        var body: [UInt8]
    }

    func get(_ path: String, on eventLoop: any EventLoop) async throws(SchemaRegistryError) -> Response {
        let url = configuration.url + path
        let channel: any Channel
        do {
            channel = try await configuration.dialer.dial(
                BrokerAddress(host: configuration.host, port: configuration.port), on: eventLoop)
        } catch {
            throw SchemaRegistryError(
                .unreachable, "cannot reach the schema registry at \(configuration.url): \(Self.reason(error))",
                underlying: error)
        }
        let promise = channel.eventLoop.makePromise(of: Response.self)
        do {
            try await channel.eventLoop.submit {
                let sync = channel.pipeline.syncOperations
                if let sslContext {
                    let isIPAddress = (try? SocketAddress(ipAddress: configuration.host, port: 0)) != nil
                    let tls = try NIOSSLClientHandler(
                        context: sslContext, serverHostname: isIPAddress ? nil : configuration.host)
                    try sync.addHandler(tls)
                }
                try sync.addHTTPClientHandlers()
                try sync.addHandler(ResponseCollector(promise: promise))
            }.get()
        } catch {
            channel.close(promise: nil)
            throw SchemaRegistryError(
                .configuration, "cannot set up the connection to \(configuration.url): \(error)", underlying: error)
        }
        var head = HTTPRequestHead(version: .http1_1, method: .GET, uri: configuration.pathPrefix + path)
        let defaultPort = configuration.usesTLS ? 443 : 80
        let hostHeader = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        head.headers.add(
            name: "Host", value: configuration.port == defaultPort ? hostHeader : "\(hostHeader):\(configuration.port)")
        head.headers.add(name: "Accept", value: "application/vnd.schemaregistry.v1+json, application/json")
        head.headers.add(name: "User-Agent", value: "inlet")
        head.headers.add(name: "Connection", value: "close")
        if let username = configuration.username {
            let credentials = Array("\(username):\(configuration.password ?? "")".utf8)
            head.headers.add(name: "Authorization", value: "Basic " + Base64.encode(credentials))
        }
        channel.write(HTTPClientRequestPart.head(head), promise: nil)
        channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        let (seconds, attoseconds) = configuration.requestTimeout.components
        let deadline = TimeAmount.nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        let timeout = channel.eventLoop.scheduleTask(in: deadline) {
            promise.fail(
                SchemaRegistryError(
                    .timeout,
                    "the schema registry at \(configuration.url) did not answer GET \(path) within "
                        + "\(configuration.requestTimeout)"))
        }
        defer {
            timeout.cancel()
            channel.close(promise: nil)
        }
        do {
            return try await promise.futureResult.get()
        } catch let error as SchemaRegistryError {
            throw error
        } catch {
            if Self.isTLS(error), Self.isClientCertificateRefusal(error) {
                let fix =
                    configuration.tls?.certificatePEM == nil && configuration.tls?.certificateFile == nil
                    ? "it requires a client certificate; add SSL CERTIFICATE = … and SSL KEY = SECRET name to the "
                        + "connection"
                    : "it did not accept the connection's client certificate; give SSL CERTIFICATE and SSL KEY of a "
                        + "certificate the registry's client CA signed"
                throw SchemaRegistryError(
                    .clientCertificate,
                    "the schema registry at \(configuration.url) refused the TLS handshake for GET \(path) "
                        + "(\(Self.alert(error))): \(fix)", underlying: error)
            }
            if Self.isTLS(error) {
                throw SchemaRegistryError(
                    .tls, "TLS with the schema registry at \(url) failed: \(Self.tlsReason(error))",
                    underlying: error)
            }
            throw SchemaRegistryError(
                .unreachable, "GET \(url) failed: \(Self.reason(error))", underlying: error)
        }
    }

    static func reason(_ error: any Error) -> String {
        (error as? KafkaClientError)?.message ?? "\(error)"
    }

    static func isTLS(_ error: any Error) -> Bool {
        error is NIOSSLError || error is NIOSSLExtraError || error is BoringSSLError
    }

    /// The alerts a server sends when it wants a client certificate it did not get (TLS 1.3's certificate_required,
    /// TLS 1.2's handshake_failure or bad_certificate).
    static func isClientCertificateRefusal(_ error: any Error) -> Bool {
        let text = "\(error)"
        return text.contains("CERTIFICATE_REQUIRED") || text.contains("ALERT_HANDSHAKE_FAILURE")
            || text.contains("ALERT_BAD_CERTIFICATE") || text.contains("ALERT_UNKNOWN_CA")
    }

    /// The TLS alert's name from BoringSSL's error text (`TLSV1_ALERT_CERTIFICATE_REQUIRED`), else the error.
    static func alert(_ error: any Error) -> String {
        let text = "\(error)"
        for name in ["CERTIFICATE_REQUIRED", "HANDSHAKE_FAILURE", "BAD_CERTIFICATE", "UNKNOWN_CA"]
        where text.contains(name) {
            return "TLS alert " + name.lowercased()
        }
        return text
    }

    static func tlsReason(_ error: any Error) -> String {
        if let extra = error as? NIOSSLExtraError, extra == .failedToValidateHostname {
            return "its certificate is not valid for the URL's host; the registry must present a certificate for it"
        }
        let text = "\(error)"
        if text.contains("CERTIFICATE_VERIFY_FAILED") || text.contains("certificate verify failed") {
            return "its certificate is not trusted (\(text)); give its CA with SSL CERTIFICATE AUTHORITY"
        }
        return text
    }
}

/// Gathers one HTTP response and fulfils the promise at its end; a connection that closes first fails it.
private final class ResponseCollector: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart

    private let promise: EventLoopPromise<HTTPExchange.Response>
    private var status: HTTPResponseStatus?
    private var body: [UInt8] = []
    /// The registry's answers are small; a larger one is refused rather than buffered without end.
    private static let maximumBody = 16 * 1024 * 1024

    init(promise: EventLoopPromise<HTTPExchange.Response>) {
        self.promise = promise
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            status = head.status
        case .body(let buffer):
            body.append(contentsOf: buffer.readableBytesView)
            if body.count > Self.maximumBody {
                promise.fail(
                    SchemaRegistryError(.invalidResponse, "the schema registry's answer is larger than 16 MiB"))
                context.close(promise: nil)
            }
        case .end:
            if let status { promise.succeed(HTTPExchange.Response(status: status, body: body)) }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise.fail(ChannelError.eof)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise.fail(error)
        context.close(promise: nil)
    }
}

/// RFC 4648 base64, for the basic-auth header.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let b0 = bytes[index]
            let b1 = index + 1 < bytes.count ? bytes[index + 1] : 0
            let b2 = index + 2 < bytes.count ? bytes[index + 2] : 0
            out.append(alphabet[Int(b0 >> 2)])
            out.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
            out.append(index + 1 < bytes.count ? alphabet[Int((b1 & 0x0F) << 2 | b2 >> 6)] : UInt8(ascii: "="))
            out.append(index + 2 < bytes.count ? alphabet[Int(b2 & 0x3F)] : UInt8(ascii: "="))
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
