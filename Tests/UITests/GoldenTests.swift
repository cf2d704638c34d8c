import Foundation
import Testing
import TikTokOfflineCore

@testable import TikTokOfflineUI

/// Whole screens compared with text goldens (the characters, then one role letter per cell).
/// Regenerate on purpose only: `UPDATE_GOLDENS=1 swift test --filter GoldenTests`, then review the diff.
@Suite("golden screens")
struct GoldenTests {
    enum Scene: String, CaseIterable {
        case emptyConfig = "empty-config"
        case fullConfig = "full-config"
        case invalidSample = "invalid-sample"
        case help = "help"
        case quitConfirmation = "quit-confirmation"
        case builtInExample = "built-in-example"
        case eventPicker = "event-picker"
        case chainEditor = "chain-editor"
        case eventPickerFiltered = "event-picker-filtered"
        case restoreDifferences = "restore-differences"
        case ndjsonStepper = "ndjson-stepper"
        case scrolledEditor = "scrolled-editor"
        case diagnosticContext = "diagnostic-context"
        case settingsProblem = "settings-problem"
        case fieldValues = "field-values"
        case liveSourceEditing = "live-source-editing"
        case pathPicker = "path-picker"
        case deleteDialog = "delete-dialog"
        case messages = "messages"
    }

