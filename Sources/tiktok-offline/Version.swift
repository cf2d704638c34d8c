/// The version `tiktok-offline --version` prints.
enum Version {
    /// The release number (semantic versioning). Whoever cuts a release bumps it before running
    /// `scripts/release.sh`, which names the tarball after it.
    static let number = "0.2.0"

    /// `tiktok-offline 0.2.0 (commit 1a2b3c4d5e6f)`; the commit is left out when the binary was
    /// built outside a git checkout.
    static let line = "tiktok-offline \(number)" + (buildCommit.map { " (commit \($0))" } ?? "")
}
