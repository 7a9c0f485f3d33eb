/// Where the rows of a result that is not read yet come from: the SQL layer's cursor, as the wire layer sees it.
///
/// The channel handler asks for the next batch when the socket can take it; the state machine turns each batch
/// into DataRow or CopyData messages.
public protocol PGRowSource: AnyObject, Sendable {
    /// Reads up to `maxRows` more rows (text format, nil is NULL) and calls `completion` once, on any thread;
    /// fewer rows than asked for means the result is exhausted.
    func fetch(maxRows: Int, completion: @escaping @Sendable (Result<[[String?]], PGErrorFields>) -> Void)
    /// Stops the query: a fetch in flight or later fails with `error`.
    func cancel(_ error: PGErrorFields)
    /// Ends the source without reading further.
    func close()
    /// A continual source (SUBSCRIBE) waits for rows instead of running out: only an empty batch is its end.
    var isContinual: Bool { get }
}

extension PGRowSource {
    public var isContinual: Bool { false }
}

/// The open rest of one result, owned by a portal (or a simple query) while its rows are sent; closed when the
/// last owner lets go, so a portal dropped at Sync, by Close or with the connection releases its query.
public final class PGRowStream: Sendable, Equatable {
    public let source: any PGRowSource

    public init(_ source: any PGRowSource) {
        self.source = source
    }

    deinit {
        source.close()
    }

    public static func == (lhs: PGRowStream, rhs: PGRowStream) -> Bool {
        lhs === rhs
    }
}
