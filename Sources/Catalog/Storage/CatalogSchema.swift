import GRDB

/// The catalog's tables and the system relations (views) queried by clients.
///
/// Declared column types are PostgreSQL type names (`TEXT`, `OID`, `TIMESTAMPTZ`, `TEXT_ARRAY`, …): SQLite keeps
/// them, and the query engine reports them to clients as type OIDs (see `PostgresTypeMapping`).
enum CatalogSchema {
    static func migrator() -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: tables)
            try db.execute(sql: views)
        }
        migrator.registerMigration("v2 objects and dependencies") { db in
            try db.execute(sql: objectViews)
        }
        migrator.registerMigration("v3 sources") { db in
            try db.execute(sql: sourceTables)
        }
        migrator.registerMigration("v4 pinned host keys") { db in
            try db.execute(sql: hostKeyTables)
        }
        migrator.registerMigration("v5 status history outlives its source") { db in
            try db.execute(sql: statusHistoryWithoutCascade)
        }
        migrator.registerMigration("v6 views") { db in
            try db.execute(sql: viewTables)
        }
        migrator.registerMigration("v7 statistics name their replica") { db in
            try db.execute(sql: replicaStatistics)
        }
        return migrator
    }

    /// The views the migrations create (the system relations): the only views the query authorizer lets read the
    /// public columns of tables that hold secrets and keys.
    static let engineViews: Set<String> = {
        let scripts = [
            tables, views, objectViews, sourceTables, hostKeyTables, statusHistoryWithoutCascade, viewTables,
            replicaStatistics,
        ]
        var names: Set<String> = []
        for script in scripts {
            for line in script.split(separator: "\n") {
                let words = line.split(separator: " ")
                if words.count >= 3, words[0] == "CREATE", words[1] == "VIEW" { names.insert(String(words[2])) }
            }
        }
        return names
    }()

    static let tables = """
        CREATE TABLE inlet_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE inlet_id_sequence (next INTEGER NOT NULL);
        INSERT INTO inlet_id_sequence (next) VALUES (1);
        CREATE TABLE inlet_items (
            id TEXT PRIMARY KEY,
            oid OID NOT NULL,
            name TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            type TEXT,
            options TEXT,
            definition TEXT,
            create_sql TEXT,
            created_at TIMESTAMPTZ NOT NULL
        );
        CREATE TABLE inlet_secret_values (
            id TEXT PRIMARY KEY REFERENCES inlet_items(id) ON DELETE CASCADE,
            sealed BLOB NOT NULL
        );
        CREATE TABLE inlet_ssh_keys (
            connection_id TEXT NOT NULL REFERENCES inlet_items(id) ON DELETE CASCADE,
            slot INTEGER NOT NULL,
            public_key TEXT NOT NULL,
            sealed_private_key BLOB NOT NULL,
            PRIMARY KEY (connection_id, slot)
        );
        CREATE TABLE inlet_dependencies (
            item_id TEXT NOT NULL REFERENCES inlet_items(id) ON DELETE CASCADE,
            referenced_id TEXT NOT NULL REFERENCES inlet_items(id),
            PRIMARY KEY (item_id, referenced_id)
        );
        CREATE TABLE inlet_kafka_connections (
            id TEXT PRIMARY KEY REFERENCES inlet_items(id) ON DELETE CASCADE,
            brokers TEXT_ARRAY NOT NULL,
            sink_progress_topic TEXT NOT NULL
        );
        CREATE TABLE inlet_privatelink_status_history (
            connection_id TEXT NOT NULL REFERENCES inlet_items(id) ON DELETE CASCADE,
            status TEXT NOT NULL,
            occurred_at TIMESTAMPTZ NOT NULL
        );
        CREATE TABLE inlet_sources (
            id TEXT PRIMARY KEY REFERENCES inlet_items(id) ON DELETE CASCADE,
            connection_id TEXT REFERENCES inlet_items(id),
            size TEXT,
            envelope_type TEXT,
            key_format TEXT,
            value_format TEXT
        );
        CREATE TABLE inlet_source_status_history (
            occurred_at TIMESTAMPTZ NOT NULL,
            source_id TEXT NOT NULL REFERENCES inlet_items(id) ON DELETE CASCADE,
            status TEXT NOT NULL,
            error TEXT,
            details JSONB,
            replica_id TEXT
        );
        """

    static let sourceStatusViews = """
        CREATE VIEW mz_source_status_history AS
            SELECT occurred_at, source_id, status, error, details, replica_id FROM inlet_source_status_history;
        CREATE VIEW mz_source_statuses AS
            SELECT i.id AS id, i.name AS name, i.type AS type, h.occurred_at AS last_status_change_at,
                COALESCE(h.status, 'created') AS status, h.error AS error, h.details AS details
            FROM inlet_items i
            LEFT JOIN inlet_source_status_history h ON h.source_id = i.id
                AND h.rowid = (SELECT MAX(rowid) FROM inlet_source_status_history WHERE source_id = i.id)
            WHERE i.kind = 'source';
        """

    static let views = """
        CREATE VIEW mz_secrets AS
            SELECT id, oid, 'u3' AS schema_id, name, 'u1' AS owner_id FROM inlet_items WHERE kind = 'secret';
        CREATE VIEW mz_connections AS
            SELECT id, oid, 'u3' AS schema_id, name, type, 'u1' AS owner_id, create_sql,
                create_sql AS redacted_create_sql
            FROM inlet_items WHERE kind = 'connection';
        CREATE VIEW mz_aws_privatelink_connections AS
            SELECT i.id AS id,
                'arn:aws:iam::' || (SELECT value FROM inlet_settings WHERE key = 'aws_account_id') || ':role/'
                    || (SELECT value FROM inlet_settings WHERE key = 'role_prefix') || '_' || i.id AS principal
            FROM inlet_items i WHERE i.kind = 'connection' AND i.type = 'aws-privatelink';
        CREATE VIEW mz_aws_privatelink_connection_status_history AS
            SELECT connection_id, status, occurred_at FROM inlet_privatelink_status_history;
        CREATE VIEW mz_aws_privatelink_connection_statuses AS
            SELECT h.connection_id AS id, i.name AS name, h.occurred_at AS last_status_change_at, h.status AS status
            FROM inlet_privatelink_status_history h JOIN inlet_items i ON i.id = h.connection_id
            WHERE h.rowid = (SELECT MAX(rowid) FROM inlet_privatelink_status_history WHERE connection_id = h.connection_id);
        CREATE VIEW mz_ssh_tunnel_connections AS
            SELECT i.id AS id, k1.public_key AS public_key_1, k2.public_key AS public_key_2
            FROM inlet_items i
            JOIN inlet_ssh_keys k1 ON k1.connection_id = i.id AND k1.slot = 1
            JOIN inlet_ssh_keys k2 ON k2.connection_id = i.id AND k2.slot = 2
            WHERE i.kind = 'connection' AND i.type = 'ssh-tunnel';
        CREATE VIEW mz_kafka_connections AS
            SELECT id, brokers, sink_progress_topic FROM inlet_kafka_connections;
        CREATE VIEW mz_sources AS
            SELECT i.id AS id, i.oid AS oid, 'u3' AS schema_id, i.name AS name, i.type AS type,
                s.connection_id AS connection_id, s.size AS size, s.envelope_type AS envelope_type,
                s.key_format AS key_format, s.value_format AS value_format, 'u1' AS cluster_id,
                'u1' AS owner_id, i.create_sql AS create_sql, i.create_sql AS redacted_create_sql
            FROM inlet_items i LEFT JOIN inlet_sources s ON s.id = i.id WHERE i.kind = 'source';
        """

    static let objectViews = """
        CREATE VIEW mz_objects AS
            SELECT id, oid, 'u3' AS schema_id, name, kind AS type, 'u1' AS owner_id FROM inlet_items;
        CREATE VIEW mz_object_dependencies AS
            SELECT item_id AS object_id, referenced_id AS referenced_object_id FROM inlet_dependencies;
        CREATE VIEW mz_databases AS
            SELECT 'u1' AS id, 20001 AS oid, 'materialize' AS name, 'u1' AS owner_id;
        CREATE VIEW mz_schemas AS
            SELECT 'u3' AS id, 20003 AS oid, 'u1' AS database_id, 'public' AS name, 'u1' AS owner_id;
        """

    /// Kafka sources, the relations they feed (outputs, errors and progress relations, each an item), their
    /// columns, statistics and per-partition progress.
    static let sourceTables = """
        CREATE TABLE inlet_kafka_sources (
            id TEXT PRIMARY KEY REFERENCES inlet_items(id) ON DELETE CASCADE,
            connection_id TEXT NOT NULL REFERENCES inlet_items(id),
            topic TEXT NOT NULL,
            group_id_prefix TEXT,
            definition TEXT NOT NULL,
            progress_name TEXT NOT NULL
        );
        CREATE TABLE inlet_relations (
            id TEXT PRIMARY KEY REFERENCES inlet_items(id) ON DELETE CASCADE,
            name TEXT NOT NULL UNIQUE,
            source_id TEXT NOT NULL REFERENCES inlet_items(id) ON DELETE CASCADE,
            role TEXT NOT NULL,
            definition TEXT
        );
        CREATE TABLE inlet_relation_columns (
            relation_id TEXT NOT NULL REFERENCES inlet_items(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            type TEXT NOT NULL,
            nullable BOOL NOT NULL,
            PRIMARY KEY (relation_id, position)
        );
        CREATE TABLE inlet_source_statistics (
            id TEXT PRIMARY KEY REFERENCES inlet_items(id) ON DELETE CASCADE,
            messages_received INT8 NOT NULL DEFAULT 0,
            bytes_received INT8 NOT NULL DEFAULT 0,
            updates_staged INT8 NOT NULL DEFAULT 0,
            updates_committed INT8 NOT NULL DEFAULT 0,
            offset_known INT8,
            offset_committed INT8,
            snapshot_committed BOOL NOT NULL DEFAULT 0,
            rehydration_latency TEXT,
            decode_errors INT8 NOT NULL DEFAULT 0
        );
        CREATE TABLE inlet_source_partitions (
            id TEXT NOT NULL REFERENCES inlet_items(id) ON DELETE CASCADE,
            partition INT4 NOT NULL,
            offset_known INT8,
            offset_committed INT8 NOT NULL,
            PRIMARY KEY (id, partition)
        );
        CREATE VIEW mz_kafka_sources AS
            SELECT id, group_id_prefix, topic FROM inlet_kafka_sources;
        CREATE VIEW mz_tables AS
            SELECT i.id AS id, i.oid AS oid, 'u3' AS schema_id, i.name AS name, 'u1' AS owner_id,
                r.source_id AS source_id, i.create_sql AS create_sql, i.create_sql AS redacted_create_sql
            FROM inlet_items i JOIN inlet_relations r ON r.id = i.id WHERE i.kind = 'table';
        CREATE VIEW mz_columns AS
            SELECT relation_id AS id, name, position + 1 AS position, nullable, type, NULL AS "default",
                NULL AS type_oid, NULL AS type_mod
            FROM inlet_relation_columns;
        \(sourceStatisticsView)
        CREATE VIEW mz_source_partition_statistics AS
            SELECT p.id AS id, i.name AS name, p.partition AS partition, p.offset_known AS offset_known,
                p.offset_committed AS offset_committed,
                MAX(0, COALESCE(p.offset_known, p.offset_committed) - p.offset_committed) AS lag
            FROM inlet_source_partitions p JOIN inlet_items i ON i.id = p.id;
        """

    /// The bastion host key each SSH TUNNEL connection trusts, pinned at its first successful connect (or given
    /// with HOST KEY), so a restarted server does not trust whatever key the bastion presents.
    /// A dropped source's status history stays, ending in `dropped` (v1 deleted it with the source).
    static let statusHistoryWithoutCascade = """
        DROP VIEW IF EXISTS mz_source_status_history;
        DROP VIEW IF EXISTS mz_source_statuses;
        CREATE TABLE inlet_source_status_history_v5 (
            occurred_at TIMESTAMPTZ NOT NULL,
            source_id TEXT NOT NULL,
            status TEXT NOT NULL,
            error TEXT,
            details JSONB,
            replica_id TEXT
        );
        INSERT INTO inlet_source_status_history_v5 (occurred_at, source_id, status, error, details, replica_id)
            SELECT occurred_at, source_id, status, error, details, replica_id FROM inlet_source_status_history
            ORDER BY rowid;
        DROP TABLE inlet_source_status_history;
        ALTER TABLE inlet_source_status_history_v5 RENAME TO inlet_source_status_history;
        CREATE INDEX inlet_source_status_history_source ON inlet_source_status_history (source_id);
        """ + sourceStatusViews

    static let hostKeyTables = """
        CREATE TABLE inlet_ssh_host_keys (
            connection_id TEXT PRIMARY KEY REFERENCES inlet_items(id) ON DELETE CASCADE,
            host_key TEXT NOT NULL,
            pinned_at TIMESTAMPTZ NOT NULL
        );
        DROP VIEW mz_ssh_tunnel_connections;
        CREATE VIEW mz_ssh_tunnel_connections AS
            SELECT i.id AS id, k1.public_key AS public_key_1, k2.public_key AS public_key_2, h.host_key AS host_key,
                h.pinned_at AS host_key_pinned_at
            FROM inlet_items i
            JOIN inlet_ssh_keys k1 ON k1.connection_id = i.id AND k1.slot = 1
            JOIN inlet_ssh_keys k2 ON k2.connection_id = i.id AND k2.slot = 2
            LEFT JOIN inlet_ssh_host_keys h ON h.connection_id = i.id
            WHERE i.kind = 'connection' AND i.type = 'ssh-tunnel';
        """

    /// Views (`CREATE VIEW`): the query as written and the columns it was typed with when created. What a view
    /// reads is in `inlet_dependencies`, so DROP of a relation it reads needs CASCADE.
    static let viewTables = """
        CREATE TABLE inlet_views (
            id TEXT PRIMARY KEY REFERENCES inlet_items(id) ON DELETE CASCADE,
            query TEXT NOT NULL,
            definition TEXT NOT NULL
        );
        CREATE TABLE inlet_view_columns (
            view_id TEXT NOT NULL REFERENCES inlet_items(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            type_oid INTEGER NOT NULL,
            type_name TEXT NOT NULL,
            type_size INTEGER NOT NULL,
            PRIMARY KEY (view_id, position)
        );
        CREATE VIEW mz_views AS
            SELECT i.id AS id, i.oid AS oid, 'u3' AS schema_id, i.name AS name, v.definition AS definition,
                'u1' AS owner_id, i.create_sql AS create_sql, i.create_sql AS redacted_create_sql
            FROM inlet_items i JOIN inlet_views v ON v.id = i.id WHERE i.kind = 'view';
        """
}

