import CSQLite
import ParleyCore

/// SQLite's library, opened by the first SQLite store instead of linked: a chat kept in PostgreSQL never uses
/// it, and loading it cost every start 0.4 ms.
struct LibSQLite: @unchecked Sendable {
    typealias Database = OpaquePointer
    typealias Statement = OpaquePointer

    let open: @convention(c) (UnsafePointer<CChar>?, UnsafeMutablePointer<Database?>?, Int32,
                              UnsafePointer<CChar>?) -> Int32
    let close: @convention(c) (Database?) -> Int32
    /// Never null: SQLite answers with a message of its own, "out of memory" included.
    let errorMessage: @convention(c) (Database?) -> UnsafePointer<CChar>
    let errorString: @convention(c) (Int32) -> UnsafePointer<CChar>
    let busyTimeout: @convention(c) (Database?, Int32) -> Int32
    let extendedResultCodes: @convention(c) (Database?, Int32) -> Int32
    let autocommit: @convention(c) (Database?) -> Int32
    /// The row callback is always nil here, so it is declared as a plain pointer.
    let exec: @convention(c) (Database?, UnsafePointer<CChar>?, UnsafeMutableRawPointer?, UnsafeMutableRawPointer?,
                              UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32
    let free: @convention(c) (UnsafeMutableRawPointer?) -> Void
    let prepare: @convention(c) (Database?, UnsafePointer<CChar>?, Int32, UInt32, UnsafeMutablePointer<Statement?>?,
                                 UnsafeMutablePointer<UnsafePointer<CChar>?>?) -> Int32
    let finalize: @convention(c) (Statement?) -> Int32
    let reset: @convention(c) (Statement?) -> Int32
    let clearBindings: @convention(c) (Statement?) -> Int32
    let step: @convention(c) (Statement?) -> Int32
    let bindNull: @convention(c) (Statement?, Int32) -> Int32
    let bindText: @convention(c) (Statement?, Int32, UnsafePointer<CChar>?, Int32, sqlite3_destructor_type?) -> Int32
    let bindInt64: @convention(c) (Statement?, Int32, Int64) -> Int32
    let bindBlob64: @convention(c) (Statement?, Int32, UnsafeRawPointer?, UInt64, sqlite3_destructor_type?) -> Int32
    let columnCount: @convention(c) (Statement?) -> Int32
    let columnType: @convention(c) (Statement?, Int32) -> Int32
    let columnInt64: @convention(c) (Statement?, Int32) -> Int64
    let columnBytes: @convention(c) (Statement?, Int32) -> Int32
    let columnBlob: @convention(c) (Statement?, Int32) -> UnsafeRawPointer?
    let columnText: @convention(c) (Statement?, Int32) -> UnsafePointer<UInt8>?
    /// `sqlite3_db_config` is variadic; the shim's typed wrapper calls it.
    let databaseConfig: parley_sqlite_db_config_function

    /// The library, opened once; or why it cannot be used.
    static let shared = Result { () throws(DynamicLibrary.Failure) in
        try LibraryLoading.shared.run { () throws(DynamicLibrary.Failure) in try LibSQLite() }
    }

    private init() throws(DynamicLibrary.Failure) {
        let library = try DynamicLibrary(opening: ["libsqlite3.so.0"])
        open = try library.function("sqlite3_open_v2")
        close = try library.function("sqlite3_close_v2")
        errorMessage = try library.function("sqlite3_errmsg")
        errorString = try library.function("sqlite3_errstr")
        busyTimeout = try library.function("sqlite3_busy_timeout")
        extendedResultCodes = try library.function("sqlite3_extended_result_codes")
        autocommit = try library.function("sqlite3_get_autocommit")
        exec = try library.function("sqlite3_exec")
        free = try library.function("sqlite3_free")
        prepare = try library.function("sqlite3_prepare_v3")
        finalize = try library.function("sqlite3_finalize")
        reset = try library.function("sqlite3_reset")
        clearBindings = try library.function("sqlite3_clear_bindings")
        step = try library.function("sqlite3_step")
        bindNull = try library.function("sqlite3_bind_null")
        bindText = try library.function("sqlite3_bind_text")
        bindInt64 = try library.function("sqlite3_bind_int64")
        bindBlob64 = try library.function("sqlite3_bind_blob64")
        columnCount = try library.function("sqlite3_column_count")
        columnType = try library.function("sqlite3_column_type")
        columnInt64 = try library.function("sqlite3_column_int64")
        columnBytes = try library.function("sqlite3_column_bytes")
        columnBlob = try library.function("sqlite3_column_blob")
        columnText = try library.function("sqlite3_column_text")
        databaseConfig = try library.function("sqlite3_db_config")
    }
}
