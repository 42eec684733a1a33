import Glibc

/// The process's environment variables, read from `environ`: ProcessInfo's copy sets up Foundation's process
/// information first, which cost 0.3 ms at every start, before the store could begin to connect.
public enum ProcessEnvironment {
    public static func current() -> [String: String] {
        var variables: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let separator = text.firstIndex(of: "=") {
                let name = String(text[..<separator])
                // A name set twice means what getenv says: the first.
                if variables[name] == nil { variables[name] = String(text[text.index(after: separator)...]) }
            }
            entry += 1
        }
        return variables
    }
}
