import CPostgres
import Foundation
import ParleyCore

/// One libpq connection; not Sendable, so only its owner (an actor on a dedicated thread) can call it.
final class PostgresConnection: SQLDatabase {
    private let handle: OpaquePointer
    private let pq: LibPQ
    /// The URL without its password, for messages.
    let location: String
    /// Statements prepared on this connection, by their SQL. Writes are a fixed set of constants, and the server
    /// parsing and analysing one again at every write was a third of a step's cost there.
    private var prepared: [String: String] = [:]
    /// Names are never used twice: a prepare in a pipeline that failed may or may not exist on the server.
    private var preparedNames = 0
    /// How long a statement may wait for the server; nil while migrating, when building an index on a large
    /// table may rightly take minutes.
    var deadline: StatementDeadline?

    /// Connects; the URL's own connect_timeout wins over parley's 10 seconds. `triesPlainFirst` (see
    /// PostgresLocation) gives way to libpq's variables that choose the host or TLS, too.
    init(url: String, location: String, triesPlainFirst: Bool = false,
         answerTimeout: Duration = .seconds(15)) throws(ParleyError) {
        self.location = location
        deadline = StatementDeadline(limit: answerTimeout)
        // client_encoding as a connection option costs no round trip and survives a reset, as SET would not.
        var keywords = ["connect_timeout", "dbname", "application_name", "client_encoding"]
        var values = ["10", url, "parley", "UTF8"]
        var failure: String?
        if triesPlainFirst, !Self.environmentChoosesTransport() {
            // The build without TLS first, when there is one. Only a server that answered can want TLS; one that
            // refused the plain connection is asked again by the library with TLS, as libpq's `allow` does.
            if case .success(let plain) = LibPQ.plain {
                switch Self.connect(plain, keywords, values) {
                case .success(let connection):
                    pq = plain
                    handle = connection
                    connected()
                    return
                case .failure(let plainFailure):
                    failure = plainFailure.reason
                }
            }
            keywords.insert("sslmode", at: 0)
            values.insert("allow", at: 0)
        }
        if let failure {
            guard failure.contains("FATAL:"), case .success = LibPQ.shared else {
                throw Self.connectionError(failure, location: location)
            }
        }
        pq = try LibPQ.shared.opened(.database, "PostgreSQL needs libpq",
                                     hint: "install it (Debian and Ubuntu: apt install libpq5), or use SQLite")
        switch Self.connect(pq, keywords, values) {
        case .success(let connection): handle = connection
        case .failure(let failure): throw Self.connectionError(failure.reason, location: location)
        }
        connected()
    }

    /// Opens a connection with `pq`, or says why the server could not be reached or refused it.
    private static func connect(_ pq: LibPQ, _ keywords: [String], _ values: [String])
        -> Result<OpaquePointer, ConnectionFailure> {
        let connection = withCStrings(keywords) { keywordPointers in
            withCStrings(values) { valuePointers in
                pq.connectdbParams(keywordPointers, valuePointers, 1)
            }
        }
        guard let connection else { return .failure(ConnectionFailure(reason: "out of memory")) }
        guard pq.status(connection) == CONNECTION_OK else {
            let reason = message(pq.errorMessage(connection))
            pq.finish(connection)
            return .failure(ConnectionFailure(reason: reason))
        }
        return .success(connection)
    }

    private struct ConnectionFailure: Error {
        var reason: String
    }

    /// A refusal (password, role, database) is final; anything else is a server that may come back.
    private static func connectionError(_ reason: String, location: String) -> ParleyError {
        ParleyError(isRefusal(reason) ? .database : .databaseUnreachable,
                    "could not connect to PostgreSQL at \(location): \(reason)",
                    hint: hint(forConnectionFailure: reason))
    }

    private func connected() {
        LibPQ.connected.withLock { $0 = pq.description }
        // Server NOTICEs (e.g. "relation already exists, skipping") would otherwise land on stderr.
        _ = pq.setNoticeProcessor(handle, { _, _ in }, nil)
    }

    deinit {
        pq.finish(handle)
    }

    var isConnected: Bool {
        pq.status(handle) == CONNECTION_OK
    }

    /// A lost connection's status is unknown, which is not a transaction to join.
    var isInTransaction: Bool {
        let status = pq.transactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR
    }

    func run(script: String) throws(ParleyError) {
        try reconnectIfNeeded()
        let result = waiting { pq.exec(handle, script) }
        defer { pq.clear(result) }
        try check(result)
    }

    @discardableResult
    func query(_ sql: String, _ parameters: [SQLValue]) throws(ParleyError) -> [SQLRow] {
        try reconnectIfNeeded()
        let result = waiting { execute(sql, parameters) }
        defer { pq.clear(result) }
        try check(result)
        return rows(of: result)
    }

    /// Runs a blocking exchange with the server within the deadline, if there is one.
    private func waiting<T>(_ body: () -> T) -> T {
        guard let deadline else { return body() }
        return deadline.run(socket: pq.socket(handle), body)
    }

