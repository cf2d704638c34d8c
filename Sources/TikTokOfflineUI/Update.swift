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

    private mutating func handleKey(_ key: Key) -> [Effect] {
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
    private var sampleByteCount: Int {
        sample.lines.reduce(sample.lines.count) { $0 + $1.utf8.count }
    }

    private func isEditorKey(_ key: Key) -> Bool {
        switch key {
        case .character, .enter, .backspace, .delete, .up, .down, .left, .right, .home, .end, .pageUp, .pageDown, .controlHome, .controlEnd:
            return true
        default: return false
        }
    }

    private func isFieldKey(_ key: Key) -> Bool {
        switch key {
        case .character, .backspace, .delete, .left, .right, .home, .end: return true
        default: return false
        }
    }

    private func isTyping(_ key: Key) -> Bool {
        if case .character = key { return true }
        return false
    }

    private mutating func perform(_ action: Action) -> [Effect] {
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
        case .undo:
            undo()
        case .redo:
            redo()
        case .nextTheme:
            themeIndex = (themeIndex + 1) % themeNames.count
            status = StatusMessage(text: "Theme: \(themeNames[themeIndex])", role: .statusInfo)
        case .redraw:
            break
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

    private mutating func move(_ step: Int) {
        switch focus {
        case .settings: settingsRow = min(max(0, settingsRow + step), Self.settingsLabels.count - 1)
        case .mappings: mappingRow = min(max(0, mappingRow + step), max(0, config.mappings.count - 1))
        case .fields: fieldRow = min(max(0, fieldRow + step), TikTokField.allCases.count - 1)
        case .preview: scrollPreview(step)
        case .sample: break
        }
    }

    private mutating func scrollPreview(_ step: Int) {
        preview.scroll = min(max(0, preview.scroll + step), max(0, previewLineCount - 1))
    }

    private mutating func activate() {
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

    private mutating func selectDiagnostic(_ step: Int) {
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

    private mutating func save() -> [Effect] {
        guard isValid else {
            let first = problems.first { $0.severity == .error }!
            status = StatusMessage(text: "Cannot save: \(Self.describe(first))", role: .statusError)
            return []
        }
        return [.save(path: path, bytes: ConfigWriter.canonicalBytes(config), overwritingChanges: overwriteConfirmed)]
    }

    // MARK: Paste

    private mutating func handlePaste(_ text: String) -> [Effect] {
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

    // MARK: Modals

    private mutating func handleModalKey(_ key: Key) -> [Effect] {
        switch modal! {
        case .help:
            modal = nil
        case .confirmQuit:
            switch key {
            case .character("s"), .character("S"):
                modal = nil
                quitAfterSave = true
                let effects = save()
                if effects.isEmpty { quitAfterSave = false }
                return effects
            case .character("d"), .character("D"), .character("q"):
                return [.deleteRecovery(path: recoveryPath), .quit]
            case .escape, .character("c"), .character("n"):
                modal = nil
            default:
                break
            }
        case .confirmDelete(let row):
            if key == .character("y") || key == .character("Y") || key == .enter {
                editConfig { $0.mappings.remove(at: row) }
                mappingRow = min(mappingRow, max(0, config.mappings.count - 1))
            }
            modal = nil
        case .pickEvent(var picker):
            switch key {
            case .up: picker.selection = max(0, picker.selection - 1)
            case .down: picker.selection = min(max(0, picker.matches.count - 1), picker.selection + 1)
            case .escape:
                modal = nil
                return []
            case .backspace:
                if !picker.filter.isEmpty { picker.filter.removeLast() }
                picker.selection = 0
            case .character(let character) where character.isLetter || character.isNumber || character == "_":
                picker.filter.append(character)
                picker.selection = 0
            case .enter:
                guard let event = picker.selectedName else { break }
                if let row = picker.row {
                    editConfig { $0.mappings[row].tiktokEvent = event }
                    modal = nil
                } else {
                    editConfig { $0.mappings.append(Config.MappingRow(tiktokEvent: event, commandersActEvent: "")) }
                    mappingRow = config.mappings.count - 1
                    modal = .prompt(
                        Prompt(
                            title: "Commanders Act event name for \(event) (or * for all events)", field: TextField(),
                            purpose: .mappingName(row: mappingRow), error: nil))
                }
                return []
            default:
                break
            }
            modal = .pickEvent(picker)
        case .prompt(var prompt):
            switch key {
            case .escape:
                modal = nil
            case .enter:
                return submit(prompt)
            case .tab where prompt.purpose == .loadFile:
                modal = .prompt(prompt)
                return [.completePath(prompt.field.text)]
            default:
                _ = prompt.field.handle(key)
                prompt.error = nil
                modal = .prompt(prompt)
            }
        case .editChain(var editor):
            switch editor.handle(key) {
            case .none:
                modal = .editChain(editor)
                applyLive(editor)
            case .changed(let chain):
                if config.fieldSources[editor.field] != chain { editConfig { $0.fieldSources[editor.field] = chain } }
                lastEdit = nil
                modal = .editChain(editor)
            case .close:
                modal = nil
                lastEdit = nil
            case .pickPath:
                if let document = sampleDocument {
                    editor.openPicker(Self.samplePaths(in: document, forItemField: editor.field.isPerItem))
                } else {
                    status = StatusMessage(text: "The paths come from the sample event: paste or load one first", role: .statusInfo)
                }
                modal = .editChain(editor)
            }
        case .restore(let draft):
            if key == .character("y") || key == .character("Y") || key == .enter {
                pushUndo()
                config = draft
                syncSettingsFields()
                configChanged()
                status = StatusMessage(text: "Restored the unsaved changes", role: .statusOK)
                modal = nil
            } else if key == .character("n") || key == .character("N") || key == .escape {
                modal = nil
                return [.deleteRecovery(path: recoveryPath)]
            }
        }
        return []
    }

    /// Gives the config the chain the editor stands for after a key, so the preview and the
    /// field's value follow every keystroke; a run of typing is one undo step, and a run that ends
    /// where it started (Esc) leaves none.
    private mutating func applyLive(_ editor: ChainEditor) {
        let wanted = editor.effectiveChain
        guard config.fieldSources[editor.field] != wanted else { return }
        if lastEdit == .chainTyping, let start = undoStack.last, start.config.fieldSources[editor.field] == wanted {
            undoStack.removeLast()
            lastEdit = nil
        } else if lastEdit != .chainTyping {
            pushUndo()
            lastEdit = .chainTyping
        }
        config.fieldSources[editor.field] = wanted
        configChanged()
    }

    private mutating func submit(_ prompt: Prompt) -> [Effect] {
        var prompt = prompt
        let text = prompt.field.text
        switch prompt.purpose {
        case .mappingName(let row):
            let name = text.trimmingCharacters()
            guard !name.isEmpty else {
                prompt.error = "enter an event name such as purchase, or * for all events"
                modal = .prompt(prompt)
                return []
            }
            editConfig { $0.mappings[row].commandersActEvent = name }
        case .loadFile:
            modal = nil
            return text.isEmpty ? [] : [.loadFile(text, line: nil)]
        case .sampleLine:
            guard let file = sampleFile, let number = Int(text.trimmingCharacters()), file.lines.indices.contains(number - 1) else {
                prompt.error = "enter a line number from 1 to \(sampleFile?.lines.count ?? 0)"
                modal = .prompt(prompt)
                return []
            }
            modal = nil
            showSampleLine(number - 1)
            return []
        }
        modal = nil
        return []
    }

    // MARK: Edits and undo

    private mutating func settingsChanged(row: Int, fieldsBefore: [TextField]) {
        let text = settingsFields[row].text
        if lastEdit != .settingsTyping(row) {
            record(Snapshot(config: config, sample: sample, settingsFields: fieldsBefore))
            lastEdit = .settingsTyping(row)
        }
        switch row {
        case 0: config.eventSetID = text
        case 1: config.phoneRegion = text.isEmpty ? nil : text
        case 3: config.testEventCode = text.isEmpty ? nil : text
        default: return
        }
        configChanged()
    }

    /// Records `snapshot` as the state an undo returns to.
    private mutating func record(_ snapshot: Snapshot) {
        undoStack.append(snapshot)
        if undoStack.count > 200 { undoStack.removeFirst() }
        redoStack.removeAll()
    }

    mutating func editConfig(_ change: (inout Config) -> Void) {
        pushUndo()
        change(&config)
        syncSettingsFields()
        configChanged()
    }

    /// Re-checks the config and updates the preview: at once, or, with a sample larger than
    /// ``deferredRecomputeBytes``, at the next idle moment so a key in a dialog redraws at once.
    private mutating func configChanged() {
        lastConfigChange = now
        validate()
        if sampleByteCount > Self.deferredRecomputeBytes {
            isPreviewPending = true
        } else {
            recompute()
        }
    }

    /// Records the current state as an undo step and ends any run of typing.
    mutating func pushUndo() {
        record(Snapshot(config: config, sample: sample, settingsFields: settingsFields))
        lastEdit = nil
    }

    private mutating func undo() {
        guard let snapshot = undoStack.popLast() else {
            status = StatusMessage(text: "Nothing to undo", role: .statusInfo)
            return
        }
        redoStack.append(Snapshot(config: config, sample: sample, settingsFields: settingsFields))
        restore(snapshot)
    }

    private mutating func redo() {
        guard let snapshot = redoStack.popLast() else {
            status = StatusMessage(text: "Nothing to redo", role: .statusInfo)
            return
        }
        undoStack.append(Snapshot(config: config, sample: sample, settingsFields: settingsFields))
        restore(snapshot)
    }

    private mutating func restore(_ snapshot: Snapshot) {
        config = snapshot.config
        sample = snapshot.sample
        settingsFields = snapshot.settingsFields
        mappingRow = min(mappingRow, max(0, config.mappings.count - 1))
        lastEdit = nil
        configChanged()
    }

    private mutating func syncSettingsFields() {
        if settingsFields[0].text != config.eventSetID { settingsFields[0] = TextField(config.eventSetID) }
        if settingsFields[1].text != (config.phoneRegion ?? "") { settingsFields[1] = TextField(config.phoneRegion ?? "") }
        if settingsFields[3].text != (config.testEventCode ?? "") { settingsFields[3] = TextField(config.testEventCode ?? "") }
    }
}
