import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension SSHKeyPair {
    private static let beginMarker = "-----BEGIN OPENSSH PRIVATE KEY-----"
    private static let endMarker = "-----END OPENSSH PRIVATE KEY-----"
    private static let magic = Array("openssh-key-v1".utf8) + [0]

    /// Reads an unencrypted Ed25519 key in OpenSSH's private key format (`-----BEGIN OPENSSH PRIVATE KEY-----`).
    ///
    /// Throws an error that says what to do for passphrase-protected keys, other key types and damaged files.
    public init(openSSHPrivateKey text: String) throws {
        guard let begin = text.range(of: Self.beginMarker), let end = text.range(of: Self.endMarker),
            begin.upperBound <= end.lowerBound
        else {
            throw SSHKeyError(
                "not an OpenSSH private key: expected `\(Self.beginMarker)` (write one with `inlet ssh keygen` "
                    + "or `ssh-keygen -t ed25519 -N ''`)")
        }
        let body = text[begin.upperBound..<end.lowerBound].filter { !$0.isWhitespace }
        guard let data = Data(base64Encoded: String(body)) else {
            throw SSHKeyError("the OpenSSH private key is damaged: its body is not valid base64")
        }
        var outer = SSHWireBuffer(Array(data))
        guard outer.readBytes(Self.magic.count) == Self.magic else {
            throw SSHKeyError("the OpenSSH private key is damaged: it does not start with `openssh-key-v1`")
        }
        guard let cipher = outer.readString(), let kdf = outer.readString(), outer.readString() != nil,
            let count = outer.readUInt32(), let publicBlob = outer.readString(), let secret = outer.readString()
        else {
            throw SSHKeyError("the OpenSSH private key is damaged: its header is truncated")
        }
        guard cipher == Array("none".utf8), kdf == Array("none".utf8) else {
            throw SSHKeyError(
                "the private key is protected by a passphrase; Inlet needs an unencrypted key "
                    + "(remove it with `ssh-keygen -p -N '' -f FILE`)")
        }
        guard count == 1 else {
            throw SSHKeyError("the OpenSSH private key file holds \(count) keys; Inlet expects exactly one")
        }
        let publicKey = try SSHPublicKey(blob: publicBlob)
        guard publicKey.algorithm == SSHPublicKey.ed25519Algorithm else {
            throw SSHKeyError(
                "the private key is a `\(publicKey.algorithm)` key; Inlet tunnels use Ed25519 "
                    + "(make one with `inlet ssh keygen` or `ssh-keygen -t ed25519 -N ''`)")
        }
        var inner = SSHWireBuffer(secret)
        guard let check1 = inner.readUInt32(), let check2 = inner.readUInt32(), check1 == check2 else {
            throw SSHKeyError("the OpenSSH private key is damaged: its check numbers differ")
        }
        guard let algorithm = inner.readString(), algorithm == Array(SSHPublicKey.ed25519Algorithm.utf8),
            let publicBytes = inner.readString(), publicBytes.count == 32,
            let secretBytes = inner.readString(), secretBytes.count == 64,
            let comment = inner.readString()
        else {
            throw SSHKeyError("the OpenSSH private key is damaged: the Ed25519 key inside is malformed")
        }
        let padding = inner.readBytes(inner.readableCount) ?? []
        guard padding.enumerated().allSatisfy({ $0.element == UInt8($0.offset + 1) }) else {
            throw SSHKeyError("the OpenSSH private key is damaged: its padding is wrong")
        }
        let key: Curve25519.Signing.PrivateKey
        do {
            key = try Curve25519.Signing.PrivateKey(rawRepresentation: secretBytes[0..<32])
        } catch {
            throw SSHKeyError("the OpenSSH private key is damaged: the Ed25519 seed is invalid")
        }
        guard Array(key.publicKey.rawRepresentation) == publicBytes, SSHPublicKey(ed25519: key.publicKey) == publicKey
        else {
            throw SSHKeyError("the OpenSSH private key is damaged: its public and private halves do not match")
        }
        self.init(privateKey: key, comment: String(decoding: comment, as: UTF8.self))
    }

    /// Reads a key file written by `inlet ssh keygen` or `ssh-keygen -t ed25519 -N ''`.
    public init(contentsOfFile path: String) throws {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw SSHKeyError("cannot read the SSH private key file \(path): \(error.localizedDescription)")
        }
        do {
            try self.init(openSSHPrivateKey: text)
        } catch let error as SSHKeyError {
            throw SSHKeyError("\(path): \(error.message)")
        }
    }

    /// The key in OpenSSH's unencrypted private key format, exactly as `ssh-keygen -t ed25519 -N ''` writes it.
    public var openSSHPrivateKey: String {
        let publicBlob = publicKey.blob
        let checkInt = UInt32.random(in: .min ... .max)
        var inner = SSHWireBuffer()
        inner.writeUInt32(checkInt)
        inner.writeUInt32(checkInt)
        inner.writeString(Array(SSHPublicKey.ed25519Algorithm.utf8))
        inner.writeString(Array(privateKey.publicKey.rawRepresentation))
        inner.writeString(Array(privateKey.rawRepresentation) + Array(privateKey.publicKey.rawRepresentation))
        inner.writeString(Array(comment.utf8))
        var pad: UInt8 = 1
        while inner.bytes.count % 8 != 0 {
            inner.writeBytes([pad])
            pad += 1
        }
        var outer = SSHWireBuffer(Self.magic)
        outer.writeString(Array("none".utf8))
        outer.writeString(Array("none".utf8))
        outer.writeString([])
        outer.writeUInt32(1)
        outer.writeString(publicBlob)
        outer.writeString(inner.bytes)

        let base64 = Data(outer.bytes).base64EncodedString()
        var lines = [Self.beginMarker]
        var index = base64.startIndex
        while index < base64.endIndex {
            let next = base64.index(index, offsetBy: 70, limitedBy: base64.endIndex) ?? base64.endIndex
            lines.append(String(base64[index..<next]))
            index = next
        }
        lines.append(Self.endMarker)
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes the private key file with mode 0600 (created that way, never briefly readable by others).
    public func write(toFile path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else {
            throw SSHKeyError("cannot create \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        guard fchmod(fd, 0o600) == 0 else {
            throw SSHKeyError("cannot set mode 0600 on \(path): \(String(cString: strerror(errno)))")
        }
        let bytes = Array(openSSHPrivateKey.utf8)
        let written = writeAll(fd, bytes)
        guard written == bytes.count else {
            throw SSHKeyError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }
}

/// `write(2)` until every byte is out or an error occurs; returns the number of bytes written.
private func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Int {
    var done = 0
    while done < bytes.count {
        let result = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + done, $0.count - done) }
        if result < 0 && errno == EINTR { continue }
        guard result > 0 else { break }
        done += result
    }
    return done
}
