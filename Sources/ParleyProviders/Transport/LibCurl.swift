import CCurl
import ParleyCore

/// libcurl, opened by the first transfer instead of linked, so that commands that never reach the network
/// do not pay for loading it. parley's own build (HTTP and TLS only, see Libraries/build-library.sh) is opened
/// when it is installed beside the executable, else the system's, which brings thirty more libraries
/// (Kerberos, LDAP, SSH…): measured here, 7 ms and 4.4 MiB more for a one-prompt run. The functions are kept
/// in Swift, so every module shares one table.
struct LibCurl: @unchecked Sendable {
    /// curl_version()'s line (library, TLS library) and the file it was loaded from.
    let description: String
    let easyInit: @convention(c) () -> UnsafeMutableRawPointer?
    let easyCleanup: @convention(c) (UnsafeMutableRawPointer?) -> Void
    let easyStrerror: @convention(c) (CURLcode) -> UnsafePointer<CChar>?
    /// `curl_easy_setopt` and `curl_easy_getinfo` are variadic; the shim's typed wrappers call them.
    let setopt: parley_curl_setopt_function
    let getinfo: parley_curl_getinfo_function
    let multiInit: @convention(c) () -> UnsafeMutableRawPointer?
    let multiAddHandle: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutableRawPointer?) -> CURLMcode
    let multiRemoveHandle: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutableRawPointer?) -> CURLMcode
    let multiCleanup: @convention(c) (UnsafeMutableRawPointer?) -> CURLMcode
    let multiPerform: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutablePointer<Int32>?) -> CURLMcode
    let multiInfoRead: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutablePointer<Int32>?)
        -> UnsafeMutablePointer<CURLMsg>?
    let multiPoll: @convention(c) (
        UnsafeMutableRawPointer?, UnsafeMutablePointer<curl_waitfd>?, UInt32, Int32, UnsafeMutablePointer<Int32>?
    ) -> CURLMcode
    let multiWakeup: @convention(c) (UnsafeMutableRawPointer?) -> CURLMcode
    let slistAppend: @convention(c) (UnsafeMutablePointer<curl_slist>?, UnsafePointer<CChar>?)
        -> UnsafeMutablePointer<curl_slist>?
    let slistFreeAll: @convention(c) (UnsafeMutablePointer<curl_slist>?) -> Void

    /// The library, opened and initialised once; or why it cannot be used.
    static let shared = Result { () throws(DynamicLibrary.Failure) in
        try LibraryLoading.shared.run { () throws(DynamicLibrary.Failure) in try LibCurl() }
    }

    private init() throws(DynamicLibrary.Failure) {
        let library = try DynamicLibrary(preferringPrivate: "libcurl.so.4")
        easyInit = try library.function("curl_easy_init")
        easyCleanup = try library.function("curl_easy_cleanup")
        easyStrerror = try library.function("curl_easy_strerror")
        setopt = try library.function("curl_easy_setopt")
        getinfo = try library.function("curl_easy_getinfo")
        multiInit = try library.function("curl_multi_init")
        multiAddHandle = try library.function("curl_multi_add_handle")
        multiRemoveHandle = try library.function("curl_multi_remove_handle")
        multiCleanup = try library.function("curl_multi_cleanup")
        multiPerform = try library.function("curl_multi_perform")
        multiInfoRead = try library.function("curl_multi_info_read")
        multiPoll = try library.function("curl_multi_poll")
        multiWakeup = try library.function("curl_multi_wakeup")
        slistAppend = try library.function("curl_slist_append")
        slistFreeAll = try library.function("curl_slist_free_all")
        let globalInit = try library.function("curl_global_init", as: (@convention(c) (Int) -> CURLcode).self)
        guard globalInit(parley_curl_global_default()) == CURLE_OK else {
            throw DynamicLibrary.Failure(message: "curl_global_init failed")
        }
        let version = try library.function("curl_version", as: (@convention(c) () -> UnsafePointer<CChar>?).self)
        description = "\(version().map { String(cString: $0) } ?? "libcurl") (\(library.name))"
    }

    func set(_ easy: UnsafeMutableRawPointer, _ option: CURLoption, _ value: Int) {
        _ = parley_curl_set_long(setopt, easy, option, value)
    }

    func set(_ easy: UnsafeMutableRawPointer, _ option: CURLoption, _ value: UnsafeRawPointer?) {
        _ = parley_curl_set_pointer(setopt, easy, option, value)
    }

    func set(_ easy: UnsafeMutableRawPointer, _ option: CURLoption, _ value: String) {
        _ = value.withCString { parley_curl_set_pointer(setopt, easy, option, $0) }
    }

    func set(_ easy: UnsafeMutableRawPointer, _ option: CURLoption, _ callback: curl_write_callback) {
        _ = parley_curl_set_callback(setopt, easy, option, callback)
    }
}
