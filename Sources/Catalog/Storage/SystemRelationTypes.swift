import SQL

/// The PostgreSQL types of the system views' computed columns (constants, COALESCE, arithmetic), for which
/// SQLite declares no type; the other columns take the declared types of the catalog's tables.
enum SystemRelationTypes {
    static let computed: [String: [String: SQLType]] = [
        "mz_secrets": ["schema_id": .text, "owner_id": .text],
        "mz_connections": ["schema_id": .text, "owner_id": .text],
        "mz_aws_privatelink_connections": ["principal": .text],
        "mz_sources": ["schema_id": .text, "cluster_id": .text, "owner_id": .text],
        "mz_source_statuses": ["status": .text],
        "mz_objects": ["schema_id": .text, "owner_id": .text],
        "mz_databases": ["id": .text, "oid": .oid, "name": .text, "owner_id": .text],
        "mz_schemas": ["id": .text, "oid": .oid, "database_id": .text, "name": .text, "owner_id": .text],
        "mz_tables": ["schema_id": .text, "owner_id": .text],
        "mz_views": ["schema_id": .text, "owner_id": .text],
        "mz_columns": ["position": .int8, "default": .text, "type_oid": .oid, "type_mod": .int4],
        "mz_source_statistics": [
            "replica_id": .text, "messages_received": .int8, "bytes_received": .int8, "updates_staged": .int8,
            "updates_committed": .int8, "snapshot_committed": .bool, "decode_errors": .int8,
        ],
        "mz_source_partition_statistics": ["lag": .int8],
    ]
}
