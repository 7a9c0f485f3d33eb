import Foundation
import GRDB
import SQL

/// The pg_catalog relations as the planner reads them: SQL over the catalog's tables (the relations sources fill
/// and their columns) and over the system relations Inlet defines, with PostgreSQL 15's columns.
///
/// Oids are consistent across relations: schemas are `pg_catalog` 11, `public` 2200, `information_schema` 13000,
/// `mz_catalog` 16001, `mz_internal` 16002; a source's relations keep their item oids (20000 + n); system
/// relations are numbered from 16100 in name order; every object belongs to role 10, the session's user.
struct PGCatalogRelations {
    let db: Database
    let user: String
    /// The system relations (mz_*) with their columns, as the resolver types them.
    let systemRelations: [(name: String, columns: [ResultColumn])]
    /// The SQL each system relation runs (the storage engine's dialect), for pg_views and `pg_get_viewdef`.
    var viewDefinitions: [String: String] = [:]
    /// The views clients created (`CREATE VIEW`), in `public` with their item oids.
    var userViews: [UserView] = []

    /// A view made with CREATE VIEW: its oid, name, columns and definition (the query as Inlet prints it).
    struct UserView {
        var oid: Int64
        var name: String
        var columns: [ResultColumn]
        var definition: String
    }

    static let namespaces: [(oid: Int64, name: String)] = [
        (11, "pg_catalog"), (2200, "public"), (Int64(QueryPlanner.informationSchemaOID), "information_schema"),
        (16001, "mz_catalog"), (16002, "mz_internal"),
    ]
    static let databaseOID: Int64 = 16000

    /// The relation `name` of pg_catalog, or nil when Inlet does not answer it.
    func relation(_ name: String) -> RelationShape? {
        guard PGCatalogColumns.definitions[name] != nil else { return nil }
        let columns = PGCatalogColumns.columns(name)
        let body = rows(name, columns: columns)
        return RelationShape(storageName: "(" + body + ")", columns: columns)
    }

    /// Every relation a client can name outside pg_catalog's own, with oid, schema, kind and columns.
    struct ListedRelation {
        var oid: Int64
        var name: String
        var namespace: Int64
        var kind: String
        var columns: [ResultColumn]
    }

    var listedRelations: [ListedRelation] {
        var listed: [ListedRelation] = []
        for (index, relation) in systemRelations.enumerated() {
            listed.append(
                ListedRelation(
                    oid: 16100 + Int64(index), name: relation.name, namespace: 16001, kind: "v",
                    columns: relation.columns))
        }
        for view in userViews {
            listed.append(
                ListedRelation(oid: view.oid, name: view.name, namespace: 2200, kind: "v", columns: view.columns))
        }
        for name in PGCatalogColumns.definitions.keys.sorted() {
            listed.append(
                ListedRelation(
                    oid: PGCatalogColumns.oids[name] ?? 0, name: name, namespace: 11, kind: "v",
                    columns: PGCatalogColumns.columns(name)))
        }
        for name in InformationSchema.oids.keys.sorted() {
            listed.append(
                ListedRelation(
                    oid: InformationSchema.oids[name] ?? 0, name: name,
                    namespace: Int64(QueryPlanner.informationSchemaOID), kind: "v",
                    columns: InformationSchema.columns(name)))
        }
        return listed
    }

