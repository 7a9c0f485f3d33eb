import NIOCore

/// The APIs a broker supports, each with its version range, plus (v3+, tagged) its features.
///
/// Always preceded by response header v0, even in flexible versions. When a broker does not support the
/// requested version it answers UNSUPPORTED_VERSION in v0 format with the ApiVersions range it does support.
public struct ApiVersionsResponse: KafkaWritableResponse, Hashable {
    public struct ApiVersion: Hashable, Sendable {
        public var apiKey: APIKey
        public var minVersion: Int16
        public var maxVersion: Int16

        public init(apiKey: APIKey, minVersion: Int16, maxVersion: Int16) {
            self.apiKey = apiKey
            self.minVersion = minVersion
            self.maxVersion = maxVersion
        }

        public var versions: ClosedRange<Int16>? {
            minVersion <= maxVersion ? minVersion...maxVersion : nil
        }
    }

    /// A feature (tagged field 0) with its supported range, or (tagged field 2) its finalized range.
    public struct Feature: Hashable, Sendable {
        public var name: String
        public var minVersion: Int16
        public var maxVersion: Int16

        public init(name: String, minVersion: Int16, maxVersion: Int16) {
            self.name = name
            self.minVersion = minVersion
            self.maxVersion = maxVersion
        }
    }

    public var errorCode: KafkaErrorCode
    public var apiKeys: [ApiVersion]
    /// v1+.
    public var throttleTimeMs: Int32
    /// Tag 0, v3+.
    public var supportedFeatures: [Feature]
    /// Tag 1, v3+; -1 when unknown.
    public var finalizedFeaturesEpoch: Int64
    /// Tag 2, v3+. On the wire each entry is name, max version level, min version level (in that order).
    public var finalizedFeatures: [Feature]
    /// Tag 3, v3+.
    public var zkMigrationReady: Bool
    /// Tagged fields this version of Inlet does not know.
    public var unknownTaggedFields: [KafkaTaggedField]

    public init(
        errorCode: KafkaErrorCode = .noError, apiKeys: [ApiVersion], throttleTimeMs: Int32 = 0,
        supportedFeatures: [Feature] = [], finalizedFeaturesEpoch: Int64 = -1, finalizedFeatures: [Feature] = [],
        zkMigrationReady: Bool = false, unknownTaggedFields: [KafkaTaggedField] = []
    ) {
        self.errorCode = errorCode
        self.apiKeys = apiKeys
        self.throttleTimeMs = throttleTimeMs
        self.supportedFeatures = supportedFeatures
        self.finalizedFeaturesEpoch = finalizedFeaturesEpoch
        self.finalizedFeatures = finalizedFeatures
        self.zkMigrationReady = zkMigrationReady
        self.unknownTaggedFields = unknownTaggedFields
    }

    /// The version range the broker supports for `key`, or nil when it does not support the API.
    public func versions(for key: APIKey) -> ClosedRange<Int16>? {
        apiKeys.first { $0.apiKey == key }?.versions
    }

    /// The highest version of `Request` that both this broker and Inlet support, or nil when there is none
    /// (the broker lacks the API, or the ranges do not overlap).
    public func negotiatedVersion<Request: KafkaRequest>(for _: Request.Type) -> Int16? {
        versions(for: Request.apiKey).flatMap(Request.negotiatedVersion(withBroker:))
    }

