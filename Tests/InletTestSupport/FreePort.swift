import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Free TCP ports on the loopback interface, asked from the kernel (bind to port 0).
///
/// Seven engineers run tests at once on one machine, so no test may use a fixed port. A port handed
/// out here is remembered for the life of the process and never handed out twice, which closes the
/// window between this call and the peer binding it for peers started by the same test run.
public enum FreePort {
    private static let handedOut = Mutex<Set<Int>>([])

    /// A TCP port on 127.0.0.1 that nothing listens on right now.
    public static func next() throws -> Int {
        for _ in 0..<50 {
            let port = try askKernel()
            let isNew = handedOut.withLock { $0.insert(port).inserted }
            if isNew { return port }
        }
        throw PeerError(peer: "FreePort", message: "the kernel kept returning ports already handed out")
    }

    private static func askKernel() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else {
            throw PeerError(peer: "FreePort", message: "socket() failed: errno \(errno)")
        }
        defer { close(fd) }
        var address = LoopbackAddress.make(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else {
            throw PeerError(peer: "FreePort", message: "bind(127.0.0.1:0) failed: errno \(errno)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else {
            throw PeerError(peer: "FreePort", message: "getsockname failed: errno \(errno)")
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// IPv4 loopback socket addresses and a blocking connect probe.
enum LoopbackAddress {
    static func make(port: Int, host: String = "127.0.0.1") -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        inet_pton(AF_INET, host, &address.sin_addr)
        return address
    }

    /// True when a TCP connection to host:port is accepted right now.
    static func accepts(host: String, port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = make(port: port, host: host)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return result == 0
    }
}
