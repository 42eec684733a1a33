import CEditline
import ParleyCore

/// libedit, opened when a terminal needs a line editor instead of linked: a script or a pipe never uses it,
/// and loading it with the three libraries it needs cost every start 0.35 ms.
struct LibEdit: @unchecked Sendable {
    let initialize: @convention(c) (UnsafePointer<CChar>?, UnsafeMutablePointer<FILE>?, UnsafeMutablePointer<FILE>?,
                                    UnsafeMutablePointer<FILE>?) -> OpaquePointer?
    let end: @convention(c) (OpaquePointer?) -> Void
    let source: @convention(c) (OpaquePointer?, UnsafePointer<CChar>?) -> Int32
    let wideGets: @convention(c) (OpaquePointer?, UnsafeMutablePointer<Int32>?) -> UnsafePointer<wchar_t>?
    let wideLine: @convention(c) (OpaquePointer?) -> UnsafePointer<LineInfoW>?
    let cursor: @convention(c) (OpaquePointer?, Int32) -> Int32
    let wideInsert: @convention(c) (OpaquePointer?, UnsafePointer<wchar_t>?) -> Int32
    let resize: @convention(c) (OpaquePointer?) -> Void
    let historyInit: @convention(c) () -> OpaquePointer?
    let historyEnd: @convention(c) (OpaquePointer?) -> Void
    /// `el_set`, `el_get` and `history` are variadic; the shim's typed wrappers call them.
    let set: parley_el_set_function
    let get: parley_el_get_function
    let history: parley_history_function

    /// The library, opened once; or why it cannot be used.
    static let shared = Result { () throws(DynamicLibrary.Failure) in try LibEdit() }

    private init() throws(DynamicLibrary.Failure) {
        let library = try DynamicLibrary(opening: ["libedit.so.2"])
        initialize = try library.function("el_init")
        end = try library.function("el_end")
        source = try library.function("el_source")
        wideGets = try library.function("el_wgets")
        wideLine = try library.function("el_wline")
        cursor = try library.function("el_cursor")
        wideInsert = try library.function("el_winsertstr")
        resize = try library.function("el_resize")
        historyInit = try library.function("history_init")
        historyEnd = try library.function("history_end")
        set = try library.function("el_set")
        get = try library.function("el_get")
        history = try library.function("history")
    }
}
