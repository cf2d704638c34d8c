import TikTokOfflineCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The TikTok access token: read from the environment or a private file, never printed.
package struct AccessToken: Sendable, CustomStringConvertible {
    /// The token text, for the `Access-Token` header only.
    package let value: String

    /// Wraps a token.
    package init(_ value: String) {
        self.value = value
    }

    /// Redacted, so a token never reaches a log by accident.
    package var description: String { "<access token redacted>" }

    /// Why no token could be had.
    package struct Problem: Error, Sendable, CustomStringConvertible {
        /// What is wrong and how to fix it.
        package let description: String
    }

    /// The token from `--token-file` when given, else from `TIKTOK_ACCESS_TOKEN`.
    package static func load(file: String?, environment: [String: String]) throws(Problem) -> AccessToken {
        if let file {
            var status = stat()
            guard stat(file, &status) == 0 else {
                throw Problem(description: "--token-file \(file): \(FileIO.describeErrno(errno, forReading: true))")
            }
            let mode = status.st_mode & 0o777
            if mode & 0o077 != 0 {
                throw Problem(
                    description:
                        "--token-file \(file) is readable by others (mode \(String(mode, radix: 8))); make it private with: chmod 600 \(file)")
            }
            let bytes: [UInt8]
            do {
                bytes = try FileIO.readAll(file, limit: ReadLimit.token, what: "a token file")
            } catch {
                throw Problem(description: "--token-file \(error)")
            }
            let token = String(decoding: bytes, as: UTF8.self).trimmingCharacters()
            guard !token.isEmpty else { throw Problem(description: "--token-file \(file) is empty") }
            try check(token, from: "the token in --token-file \(file)")
            return AccessToken(token)
        }
        guard let token = environment["TIKTOK_ACCESS_TOKEN"]?.trimmingCharacters(), !token.isEmpty else {
            throw Problem(description: "no access token: set TIKTOK_ACCESS_TOKEN or pass --token-file FILE (a file only you can read)")
        }
        try check(token, from: "TIKTOK_ACCESS_TOKEN")
        return AccessToken(token)
    }

    /// Refuses a token that is not one line of printable ASCII (a header value must be), saying
    /// where the first bad character is but never what the token holds.
    static func check(_ token: String, from origin: String) throws(Problem) {
        for (offset, byte) in token.utf8.enumerated() where !(0x21...0x7E).contains(byte) {
            let kind: String
            switch byte {
            case 0x0A, 0x0D: kind = "a line break"
            case 0x20, 0x09: kind = "a space"
            case ..<0x20, 0x7F: kind = "a control character"
            default: kind = "a non-ASCII character"
            }
            throw Problem(
                description:
                    "\(origin) has \(kind) at character \(offset + 1) of \(token.utf8.count); a token is one line of printable characters: check that only the token is there"
            )
        }
    }
}

extension String {
    fileprivate func trimmingCharacters() -> String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}
