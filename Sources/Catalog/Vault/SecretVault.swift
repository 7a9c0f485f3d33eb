import Crypto
import Foundation
import SQL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Seals secret values (and SSH private keys) with AES-GCM under a key kept in a file of the data directory.
///
/// The key file is created with mode 0600 on first start and refused when others can read it; the catalog
/// database then holds only ciphertext, bound to the object id so sealed values cannot be swapped between rows.
public struct SecretVault: Sendable {
    public static let keyFileName = "secrets.key"

    /// The raw key bytes (SymmetricKey is not Sendable).
    private let keyBytes: [UInt8]

    private var key: SymmetricKey { SymmetricKey(data: keyBytes) }

    public init(key: SymmetricKey) {
        self.keyBytes = key.withUnsafeBytes { Array($0) }
    }

    /// Opens the vault of `directory`, creating the key file (0600) when it does not exist.
    public init(directory: URL) throws(SQLError) {
        let path = directory.appendingPathComponent(Self.keyFileName).path
        if let existing = try Self.readKey(path: path) {
            keyBytes = existing
            return
        }
        let fresh = SymmetricKey(size: .bits256)
        let bytes = fresh.withUnsafeBytes { Array($0) }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw SQLError.internal("cannot create the secrets key file \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(descriptor) == 0 else {
            throw SQLError.internal("cannot write the secrets key file \(path): \(String(cString: strerror(errno)))")
        }
        keyBytes = bytes
    }

    private static func readKey(path: String) throws(SQLError) -> [UInt8]? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        if info.st_mode & 0o077 != 0 {
            throw SQLError.internal(
                "the secrets key file \(path) can be read by other users; run chmod 600 \(path) and start again")
        }
        guard let data = FileManager.default.contents(atPath: path), data.count == 32 else {
            throw SQLError.internal(
                "the secrets key file \(path) is not a 32-byte key; restore it from a backup (without it the stored secrets cannot be read)"
            )
        }
        return Array(data)
    }

    /// Seals `value` for the object `id` (nonce, ciphertext and tag in one blob).
    public func seal(_ value: [UInt8], for id: String) throws(SQLError) -> Data {
        do {
            let box = try AES.GCM.seal(value, using: key, authenticating: Array(id.utf8))
            guard let combined = box.combined else { throw SQLError.internal("AES-GCM produced no combined box") }
            return combined
        } catch let error as SQLError {
            throw error
        } catch {
            throw SQLError.internal("cannot encrypt a secret: \(error)")
        }
    }

    /// Unseals a blob sealed for `id`.
    public func unseal(_ sealed: Data, for id: String) throws(SQLError) -> [UInt8] {
        do {
            let box = try AES.GCM.SealedBox(combined: sealed)
            return Array(try AES.GCM.open(box, using: key, authenticating: Array(id.utf8)))
        } catch {
            throw SQLError.internal(
                "cannot decrypt the stored value of \(id): the secrets key file does not match the catalog")
        }
    }
}