    /// Runs `statements` as one transaction, all or none. With libpq's pipeline mode they are all sent before
    /// any answer is read: one round trip instead of one for each, which is most of their cost once the server
    /// is across a network. Statements in one pipeline, up to its sync point, are one implicit transaction.
    func runTogether(_ statements: [SQLStatement]) throws(ParleyError) {
        guard let pipeline = pq.pipeline else {
            try transaction { () throws(ParleyError) in
                for statement in statements { try query(statement.sql, statement.parameters) }
            }
            return
        }
        guard !statements.isEmpty else { return }
        try reconnectIfNeeded()
        guard pipeline.enter(handle) == 1 else { throw lost() }
        var preparing: [(sql: String, name: String)] = []
        let sentAll = waiting { () -> Bool in
            for statement in statements {
                var name = prepared[statement.sql] ?? preparing.first { $0.sql == statement.sql }?.name
                var sent: Int32 = 1
                if name == nil {
                    preparedNames += 1
                    let new = "parley_\(preparedNames)"
                    sent = pipeline.sendPrepare(handle, new, statement.sql, Int32(statement.parameters.count), nil)
                    preparing.append((statement.sql, new))
                    name = new
                }
                if sent == 1 {
                    sent = withParameters(statement.parameters) { count, values, lengths, formats in
                        pipeline.sendQueryPrepared(handle, name, count, values, lengths, formats, 0)
                    }
                }
                guard sent == 1 else { return false }
            }
            return pipeline.sync(handle) == 1
        }
        // What was sent has not been committed, and never will be without a sync: dropping the connection leaves
        // none of the burst behind.
        guard sentAll else { throw abandon() }
        let (failure, synced) = waiting { readResults(pipeline) }
        // Without the sync point's answer, whether the burst was committed is unknown: it counts as not saved.
        guard synced else { throw abandon() }
        // A connection that cannot leave pipeline mode would refuse every later statement: start it afresh.
        if pipeline.exit(handle) != 1 { reset() }
        if let failure { throw failure }
        for (sql, name) in preparing { prepared[sql] = name }
    }

    /// Reads a pipeline's results up to its sync point: the first failure, and whether the sync point answered.
    /// Each statement's results end with a null; the sync point ends the pipeline. Two nulls in a row mean
    /// nothing more is coming (the connection broke).
    private func readResults(_ pipeline: LibPQ.Pipeline) -> (failure: ParleyError?, synced: Bool) {
        var failure: ParleyError?
        var previousWasNull = false
        while true {
            guard let result = pipeline.getResult(handle) else {
                if previousWasNull || pq.status(handle) != CONNECTION_OK { break }
                previousWasNull = true
                continue
            }
            previousWasNull = false
            let status = pq.resultStatus(result)
            if status != PGRES_PIPELINE_SYNC, status != PGRES_PIPELINE_ABORTED, failure == nil {
                do { try check(result) } catch { failure = error }
                // A pooler in front of the server may hand the next statements to a server connection that never
                // saw them prepared: prepare again from the next burst on.
                if let state = pq.resultErrorField(result, Int32(PARLEY_PG_DIAG_SQLSTATE.rawValue)),
                   String(cString: state) == "26000" {
                    prepared = [:]
                }
            }
            pq.clear(result)
            if status == PGRES_PIPELINE_SYNC { return (failure, true) }
        }
        return (failure, false)
    }

    /// Gives up on a pipeline whose connection failed. A connection that still looks open is started afresh now
    /// (it may hold half a pipeline); a broken one is, at its next statement.
    private func abandon() -> ParleyError {
        let error = lost()
        if pq.status(handle) == CONNECTION_OK { reset() }
        return error
    }

    /// Connects again; the server forgets what was prepared on the old connection.
    private func reset() {
        pq.reset(handle)
        prepared = [:]
    }

    /// The connection broke, or was cut when the server did not answer in time: the server is as good as away,
    /// so what was being written goes to the outbox rather than being given up.
    private func lost(_ reason: String? = nil) -> ParleyError {
        if let deadline, deadline.cutLast {
            let limit = deadline.limit.components
            let seconds = Double(limit.seconds) + Double(limit.attoseconds) / 1e18
            let shown = seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
            return ParleyError(.databaseUnreachable, "PostgreSQL at \(location) did not answer within \(shown) s",
                               hint: "is the server or the network stalled? (database_timeout in config.yaml)")
        }
        let reason = reason ?? Self.message(pq.errorMessage(handle))
        return ParleyError(.databaseUnreachable, "lost the connection to PostgreSQL at \(location): \(reason)",
                           hint: "is the server running?")
    }

    /// A dropped connection is retried once per statement, so a restarted server is picked up again.
    private func reconnectIfNeeded() throws(ParleyError) {
        guard pq.status(handle) != CONNECTION_OK else { return }
        reset()
        guard pq.status(handle) == CONNECTION_OK else { throw lost() }
        _ = pq.setNoticeProcessor(handle, { _, _ in }, nil)
    }

