/// `CREATE CONNECTION … TO AWS (ACCESS KEY ID = …, SECRET ACCESS KEY = SECRET …, [SESSION TOKEN = …,]
/// [ASSUME ROLE ARN = '…' [, ASSUME ROLE SESSION NAME = '…'],] REGION = '…' [, ENDPOINT = '…'])`, checked, in
/// Materialize's shape: an access key pair (secrets by name), optionally a role to assume through STS; or only
/// `ASSUME ROLE ARN`, assumed with the server's own credentials (the standard AWS chain).
///
/// A KAFKA connection names it in `AWS CONNECTION = name` to sign in to Amazon MSK with IAM.
public struct AWSConnectionDefinition: Hashable, Sendable, Codable {
    /// nil when the role is assumed with the server's own credentials.
    public var accessKeyID: TextOrSecret?
    /// The name of the secret holding the secret access key; nil with `accessKeyID`.
    public var secretAccessKey: String?
    public var sessionToken: TextOrSecret?
    public var assumeRoleARN: String?
    public var assumeRoleSessionName: String?
    public var region: String
    /// Sends the connection's AWS calls (STS) to this URL instead of AWS's (tests, private API endpoints).
    public var endpoint: String?

    public init(
        accessKeyID: TextOrSecret?, secretAccessKey: String?, sessionToken: TextOrSecret? = nil,
        assumeRoleARN: String? = nil, assumeRoleSessionName: String? = nil, region: String, endpoint: String? = nil
    ) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.assumeRoleARN = assumeRoleARN
        self.assumeRoleSessionName = assumeRoleSessionName
        self.region = region
        self.endpoint = endpoint
    }

    init(reading reader: OptionReader) throws(SQLError) {
        accessKeyID = try reader.textOrSecret("ACCESS KEY ID")
        if let option = reader.option("SECRET ACCESS KEY") {
            guard case .secret(let secretName) = option.value else {
                throw SQLError(
                    sqlState: "22023",
                    message:
                        "SECRET ACCESS KEY must name a secret, not be written inline; CREATE SECRET name AS '…' and "
                        + "write SECRET ACCESS KEY = SECRET name",
                    position: option.position)
            }
            secretAccessKey = secretName
        } else {
            secretAccessKey = nil
        }
        sessionToken = try reader.textOrSecret("SESSION TOKEN")
        assumeRoleARN = try reader.text(
            "ASSUME ROLE ARN", example: "ASSUME ROLE ARN = 'arn:aws:iam::123456789012:role/inlet'")
        assumeRoleSessionName = try reader.text(
            "ASSUME ROLE SESSION NAME", example: "ASSUME ROLE SESSION NAME = 'inlet'")
        region = try reader.requiredText("REGION", example: "REGION = 'us-east-1'")
        endpoint = try reader.text("ENDPOINT", example: "ENDPOINT = 'https://sts.us-east-1.amazonaws.com'")
        if accessKeyID != nil, secretAccessKey == nil {
            throw reader.missing("SECRET ACCESS KEY", example: "SECRET ACCESS KEY = SECRET name beside ACCESS KEY ID")
        }
        if secretAccessKey != nil, accessKeyID == nil {
            throw reader.missing("ACCESS KEY ID", example: "ACCESS KEY ID = 'AKIA…' (or SECRET name)")
        }
        if accessKeyID == nil, assumeRoleARN == nil {
            throw reader.missing(
                "ACCESS KEY ID or ASSUME ROLE ARN",
                example:
                    "ACCESS KEY ID = 'AKIA…', SECRET ACCESS KEY = SECRET name, or ASSUME ROLE ARN = 'arn:aws:iam::…:role/…'"
            )
        }
        if sessionToken != nil, accessKeyID == nil {
            throw reader.missing("ACCESS KEY ID", example: "ACCESS KEY ID and SECRET ACCESS KEY beside SESSION TOKEN")
        }
        if let assumeRoleARN, !assumeRoleARN.hasPrefix("arn:") {
            throw reader.invalid(
                "ASSUME ROLE ARN '\(assumeRoleARN)' is not an ARN; write 'arn:aws:iam::ACCOUNT:role/NAME'",
                option: "ASSUME ROLE ARN")
        }
        if assumeRoleSessionName != nil, assumeRoleARN == nil {
            throw reader.missing(
                "ASSUME ROLE ARN", example: "ASSUME ROLE ARN = 'arn:aws:iam::…:role/…' beside ASSUME ROLE SESSION NAME")
        }
        guard region.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }), !region.isEmpty else {
            throw reader.invalid(
                "REGION '\(region)' is not an AWS region; write e.g. REGION = 'us-east-1'", option: "REGION")
        }
    }

    /// Every secret referenced, by name, without duplicates.
    public var referencedSecrets: [String] {
        var names: [String] = []
        for name in [accessKeyID?.secretName, secretAccessKey, sessionToken?.secretName].compactMap({ $0 })
        where !names.contains(name) {
            names.append(name)
        }
        return names
    }
}
