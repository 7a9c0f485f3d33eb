import NIOConcurrencyHelpers
import NIOCore
import NIOSSH

/// Accepts the bastion's host key only when it is the pinned one (or, with nothing pinned, records it).
final class SSHHostKeyPinning: NIOSSHClientServerAuthenticationDelegate {
    private let pin: SSHKnownHostKey?
    private let bastion: String
    private let seen: NIOLockedValueBox<SSHPublicKey?>

    init(pin: SSHKnownHostKey?, bastion: String, seen: NIOLockedValueBox<SSHPublicKey?>) {
        self.pin = pin
        self.bastion = bastion
        self.seen = seen
    }

    func validateHostKey(hostKey: NIOSSHPublicKey, validationCompletePromise: EventLoopPromise<Void>) {
        let key: SSHPublicKey
        do {
            key = try SSHPublicKey(openSSHLine: String(openSSHPublicKey: hostKey))
        } catch {
            validationCompletePromise.fail(
                SSHTunnelError(
                    .handshakeFailed, "the bastion presented a host key Inlet cannot read: \(error)",
                    bastion: bastion))
            return
        }
        seen.withLockedValue { $0 = key }
        if let pin, !pin.matches(key) {
            validationCompletePromise.fail(
                SSHTunnelError(
                    .hostKeyMismatch,
                    "the bastion presented host key \(key.algorithm) \(key.fingerprint), but \(pin.fingerprint) is "
                        + "pinned; connection refused. If the bastion's host key was replaced on purpose, pin the new "
                        + "key (`--ssh-known-host-key`, or recreate the connection); otherwise someone may be "
                        + "intercepting the connection",
                    bastion: bastion))
            return
        }
        validationCompletePromise.succeed()
    }
}

/// Offers each of the tunnel's key pairs once, in order, and names them all when the bastion refuses every one.
final class SSHPublicKeyOffers: NIOSSHClientUserAuthenticationDelegate {
    private let user: String
    private let keys: [SSHKeyPair]
    private let bastion: String
    private var next = 0

    init(user: String, keys: [SSHKeyPair], bastion: String) {
        self.user = user
        self.keys = keys
        self.bastion = bastion
    }

    func nextAuthenticationType(
        availableMethods: NIOSSHAvailableUserAuthenticationMethods,
        nextChallengePromise: EventLoopPromise<NIOSSHUserAuthenticationOffer?>
    ) {
        guard availableMethods.contains(.publicKey) else {
            nextChallengePromise.fail(
                SSHTunnelError(
                    .authenticationRefused,
                    "the bastion does not accept public key authentication for user \(user) "
                        + "(enable `PubkeyAuthentication yes` in its sshd_config)",
                    bastion: bastion))
            return
        }
        guard next < keys.count else {
            let offered = keys.enumerated().map { "key \($0.offset + 1) \($0.element.fingerprint)" }
            nextChallengePromise.fail(
                SSHTunnelError(
                    .authenticationRefused,
                    "the bastion refused every offered public key for user \(user) (offered: "
                        + offered.joined(separator: ", ")
                        + "); add one of these public keys to ~\(user)/.ssh/authorized_keys on the bastion",
                    bastion: bastion))
            return
        }
        let key = keys[next]
        next += 1
        nextChallengePromise.succeed(
            NIOSSHUserAuthenticationOffer(
                username: user, serviceName: "", offer: .privateKey(.init(privateKey: key.nioPrivateKey))))
    }
}