    private func rows(_ name: String, columns: [ResultColumn]) -> String {
        let build = RowBuilder(columns: columns)
        switch name {
        case "pg_namespace":
            return build.union(
                Self.namespaces.map { ["oid": "\($0.oid)", "nspname": literal($0.name), "nspowner": "10"] })
        case "pg_class":
            let sources = build.select(
                [
                    "oid": "i.oid", "relname": "r.name", "relnamespace": "2200", "relowner": "10", "relam": "2",
                    "reltuples": "-1.0", "relpersistence": "'p'", "relkind": "'r'", "relispopulated": "1",
                    "relreplident": "'d'",
                    "relnatts": "(SELECT count(*) FROM main.inlet_relation_columns c WHERE c.relation_id = r.id)",
                ], from: "main.inlet_relations r JOIN main.inlet_items i ON i.id = r.id")
            let listed = build.union(
                listedRelations.map { relation in
                    [
                        "oid": "\(relation.oid)", "relname": literal(relation.name),
                        "relnamespace": "\(relation.namespace)", "relowner": "10", "relpersistence": "'p'",
                        "relkind": literal(relation.kind), "relnatts": "\(relation.columns.count)",
                        "relispopulated": "1", "relreplident": "'n'", "reltuples": "-1.0",
                    ]
                })
            return sources + " UNION ALL " + listed
        case "pg_attribute":
            return attributes(build)
        case "pg_type":
            return build.union(
                PGTypeCatalog.entries.map { entry in
                    [
                        "oid": "\(entry.oid)", "typname": literal(entry.typname), "typnamespace": "11",
                        "typowner": "10", "typlen": "\(entry.length)", "typbyval": entry.byValue ? "1" : "0",
                        "typtype": literal(entry.kind), "typcategory": literal(entry.category),
                        "typispreferred": entry.preferred ? "1" : "0", "typisdefined": "1", "typdelim": "','",
                        "typelem": "\(entry.element)", "typarray": "\(entry.array)",
                        "typcollation": "\(entry.collation)", "typsubscript": literal(entry.subscriptHandler),
                        "typinput": literal(entry.functions[0]), "typoutput": literal(entry.functions[1]),
                        "typreceive": literal(entry.functions[2]), "typsend": literal(entry.functions[3]),
                        "typalign": literal(entry.align), "typstorage": literal(entry.storage), "typtypmod": "-1",
                    ]
                })
        case "pg_database":
            return build.union([
                [
                    "oid": "\(Self.databaseOID)", "datname": "'materialize'", "datdba": "10", "encoding": "6",
                    "datlocprovider": "'c'", "datallowconn": "1", "datconnlimit": "-1", "dattablespace": "1663",
                    "datcollate": "'C'", "datctype": "'C'",
                ]
            ])
        case "pg_am":
            return build.union([
                ["oid": "2", "amname": "'heap'", "amhandler": "'heap_tableam_handler'", "amtype": "'t'"],
                ["oid": "403", "amname": "'btree'", "amhandler": "'bthandler'", "amtype": "'i'"],
            ])
        case "pg_collation":
            return build.union(
                [(100, "default", "d"), (950, "C", "c"), (951, "POSIX", "c")].map { oid, name, provider in
                    [
                        "oid": "\(oid)", "collname": literal(name), "collnamespace": "11", "collowner": "10",
                        "collprovider": literal(provider), "collisdeterministic": "1", "collencoding": "-1",
                        "collcollate": provider == "c" ? literal(name) : "NULL",
                        "collctype": provider == "c" ? literal(name) : "NULL",
                    ]
                })
        case "pg_tablespace":
            return build.union([
                ["oid": "1663", "spcname": "'pg_default'", "spcowner": "10"],
                ["oid": "1664", "spcname": "'pg_global'", "spcowner": "10"],
            ])
        case "pg_roles":
            return build.union([
                [
                    "rolname": literal(user), "rolsuper": "1", "rolinherit": "1", "rolcreaterole": "1",
                    "rolcreatedb": "1", "rolcanlogin": "1", "rolreplication": "1", "rolconnlimit": "-1",
                    "rolpassword": "'********'", "rolbypassrls": "1", "oid": "10",
                ]
            ])
        case "pg_views":
            let created = userViews.map { view in
                [
                    "schemaname": "'public'", "viewname": literal(view.name), "viewowner": literal(user),
                    "definition": literal(" " + view.definition),
                ]
            }
            return build.union(
                created
                    + systemRelations.map { relation in
                        [
                            "schemaname": "'mz_catalog'", "viewname": literal(relation.name),
                            "viewowner": literal(user),
                            "definition": viewDefinitions[relation.name].map(literal) ?? "NULL",
                        ]
                    })
        case "pg_user":
            return build.union([
                [
                    "usename": literal(user), "usesysid": "10", "usecreatedb": "1", "usesuper": "1", "userepl": "1",
                    "usebypassrls": "1", "passwd": "'********'",
                ]
            ])
        default:
            // Inlet has no indexes, constraints, defaults, comments, inheritance, policies, statistics objects,
            // publications, rules, triggers, user functions or extensions' dependencies: these relations are
            // empty, which is the truth.
            return build.select([:], from: nil) + " WHERE 0"
        }
    }