extension CatalogSchema {
    /// The replica this data directory is (`inlet_settings.replica_id`: `r1`, `r2` … allocated by the database when
    /// replicas share one, `u1` alone), in `mz_source_statistics` and `mz_source_status_history`: each replica keeps
    /// its own statuses and statistics.
    static let replicaID = "COALESCE((SELECT value FROM inlet_settings WHERE key = 'replica_id'), 'u1')"

    /// `mz_source_statistics` with this replica's id: v3 creates it, v7 creates it again in catalogs v3 made with `u1`.
    static let sourceStatisticsView = """
        CREATE VIEW mz_source_statistics AS
            SELECT i.id AS id, \(replicaID) AS replica_id, COALESCE(s.messages_received, 0) AS messages_received,
                COALESCE(s.bytes_received, 0) AS bytes_received, COALESCE(s.updates_staged, 0) AS updates_staged,
                COALESCE(s.updates_committed, 0) AS updates_committed, s.offset_known AS offset_known,
                s.offset_committed AS offset_committed, COALESCE(s.snapshot_committed, 0) AS snapshot_committed,
                s.rehydration_latency AS rehydration_latency, COALESCE(s.decode_errors, 0) AS decode_errors
            FROM inlet_items i LEFT JOIN inlet_source_statistics s ON s.id = i.id
            WHERE i.kind = 'source' AND i.type = 'kafka';
        """

    static let replicaStatistics = "DROP VIEW mz_source_statistics;\n" + sourceStatisticsView
}
