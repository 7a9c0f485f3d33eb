import AWS
import Foundation
import InletTestSupport
import Testing

/// Inlet's MSK IAM tokens against AWS's own signer (PyPI aws-msk-iam-sasl-signer-python, driven by
/// testpeers/msk_iam_token.py with its clock frozen), and AssumeRole's temporary credentials from moto signing
/// them.
@Suite(.timeLimit(.minutes(3))) struct MSKIAMTokenTests {
    struct PeerToken: Decodable {
        var token: String
        var expiry_ms: Int64
        var url: String
        var user_agent: String
    }

    /// 2026-01-02T03:04:05Z.
    static let signingTime = Date(timeIntervalSince1970: 1_767_323_045)

    static func awsSigner(_ credentials: AWSCredentials, region: String, host: String?) async throws -> PeerToken {
        var arguments = [
            PeerPaths.script("msk_iam_token.py"), "--access-key-id", credentials.accessKeyID,
            "--secret-access-key", credentials.secretAccessKey, "--region", region, "--time", "2026-01-02T03:04:05Z",
        ]
        if let token = credentials.sessionToken { arguments += ["--session-token", token] }
        if let host { arguments += ["--host", host] }
        try await PeerEnvironment.requirePythonModule("aws_msk_iam_sasl_signer")
        let result = try await PeerCommand.run(
            name: "msk_iam_token", executable: try await PeerEnvironment.python(), arguments: arguments)
        return try JSONDecoder().decode(PeerToken.self, from: Data(result.output.utf8))
    }

    static func decode(_ token: String) -> String {
        var text = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.count % 4 != 0 { text += "=" }
        return String(decoding: Data(base64Encoded: text) ?? Data(), as: UTF8.self)
    }

    @Test(arguments: [
        (nil as String?, nil as String?, "us-east-1"),
        ("FQoGZXIvYXdzEJr//////////wEaDOdY+/ab=", nil, "us-east-1"),
        (nil, "b-1.inlet-msk.abc123.c2.kafka.eu-west-1.amazonaws.com", "eu-west-1"),
        ("IQoJb3JpZ2luX2VjEJr+token/with=signs", "b-3.example.internal", "ap-southeast-2"),
    ])
    func tokenEqualsAWSSigner(sessionToken: String?, host: String?, region: String) async throws {
        let credentials = AWSCredentials(
            accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            sessionToken: sessionToken)
        let peer = try await Self.awsSigner(credentials, region: region, host: host)
        let ours = MSKIAMToken(
            credentials: credentials, region: region, host: host ?? MSKIAMToken.regionalHost(region),
            date: Self.signingTime, userAgent: peer.user_agent)
        #expect(Self.decode(ours.value) == peer.url)
        #expect(ours.value == peer.token)
        #expect(Int64(ours.expiration.timeIntervalSince1970 * 1000) == peer.expiry_ms)
        #expect(!ours.value.contains("=") && !ours.value.contains("+") && !ours.value.contains("/"))
        #expect(!String(describing: ours).contains(ours.value))
    }

    @Test func aDifferentSecretMakesADifferentToken() async throws {
        let right = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "right")
        var wrong = right
        wrong.secretAccessKey = "wrong"
        let peer = try await Self.awsSigner(right, region: "us-east-1", host: "b-1.msk")
        let ours = MSKIAMToken(
            credentials: wrong, region: "us-east-1", host: "b-1.msk", date: Self.signingTime,
            userAgent: peer.user_agent)
        #expect(ours.value != peer.token)
    }

    @Test func assumedRoleCredentialsSignTheToken() async throws {
        try await withSharedMoto { moto in
            let sts = STSClient(client: moto.client())
            let chain = AWSCredentialChain(providers: [
                AssumeRoleCredentialProvider(roleARN: moto.account.mskRoleARN, sessionName: "inlet-test", sts: sts)
            ])
            let tokens = MSKIAMTokenProvider(
                region: moto.account.region, credentials: chain, now: { Self.signingTime })
            let token = try await tokens.token(forHost: "b-1.msk.internal")
            guard let assumed = try await chain.credentials() else {
                Issue.record("the chain kept no credentials")
                return
            }
            // Kept, not fetched again: the same temporary credentials sign the next token.
            #expect(try await chain.credentials() == assumed)
            #expect(assumed.accessKeyID != moto.account.accessKeyID)
            #expect(assumed.sessionToken != nil && assumed.expiration != nil)
            // moto verifies the temporary key's signature and says whose it is: the assumed role's.
            let identity = try await STSClient(client: moto.client(credentials: assumed)).getCallerIdentity()
            #expect(identity.arn.contains(":assumed-role/inlet-msk/inlet-test"))
            // The token carries that key and session token, exactly as AWS's signer would sign them.
            let url = Self.decode(token.value)
            #expect(url.contains("X-Amz-Credential=\(assumed.accessKeyID)%2F"))
            #expect(url.contains("X-Amz-Security-Token="))
            let peer = try await Self.awsSigner(assumed, region: moto.account.region, host: "b-1.msk.internal")
            let same = MSKIAMToken(
                credentials: assumed, region: moto.account.region, host: "b-1.msk.internal",
                date: Self.signingTime, userAgent: peer.user_agent)
            #expect(same.value == peer.token)
            #expect(
                token.value
                    == MSKIAMToken(
                        credentials: assumed, region: moto.account.region, host: "b-1.msk.internal",
                        date: Self.signingTime
                    ).value)
        }
    }
}
