import SQL

/// The columns of the pg_catalog relations Inlet answers, with PostgreSQL 15's names, order and types, so that
/// `SELECT *` and clients that read columns by position see what PostgreSQL shows.
enum PGCatalogColumns {
    /// `relation: column type, …` as PostgreSQL 15's `format_type` prints the types.
    static let definitions: [String: String] = [
        "pg_am": "oid oid, amname name, amhandler regproc, amtype \"char\"",
        "pg_auth_members": "roleid oid, member oid, grantor oid, admin_option boolean",
        "pg_attrdef": "oid oid, adrelid oid, adnum smallint, adbin pg_node_tree",
        "pg_attribute": """
        attrelid oid, attname name, atttypid oid, attstattarget integer, attlen smallint, attnum smallint, \
        attndims integer, attcacheoff integer, atttypmod integer, attbyval boolean, attalign "char", \
        attstorage "char", attcompression "char", attnotnull boolean, atthasdef boolean, atthasmissing boolean, \
        attidentity "char", attgenerated "char", attisdropped boolean, attislocal boolean, attinhcount integer, \
        attcollation oid, attacl aclitem[], attoptions text[], attfdwoptions text[], attmissingval anyarray
        """,
        "pg_class": """
        oid oid, relname name, relnamespace oid, reltype oid, reloftype oid, relowner oid, relam oid, \
        relfilenode oid, reltablespace oid, relpages integer, reltuples real, relallvisible integer, \
        reltoastrelid oid, relhasindex boolean, relisshared boolean, relpersistence "char", relkind "char", \
        relnatts smallint, relchecks smallint, relhasrules boolean, relhastriggers boolean, relhassubclass boolean, \
        relrowsecurity boolean, relforcerowsecurity boolean, relispopulated boolean, relreplident "char", \
        relispartition boolean, relrewrite oid, relfrozenxid xid, relminmxid xid, relacl aclitem[], \
        reloptions text[], relpartbound pg_node_tree
        """,
        "pg_collation": """
        oid oid, collname name, collnamespace oid, collowner oid, collprovider "char", collisdeterministic boolean, \
        collencoding integer, collcollate text, collctype text, colliculocale text, collversion text
        """,
        "pg_constraint": """
        oid oid, conname name, connamespace oid, contype "char", condeferrable boolean, condeferred boolean, \
        convalidated boolean, conrelid oid, contypid oid, conindid oid, conparentid oid, confrelid oid, \
        confupdtype "char", confdeltype "char", confmatchtype "char", conislocal boolean, coninhcount integer, \
        connoinherit boolean, conkey smallint[], confkey smallint[], conpfeqop oid[], conppeqop oid[], \
        conffeqop oid[], confdelsetcols smallint[], conexclop oid[], conbin pg_node_tree
        """,
        "pg_database": """
        oid oid, datname name, datdba oid, encoding integer, datlocprovider "char", datistemplate boolean, \
        datallowconn boolean, datconnlimit integer, datfrozenxid xid, datminmxid xid, dattablespace oid, \
        datcollate text, datctype text, daticulocale text, datcollversion text, datacl aclitem[]
        """,
        "pg_depend": """
        classid oid, objid oid, objsubid integer, refclassid oid, refobjid oid, refobjsubid integer, deptype "char"
        """,
        "pg_description": "objoid oid, classoid oid, objsubid integer, description text",
        "pg_extension": """
        oid oid, extname name, extowner oid, extnamespace oid, extrelocatable boolean, extversion text, \
        extconfig oid[], extcondition text[]
        """,
        "pg_index": """
        indexrelid oid, indrelid oid, indnatts smallint, indnkeyatts smallint, indisunique boolean, \
        indnullsnotdistinct boolean, indisprimary boolean, indisexclusion boolean, indimmediate boolean, \
        indisclustered boolean, indisvalid boolean, indcheckxmin boolean, indisready boolean, indislive boolean, \
        indisreplident boolean, indkey int2vector, indcollation oidvector, indclass oidvector, indoption int2vector, \
        indexprs pg_node_tree, indpred pg_node_tree
        """,
        "pg_inherits": "inhrelid oid, inhparent oid, inhseqno integer, inhdetachpending boolean",
        "pg_namespace": "oid oid, nspname name, nspowner oid, nspacl aclitem[]",
        "pg_policy": """
        oid oid, polname name, polrelid oid, polcmd "char", polpermissive boolean, polroles oid[], \
        polqual pg_node_tree, polwithcheck pg_node_tree
        """,
        "pg_proc": """
        oid oid, proname name, pronamespace oid, proowner oid, prolang oid, procost real, prorows real, \
        provariadic oid, prosupport regproc, prokind "char", prosecdef boolean, proleakproof boolean, \
        proisstrict boolean, proretset boolean, provolatile "char", proparallel "char", pronargs smallint, \
        pronargdefaults smallint, prorettype oid, proargtypes oidvector, proallargtypes oid[], \
        proargmodes "char"[], proargnames text[], proargdefaults pg_node_tree, protrftypes oid[], prosrc text, \
        probin text, prosqlbody pg_node_tree, proconfig text[], proacl aclitem[]
        """,
        "pg_publication": """
        oid oid, pubname name, pubowner oid, puballtables boolean, pubinsert boolean, pubupdate boolean, \
        pubdelete boolean, pubtruncate boolean, pubviaroot boolean
        """,
        "pg_publication_namespace": "oid oid, pnpubid oid, pnnspid oid",
        "pg_publication_rel": "oid oid, prpubid oid, prrelid oid, prqual pg_node_tree, prattrs int2vector",
        "pg_rewrite": """
        oid oid, rulename name, ev_class oid, ev_type "char", ev_enabled "char", is_instead boolean, \
        ev_qual pg_node_tree, ev_action pg_node_tree
        """,
        "pg_roles": """
        rolname name, rolsuper boolean, rolinherit boolean, rolcreaterole boolean, rolcreatedb boolean, \
        rolcanlogin boolean, rolreplication boolean, rolconnlimit integer, rolpassword text, \
        rolvaliduntil timestamp with time zone, rolbypassrls boolean, rolconfig text[], oid oid
        """,
        "pg_sequence": """
        seqrelid oid, seqtypid oid, seqstart bigint, seqincrement bigint, seqmax bigint, seqmin bigint, \
        seqcache bigint, seqcycle boolean
        """,
        "pg_statistic_ext": """
        oid oid, stxrelid oid, stxname name, stxnamespace oid, stxowner oid, stxstattarget integer, \
        stxkeys int2vector, stxkind "char"[], stxexprs pg_node_tree
        """,
        "pg_tablespace": "oid oid, spcname name, spcowner oid, spcacl aclitem[], spcoptions text[]",
        "pg_trigger": """
        oid oid, tgrelid oid, tgparentid oid, tgname name, tgfoid oid, tgtype smallint, tgenabled "char", \
        tgisinternal boolean, tgconstrrelid oid, tgconstrindid oid, tgconstraint oid, tgdeferrable boolean, \
        tginitdeferred boolean, tgnargs smallint, tgattr int2vector, tgargs bytea, tgqual pg_node_tree, \
        tgoldtable name, tgnewtable name
        """,
        "pg_type": """
        oid oid, typname name, typnamespace oid, typowner oid, typlen smallint, typbyval boolean, \
        typtype "char", typcategory "char", typispreferred boolean, typisdefined boolean, typdelim "char", \
        typrelid oid, typsubscript regproc, typelem oid, typarray oid, typinput regproc, typoutput regproc, \
        typreceive regproc, typsend regproc, typmodin regproc, typmodout regproc, typanalyze regproc, \
        typalign "char", typstorage "char", typnotnull boolean, typbasetype oid, typtypmod integer, \
        typndims integer, typcollation oid, typdefaultbin pg_node_tree, typdefault text, typacl aclitem[]
        """,
        "pg_views": "schemaname name, viewname name, viewowner name, definition text",
        "pg_user": """
        usename name, usesysid oid, usecreatedb boolean, usesuper boolean, userepl boolean, usebypassrls boolean, \
        passwd text, valuntil timestamp with time zone, useconfig text[]
        """,
    ]

