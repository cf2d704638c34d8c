import TikTokOfflineCore

extension AppState {
    /// The settings rows, in order.
    static let settingsLabels = ["Event Set Id", "Phone region", "API format", "Test event code"]
    static let formatRow = 2

    /// Applies one message; returns the work the run loop must do.
    package mutating func update(_ message: Message) -> [Effect] {
        switch message {
        case .key(let key):
            status = nil
            keySinceTick = true
            if let open = modal, Keymap.action(for: key, in: focus) == .quit {
                switch open {
                case .confirmQuit: return []
                case .restore: return [.quit]
                default: modal = nil
                }
                return perform(.quit)
            }
            if modal != nil { return handleModalKey(key) }
            return handleKey(key)
        case .paste(let text):
            return handlePaste(text)
        case .mouse(let event):
            status = nil
            if modal == nil { handleMouse(event) }
            return []
        case .resize(let width, let height):
            self.width = width
            self.height = height
            sample.scrollToCursor(height: sampleViewHeight)
            clampPreviewScroll()
            return []
        case .tick(let time):
            now = time
            if keySinceTick {
                lastKeyTime = time
                keySinceTick = false
            } else if time - lastKeyTime >= 1000 {
                lastEdit = nil
            }
            if isDirty, recoveryWrittenFor != config, time - lastConfigChange >= 1000 {
                recoveryWrittenFor = config
                return [.writeRecovery(path: recoveryPath, bytes: ConfigWriter.canonicalBytes(config))]
            }
            if !isDirty, recoveryWrittenFor != nil {
                recoveryWrittenFor = nil
                return [.deleteRecovery(path: recoveryPath)]
            }
            return []
        case .idle:
            if isPreviewPending {
                isPreviewPending = false
                recompute()
            }
            return []
        case .terminate:
            if isDirty { return [.writeRecovery(path: recoveryPath, bytes: ConfigWriter.canonicalBytes(config)), .quit] }
            if recoveryWrittenFor != nil { return [.deleteRecovery(path: recoveryPath), .quit] }
            return [.quit]
        case .saveFinished(.success(let savedPath)):
            savedConfig = config
            recoveryWrittenFor = nil
            overwriteConfirmed = false
            status = StatusMessage(text: "Saved \(savedPath)", role: .statusOK)
            if quitAfterSave { return [.deleteRecovery(path: recoveryPath), .quit] }
            return [.deleteRecovery(path: recoveryPath)]
        case .saveFinished(.failure(let failure)):
            quitAfterSave = false
            status = StatusMessage(text: "Save failed: \(failure.reason) — your edits are kept", role: .statusError)
            return []
        case .fileLoaded(let path, let line, .success(let bytes)):
            loadSample(bytes, from: path, line: line)
            return []
        case .fileLoaded(let path, _, .failure(let failure)):
            lastLoadPath = path
            modal = .prompt(Prompt(title: Self.loadTitle, field: TextField(path), purpose: .loadFile, error: "cannot load: \(failure.reason)"))
            return []
        case .pathCompleted(let typed, let candidates):
            completePath(typed, candidates: candidates)
            return []
        case .saveConflict(let reason):
            quitAfterSave = false
            overwriteConfirmed = true
            status = StatusMessage(
                text: "Not saved: \(path) \(reason) since it was opened. Ctrl-S again overwrites it; Ctrl-Q leaves it as it is",
                role: .statusError)
            return []
        case .recoveryWriteFailed(let failure):
            status = StatusMessage(
                text: "Cannot write the recovery file \(recoveryPath): \(failure.reason) — save with Ctrl-S to keep your edits", role: .statusError)
            return []
        }
    }

    // MARK: Keys

    mutating func handleKey(_ key: Key) -> [Effect] {
        if focus == .sample, isEditorKey(key) {
            let before = sample
            let changed = sample.handle(key, pageHeight: sampleViewHeight) ?? false
            sample.scrollToCursor(height: sampleViewHeight)
            if changed {
                if !isTyping(key) || lastEdit != .sampleTyping {
                    record(Snapshot(config: config, sample: before, settingsFields: settingsFields))
                }
                lastEdit = isTyping(key) ? .sampleTyping : nil
                if sampleByteCount > Self.deferredRecomputeBytes {
                    isPreviewPending = true
                } else {
                    recompute()
                }
            } else {
                lastEdit = nil
            }
            return []
        }
        if focus == .settings, settingsRow == Self.formatRow, [.left, .right, .character(" ")].contains(key) {
            toggleFormat()
            return []
        }
        if focus == .settings, settingsRow != Self.formatRow, isFieldKey(key) {
            let before = settingsFields
            let changed = settingsFields[settingsRow].handle(key) ?? false
            if changed { settingsChanged(row: settingsRow, fieldsBefore: before) }
            return []
        }
        guard let action = Keymap.action(for: key, in: focus) else { return [] }
        return perform(action)
    }

