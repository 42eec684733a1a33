import CPostgres
import ParleyCore
import Synchronization

/// libpq, opened by the first PostgreSQL connection instead of linked: a chat kept in SQLite never needs it,
/// and linked, it and its libraries (Kerberos, LDAP, TLS) were loaded at every start of parley. parley's own
/// builds (TLS only, or nothing at all; see Libraries/build-library.sh) are opened when they are installed
/// beside the executable, else the system's: measured here, 10 ms and 4 MiB less for a one-prompt run. The
/// functions are kept in Swift, so every module shares one table.
struct LibPQ: @unchecked Sendable {
    /// libpq's version and the file it was loaded from.
    let description: String
    typealias Connection = OpaquePointer
    typealias Result = OpaquePointer

    let connectdbParams: @convention(c) (UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<UnsafePointer<CChar>?>?,
                                         Int32) -> Connection?
    let status: @convention(c) (Connection?) -> ConnStatusType
    let errorMessage: @convention(c) (Connection?) -> UnsafeMutablePointer<CChar>?
    let finish: @convention(c) (Connection?) -> Void
    let reset: @convention(c) (Connection?) -> Void
    let socket: @convention(c) (Connection?) -> Int32
    let transactionStatus: @convention(c) (Connection?) -> PGTransactionStatusType
    let setNoticeProcessor: @convention(c) (Connection?, PQnoticeProcessor?, UnsafeMutableRawPointer?)
        -> PQnoticeProcessor?
    let exec: @convention(c) (Connection?, UnsafePointer<CChar>?) -> Result?
    let execParams: @convention(c) (
        Connection?, UnsafePointer<CChar>?, Int32, UnsafePointer<Oid>?, UnsafePointer<UnsafePointer<CChar>?>?,
        UnsafePointer<Int32>?, UnsafePointer<Int32>?, Int32
    ) -> Result?
    let clear: @convention(c) (Result?) -> Void
    let resultStatus: @convention(c) (Result?) -> ExecStatusType
    let resultErrorField: @convention(c) (Result?, Int32) -> UnsafeMutablePointer<CChar>?
    let ntuples: @convention(c) (Result?) -> Int32
    let nfields: @convention(c) (Result?) -> Int32
    let getisnull: @convention(c) (Result?, Int32, Int32) -> Int32
    let getvalue: @convention(c) (Result?, Int32, Int32) -> UnsafeMutablePointer<CChar>?
    /// Pipeline mode (libpq 14 and later): several statements sent before any answer is read.
    let pipeline: Pipeline?

    struct Pipeline {
        let enter: @convention(c) (Connection?) -> Int32
        let exit: @convention(c) (Connection?) -> Int32
        let sync: @convention(c) (Connection?) -> Int32
        let sendPrepare: @convention(c) (Connection?, UnsafePointer<CChar>?, UnsafePointer<CChar>?, Int32,
                                         UnsafePointer<Oid>?) -> Int32
        let sendQueryPrepared: @convention(c) (
            Connection?, UnsafePointer<CChar>?, Int32, UnsafePointer<UnsafePointer<CChar>?>?,
            UnsafePointer<Int32>?, UnsafePointer<Int32>?, Int32
        ) -> Int32
        let getResult: @convention(c) (Connection?) -> Result?
    }

    /// The library, opened once; or why it cannot be used.
    static let shared = Swift.Result { () throws(DynamicLibrary.Failure) in
        try LibraryLoading.shared.run { () throws(DynamicLibrary.Failure) in
            try LibPQ(DynamicLibrary(preferringPrivate: "libpq.so.5"))
        }
    }

    /// parley's own build without TLS (Libraries/build-library.sh), for a server on this machine that takes a
    /// plain connection: it does not load OpenSSL, which put a one-prompt run's connection 1.6 ms later. There
    /// is no system build of it, as the system's libpq has TLS.
    static let plain = Swift.Result { () throws(DynamicLibrary.Failure) in
        try LibraryLoading.shared.run { () throws(DynamicLibrary.Failure) in
            try LibPQ(DynamicLibrary(opening: [DynamicLibrary.privatePath(of: "libpq-plain.so.5")].compactMap { $0 }))
        }
    }

    /// The library of the latest connection, for /settings.
    static let connected = Mutex<String?>(nil)

    private init(_ library: DynamicLibrary) throws(DynamicLibrary.Failure) {
        connectdbParams = try library.function("PQconnectdbParams")
        status = try library.function("PQstatus")
        errorMessage = try library.function("PQerrorMessage")
        finish = try library.function("PQfinish")
        reset = try library.function("PQreset")
        socket = try library.function("PQsocket")
        transactionStatus = try library.function("PQtransactionStatus")
        setNoticeProcessor = try library.function("PQsetNoticeProcessor")
        exec = try library.function("PQexec")
        execParams = try library.function("PQexecParams")
        clear = try library.function("PQclear")
        resultStatus = try library.function("PQresultStatus")
        resultErrorField = try library.function("PQresultErrorField")
        ntuples = try library.function("PQntuples")
        nfields = try library.function("PQnfields")
        getisnull = try library.function("PQgetisnull")
        getvalue = try library.function("PQgetvalue")
        pipeline = try? Pipeline(enter: library.function("PQenterPipelineMode"),
                                 exit: library.function("PQexitPipelineMode"),
                                 sync: library.function("PQpipelineSync"),
                                 sendPrepare: library.function("PQsendPrepare"),
                                 sendQueryPrepared: library.function("PQsendQueryPrepared"),
                                 getResult: library.function("PQgetResult"))
        // 150018 for 15.18: the major version times 10,000 plus the minor one, since PostgreSQL 10.
        let version = try library.function("PQlibVersion", as: (@convention(c) () -> Int32).self)()
        description = "libpq \(version / 10_000).\(version % 10_000) (\(library.name))"
    }
}
