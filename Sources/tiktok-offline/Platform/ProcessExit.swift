#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Ending the process with an exit code.
enum ProcessExit {
    /// Flushes the C streams and exits with `code` (ArgumentParser's own `exit` is a different
    /// function, hence the module-qualified call).
    static func now(_ code: Int32) -> Never {
        #if canImport(Glibc)
            Glibc.exit(code)
        #elseif canImport(Darwin)
            Darwin.exit(code)
        #endif
    }
}
