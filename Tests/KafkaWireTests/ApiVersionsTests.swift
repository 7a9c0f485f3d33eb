import KafkaWire
import NIOCore
import Testing

@Suite struct ApiVersionsTests {
    @Test(arguments: ApiVersionsRequest.supportedVersions)
    func requestRoundTrips(version: Int16) throws {
        let request =
            version >= 3
            ? ApiVersionsRequest(clientSoftwareName: "inlet", clientSoftwareVersion: "0.1.0")
            : ApiVersionsRequest(clientSoftwareName: "", clientSoftwareVersion: "")
        var buffer = ByteBuffer()
        try request.write(into: &buffer, version: version)
        if version < 3 { #expect(buffer.readableBytes == 0) }
        let decoded = try ApiVersionsRequest(from: &buffer, version: version)
        #expect(decoded == request)
        #expect(buffer.readableBytes == 0)
    }

    @Test(arguments: ApiVersionsRequest.supportedVersions)
    func responseRoundTrips(version: Int16) throws {
        var response = ApiVersionsResponse(
            apiKeys: [
                .init(apiKey: .produce, minVersion: 0, maxVersion: 11),
                .init(apiKey: .apiVersions, minVersion: 0, maxVersion: 4),
            ],
            throttleTimeMs: version >= 1 ? 12 : 0)
        if version >= 3 {
            response.supportedFeatures = [.init(name: "metadata.version", minVersion: 1, maxVersion: 21)]
            response.finalizedFeaturesEpoch = 7
            response.finalizedFeatures = [.init(name: "metadata.version", minVersion: 21, maxVersion: 21)]
            response.zkMigrationReady = true
            response.unknownTaggedFields = [KafkaTaggedField(tag: 9, data: ByteBuffer(bytes: [1]))]
        }
        try expectResponseRoundTrip(response, for: ApiVersionsRequest.self, version: version)
        #expect(response.versions(for: .produce) == 0...11)
        #expect(response.versions(for: .metadata) == nil)
        #expect(response.negotiatedVersion(for: MetadataRequest.self) == nil)
        #expect(response.negotiatedVersion(for: ProduceRequest.self) == 11)
        let old = ApiVersionsResponse(apiKeys: [.init(apiKey: .fetch, minVersion: 0, maxVersion: 3)])
        #expect(old.negotiatedVersion(for: FetchRequest.self) == nil, "Fetch v0-3 has no record batches v2")
    }

    @Test func responseV3EncodesAsSpecified() throws {
        let response = ApiVersionsResponse(apiKeys: [.init(apiKey: .metadata, minVersion: 0, maxVersion: 12)])
        var buffer = ByteBuffer()
        try response.write(into: &buffer, version: 3)
        // error 0 | compact array of 1 | key 3, 0...12, no tags | throttle 0 | no tags
        #expect(buffer.hexString == "0000" + "02" + "0003" + "0000" + "000c" + "00" + "00000000" + "00")
    }

    @Test func unsupportedVersionAnswersInV0FormatAreRead() throws {
        // An old broker asked for ApiVersions v3 answers UNSUPPORTED_VERSION with a v0 body.
        let old = ApiVersionsResponse(
            errorCode: .unsupportedVersion, apiKeys: [.init(apiKey: .apiVersions, minVersion: 0, maxVersion: 2)])
        var frame = ByteBuffer()
        frame.writeInteger(Int32(9))
        try old.write(into: &frame, version: 0)
        let decoded = try decodeResponse(ApiVersionsRequest.self, version: 3, frame: frame)
        #expect(decoded.errorCode == .unsupportedVersion)
        #expect(decoded.versions(for: .apiVersions) == 0...2)
        // Anything else that does not parse is still an error naming the message.
        var garbage = ByteBuffer()
        garbage.writeInteger(Int32(9))
        garbage.writeBytes([0, 0, 5, 1])
        let error = try #require(throws: KafkaWireError.self) {
            try decodeResponse(ApiVersionsRequest.self, version: 3, frame: garbage)
        }
        #expect(error.messageName == "ApiVersionsResponse v3")
    }
}