    private func check(_ result: OpaquePointer?) throws(ParleyError) {
        let status = result.map { pq.resultStatus($0) } ?? PGRES_FATAL_ERROR
        guard status != PGRES_COMMAND_OK, status != PGRES_TUPLES_OK, status != PGRES_EMPTY_QUERY else { return }
        let primary = result.flatMap { pq.resultErrorField($0, Int32(PARLEY_PG_DIAG_MESSAGE_PRIMARY.rawValue)) }
        let state = result.flatMap { pq.resultErrorField($0, Int32(PARLEY_PG_DIAG_SQLSTATE.rawValue)) }
        let reason = primary.map { String(cString: $0) } ?? Self.message(pq.errorMessage(handle))
        let code = state.map { " (SQLSTATE \(String(cString: $0)))" } ?? ""
        if pq.status(handle) != CONNECTION_OK { throw lost(reason) }
        throw ParleyError(.database, "PostgreSQL at \(location) refused a statement: \(reason)\(code)")
    }

    private func execute(_ sql: String, _ parameters: [SQLValue]) -> OpaquePointer? {
        withParameters(parameters) { count, values, lengths, formats in
            pq.execParams(handle, sql, count, nil, values, lengths, formats, 0)
        }
    }

    /// Text parameters go as C strings; bytes in binary format, so no escaping is ever involved.
    private func withParameters<T>(
        _ parameters: [SQLValue],
        _ body: (Int32, [UnsafePointer<CChar>?], [Int32], [Int32]) -> T
    ) -> T {
        var buffers: [UnsafeMutableRawPointer?] = []
        var lengths: [Int32] = []
        var formats: [Int32] = []
        defer { buffers.forEach { free($0) } }
        for parameter in parameters {
            let bytes: [UInt8]?
            var format: Int32 = 0
            switch parameter {
            case .null: bytes = nil
            case .text(let value): bytes = Array(value.utf8) + [0]
            case .int(let value): bytes = Array(String(value).utf8) + [0]
            case .bool(let value): bytes = Array((value ? "true" : "false").utf8) + [0]
            case .bytes(let value):
                bytes = value
                format = 1
            }
            if let bytes {
                let buffer = malloc(max(bytes.count, 1))
                bytes.withUnsafeBytes { source in
                    if let base = source.baseAddress, let buffer {
                        buffer.copyMemory(from: base, byteCount: bytes.count)
                    }
                }
                buffers.append(buffer)
                lengths.append(Int32(format == 1 ? bytes.count : bytes.count - 1))
            } else {
                buffers.append(nil)
                lengths.append(0)
            }
            formats.append(format)
        }
        let values = buffers.map { $0.map { UnsafePointer($0.assumingMemoryBound(to: CChar.self)) } }
        return body(Int32(parameters.count), values, lengths, formats)
    }

    private func rows(of result: OpaquePointer?) -> [SQLRow] {
        guard let result else { return [] }
        let rowCount = pq.ntuples(result)
        let columnCount = pq.nfields(result)
        var rows: [SQLRow] = []
        rows.reserveCapacity(Int(rowCount))
        for row in 0..<rowCount {
            var values: [SQLValue] = []
            values.reserveCapacity(Int(columnCount))
            for column in 0..<columnCount {
                if pq.getisnull(result, row, column) == 1 {
                    values.append(.null)
                } else if let value = pq.getvalue(result, row, column) {
                    values.append(.text(String(cString: value)))
                } else {
                    values.append(.null)
                }
            }
            rows.append(SQLRow(values: values))
        }
        return rows
    }

    private static func withCStrings<T>(_ strings: [String], _ body: ([UnsafePointer<CChar>?]) -> T) -> T {
        let copies = strings.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        return body(copies.map { $0.map { UnsafePointer($0) } } + [nil])
    }

    private static func message(_ pointer: UnsafeMutablePointer<CChar>?) -> String {
        guard let pointer else { return "unknown error" }
        let text = String(cString: pointer).trimmingWhitespace()
        // libpq prefixes the address we already show; keep only its reason.
        if text.hasPrefix("connection to server"), let range = text.range(of: " failed: ") {
            return String(text[range.upperBound...]).trimmingWhitespace()
        }
        return text.isEmpty ? "unknown error" : text
    }

    /// Whether libpq's variables choose the host, TLS or channel binding, which `triesPlainFirst` leaves to them.
    private static func environmentChoosesTransport() -> Bool {
        var variable = environ
        while let entry = variable.pointee {
            let name = String(cString: entry).prefix { $0 != "=" }
            if name.hasPrefix("PGSSL") || name.hasPrefix("PGGSS")
                || ["PGREQUIRESSL", "PGSERVICE", "PGSERVICEFILE", "PGHOST", "PGHOSTADDR", "PGCHANNELBINDING"]
                    .contains(String(name)) {
                return true
            }
            variable += 1
        }
        return false
    }

    private static func isRefusal(_ reason: String) -> Bool {
        ["password", "authentication", "does not exist", "permission denied", "no pg_hba.conf entry"]
            .contains { reason.contains($0) }
    }

    private static func hint(forConnectionFailure reason: String) -> String {
        if reason.contains("password") || reason.contains("authentication") {
            return "check the user name and password in the database URL"
        }
        if reason.contains("does not exist") {
            return "create the database, or fix its name in the database URL"
        }
        return "is the server running, and does the database URL name the right host and port?"
    }
}