    /// Columns of the sources' relations (from the catalog) and of the listed system relations.
    private func attributes(_ build: RowBuilder) -> String {
        let typeOID =
            "CASE c.type "
            + ColumnTypeOIDs.all.map { "WHEN \(literal($0.name)) THEN \($0.oid)" }.joined(separator: " ") + " END"
        /// A property of the column's type, as pg_type has it (attlen, attbyval, attalign, attstorage follow it).
        func property(_ value: (PGTypeCatalog.Entry) -> String) -> String {
            "CASE c.type "
                + ColumnTypeOIDs.all.compactMap { type in
                    PGTypeCatalog.byOID[type.oid].map { "WHEN \(literal(type.name)) THEN \(value($0))" }
                }.joined(separator: " ") + " END"
        }
        let sources = build.select(
            [
                "attrelid": "i.oid", "attname": "c.name", "atttypid": typeOID, "attstattarget": "-1",
                "attlen": property { "\($0.length)" }, "attnum": "c.position + 1", "attcacheoff": "-1",
                "atttypmod": "-1", "attbyval": property { $0.byValue ? "1" : "0" },
                "attalign": property { literal($0.align) }, "attstorage": property { literal($0.storage) },
                "attnotnull": "(NOT c.nullable)", "attislocal": "1", "attcollation": property { "\($0.collation)" },
            ], from: "main.inlet_relation_columns c JOIN main.inlet_items i ON i.id = c.relation_id")
        var values: [String] = []
        for relation in listedRelations {
            for (index, column) in relation.columns.enumerated() {
                let oid = PGTypeCatalog.oid(of: column.type)
                let entry = PGTypeCatalog.byOID[oid]
                let fields = [
                    "\(relation.oid)", literal(column.name), "\(oid)", "\(index + 1)", "\(entry?.length ?? -1)",
                    "\(entry?.collation ?? 0)", entry?.byValue == true ? "1" : "0", literal(entry?.align ?? "i"),
                    literal(entry?.storage ?? "x"),
                ]
                values.append("(" + fields.joined(separator: ", ") + ")")
            }
        }
        let listed = build.select(
            [
                "attrelid": "v.column1", "attname": "v.column2", "atttypid": "v.column3", "attstattarget": "-1",
                "attlen": "v.column5", "attnum": "v.column4", "attcacheoff": "-1", "atttypmod": "-1",
                "attbyval": "v.column7", "attalign": "v.column8", "attstorage": "v.column9", "attnotnull": "0",
                "attislocal": "1", "attcollation": "v.column6",
            ], from: "(VALUES \(values.joined(separator: ", "))) AS v")
        return sources + " UNION ALL " + listed
    }

    private func literal(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
}

/// The pg_type oid of each type a source's column can have (`inlet_relation_columns.type`).
enum ColumnTypeOIDs {
    static let all: [(name: String, oid: Int64)] = [
        ("text", 25), ("bytea", 17), ("jsonb", 3802), ("int4", 23), ("int8", 20), ("timestamp", 1114),
        ("timestamptz", 1184), ("numrange", 3906),
    ]
}

/// Builds `SELECT` lists with every column of a pg_catalog relation in order: given values, or the column's
/// neutral value (false, 0, `''` for `"char"`, `-` for regproc, NULL otherwise).
struct RowBuilder {
    let columns: [ResultColumn]

    func select(_ values: [String: String], from source: String?) -> String {
        let list = columns.map { column in
            (values[column.name] ?? Self.neutral(column.type)) + " AS " + QueryPlanner.quoted(column.name)
        }
        return "SELECT " + list.joined(separator: ", ") + (source.map { " FROM " + $0 } ?? "")
    }

    func union(_ rows: [[String: String]]) -> String {
        guard !rows.isEmpty else { return select([:], from: nil) + " WHERE 0" }
        return rows.map { select($0, from: nil) }.joined(separator: " UNION ALL ")
    }

    static func neutral(_ type: SQLType) -> String {
        if type == .bool || type.isIntegerLike { return "0" }
        if type == .char { return "''" }
        if type == .regproc { return "'-'" }
        if type == .float4 { return "0.0" }
        return "NULL"
    }
}

extension SQLType {
    /// Integers and oids, as the catalog stores them.
    var isIntegerLike: Bool {
        [SQLType.int2, .int4, .int8, .oid, .xid].contains(self)
    }
}
