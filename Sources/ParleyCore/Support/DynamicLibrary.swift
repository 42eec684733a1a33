import Glibc

/// A C library opened at run time, for the ones parley needs only on some paths (libcurl, libpq): linked,
/// they and everything they depend on would be loaded at every start.
public struct DynamicLibrary: @unchecked Sendable {
    /// What the loader said when a library or one of its functions could not be found.
    public struct Failure: Error, Sendable {
        public var message: String

        public init(message: String) {
            self.message = message
        }
    }

    // The handle is never closed, and dlsym may be called from any thread.
    private let handle: UnsafeMutableRawPointer
    /// The name or path that was opened.
    public let name: String

    /// Opens the first of `names` that loads: a path, or a versioned soname such as `libpq.so.5` that the
    /// system's loader looks up. Every symbol is bound now.
    public init(opening names: [String]) throws(Failure) {
        var failures: [String] = []
        for name in names {
            if let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) {
                self.handle = handle
                self.name = name
                return
            }
            failures.append(dlerror().map { String(cString: $0) } ?? "\(name) could not be opened")
        }
        throw Failure(message: failures.joined(separator: "; "))
    }

    /// Opens parley's own build of the library `soname` names (see `privatePath(of:)`), else the system's.
    public init(preferringPrivate soname: String) throws(Failure) {
        try self.init(opening: [Self.privatePath(of: soname), soname].compactMap { $0 })
    }

    /// The function named `symbol`, typed as the `@convention(c)` function (or C function pointer) `T`.
    public func function<T>(_ symbol: String, as type: T.Type = T.self) throws(Failure) -> T {
        guard let address = dlsym(handle, symbol) else { throw Failure(message: "\(name) has no \(symbol)") }
        return unsafeBitCast(address, to: type)
    }

    /// Where parley's own builds of C libraries live: `lib/parley` beside the directory of the executable
    /// (`/usr/local/lib/parley` for `/usr/local/bin/parley`; for a build, `lib/parley` in its build folder).
    public static func privatePath(of name: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { return nil }
        let executable = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // Plain string work: Foundation's URL took 0.3 ms here, on the way to connecting to the database.
        let directory = executable[..<(executable.lastIndex(of: "/") ?? executable.startIndex)]
        let root = directory[..<(directory.lastIndex(of: "/") ?? directory.startIndex)]
        return String(root) + "/lib/parley/" + name
    }
}

extension Result where Failure == DynamicLibrary.Failure {
    /// The opened library, or an error saying what needs it (`"PostgreSQL needs libpq"`) and how to get it.
    public func opened(_ code: ParleyError.Code, _ need: String, hint: String) throws(ParleyError) -> Success {
        switch self {
        case .success(let library): return library
        case .failure(let failure):
            throw ParleyError(code, "\(need), which could not be loaded: \(failure.message)", hint: hint)
        }
    }
}
