/// The rows of the sources the source corpus reads, as Kafka records for Inlet and as INSERTs for PostgreSQL, the
/// views both define over them (the same statements), and the queries, over the sources' relations and the views.
enum SourceCorpus {
    /// `orders_json` (FORMAT JSON): one document per order; order 5 has no `qty`, order 11 no `tags`.
    static let orders: [String] = [
        #"{"id": 1, "placed": "2024-01-05", "customer": "alice", "qty": 3, "price": 1250, "status": "paid", "tags": ["a", "b"]}"#,
        #"{"id": 2, "placed": "2024-01-31", "customer": "bob", "qty": 1, "price": 500, "status": "open", "tags": ["b"]}"#,
        #"{"id": 3, "placed": "2024-02-29", "customer": "alice", "qty": 7, "price": 300, "status": "paid", "tags": []}"#,
        #"{"id": 4, "placed": "2024-03-01", "customer": "carol", "qty": 2, "price": 9900, "status": "cancelled", "tags": ["a"]}"#,
        #"{"id": 5, "placed": "2024-03-15", "customer": "dave", "price": 450, "status": "open", "tags": null}"#,
        #"{"id": 6, "placed": "2023-12-31", "customer": "bob", "qty": 4, "price": 1200, "status": "paid", "tags": ["c", "a"]}"#,
        #"{"id": 7, "placed": "2024-06-30", "customer": "eve", "qty": 5, "price": 800, "status": "paid", "tags": ["a"]}"#,
        #"{"id": 8, "placed": "2024-07-01", "customer": "alice", "qty": 1, "price": 150, "status": "open", "tags": ["b", "c"]}"#,
        #"{"id": 9, "placed": "2024-10-10", "customer": "frank", "qty": 9, "price": 2000, "status": "paid", "tags": []}"#,
        #"{"id": 10, "placed": "2024-12-25", "customer": "carol", "qty": 3, "price": 700, "status": "open", "tags": ["a"]}"#,
        #"{"id": 11, "placed": "2025-01-01", "customer": "bob", "qty": 6, "price": 650, "status": "cancelled"}"#,
        #"{"id": 12, "placed": "2024-02-01", "customer": "eve", "qty": 2, "price": 1100, "status": "paid", "tags": ["b"], "gift": true}"#,
    ]
    /// `customers_csv` (FORMAT CSV WITH 3 COLUMNS, named id, name, city); grace has no orders, dave's city repeats.
    static let customers: [String] = [
        "1,alice,Oslo", "2,bob,Bergen", "3,carol,Oslo", "4,dave,Tromsø", "5,eve,Bergen", "6,frank,Oslo",
        "7,grace,Stavanger",
    ]
    /// `notes` (FORMAT TEXT).
    static let notes: [String] = [
        "error: disk full", "info: started", "warn: slow response", "error: timeout", "info: done", "Info: Mixed Case",
    ]
    /// `inventory` (KEY FORMAT TEXT VALUE FORMAT JSON ENVELOPE UPSERT): sku1 is updated, sku4 deleted.
    static let inventoryRecords: [(key: String, value: String?)] = [
        ("sku1", #"{"stock": 5, "name": "bolt"}"#), ("sku2", #"{"stock": 0, "name": "nut"}"#),
        ("sku1", #"{"stock": 8, "name": "bolt"}"#), ("sku3", #"{"stock": 2, "name": "gear"}"#),
        ("sku4", #"{"stock": 1, "name": "cog"}"#), ("sku4", nil),
    ]
    /// What the UPSERT source holds after its records: the latest value of each key that was not deleted.
    static var inventory: [(key: String, value: String)] {
        var state: [String: String] = [:]
        for record in inventoryRecords { state[record.key] = record.value }
        // A record without a value (a tombstone) removed its key above.
        return state.map { (key: $0.key, value: $0.value) }.sorted { $0.key < $1.key }
    }

    /// `events` (FORMAT JSON INCLUDE TIMESTAMP AS ts): each record carries its Kafka timestamp (milliseconds since
    /// the epoch), which PostgreSQL's table holds as the same `timestamp`.
    static let events: [(milliseconds: Int64, text: String, value: String)] = [
        (1_706_689_800_250, "2024-01-31 08:30:00.25", #"{"id": 1, "kind": "start", "d": "1 mon"}"#),
        (1_709_251_199_999, "2024-02-29 23:59:59.999", #"{"id": 2, "kind": "stop", "d": "1 day 02:00:00"}"#),
        (1_709_251_200_000, "2024-03-01 00:00:00", #"{"id": 3, "kind": "start", "d": "-90 minutes"}"#),
        (1_735_646_400_500, "2024-12-31 12:00:00.5", #"{"id": 4, "kind": "stop", "d": "1 year"}"#),
        (1_686_809_228_000, "2023-06-15 06:07:08", #"{"id": 5, "kind": "start"}"#),
    ]

    /// The sources in Inlet (a connection `kafka_conn` exists).
    static let inletSources = """
        CREATE SOURCE orders_json FROM KAFKA CONNECTION kafka_conn (TOPIC 'orders') FORMAT JSON;
        CREATE SOURCE customers_csv (id, name, city) FROM KAFKA CONNECTION kafka_conn (TOPIC 'customers')
            FORMAT CSV WITH 3 COLUMNS;
        CREATE SOURCE notes FROM KAFKA CONNECTION kafka_conn (TOPIC 'notes') FORMAT TEXT;
        CREATE SOURCE inventory FROM KAFKA CONNECTION kafka_conn (TOPIC 'inventory')
            KEY FORMAT TEXT VALUE FORMAT JSON ENVELOPE UPSERT;
        CREATE SOURCE events FROM KAFKA CONNECTION kafka_conn (TOPIC 'events') FORMAT JSON INCLUDE TIMESTAMP AS ts;
        """

    /// Tables of the same shapes in PostgreSQL, with the same rows.
    static var postgresTables: String {
        func literal(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
        var script = """
            CREATE TABLE orders_json (data jsonb NOT NULL);
            CREATE TABLE customers_csv (id text NOT NULL, name text NOT NULL, city text NOT NULL);
            CREATE TABLE notes (text text NOT NULL);
            CREATE TABLE inventory (key text NOT NULL, data jsonb NOT NULL);
            CREATE TABLE events (data jsonb NOT NULL, ts timestamp NOT NULL);

            """
        script += orders.map { "INSERT INTO orders_json VALUES (\(literal($0)));\n" }.joined()
        script += customers.map { line in
            let fields = line.split(separator: ",").map { literal(String($0)) }
            return "INSERT INTO customers_csv VALUES (\(fields.joined(separator: ", ")));\n"
        }.joined()
        script += notes.map { "INSERT INTO notes VALUES (\(literal($0)));\n" }.joined()
        script += inventory.map { "INSERT INTO inventory VALUES (\(literal($0.key)), \(literal($0.value)));\n" }
            .joined()
        script += events.map { "INSERT INTO events VALUES (\(literal($0.value)), \(literal($0.text)));\n" }.joined()
        return script
    }

    /// The views, the same statements for both.
    static let views = """
        CREATE VIEW orders AS SELECT (data->>'id')::int AS id, data->>'customer' AS customer,
            (data->>'qty')::int AS qty, (data->>'price')::int AS price, data->>'status' AS status, (data->>'placed')::date AS placed
            FROM orders_json;
        CREATE VIEW customers AS SELECT id::int AS id, name, city FROM customers_csv;
        CREATE VIEW paid (id, customer, total) AS SELECT id, customer, qty * price FROM orders WHERE status = 'paid';
        CREATE VIEW stock AS SELECT key AS sku, data->>'name' AS name, (data->>'stock')::int AS stock FROM inventory;
        CREATE VIEW customer_orders AS SELECT c.id, c.name, c.city, o.id AS order_id, o.qty, o.status
            FROM customers c LEFT JOIN orders o ON o.customer = c.name;
        """
}
