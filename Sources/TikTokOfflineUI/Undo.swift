import TikTokOfflineCore

/// Edits of the config and the sample as undo steps, and what follows a change (validation,
/// the preview).
extension AppState {
    // MARK: Edits and undo

    mutating func settingsChanged(row: Int, fieldsBefore: [TextField]) {
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

    /// The config, sample and settings as they are now: what an undo or redo step keeps.
    var currentSnapshot: Snapshot {
        Snapshot(config: config, sample: sample, settingsFields: settingsFields)
    }

    /// Records `snapshot` as the state an undo returns to.
    mutating func record(_ snapshot: Snapshot) {
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
    mutating func configChanged() {
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
        record(currentSnapshot)
        lastEdit = nil
    }

    mutating func undo() {
        guard let snapshot = undoStack.popLast() else {
            status = StatusMessage(text: "Nothing to undo", role: .statusInfo)
            return
        }
        redoStack.append(currentSnapshot)
        restore(snapshot)
    }

    mutating func redo() {
        guard let snapshot = redoStack.popLast() else {
            status = StatusMessage(text: "Nothing to redo", role: .statusInfo)
            return
        }
        undoStack.append(currentSnapshot)
        restore(snapshot)
    }

    mutating func restore(_ snapshot: Snapshot) {
        config = snapshot.config
        sample = snapshot.sample
        settingsFields = snapshot.settingsFields
        mappingRow = min(mappingRow, max(0, config.mappings.count - 1))
        lastEdit = nil
        configChanged()
    }

    mutating func syncSettingsFields() {
        if settingsFields[0].text != config.eventSetID { settingsFields[0] = TextField(config.eventSetID) }
        if settingsFields[1].text != (config.phoneRegion ?? "") { settingsFields[1] = TextField(config.phoneRegion ?? "") }
        if settingsFields[3].text != (config.testEventCode ?? "") { settingsFields[3] = TextField(config.testEventCode ?? "") }
    }
}