    /// Reads the body in `version`, or in v0 when that is what the broker sent: a broker that does not know the
    /// requested ApiVersions version answers UNSUPPORTED_VERSION in the v0 format, listing what it does support.
    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        guard version > 0 else {
            try self.init(reading: &buffer, version: 0)
            return
        }
        var attempt = buffer
        do {
            try self.init(reading: &attempt, version: version)
            if attempt.readableBytes == 0 {
                buffer = attempt
                return
            }
        } catch let error as KafkaWireError {
            guard
                buffer.getInteger(at: buffer.readerIndex, as: Int16.self) == KafkaErrorCode.unsupportedVersion.rawValue
            else { throw error }
        }
        var fallback = buffer
        do {
            try self.init(reading: &fallback, version: 0)
        } catch {
            // Not a v0 answer either: report the problem with the version that was asked for.
            try self.init(reading: &buffer, version: version)
            return
        }
        buffer = fallback
    }

    private init(reading buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 3
        self.init(apiKeys: [])
        errorCode = KafkaErrorCode(rawValue: try buffer.readKafkaInt16("ErrorCode"))
        apiKeys = try buffer.readKafkaArray("ApiKeys", compact: flexible) { buffer in
            let key = try buffer.readKafkaInt16("ApiKey")
            let min = try buffer.readKafkaInt16("MinVersion")
            let max = try buffer.readKafkaInt16("MaxVersion")
            if flexible { try buffer.readKafkaTaggedFields() }
            return ApiVersion(apiKey: APIKey(rawValue: key), minVersion: min, maxVersion: max)
        }
        if version >= 1 { throttleTimeMs = try buffer.readKafkaInt32("ThrottleTimeMs") }
        guard flexible else { return }
        var supported: [Feature] = []
        var epoch: Int64 = -1
        var finalized: [Feature] = []
        var migrationReady = false
        unknownTaggedFields = try buffer.readKafkaTaggedFields { tag, data in
            switch tag {
            case 0: supported = try Self.readFeatures(&data, field: "SupportedFeatures", finalized: false)
            case 1: epoch = try data.readKafkaInt64("FinalizedFeaturesEpoch")
            case 2: finalized = try Self.readFeatures(&data, field: "FinalizedFeatures", finalized: true)
            case 3: migrationReady = try data.readKafkaBool("ZkMigrationReady")
            default: return false
            }
            return true
        }
        supportedFeatures = supported
        finalizedFeaturesEpoch = epoch
        finalizedFeatures = finalized
        zkMigrationReady = migrationReady
    }

    public func write(into buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 3
        buffer.writeInteger(errorCode.rawValue)
        buffer.writeKafkaArray(apiKeys, compact: flexible) { buffer, api in
            buffer.writeInteger(api.apiKey.rawValue)
            buffer.writeInteger(api.minVersion)
            buffer.writeInteger(api.maxVersion)
            if flexible { buffer.writeEmptyKafkaTaggedFields() }
        }
        if version >= 1 { buffer.writeInteger(throttleTimeMs) }
        guard flexible else { return }
        var tagged = unknownTaggedFields
        if !supportedFeatures.isEmpty {
            tagged.append(
                KafkaTaggedField(tag: 0) { Self.writeFeatures(supportedFeatures, into: &$0, finalized: false) })
        }
        if finalizedFeaturesEpoch != -1 {
            tagged.append(KafkaTaggedField(tag: 1) { $0.writeInteger(finalizedFeaturesEpoch) })
        }
        if !finalizedFeatures.isEmpty {
            tagged.append(
                KafkaTaggedField(tag: 2) { Self.writeFeatures(finalizedFeatures, into: &$0, finalized: true) })
        }
        if zkMigrationReady { tagged.append(KafkaTaggedField(tag: 3) { $0.writeKafkaBool(true) }) }
        buffer.writeKafkaTaggedFields(tagged)
    }

    private static func readFeatures(_ buffer: inout ByteBuffer, field: String, finalized: Bool) throws -> [Feature] {
        try buffer.readKafkaArray(field, compact: true) { buffer in
            let name = try buffer.readKafkaString("Name", compact: true)
            let first = try buffer.readKafkaInt16(finalized ? "MaxVersionLevel" : "MinVersion")
            let second = try buffer.readKafkaInt16(finalized ? "MinVersionLevel" : "MaxVersion")
            try buffer.readKafkaTaggedFields()
            return finalized
                ? Feature(name: name, minVersion: second, maxVersion: first)
                : Feature(name: name, minVersion: first, maxVersion: second)
        }
    }

    private static func writeFeatures(_ features: [Feature], into buffer: inout ByteBuffer, finalized: Bool) {
        buffer.writeKafkaArray(features, compact: true) { buffer, feature in
            buffer.writeKafkaString(feature.name, compact: true)
            buffer.writeInteger(finalized ? feature.maxVersion : feature.minVersion)
            buffer.writeInteger(finalized ? feature.minVersion : feature.maxVersion)
            buffer.writeEmptyKafkaTaggedFields()
        }
    }
}
