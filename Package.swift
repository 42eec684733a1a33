// swift-tools-version:6.0
import PackageDescription

/// System libraries come from Debian's -dev packages; `make run` and `make test` install them.
func systemLibrary(_ name: String, pkgConfig: String?, apt: String) -> Target {
    .systemLibrary(name: name, pkgConfig: pkgConfig, providers: [.apt([apt])])
}

let package = Package(
    name: "parley",
    products: [
        .executable(name: "parley", targets: ["parley"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // libedit, libpq, libcurl and SQLite are opened on first use (see their shims), so they are not linked:
        // pkg-config would add them to the link line.
        systemLibrary("CEditline", pkgConfig: nil, apt: "libedit-dev"),
        systemLibrary("CPostgres", pkgConfig: nil, apt: "libpq-dev"),
        systemLibrary("CCurl", pkgConfig: nil, apt: "libcurl4-openssl-dev"),
        systemLibrary("CSQLite", pkgConfig: nil, apt: "libsqlite3-dev"),
        .target(
            name: "ParleyCore",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "ParleyProviders",
            dependencies: ["ParleyCore", "CCurl"]
        ),
        .target(
            name: "ParleyREPL",
            dependencies: ["ParleyCore", "CEditline"]
        ),
        .target(
            name: "ParleyStore",
            dependencies: ["ParleyCore", "CPostgres", "CSQLite"],
            plugins: ["EmbedSchema"]
        ),
        .executableTarget(name: "EmbedSchemaTool"),
        .plugin(name: "EmbedSchema", capability: .buildTool(), dependencies: ["EmbedSchemaTool"]),
        .executableTarget(
            name: "parley",
            dependencies: [
                "ParleyCore",
                "ParleyREPL",
                "ParleyStore",
                "ParleyProviders",
            ]
        ),
        .executableTarget(
            name: "parley-provider-bench",
            dependencies: ["ParleyCore", "ParleyProviders"],
            path: "Benchmarks/ProviderBench"
        ),
        .executableTarget(
            name: "parley-store-bench",
            dependencies: ["ParleyCore", "ParleyStore"],
            path: "Benchmarks/StoreBench"
        ),
        .testTarget(name: "ParleyCoreTests", dependencies: ["ParleyCore"]),
        .testTarget(name: "ParleyREPLTests", dependencies: ["ParleyREPL"]),
        .testTarget(name: "ParleyProvidersTests", dependencies: ["ParleyProviders"], exclude: ["Server"]),
        .testTarget(name: "ParleyStoreTests", dependencies: ["ParleyStore"]),
        .testTarget(name: "EndToEndTests", dependencies: ["parley"], exclude: ["Chainlit", "Outage"]),
    ],
    swiftLanguageModes: [.v6]
)
