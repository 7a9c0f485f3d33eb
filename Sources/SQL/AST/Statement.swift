/// One parsed SQL statement.
///
/// DDL for secrets and connections is parsed into structure; queries (`SELECT`, `WITH`, `VALUES`, `TABLE`)
/// are kept as text for the storage engine, which has its own SQL dialect.
public enum Statement: Hashable, Sendable {
    case createSecret(CreateSecret)
    /// `ALTER SECRET [IF EXISTS] name AS value`.
    case alterSecret(name: String, value: SecretValue, ifExists: Bool = false)
    case dropSecret(DropObjects)
    /// `SHOW SECRETS [FROM schema] [LIKE 'pattern']`.
    case showSecrets(like: String?)
    case createConnection(CreateConnection)
    /// `ALTER CONNECTION [IF EXISTS] name …`.
    case alterConnection(name: String, action: AlterConnectionAction, ifExists: Bool = false)
    case validateConnection(name: String)
    case dropConnection(DropObjects)
    /// `SHOW CONNECTIONS [FROM schema] [LIKE 'pattern']`.
    case showConnections(like: String?)
    case showCreateConnection(name: String)
    case createSource(CreateSource)
    case createTableFromSource(CreateTableFromSource)
    /// `DROP SOURCE [IF EXISTS] name [, …] [CASCADE|RESTRICT]`.
    case dropSource(DropObjects)
    /// `DROP TABLE [IF EXISTS] name [, …] [CASCADE|RESTRICT]`.
    case dropTable(DropObjects)
    /// `SHOW SOURCES [FROM schema] [LIKE 'pattern']`.
    case showSources(like: String?)
    /// `SHOW TABLES [FROM schema] [LIKE 'pattern']`.
    case showTables(like: String?)
    case showCreateSource(name: String)
    /// `SHOW COLUMNS FROM relation [LIKE 'pattern']`.
    case showColumns(relation: String, like: String?)
    case setVariable(SetVariable)
    case resetVariable(name: String?)
    case showVariable(name: String?)
    case transaction(TransactionCommand)
    case query(Query)
    case copyTo(CopyTo)
    case cursor(CursorCommand)
    /// `SUBSCRIBE …`: the relation's changes, streamed until the client cancels.
    case subscribe(Subscribe)
    /// `CREATE VIEW`, `DROP VIEW`, `SHOW VIEWS`, `SHOW CREATE VIEW`.
    case view(ViewStatement)
    /// An empty statement (`;` alone): PostgreSQL answers EmptyQueryResponse.
    case empty

    /// The command tag PostgreSQL clients expect in CommandComplete (queries add their row count).
    public var commandTag: String {
        switch self {
        case .createSecret: return "CREATE SECRET"
        case .alterSecret: return "ALTER SECRET"
        case .dropSecret: return "DROP SECRET"
        case .showSecrets, .showConnections, .showCreateConnection, .showVariable, .showSources, .showTables,
            .showCreateSource, .showColumns:
            return "SHOW"
        case .createConnection: return "CREATE CONNECTION"
        case .alterConnection: return "ALTER CONNECTION"
        case .validateConnection: return "VALIDATE CONNECTION"
        case .dropConnection: return "DROP CONNECTION"
        case .createSource: return "CREATE SOURCE"
        case .createTableFromSource: return "CREATE TABLE"
        case .dropSource: return "DROP SOURCE"
        case .dropTable: return "DROP TABLE"
        case .setVariable: return "SET"
        case .resetVariable: return "RESET"
        case .transaction(let command): return command.commandTag
        case .query: return "SELECT"
        case .copyTo: return "COPY"
        case .cursor(let command): return command.commandTag
        case .subscribe: return "SUBSCRIBE"
        case .view(let view): return view.commandTag
        case .empty: return ""
        }
    }

    /// True for statements that change the catalog.
    public var isDDL: Bool {
        switch self {
        case .createSecret, .alterSecret, .dropSecret, .createConnection, .alterConnection, .dropConnection,
            .createSource, .createTableFromSource, .dropSource, .dropTable:
            return true
        case .view(let view):
            return view.isDDL
        default:
            return false
        }
    }
}

/// `CREATE SECRET [IF NOT EXISTS] name AS value`.
public struct CreateSecret: Hashable, Sendable {
    public var name: String
    public var ifNotExists: Bool
    public var value: SecretValue

    public init(name: String, ifNotExists: Bool, value: SecretValue) {
        self.name = name
        self.ifNotExists = ifNotExists
        self.value = value
    }
}

/// A secret's value as written: the bytes are already decoded (`decode('…', 'base64')`).
///
/// Its description never shows the bytes, so a statement can be logged or compared in a test failure safely.
public struct SecretValue: Hashable, Sendable, CustomStringConvertible {
    public var bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }

    public var description: String { "<secret, \(bytes.count) bytes>" }
}

/// `DROP SECRET|CONNECTION|SOURCE|TABLE [IF EXISTS] name [, …] [CASCADE|RESTRICT]`.
public struct DropObjects: Hashable, Sendable {
    public var names: [String]
    public var ifExists: Bool
    public var cascade: Bool

    public init(names: [String], ifExists: Bool, cascade: Bool) {
        self.names = names
        self.ifExists = ifExists
        self.cascade = cascade
    }
}

/// `SET [SESSION|LOCAL] name {TO|=} value[, …] | DEFAULT`.
public struct SetVariable: Hashable, Sendable {
    public var name: String
    /// nil means DEFAULT.
    public var value: String?
    public var isLocal: Bool

    public init(name: String, value: String?, isLocal: Bool = false) {
        self.name = name
        self.value = value
        self.isLocal = isLocal
    }
}

/// BEGIN / COMMIT / ROLLBACK and savepoints: accepted so that drivers which wrap work in transactions (and
/// psycopg's nested `transaction()` blocks) can run.
public enum TransactionCommand: Hashable, Sendable {
    case begin, commit, rollback
    /// `SAVEPOINT name`, `RELEASE [SAVEPOINT] name`, `ROLLBACK TO [SAVEPOINT] name`.
    case savepoint(String), release(String), rollbackTo(String)

    public var isSavepoint: Bool {
        switch self {
        case .savepoint, .release, .rollbackTo: return true
        case .begin, .commit, .rollback: return false
        }
    }

    public var commandTag: String {
        switch self {
        case .begin: return "BEGIN"
        case .commit: return "COMMIT"
        case .rollback, .rollbackTo: return "ROLLBACK"
        case .savepoint: return "SAVEPOINT"
        case .release: return "RELEASE"
        }
    }
}

/// A query handed to the storage engine as text, with the `$n` parameters it uses.
public struct Query: Hashable, Sendable {
    /// The statement's text exactly as the client wrote it.
    public var text: String
    /// The highest `$n` used, i.e. how many parameters the query takes.
    public var parameterCount: Int

    public init(text: String, parameterCount: Int) {
        self.text = text
        self.parameterCount = parameterCount
    }
}
