import SQL

/// The session's configuration parameters (SET / SHOW / RESET) with PostgreSQL's names and defaults.
struct SessionVariables: Sendable {
    struct Definition: Sendable {
        var name: String
        var defaultValue: String
        var description: String
        /// Sent in ParameterStatus at startup and when it changes.
        var reported: Bool
        var settable: Bool
    }

    static func definitions(serverVersion: String) -> [Definition] {
        [
            Definition(
                name: "application_name", defaultValue: "",
                description: "Sets the application name to be reported in statistics and logs.", reported: true,
                settable: true),
            Definition(
                name: "client_encoding", defaultValue: "UTF8",
                description: "Sets the client's character set encoding (only UTF8).", reported: true, settable: true),
            Definition(
                name: "client_min_messages", defaultValue: "notice",
                description: "Sets the message levels that are sent to the client.", reported: false, settable: true),
            Definition(
                name: "cluster", defaultValue: "default",
                description: "Sets the current cluster (accepted for Materialize compatibility).", reported: false,
                settable: true),
            Definition(
                name: "database", defaultValue: "materialize", description: "Sets the current database.",
                reported: false, settable: true),
            Definition(
                name: "datestyle", defaultValue: "ISO, MDY",
                description: "Sets the display format for date and time values.", reported: true, settable: true),
            Definition(
                name: "extra_float_digits", defaultValue: "3",
                description: "Adjusts the number of digits displayed for floating-point values.", reported: false,
                settable: true),
            Definition(
                name: "integer_datetimes", defaultValue: "on",
                description: "Reports whether datetimes are integer based.", reported: true, settable: false),
            Definition(
                name: "intervalstyle", defaultValue: "postgres",
                description: "Sets the display format for interval values.", reported: true, settable: true),
            Definition(
                name: "is_superuser", defaultValue: "off",
                description: "Reports whether the current user is a superuser.", reported: true, settable: false),
            Definition(
                name: "search_path", defaultValue: "public",
                description: "Sets the schema search order for names that are not schema-qualified.", reported: false,
                settable: true),
            Definition(
                name: "server_encoding", defaultValue: "UTF8",
                description: "Reports the server's character set encoding.", reported: true, settable: false),
            Definition(
                name: "server_version", defaultValue: serverVersion, description: "Reports the version of the server.",
                reported: true, settable: false),
            Definition(
                name: "server_version_num", defaultValue: Self.versionNumber(serverVersion),
                description: "Reports the version of the server as an integer.", reported: false, settable: false),
            Definition(
                name: "session_authorization", defaultValue: "materialize",
                description: "Reports the session user name.", reported: true, settable: false),
            Definition(
                name: "standard_conforming_strings", defaultValue: "on",
                description: "Causes '...' strings to treat backslashes literally.", reported: true, settable: true),
            Definition(
                name: "statement_timeout", defaultValue: "0",
                description: "Sets the maximum allowed duration of any statement.", reported: false, settable: true),
            Definition(
                name: "timezone", defaultValue: "UTC",
                description: "Sets the time zone for displaying and interpreting time stamps.", reported: true,
                settable: true),
            Definition(
                name: "transaction_isolation", defaultValue: "serializable",
                description: "Sets the current transaction's isolation level.", reported: false, settable: true),
        ]
    }

    /// `15.0.0` → `150000`.
    static func versionNumber(_ version: String) -> String {
        let parts = version.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        let major = parts.first ?? 0
        let minor = parts.count > 1 ? parts[1] : 0
        return String(major * 10_000 + minor)
    }

    /// PostgreSQL's spelling of reported names in ParameterStatus.
    static let reportedNames = ["datestyle": "DateStyle", "intervalstyle": "IntervalStyle", "timezone": "TimeZone"]

    let definitions: [Definition]
    private var values: [String: String] = [:] {
        didSet { generation &+= 1 }
    }
    /// Bumped by every change, so what is derived from the values (a query's context) can be kept until then.
    private(set) var generation = 0

    init(serverVersion: String, user: String?) {
        definitions = Self.definitions(serverVersion: serverVersion)
        for definition in definitions { values[definition.name] = definition.defaultValue }
        if let user { values["session_authorization"] = user }
    }

    func definition(_ name: String) throws(SQLError) -> Definition {
        guard let definition = definitions.first(where: { $0.name == name.lowercased() }) else {
            throw SQLError(
                sqlState: "42704", message: "unrecognized configuration parameter \"\(name)\"",
                hint: "SHOW ALL lists the parameters this server knows")
        }
        return definition
    }

    func value(_ name: String) throws(SQLError) -> String {
        let definition = try definition(name)
        return values[definition.name] ?? definition.defaultValue
    }

    /// Sets a variable (nil resets it); read-only and invalid values are errors.
    mutating func set(_ name: String, to value: String?) throws(SQLError) {
        let definition = try definition(name)
        guard definition.settable else {
            throw SQLError(sqlState: "55P02", message: "parameter \"\(definition.name)\" cannot be changed")
        }
        guard let value else {
            values[definition.name] = definition.defaultValue
            return
        }
        if definition.name == "client_encoding", !["utf8", "utf-8", "unicode"].contains(value.lowercased()) {
            throw SQLError(
                sqlState: "22023", message: "client_encoding \(value) is not supported; Inlet speaks UTF8 only",
                hint: "SET client_encoding TO 'UTF8'")
        }
        values[definition.name] = definition.name == "client_encoding" ? "UTF8" : value
    }

    /// Applies startup parameters the client sent; unknown and read-only ones are ignored, as PostgreSQL
    /// ignores unknown ones only for its own options, which clients rarely send.
    mutating func applyStartup(_ parameters: [String: String]) {
        for (name, value) in parameters where name != "user" {
            try? set(name, to: value)
        }
    }

    var reported: [(name: String, value: String)] {
        definitions.filter(\.reported).map { definition in
            (Self.reportedNames[definition.name] ?? definition.name, values[definition.name] ?? definition.defaultValue)
        }
    }

    var all: [[String?]] {
        definitions.map { [$0.name, values[$0.name] ?? $0.defaultValue, $0.description] }
    }
}