    /// The sample's approximate size in bytes (lines are counted, not joined).
    var sampleByteCount: Int {
        sample.lines.reduce(sample.lines.count) { $0 + $1.utf8.count }
    }

    func isEditorKey(_ key: Key) -> Bool {
        switch key {
        case .character, .enter, .backspace, .delete, .up, .down, .left, .right, .home, .end, .pageUp, .pageDown, .controlHome, .controlEnd:
            return true
        default: return false
        }
    }

    func isFieldKey(_ key: Key) -> Bool {
        switch key {
        case .character, .backspace, .delete, .left, .right, .home, .end: return true
        default: return false
        }
    }

    func isTyping(_ key: Key) -> Bool {
        if case .character = key { return true }
        return false
    }

    mutating func perform(_ action: Action) -> [Effect] {
        lastEdit = nil
        switch action {
        case .focusNext:
            focus = Pane(rawValue: (focus.rawValue + 1) % Pane.allCases.count)!
        case .focusPrevious:
            focus = Pane(rawValue: (focus.rawValue + Pane.allCases.count - 1) % Pane.allCases.count)!
        case .save:
            return save()
        case .quit:
            if isDirty {
                modal = .confirmQuit
                return []
            }
            return [.deleteRecovery(path: recoveryPath), .quit]
        case .help:
            modal = .help
        case .messages:
            modal = .messages
        case .undo:
            undo()
        case .redo:
            redo()
        case .nextTheme:
            themeIndex = (themeIndex + 1) % themeNames.count
            status = StatusMessage(text: "Theme: \(themeNames[themeIndex])", role: .statusInfo)
        case .redraw:
            return [.redrawScreen]
        case .selectPrevious, .selectNext:
            move(action == .selectNext ? 1 : -1)
        case .pageUp, .pageDown:
            scrollPreview(action == .pageDown ? max(1, height / 2) : -max(1, height / 2))
        case .activate:
            activate()
        case .addMapping:
            modal = .pickEvent(EventPicker(row: nil))
        case .pickEventType:
            guard mappingRow < config.mappings.count else { return [] }
            modal = .pickEvent(EventPicker(row: mappingRow, selecting: config.mappings[mappingRow].tiktokEvent))
        case .deleteMapping:
            if mappingRow < config.mappings.count { modal = .confirmDelete(row: mappingRow) }
        case .moveMappingUp, .moveMappingDown:
            let target = mappingRow + (action == .moveMappingDown ? 1 : -1)
            guard config.mappings.indices.contains(mappingRow), config.mappings.indices.contains(target) else { return [] }
            let row = mappingRow
            editConfig { $0.mappings.swapAt(row, target) }
            mappingRow = target
        case .resetOverride:
            let field = TikTokField.allCases[fieldRow]
            guard config.fieldSources[field] != nil else { return [] }
            editConfig { $0.fieldSources[field] = nil }
            status = StatusMessage(text: "\(field.rawValue) uses its default source again", role: .statusInfo)
        case .loadSample:
            modal = .prompt(Prompt(title: Self.loadTitle, field: TextField(lastLoadPath), purpose: .loadFile, error: nil))
        case .nextSampleLine, .previousSampleLine:
            stepSampleLine(action == .nextSampleLine ? 1 : -1)
        case .goToSampleLine:
            guard let file = sampleFile else {
                status = StatusMessage(text: Self.noSampleFileHint, role: .statusInfo)
                return []
            }
            modal = .prompt(
                Prompt(title: "Go to line (1–\(file.lines.count)) of \(file.path)", field: TextField(), purpose: .sampleLine, error: nil))
        case .nextDiagnostic, .previousDiagnostic:
            selectDiagnostic(action == .nextDiagnostic ? 1 : -1)
        }
        return []
    }

