import TikTokOfflineCore
import TikTokOfflineUI

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The configurator's run loop: draws the state, turns the terminal's input into messages, and
/// carries out the effects `update` returns (files, the terminal), feeding every result back as a
/// message, so `update` stays pure.
package final class ConfiguratorRunLoop {
    private let terminal: Terminal
    private let themes: [Theme]
    /// The config file as it was when loaded or last saved (nil: it did not exist).
    private var loadedStamp: FileStamp?
    /// Why the last recovery write failed, while it has not succeeded since.
    private var recoveryFailure: String?

    /// A loop drawing on `terminal` in `themes`, editing the config at `configPath`.
    package init(terminal: Terminal, themes: [Theme], configPath: String) {
        self.terminal = terminal
        self.themes = themes
        self.loadedStamp = FileStamp(configPath)
    }

    /// Runs until the state asks to quit, then restores the terminal. Returns why the unsaved
    /// edits could not be kept when a signal ended the session and the recovery file could not be
    /// written; nil otherwise.
    package func run(_ state: inout AppState) -> String? {
        let (width, height) = terminal.size
        _ = state.update(.resize(width: width, height: height))
        var running = true
        var terminated = false
        while running {
            terminal.draw(state.view(), theme: themes[state.themeIndex])
            var messages = terminal.messages(timeout: state.isPreviewPending ? 0 : 250)
            if messages.isEmpty, state.isPreviewPending { messages = [.idle] }
            if terminal.terminationWasRequested { messages.append(.terminate) }
            messages.append(.tick(WallClock.epochMilliseconds()))
            for message in messages where running {
                if message == .terminate { terminated = true }
                running = perform(state.update(message), state: &state)
            }
        }
        terminal.stop()
        return terminated ? recoveryFailure : nil
    }

    /// Carries out effects and the effects of their results; returns false once the
    /// configurator should exit.
    private func perform(_ effects: [Effect], state: inout AppState) -> Bool {
        for effect in effects {
            let followUp: [Effect]
            switch effect {
            case .save(let path, let bytes, let overwritingChanges):
                let current = FileStamp(path)
                if !overwritingChanges, current != loadedStamp {
                    followUp = state.update(.saveConflict(current == nil ? "was removed" : "was changed by another program"))
                    break
                }
                do {
                    try FileIO.writeAtomically(bytes, to: path)
                    loadedStamp = FileStamp(path)
                    followUp = state.update(.saveFinished(.success(path)))
                } catch {
                    followUp = state.update(.saveFinished(.failure(SaveFailure(error.reason))))
                }
            case .writeRecovery(let path, let bytes):
                do {
                    try FileIO.writeAtomically(bytes, to: path, newFileMode: 0o600, isPrivate: true)
                    recoveryFailure = nil
                    followUp = []
                } catch {
                    recoveryFailure = error.reason
                    followUp = state.update(.recoveryWriteFailed(SaveFailure(error.reason)))
                }
            case .deleteRecovery(let path):
                unlink(path)
                followUp = []
            case .loadFile(let path, let line):
                do {
                    let bytes = try FileIO.readAll(path, limit: ReadLimit.event, what: "an event")
                    followUp = state.update(.fileLoaded(path: path, line: line, .success(bytes)))
                } catch {
                    followUp = state.update(.fileLoaded(path: path, line: line, .failure(SaveFailure(error.reason))))
                }
            case .completePath(let typed):
                followUp = state.update(.pathCompleted(typed: typed, candidates: PathCompletion.candidates(for: typed)))
            case .redrawScreen:
                terminal.invalidate()
                followUp = []
            case .quit:
                return false
            }
            if !followUp.isEmpty, !perform(followUp, state: &state) { return false }
        }
        return true
    }
}

/// What identifies one version of a file on disk: device, inode, size and modification time, so
/// a save can tell that another program changed the file since it was opened.
struct FileStamp: Equatable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    /// Nanoseconds since 1970.
    var modified: Int64

    /// The stamp of the file at `path` (following links), or nil when there is none.
    init?(_ path: String) {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
        size = Int64(status.st_size)
        #if canImport(Glibc)
            let time = status.st_mtim
        #elseif canImport(Darwin)
            let time = status.st_mtimespec
        #endif
        modified = Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }
}

/// Path completion for the configurator's load prompt.
package enum PathCompletion {
    /// The entries of the typed path's folder whose names start with its last part, as full
    /// paths; folders end with `/`. Hidden entries only when the part starts with a dot.
    package static func candidates(for typed: String) -> [String] {
        let slash = typed.lastIndex(of: "/")
        let folderPart = slash.map { String(typed[...$0]) } ?? ""
        let namePart = slash.map { String(typed[typed.index(after: $0)...]) } ?? typed
        let folder = folderPart.isEmpty ? "." : folderPart
        guard let directory = opendir(folder) else { return [] }
        defer { closedir(directory) }
        var matches: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            guard name != ".", name != "..", name.hasPrefix(namePart), !name.hasPrefix(".") || namePart.hasPrefix(".") else { continue }
            var status = stat()
            let isFolder = stat(folderPart + name, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
            matches.append(folderPart + name + (isFolder ? "/" : ""))
        }
        return matches.sorted()
    }
}
