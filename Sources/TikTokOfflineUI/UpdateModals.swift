import TikTokOfflineCore

/// Keys while a dialog or panel is open: questions, pickers, prompts, the source editor.
extension AppState {
    // MARK: Modals

    mutating func handleModalKey(_ key: Key) -> [Effect] {
        switch modal! {
        case .help, .messages:
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
    mutating func applyLive(_ editor: ChainEditor) {
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

    mutating func submit(_ prompt: Prompt) -> [Effect] {
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
}