    mutating func move(_ step: Int) {
        switch focus {
        case .settings: settingsRow = min(max(0, settingsRow + step), Self.settingsLabels.count - 1)
        case .mappings: mappingRow = min(max(0, mappingRow + step), max(0, config.mappings.count - 1))
        case .fields: fieldRow = min(max(0, fieldRow + step), TikTokField.allCases.count - 1)
        case .preview: scrollPreview(step)
        case .sample: break
        }
    }

    mutating func scrollPreview(_ step: Int) {
        preview.scroll = min(max(0, preview.scroll + step), max(0, previewLineCount - 1))
    }

    mutating func activate() {
        switch focus {
        case .settings:
            if settingsRow == Self.formatRow {
                toggleFormat()
            } else {
                settingsRow = min(settingsRow + 1, Self.settingsLabels.count - 1)
            }
        case .mappings:
            guard mappingRow < config.mappings.count else { return }
            modal = .prompt(
                Prompt(
                    title: "Commanders Act event name (or * for all events)", field: TextField(config.mappings[mappingRow].commandersActEvent),
                    purpose: .mappingName(row: mappingRow), error: nil))
        case .fields:
            let field = TikTokField.allCases[fieldRow]
            modal = .editChain(ChainEditor(field: field, override: config.fieldSources[field]))
        default:
            break
        }
    }

    mutating func selectDiagnostic(_ step: Int) {
        guard !preview.diagnostics.isEmpty else { return }
        let count = preview.diagnostics.count
        let current = preview.selectedDiagnostic ?? (step > 0 ? -1 : count)
        preview.selectedDiagnostic = (current + step + count) % count
        locateSelectedDiagnostic()
        let diagnostic = preview.diagnostics[preview.selectedDiagnostic!]
        if let line = preview.sourceLine {
            sample.moveTo(line: line, column: 0)
            sample.show(line: line, height: sampleViewHeight, context: 3)
            status = StatusMessage(text: "\(diagnostic.field) ← \(diagnostic.source ?? "?"): sample line \(line + 1)", role: .statusInfo)
        } else {
            status = StatusMessage(
                text: "\(diagnostic.field): \(diagnostic.source.map { "\($0) is not in the sample" } ?? "no source value")", role: .statusInfo)
        }
        let extras = previewExtras(width: previewTextWidth)
        let row = extras.header.count + preview.lines.count + extras.starts[preview.selectedDiagnostic!]
        preview.scroll = max(0, row - 4)
    }

    // MARK: Saving

    mutating func save() -> [Effect] {
        guard isValid else {
            let first = problems.first { $0.severity == .error }!
            status = StatusMessage(text: "Cannot save: \(Self.describe(first))", role: .statusError)
            return []
        }
        return [.save(path: path, bytes: ConfigWriter.canonicalBytes(config), overwritingChanges: overwriteConfirmed)]
    }

    // MARK: Paste

    mutating func handlePaste(_ text: String) -> [Effect] {
        status = nil
        if case .prompt(var prompt) = modal {
            prompt.field.insert(text)
            modal = .prompt(prompt)
            return []
        }
        if case .editChain(var editor) = modal {
            editor.paste(text)
            modal = .editChain(editor)
            applyLive(editor)
            return []
        }
        guard modal == nil else { return [] }
        let looksLikeEvent = text.contains(where: \.isNewline) || (try? JSONDocument(parsing: text)) != nil
        if focus == .settings, settingsRow != Self.formatRow, !looksLikeEvent {
            let before = settingsFields
            settingsFields[settingsRow].insert(text)
            lastEdit = nil
            settingsChanged(row: settingsRow, fieldsBefore: before)
            lastEdit = nil
            return []
        }
        if focus != .sample {
            focus = .sample
            status = StatusMessage(text: "Pasted into the sample event", role: .statusInfo)
        }
        if sampleDocument != nil, let pasted = try? JSONDocument(parsing: text), pasted.kind(pasted.root) == .object {
            replaceSample(with: text)
            status = StatusMessage(text: "Replaced the sample event with the pasted one (Ctrl-Z brings the previous one back)", role: .statusInfo)
            return []
        }
        pushUndo()
        sample.insert(text)
        sample.scrollToCursor(height: sampleViewHeight)
        lastEdit = nil
        recompute()
        return []
    }

}
