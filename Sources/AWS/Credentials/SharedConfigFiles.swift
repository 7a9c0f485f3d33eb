import Foundation

/// The shared `config` and `credentials` files (`~/.aws/config`, `~/.aws/credentials`) as profiles.
///
/// In `config` a profile is `[profile NAME]` (or `[default]`), in `credentials` it is `[NAME]`; a profile's
/// settings are the config file's with the credentials file's on top, as the AWS CLI reads them. Indented
/// sub-settings (`s3 =` followed by indented lines) are skipped: nothing here uses them.
public struct SharedConfigFiles: Sendable {
    public typealias Profile = [String: String]

    private var config: [String: Profile]
    private var credentials: [String: Profile]
    /// The files that were read, for messages.
    public var configPath: String
    public var credentialsPath: String

    public init(configPath: String, credentialsPath: String) throws {
        self.configPath = configPath
        self.credentialsPath = credentialsPath
        config = try Self.read(configPath, isConfig: true)
        credentials = try Self.read(credentialsPath, isConfig: false)
    }

    /// Parses the files' texts instead of reading them (for tests and embedded settings).
    public init(configText: String = "", credentialsText: String = "") {
        configPath = "config"
        credentialsPath = "credentials"
        config = Self.parse(configText, isConfig: true)
        credentials = Self.parse(credentialsText, isConfig: false)
    }

    /// The profile's merged settings, nil when neither file has it.
    public func profile(_ name: String) -> Profile? {
        let fromConfig = config[name]
        let fromCredentials = credentials[name]
        if fromConfig == nil && fromCredentials == nil { return nil }
        return (fromConfig ?? [:]).merging(fromCredentials ?? [:]) { $1 }
    }

    /// Every profile name either file defines.
    public var profileNames: [String] { Set(config.keys).union(credentials.keys).sorted() }

    private static func read(_ path: String, isConfig: Bool) throws -> [String: Profile] {
        guard FileManager.default.fileExists(atPath: path) else { return [:] }
        do {
            return parse(try String(contentsOfFile: path, encoding: .utf8), isConfig: isConfig)
        } catch {
            throw AWSError.configuration(
                "cannot read the AWS \(isConfig ? "config" : "credentials") file \(path): \(error)")
        }
    }

    static func parse(_ text: String, isConfig: Bool) -> [String: Profile] {
        var profiles: [String: Profile] = [:]
        var current: String?
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            if rawLine.first == " " || rawLine.first == "\t" { continue }  // a sub-setting of the line before
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]") else {
                    current = nil
                    continue
                }
                let section = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                current = profileName(ofSection: section, isConfig: isConfig)
                if let current, profiles[current] == nil { profiles[current] = [:] }
                continue
            }
            guard let current, let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            // An inline comment needs whitespace before its marker: `region = us-east-1 # home`.
            if let range = value.range(of: " #") ?? value.range(of: " ;") ?? value.range(of: "\t#") {
                value = value[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
            }
            if !key.isEmpty { profiles[current]?[key] = value }
        }
        return profiles
    }

    private static func profileName(ofSection section: String, isConfig: Bool) -> String? {
        guard isConfig else { return section }
        if section == "default" { return section }
        if section.hasPrefix("profile ") || section.hasPrefix("profile\t") {
            return section.dropFirst("profile".count).trimmingCharacters(in: .whitespaces)
        }
        return nil  // sso-session, services, … sections are not profiles
    }
}
