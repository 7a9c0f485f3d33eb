import Dispatch

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A broker's IPv4 address from its advertised name, for a load balancer's `ip` target.
///
/// An NLB target is an address, not a name. MSK's broker names resolve to their VPC addresses from anywhere;
/// a self-managed cluster's (`b-1.kafka.internal`) often only inside the VPC, so a name that does not resolve
/// is an answer too (nil), not an error.
public enum BrokerIPv4 {
    /// True when `text` is a dotted IPv4 address.
    public static func isIPv4(_ text: String) -> Bool {
        var address = in_addr()
        return inet_pton(AF_INET, text, &address) == 1
    }

    /// The first IPv4 address of `host` (itself when it is one), nil when it does not resolve. Blocks while the
    /// resolver works; `lookup` is the asynchronous form.
    public static func resolve(_ host: String) -> String? {
        if isIPv4(host) { return host }
        var hints = addrinfo()
        hints.ai_family = AF_INET
        #if canImport(Glibc)
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
            hints.ai_socktype = SOCK_STREAM
        #endif
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &result) == 0, let first = result else { return nil }
        defer { freeaddrinfo(result) }
        guard let socketAddress = first.pointee.ai_addr else { return nil }
        return socketAddress.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
            var address = pointer.pointee.sin_addr
            var buffer = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
            guard inet_ntop(AF_INET, &address, &buffer, socklen_t(INET_ADDRSTRLEN)) != nil else { return nil }
            return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }

    /// `resolve(host)` on a dispatch thread, so a slow resolver does not hold a thread of Swift's pool.
    public static func lookup(_ host: String) async -> String? {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: resolve(host)) }
        }
    }
}
