import Foundation

/// The environment variables and files the credential chain and region resolution read.
///
/// A value rather than `ProcessInfo` so that tests (and a server with several identities) can pass their own.
public struct AWSEnvironment: Sendable {
    public var variables: [String: String]
    /// Where `~/.aws` lives; `HOME` when nil.
    public var homeDirectory: String?

    public init(variables: [String: String], homeDirectory: String? = nil) {
        self.variables = variables
        self.homeDirectory = homeDirectory
    }

    /// This process's environment.
    public static var process: AWSEnvironment {
        AWSEnvironment(variables: ProcessInfo.processInfo.environment)
    }

    /// A variable's value, nil when it is unset or empty.
    public subscript(_ name: String) -> String? {
        guard let value = variables[name], !value.isEmpty else { return nil }
        return value
    }

    /// `AWS_PROFILE`, else `default`.
    public var profileName: String { self["AWS_PROFILE"] ?? self["AWS_DEFAULT_PROFILE"] ?? "default" }

    private var home: String { homeDirectory ?? self["HOME"] ?? NSHomeDirectory() }

    /// `AWS_CONFIG_FILE`, else `~/.aws/config`.
    public var configFilePath: String { expand(self["AWS_CONFIG_FILE"] ?? "~/.aws/config") }

    /// `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`.
    public var credentialsFilePath: String { expand(self["AWS_SHARED_CREDENTIALS_FILE"] ?? "~/.aws/credentials") }

    func expand(_ path: String) -> String {
        if path == "~" { return home }
        if path.hasPrefix("~/") { return home + path.dropFirst() }
        return path
    }

    /// The shared config and credentials files, read now; a missing file is an empty one.
    public func sharedFiles() throws -> SharedConfigFiles {
        try SharedConfigFiles(configPath: configFilePath, credentialsPath: credentialsFilePath)
    }

    /// The region: `AWS_REGION`, `AWS_DEFAULT_REGION`, then the profile's `region` in the config file.
    public func region() throws -> String? {
        if let region = self["AWS_REGION"] ?? self["AWS_DEFAULT_REGION"] { return region }
        return try sharedFiles().profile(profileName)?["region"]
    }
}
