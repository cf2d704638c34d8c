#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where the running executable is on disk, for finding files installed beside it.
enum ExecutablePath {
    /// The folder holding the running executable, symbolic links resolved; nil when the system
    /// does not say.
    static var folder: String? {
        guard let path = resolvedPath() else { return nil }
        return path.lastIndex(of: "/").map { String(path[..<$0]) }
    }

    #if canImport(Glibc)
        /// The executable's path from `/proc/self/exe` (Linux keeps it resolved there).
        private static func resolvedPath() -> String? {
            var buffer = [UInt8](repeating: 0, count: 4097)
            let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
            guard count > 0 else { return nil }
            return String(decoding: buffer[..<count], as: UTF8.self)
        }
    #elseif canImport(Darwin)
        /// The executable's path from `_NSGetExecutablePath`, resolved with `realpath`.
        private static func resolvedPath() -> String? {
            var size: UInt32 = 0
            _ = _NSGetExecutablePath(nil, &size)
            var buffer = [CChar](repeating: 0, count: Int(size) + 1)
            guard _NSGetExecutablePath(&buffer, &size) == 0, let resolved = realpath(buffer, nil) else { return nil }
            defer { free(resolved) }
            return String(cString: resolved)
        }
    #else
        private static func resolvedPath() -> String? { nil }
    #endif
}
