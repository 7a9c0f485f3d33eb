import Foundation
import NIOCore
import NIOPosix
import NIOSSH

extension SSHTunnelError {
    /// The error for a failed TCP connect to the bastion.
    static func classify(connectError error: any Error, bastion: String, timeout: Duration) -> SSHTunnelError {
        if let error = error as? SSHTunnelError { return error }
        let detail: String
        if let channelError = error as? ChannelError, case .connectTimeout = channelError {
            detail = "no answer within \(timeout.secondsDescription) (a firewall dropping packets, or the wrong host)"
        } else if let connection = error as? NIOConnectionError {
            if connection.dnsAAAAError != nil || connection.dnsAError != nil, connection.connectionErrors.isEmpty {
                detail = "its name does not resolve from Inlet"
            } else if let first = connection.connectionErrors.first {
                detail = Self.describe(first.error)
            } else {
                detail = "\(connection)"
            }
        } else {
            detail = Self.describe(error)
        }
        return SSHTunnelError(
            .bastionUnreachable,
            "cannot reach the bastion's SSH port: \(detail); check HOST and PORT and that the bastion accepts "
                + "connections from Inlet",
            bastion: bastion, underlying: error)
    }

    /// `Connection refused` rather than NIO's `connection reset (error set): …` wording.
    private static func describe(_ error: any Error) -> String {
        if let io = error as? IOError { return String(cString: strerror(io.errnoCode)) }
        return "\(error)"
    }

    /// The error for a failure reported by NIOSSH while the session was being set up or was running.
    static func classify(handshakeError error: any Error, bastion: String, handshakeDone: Bool) -> SSHTunnelError {
        if let error = error as? SSHTunnelError { return error }
        if let ssh = error as? NIOSSHError {
            switch ssh.type {
            case .keyExchangeNegotiationFailure:
                return SSHTunnelError(
                    .handshakeFailed,
                    "Inlet and the bastion share no key exchange, host key or cipher algorithm; Inlet speaks "
                        + "curve25519-sha256 or ecdh-sha2-nistp256/384/521, ssh-ed25519 or ecdsa host keys, and "
                        + "aes128-gcm@openssh.com or aes256-gcm@openssh.com",
                    bastion: bastion, underlying: error)
            case .unsupportedVersion:
                return SSHTunnelError(
                    .handshakeFailed, "the peer does not speak SSH 2.0; is PORT the bastion's SSH port?",
                    bastion: bastion, underlying: error)
            default:
                break
            }
        }
        if handshakeDone {
            return SSHTunnelError(.sessionLost, "the SSH session failed: \(error)", bastion: bastion, underlying: error)
        }
        return SSHTunnelError(
            .handshakeFailed, "the SSH handshake failed: \(error)", bastion: bastion, underlying: error)
    }

    /// The error for a `direct-tcpip` channel the bastion would not open, naming the hop that failed.
    static func classify(channelError error: any Error, host: String, port: Int, user: String, bastion: String)
        -> SSHTunnelError
    {
        if let error = error as? SSHTunnelError { return error }
        let target = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        guard let ssh = error as? NIOSSHError, ssh.type == .channelSetupRejected else {
            return SSHTunnelError(
                .sessionLost,
                "the SSH session ended while opening a channel to \(target) (\(error)); the tunnel reconnects, retry",
                bastion: bastion, underlying: error)
        }
        let (reasonCode, reason) = Self.channelOpenFailure(from: "\(ssh)")
        switch reasonCode {
        case 1:
            return SSHTunnelError(
                .forwardingRefused,
                "the bastion refused to open a channel to \(target) (administratively prohibited: \(reason)); allow "
                    + "TCP forwarding for user \(user) on the bastion (`AllowTcpForwarding yes` in sshd_config; if "
                    + "`PermitOpen` is set it must include \(target))",
                bastion: bastion, underlying: error)
        case 2 where Self.looksLikeResolutionFailure(reason):
            return SSHTunnelError(
                .targetUnresolvable,
                "the bastion cannot resolve \(host) (\(reason)); the broker's advertised name must resolve on the "
                    + "bastion (its DNS or /etc/hosts)",
                bastion: bastion, underlying: error)
        case 2:
            return SSHTunnelError(
                .brokerRefused,
                "the bastion could not connect to the broker at \(target) (\(reason)); check that the broker "
                    + "listens there and that the bastion may reach it",
                bastion: bastion, underlying: error)
        default:
            return SSHTunnelError(
                .channelOpenFailed,
                "the bastion refused a channel to \(target) (reason \(reasonCode): \(reason))",
                bastion: bastion, underlying: error)
        }
    }

    /// Reads the reason code and text out of NIOSSH's `channelSetupRejected` description
    /// (`NIOSSHError.channelSetupRejected: Reason: 2 connect failed: …`).
    static func channelOpenFailure(from description: String) -> (code: Int, reason: String) {
        guard let marker = description.range(of: "Reason: ") else { return (0, description) }
        let rest = description[marker.upperBound...]
        let digits = rest.prefix(while: \.isNumber)
        let reason = rest.dropFirst(digits.count).drop(while: { $0 == " " })
        return (Int(digits) ?? 0, reason.isEmpty ? "no reason given" : String(reason))
    }

    private static func looksLikeResolutionFailure(_ reason: String) -> Bool {
        let lowered = reason.lowercased()
        return [
            "name or service not known", "unknown host", "name resolution", "nodename nor servname",
            "no address associated", "could not resolve", "getaddrinfo",
        ].contains { lowered.contains($0) }
    }
}
