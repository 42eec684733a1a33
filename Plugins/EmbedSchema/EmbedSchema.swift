import Foundation
import PackagePlugin

/// Embeds schema/**/*.sql in the target, so the binary carries and applies its own migrations.
@main
struct EmbedSchema: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        let schema = context.package.directoryURL.appending(path: "schema")
        let files = sqlFiles(under: schema)
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedSchema.swift")
        let tool = try context.tool(named: "EmbedSchemaTool")
        return [
            .buildCommand(
                displayName: "Embedding \(files.count) schema files",
                executable: tool.url,
                arguments: [schema.path(), output.path()] + files.map { $0.path() },
                inputFiles: files,
                outputFiles: [output]
            ),
        ]
    }

    /// Sorted so the generated file, and so the build, is the same on every machine.
    private func sqlFiles(under directory: URL) -> [URL] {
        guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else {
            return []
        }
        return walker.compactMap { $0 as? URL }
            .filter { $0.pathExtension == "sql" }
            .sorted { $0.path() < $1.path() }
    }
}
