import Foundation

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
    public let name: String

    /// Opens `name`, a versioned soname such as `libpq.so.5`, with every symbol bound now.
    public init(opening name: String) throws(Failure) {
        guard let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) else {
            throw Failure(message: dlerror().map { String(cString: $0) } ?? "\(name) could not be opened")
        }
        self.handle = handle
        self.name = name
    }

    /// The function named `symbol`, typed as the `@convention(c)` function (or C function pointer) `T`.
    public func function<T>(_ symbol: String, as type: T.Type = T.self) throws(Failure) -> T {
        guard let address = dlsym(handle, symbol) else { throw Failure(message: "\(name) has no \(symbol)") }
        return unsafeBitCast(address, to: type)
    }
}