    static func state(_ scene: Scene, width: Int, height: Int) throws -> AppState {
        switch scene {
        case .emptyConfig:
            return UIFixtures.state(config: UIFixtures.emptyConfig, saved: false, width: width, height: height)
        case .fullConfig:
            var state = UIFixtures.state(sample: try UIFixtures.sample("purchase-3-items"), width: width, height: height)
            state.focus = .sample
            return state
        case .invalidSample:
            var sample = try UIFixtures.sample("purchase-3-items")
            var state = UIFixtures.state(sample: sample, width: width, height: height)
            sample = sample.replacingOccurrences(of: #""id": "O_2025_000123","#, with: #""id": "O_2025_000123""#)
            _ = state.update(.paste(""))
            state.sample.setText(sample)
            state.recompute()
            state.focus = .sample
            return state
        case .help:
            var state = UIFixtures.state(sample: try UIFixtures.sample("sign-up"), width: width, height: height)
            state.press(.function(1))
            return state
        case .quitConfirmation:
            var state = UIFixtures.state(width: width, height: height)
            state.type("9")
            state.press(.control("q"))
            return state
        case .builtInExample:
            var state = UIFixtures.state(config: BuiltInExample.config, sample: BuiltInExample.eventText, width: width, height: height)
            state.focus = .mappings
            return state
        case .eventPicker:
            var state = UIFixtures.state(width: width, height: height)
            state.press(.tab, .character("t"))
            return state
        case .chainEditor:
            var state = UIFixtures.state(config: BuiltInExample.config, sample: BuiltInExample.eventText, width: width, height: height)
            state.press(.tab, .tab, .enter, .home)
            state.type("ord-")
            state.press(.enter, .character("a"))
            state.type("{{order.ref")
            state.press(.enter)
            return state
        case .eventPickerFiltered:
            var state = UIFixtures.state(width: width, height: height)
            state.press(.tab, .character("a"))
            state.type("pa")
            state.press(.down)
            return state
        case .restoreDifferences:
            var draft = UIFixtures.fullConfig
            draft.eventSetID = "{{store.set}}"
            draft.mappings.remove(at: 1)
            draft.mappings.append(Config.MappingRow(tiktokEvent: "Subscribe", commandersActEvent: "sign_up"))
            draft.phoneRegion = nil
            draft.fieldSources[.value] = ["{{revenue}}", "{{value}}"]
            var state = UIFixtures.state(width: width, height: height)
            state.modal = .restore(draft)
            return state
        case .ndjsonStepper:
            var state = UIFixtures.state(width: width, height: height)
            _ = state.update(.fileLoaded(path: "exports/store-sales.ndjson", line: nil, .success(try SampleTests.ndjson())))
            state.press(.control("n"))
            return state
        case .scrolledEditor:
            var state = UIFixtures.state(sample: try UIFixtures.sample("purchase-3-items"), width: width, height: height)
            state.focus = .sample
            state.press(.controlEnd)
            for _ in 0..<4 { state.press(.up) }
            return state
        case .diagnosticContext:
            var state = UIFixtures.state(sample: try UIFixtures.sample("purchase-3-items"), width: width, height: height)
            state.now += 400 * 86_400_000
            state.recompute()
            state.focus = .preview
            for _ in state.preview.diagnostics where state.preview.sourceLine == nil { state.press(.character("n")) }
            return state
        case .fieldValues:
            var state = UIFixtures.state(sample: try UIFixtures.sample("purchase-3-items"), width: width, height: height)
            state.config.fieldSources[.shopID] = ["{{store.cdoe}}"]
            state.config.fieldSources[.eventID] = ["{{order.ref}}", "{{context.event_id}}"]
            state.validate()
            state.recompute()
            state.focus = .fields
            state.press(.down)
            return state
        case .liveSourceEditing:
            var state = UIFixtures.state(sample: try UIFixtures.sample("purchase-3-items"), width: width, height: height)
            state.focus = .fields
            state.fieldRow = TikTokField.shopID.ordinal
            state.press(.enter)
            for _ in 0..<11 { state.press(.backspace) }
            state.type("store-{{shop_id}}-{{user.id}}")
            return state
        case .pathPicker:
            var state = UIFixtures.state(sample: try UIFixtures.sample("purchase-3-items"), width: width, height: height)
            state.focus = .fields
            state.fieldRow = TikTokField.contentName.ordinal
            state.press(.enter)
            for _ in 0..<24 { state.press(.backspace) }
            state.press(.tab)
            state.type("product")
            state.press(.down)
            return state
        case .deleteDialog:
            var state = UIFixtures.state(width: width, height: height)
            state.press(.tab, .down, .character("d"))
            return state
        case .messages:
            var config = UIFixtures.fullConfig
            config.phoneRegion = "fr"
            config.mappings.append(Config.MappingRow(tiktokEvent: "CompletePayment", commandersActEvent: "purchase"))
            var state = UIFixtures.state(config: config, width: width, height: height)
            state.press(.function(2))
            return state
        case .settingsProblem:
            var state = UIFixtures.state(width: width, height: height)
            state.press(.down)
            for _ in 0..<2 { state.press(.backspace) }
            state.type("fr")
            return state
        }
    }

    static let cases: [(Scene, Int, Int)] = Scene.allCases.flatMap { [($0, 80, 24), ($0, 120, 40)] } + [(.fullConfig, 60, 20)]

    @Test("screens match their goldens", arguments: cases)
    func golden(scene: Scene, width: Int, height: Int) throws {
        let buffer = try Self.state(scene, width: width, height: height).view()
        let rendered = (buffer.lines + ["---- roles ----"] + buffer.roleLines).joined(separator: "\n") + "\n"
        let path = "\(UIFixtures.repositoryRoot)/Tests/UITests/Goldens/\(scene.rawValue)-\(width)x\(height).txt"
        if ProcessInfo.processInfo.environment["UPDATE_GOLDENS"] == "1" {
            try rendered.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        let expected = try? String(contentsOfFile: path, encoding: .utf8)
        #expect(expected != nil, "missing golden \(path): run UPDATE_GOLDENS=1 swift test --filter GoldenTests and review it")
        guard let expected else { return }
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let renderedLines = rendered.split(separator: "\n", omittingEmptySubsequences: false)
        for (number, (want, got)) in zip(expectedLines, renderedLines).enumerated() where want != got {
            Issue.record("\(scene.rawValue) \(width)x\(height), line \(number + 1):\nexpected: \(want)\nrendered: \(got)")
            break
        }
        #expect(expectedLines.count == renderedLines.count)
    }

    @Test("the too-small screen says what is needed and what there is")
    func tooSmall() throws {
        let lines = try Self.state(.fullConfig, width: 60, height: 20).view().lines
        #expect(lines[9].contains("Terminal too small"))
        #expect(lines[10].contains("(need 80×24, have 60×20)"))
    }

    @Test("the focused pane is marked by more than colour: a heavy border and ▶ in its title")
    func focusMarker() throws {
        let lines = try Self.state(.fullConfig, width: 120, height: 40).view().lines
        #expect(lines[0].contains("┏━ ▶ Sample event"))
        #expect(lines[0].hasPrefix("┌─ Settings"))
    }

    @Test("hashed values are marked in the preview")
    func hashMarked() throws {
        let screen = try Self.state(.fullConfig, width: 120, height: 40).view().lines.joined(separator: "\n")
        #expect(screen.contains(#""5c90285452dff6c6cfa9163f35b0078e5b116976f3216ba662e5c66399f43918" ‹#›"#))
    }
}
