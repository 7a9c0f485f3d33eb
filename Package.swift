// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Inlet",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "inlet", targets: ["inlet"]),
        .library(name: "KafkaWire", targets: ["KafkaWire"]),
        .library(name: "KafkaClient", targets: ["KafkaClient"]),
        .library(name: "Routing", targets: ["Routing"]),
        .library(name: "AWS", targets: ["AWS"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-ssh.git", from: "0.15.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/CoreOffice/XMLCoder.git", from: "0.18.2"),
        .package(url: "https://github.com/apple/swift-protobuf.git", from: "1.39.0"),
    ],
    targets: [
        // C libraries behind the record batch compression codecs (installed by scripts/bootstrap).
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CLZ4", pkgConfig: "liblz4", providers: [.apt(["liblz4-dev"])]),
        .systemLibrary(name: "CSnappy", providers: [.apt(["libsnappy-dev"])]),
        // CRC-32C with the SSE4.2 / ARMv8 crc32c instructions, for record batch checksums.
        .target(name: "CCRC32C"),

        .target(
            name: "KafkaWire",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                "CZlib", "CZstd", "CLZ4", "CSnappy", "CCRC32C",
            ]
        ),
        .target(
            name: "KafkaClient",
            dependencies: [
                "KafkaWire",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Routing",
            dependencies: [
                "KafkaClient",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSH", package: "swift-nio-ssh"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // An AWS client: SigV4, the credential chain, retries, and the EC2 and STS calls Inlet makes.
        .target(
            name: "AWS",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "XMLCoder", package: "XMLCoder"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // A client of the Confluent Schema Registry's REST API over a channel from a Kafka dialer (so it takes the
        // connection's routes), with swift-nio's HTTP/1.1 codec.
        .target(
            name: "SchemaRegistry",
            dependencies: [
                "KafkaClient",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        .target(
            name: "PGWire",
            dependencies: ["Formats", .product(name: "NIOCore", package: "swift-nio")]
        ),
        .target(name: "SQL"),
        // Pure record decoders (TEXT, BYTES, JSON, CSV, Avro, Protobuf): bytes of a Kafka record to column values.
        // SwiftProtobuf only reads Protobuf descriptors; the descriptor-driven wire decoding is Formats' own.
        .target(name: "Formats", dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")]),
        // The seam source relations are written through, and its embedded SQLite implementation.
        .target(
            name: "Storage",
            dependencies: [
                "SQL",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        // Source relations in PostgreSQL (`inlet serve --storage postgresql://…`): a schema per source, COPY, the
        // offsets fence; and the catalog's definitions shared by the replicas of one database.
        .target(
            name: "PostgreSQLStorage",
            dependencies: [
                "SQL", "Storage", "Catalog",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The source runtime: one supervised task per source, decode, envelopes, rows and offsets in one commit.
        .target(
            name: "Ingest",
            dependencies: [
                "KafkaClient", "KafkaWire", "Formats", "Storage", "SQL", "PGWire",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "Catalog",
            dependencies: [
                "SQL", "Storage", "Formats",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "InletServer",
            dependencies: [
                "KafkaClient", "Routing", "PGWire", "SQL", "Catalog", "Ingest", "Storage", "AWS", "SchemaRegistry",
                "Formats", "PostgreSQLStorage",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "inlet",
            dependencies: [
                "InletServer", "KafkaClient", "KafkaWire", "Routing", "SQL", "Storage", "Ingest", "AWS", "Formats",
                "PostgreSQLStorage",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        // Prints record batch throughput (CRC-32C, build and read per codec): swift run -c release RecordsBenchmark
        .executableTarget(
            name: "RecordsBenchmark",
            dependencies: ["KafkaWire", .product(name: "NIOCore", package: "swift-nio")],
            path: "Benchmarks/RecordsBenchmark"
        ),

        // Starts and stops the real peers (tansu, haproxy, sshd, confluent-kafka scripts) for tests.
        .target(
            name: "InletTestSupport",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Tests/InletTestSupport",
            exclude: ["README.md"]
        ),
        .testTarget(
            name: "KafkaWireTests",
            dependencies: [
                "KafkaWire",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "KafkaClientTests",
            dependencies: [
                "KafkaClient", "KafkaWire", "InletTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "RoutingTests", dependencies: ["Routing", "InletTestSupport"]),
        .testTarget(name: "AWSTests", dependencies: ["AWS"], resources: [.copy("Fixtures")]),
        // The AWS client against moto in server mode, with signature checking on.
        .testTarget(
            name: "AWSIntegrationTests",
            dependencies: ["AWS", "InletTestSupport", "InletServer", "KafkaClient", "Routing", "SQL"]),
        .testTarget(name: "PGWireTests", dependencies: ["PGWire"]),
        .testTarget(name: "SQLTests", dependencies: ["SQL"]),
        .testTarget(name: "FormatsTests", dependencies: ["Formats"]),
        .testTarget(
            name: "StorageTests",
            dependencies: ["Storage", "SQL", "PostgreSQLStorage", .product(name: "NIOCore", package: "swift-nio")]),
        .testTarget(
            name: "CatalogTests",
            dependencies: [
                "Catalog", "SQL", "InletServer", "Routing", "KafkaClient",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(
            name: "InletIntegrationTests",
            dependencies: [
                "InletTestSupport", "KafkaClient", "AWS", "Routing", "InletServer", "SQL", "PGWire", "SchemaRegistry",
                "Storage", "PostgreSQLStorage",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