    /// PostgreSQL 15's oids of these relations (pg_class.oid), so joins on `classoid` and `::regclass` agree.
    static let oids: [String: Int64] = [
        "pg_tablespace": 1213, "pg_type": 1247, "pg_attribute": 1249, "pg_proc": 1255, "pg_class": 1259,
        "pg_auth_members": 1261, "pg_database": 1262, "pg_sequence": 2224, "pg_am": 2601, "pg_attrdef": 2604,
        "pg_constraint": 2606, "pg_depend": 2608, "pg_description": 2609, "pg_index": 2610, "pg_inherits": 2611,
        "pg_namespace": 2615,
        "pg_rewrite": 2618, "pg_trigger": 2620, "pg_extension": 3079, "pg_policy": 3256, "pg_statistic_ext": 3381,
        "pg_collation": 3456, "pg_publication": 6104, "pg_publication_rel": 6106, "pg_publication_namespace": 6237,
        "pg_roles": 12000, "pg_user": 12014, "pg_views": 12023,
    ]

    /// The columns of `relation`, parsed from its definition.
    static func columns(_ relation: String) -> [ResultColumn] {
        guard let definition = definitions[relation] else { return [] }
        return parse(definition)
    }

    static func parse(_ definition: String) -> [ResultColumn] {
        definition.split(separator: ",").map { part in
            let trimmed = part.drop { $0 == " " }
            let space = trimmed.firstIndex(of: " ") ?? trimmed.endIndex
            let typeName = trimmed[space...].drop { $0 == " " }
            return ResultColumn(name: String(trimmed[..<space]), type: PGTypeCatalog.type(named: String(typeName)))
        }
    }
}
