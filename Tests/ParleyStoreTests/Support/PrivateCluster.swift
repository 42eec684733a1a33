import Foundation
import ParleyCore
@testable import ParleyStore

/// A PostgreSQL server of one test's own, reachable only through a socket in its directory, so the test
/// can stop and start it without disturbing the shared test server.
struct PrivateCluster {
    let directory: String
    let binaries: String

    var url: String {
        "postgresql://postgres@/parley?host=" + directory
    }

    static func make() throws -> PrivateCluster {
        guard let binaries = ProcessInfo.processInfo.environment["PARLEY_TEST_PG_BIN"], !binaries.isEmpty else {
            throw ParleyError(.database, "PARLEY_TEST_PG_BIN is not set", hint: "run under Tests/with-postgres.sh")
        }
        let directory = "/tmp/parley-cluster-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let cluster = PrivateCluster(directory: directory, binaries: binaries)
        if getuid() == 0 {
            // initdb and postgres refuse to run as root; the postgres account runs them.
            try FileManager.default.setAttributes([.ownerAccountName: "postgres"], ofItemAtPath: directory)
        }
        try cluster.server("initdb", "-D", directory + "/data", "-A", "trust", "-U", "postgres", "--no-sync",
                           "-E", "UTF8", "--locale=C")
        let settings = "\nlisten_addresses = ''\nunix_socket_directories = '\(directory)'\nfsync = off\n"
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: directory + "/data/postgresql.conf"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(settings.utf8))
        try handle.close()
        try cluster.start()
        let admin = try TestPostgres.connect("postgresql://postgres@/postgres?host=" + directory)
        try admin.run(script: "CREATE DATABASE parley")
        return cluster
    }

    func start() throws {
        try server("pg_ctl", "-D", directory + "/data", "-l", directory + "/server.log", "-w", "-t", "60", "start")
    }

    func stop() throws {
        try server("pg_ctl", "-D", directory + "/data", "-m", "fast", "-w", "-t", "60", "stop")
    }

    func destroy() {
        try? server("pg_ctl", "-D", directory + "/data", "-m", "immediate", "-w", "stop")
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// posix_spawn and waitpid rather than Process, whose waitUntilExit missed pg_ctl's exit here.
    private func server(_ tool: String, _ arguments: String...) throws {
        // env -C: the server account may not be allowed into the test's own working directory.
        let command = ["/usr/bin/env", "-C", directory]
            + (getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--"] : [])
            + [binaries + "/" + tool] + arguments
        let argv = command.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var pid: pid_t = 0
        guard posix_spawn(&pid, command[0], &actions, nil, argv, environ) == 0 else {
            throw ParleyError(.database, "cannot start \(tool)")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        guard status == 0 else {
            throw ParleyError(.database, "\(tool) failed with status \(status)")
        }
    }
}
