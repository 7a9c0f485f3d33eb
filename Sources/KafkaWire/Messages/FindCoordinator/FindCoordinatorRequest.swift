import NIOCore

/// Finds the broker that coordinates a consumer group (key type 0) or a transactional id (key type 1).
///
/// Versions 1-6, flexible from v3. v4+ looks up several keys at once; v1-3 carry exactly one key.
public struct FindCoordinatorRequest: KafkaReadableRequest, Hashable {
    public typealias Response = FindCoordinatorResponse

    public static let apiKey = APIKey.findCoordinator
    public static let supportedVersions: ClosedRange<Int16> = 1...6
    public static let firstFlexibleVersion: Int16? = 3

    public static let groupKeyType: Int8 = 0
    public static let transactionKeyType: Int8 = 1

    public var keyType: Int8
    /// Exactly one key in v1-3.
    public var keys: [String]

    public init(keyType: Int8 = FindCoordinatorRequest.groupKeyType, keys: [String]) {
        self.keyType = keyType
        self.keys = keys
    }

    /// The coordinator of one consumer group.
    public init(group: String) {
        self.init(keyType: Self.groupKeyType, keys: [group])
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 3
        if version <= 3 {
            guard keys.count == 1 else {
                throw KafkaWireError(
                    kind: .unencodable, message: "v\(version) looks up exactly one key, not \(keys.count)", field: "Key"
                )
            }
            buffer.writeKafkaString(keys[0], compact: flexible)
            buffer.writeInteger(keyType)
        } else {
            buffer.writeInteger(keyType)
            buffer.writeKafkaStringArray(keys, compact: true)
        }
        if flexible { buffer.writeEmptyKafkaTaggedFields() }
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 3
        if version <= 3 {
            let key = try buffer.readKafkaString("Key", compact: flexible)
            keyType = try buffer.readKafkaInt8("KeyType")
            keys = [key]
        } else {
            keyType = try buffer.readKafkaInt8("KeyType")
            keys = try buffer.readKafkaStringArray("CoordinatorKeys", compact: true)
        }
        if flexible { try buffer.readKafkaTaggedFields() }
    }
}
