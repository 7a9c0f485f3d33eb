import NIOCore

/// The coordinator broker (node id and advertised address) for each requested key.
///
/// Versions 1-6, flexible from v3. v1-3 answer one key with top-level fields; they are read into a single
/// `Coordinator` whose `key` is `""` (the protocol does not repeat it), and writing v1-3 needs exactly one.
public struct FindCoordinatorResponse: KafkaWritableResponse, Hashable {
    public struct Coordinator: Hashable, Sendable {
        /// v4+; `""` in v1-3.
        public var key: String
        public var nodeID: Int32
        public var host: String
        public var port: Int32
        public var errorCode: KafkaErrorCode
        public var errorMessage: String?

        public init(
            key: String = "", nodeID: Int32, host: String, port: Int32, errorCode: KafkaErrorCode = .noError,
            errorMessage: String? = nil
        ) {
            self.key = key
            self.nodeID = nodeID
            self.host = host
            self.port = port
            self.errorCode = errorCode
            self.errorMessage = errorMessage
        }
    }

    public var throttleTimeMs: Int32
    public var coordinators: [Coordinator]

    public init(throttleTimeMs: Int32 = 0, coordinators: [Coordinator]) {
        self.throttleTimeMs = throttleTimeMs
        self.coordinators = coordinators
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 3
        throttleTimeMs = try buffer.readKafkaInt32("ThrottleTimeMs")
        if version <= 3 {
            let errorCode = KafkaErrorCode(rawValue: try buffer.readKafkaInt16("ErrorCode"))
            let errorMessage = try buffer.readKafkaNullableString("ErrorMessage", compact: flexible)
            coordinators = [
                Coordinator(
                    nodeID: try buffer.readKafkaInt32("NodeId"),
                    host: try buffer.readKafkaString("Host", compact: flexible),
                    port: try buffer.readKafkaInt32("Port"), errorCode: errorCode, errorMessage: errorMessage)
            ]
        } else {
            coordinators = try buffer.readKafkaArray("Coordinators", compact: true) { buffer in
                let coordinator = Coordinator(
                    key: try buffer.readKafkaString("Key", compact: true),
                    nodeID: try buffer.readKafkaInt32("NodeId"),
                    host: try buffer.readKafkaString("Host", compact: true),
                    port: try buffer.readKafkaInt32("Port"),
                    errorCode: KafkaErrorCode(rawValue: try buffer.readKafkaInt16("ErrorCode")),
                    errorMessage: try buffer.readKafkaNullableString("ErrorMessage", compact: true))
                try buffer.readKafkaTaggedFields()
                return coordinator
            }
        }
        if flexible { try buffer.readKafkaTaggedFields() }
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 3
        buffer.writeInteger(throttleTimeMs)
        if version <= 3 {
            guard coordinators.count == 1, let coordinator = coordinators.first else {
                throw KafkaWireError(
                    kind: .unencodable, message: "v\(version) answers exactly one key, not \(coordinators.count)",
                    field: "Coordinators")
            }
            buffer.writeInteger(coordinator.errorCode.rawValue)
            buffer.writeKafkaNullableString(coordinator.errorMessage, compact: flexible)
            buffer.writeInteger(coordinator.nodeID)
            buffer.writeKafkaString(coordinator.host, compact: flexible)
            buffer.writeInteger(coordinator.port)
        } else {
            buffer.writeKafkaArray(coordinators, compact: true) { buffer, coordinator in
                buffer.writeKafkaString(coordinator.key, compact: true)
                buffer.writeInteger(coordinator.nodeID)
                buffer.writeKafkaString(coordinator.host, compact: true)
                buffer.writeInteger(coordinator.port)
                buffer.writeInteger(coordinator.errorCode.rawValue)
                buffer.writeKafkaNullableString(coordinator.errorMessage, compact: true)
                buffer.writeEmptyKafkaTaggedFields()
            }
        }
        if flexible { buffer.writeEmptyKafkaTaggedFields() }
    }
}
