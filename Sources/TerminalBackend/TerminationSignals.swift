import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Set by the signal handlers; read by the run loop, which turns it into ``Message/terminate``.
private let terminationRequested = Atomic<Bool>(false)

/// SIGTERM, SIGHUP and SIGINT while the configurator owns the terminal: each only sets a flag, so
/// the run loop can keep the unsaved edits and give the terminal back before exiting.
enum TerminationSignals {
    /// Unblocks resize and termination signals (a parent may have blocked them; the mask is
    /// inherited) and installs the flag-setting handlers.
    static func install() {
        var signals = sigset_t()
        sigemptyset(&signals)
        for number in [SIGWINCH, SIGTERM, SIGHUP, SIGINT] { sigaddset(&signals, number) }
        sigprocmask(SIG_UNBLOCK, &signals, nil)
        for number in [SIGTERM, SIGHUP, SIGINT] {
            signal(number) { _ in terminationRequested.store(true, ordering: .relaxed) }
        }
    }

    /// Whether one of the signals arrived since ``install()``.
    static var wereReceived: Bool { terminationRequested.load(ordering: .relaxed) }
}
