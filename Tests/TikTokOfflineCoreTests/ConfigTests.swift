import Foundation
import Testing

@testable import TikTokOfflineCore

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Config file (§3)")
struct ConfigTests {
    static let examples = ["example", "full", "events-2-0", "legacy"]

    func examplePath(_ name: String) -> String { "\(Fixtures.repositoryRoot)/docs/examples/\(name).json" }

    @Test("load → save of a canonical file is byte-identical", arguments: examples)
    func roundTrip(name: String) throws {
        let bytes = try FileIO.readAll(examplePath(name))
        let (config, warnings) = try ConfigDecoder.decode(bytes)
        #expect(warnings.filter { $0.severity != .info }.isEmpty)
        #expect(ConfigWriter.canonicalBytes(config) == bytes)
    }

    @Test("the built-in example is the shipped example file")
    func builtInExample() throws {
        #expect(Array(BuiltInExample.configText.utf8) == (try FileIO.readAll(examplePath("example"))))
        #expect(throws: Never.self) { try JSONDocument(parsing: BuiltInExample.eventText) }
    }

    @Test("decodes every key of the format")
    func decodesEverything() throws {
        let (config, notes) = try ConfigDecoder.decode(FileIO.readAll(examplePath("full")))
        #expect(notes.isEmpty)
        #expect(config.mappings.map(\.commandersActEvent) == ["purchase", "generate_lead", "*"])
        #expect(config.mappings.map(\.tiktokEvent) == ["Purchase", "Lead", "Contact"])
        #expect(config.apiFormat == .events20)
        #expect(config.phoneRegion == "FR")
        #expect(
            config.fieldSources == [
                .eventID: ["ord-{{id}}", "{{context.event_id}}"], .shopID: ["{{store.code}}"],
                .contentName: ["{{items.X.product.name}} ({{items.X.variant}})"],
            ])
        #expect(config.channelAliases.map(\.alias) == ["boutique", "hotline"])
        #expect(config.testEventCode == "TEST12345")
    }

    static let base =
        #""version": 1, "event_set_id": "7301234567890123456", "mappings": [{"tiktok_event": "CompletePayment", "commanders_act_event": "purchase"}]"#

    @Test(
        "each decoder error names its key path and position",
        arguments: [
            ("{\(base), \"phone_regoin\": \"FR\"}", #"error: phone_regoin (line 1, column 142): unknown key (did you mean "phone_region"?)"#),
            (
                #"{"event_set_id": "1", "mappings": [{"tiktok_event": "Contact", "commanders_act_event": "x"}]}"#,
                #"error: version (line 1, column 1): missing required key (this build writes "version": 1)"#
            ),
            ("{\(base), \"version\": 1}", "error: version (line 1, column 142): duplicate key"),
            (
                #"{"version": "1", "event_set_id": "1", "mappings": [{"tiktok_event": "Contact", "commanders_act_event": "x"}]}"#,
                "error: version (line 1, column 13): must be the integer 1, found a string"
            ),
            (
                #"{"version": 1, "mappings": [{"tiktok_event": "Contact", "commanders_act_event": "x"}]}"#,
                "error: event_set_id (line 1, column 1): missing required key: the TikTok offline event set id (19 digits, from Events Manager)"
            ),
            (
                #"{"version": 1, "event_set_id": 7301234567890123456, "mappings": [{"tiktok_event": "Contact", "commanders_act_event": "x"}]}"#,
                "error: event_set_id (line 1, column 32): must be a string, found a number"
            ),
            (
                #"{"version": 1, "event_set_id": "{{store", "mappings": [{"tiktok_event": "Contact", "commanders_act_event": "x"}]}"#,
                "error: event_set_id (line 1, column 32): invalid template at column 1: '{{' has no matching '}}'"
            ),
            (#"{"version": 1, "event_set_id": "1", "mappings": []}"#, "error: mappings (line 1, column 49): needs at least one row"),
            (
                #"{"version": 1, "event_set_id": "1", "mappings": {}}"#,
                "error: mappings (line 1, column 49): must be an array of rows, found an object"
            ),
            (
                #"{"version": 1, "event_set_id": "1", "mappings": [{"tiktok_event": "Purchased", "commanders_act_event": "x"}]}"#,
                #"error: mappings[0].tiktok_event (line 1, column 67): unknown TikTok event "Purchased"; offline event sets accept Purchase, Lead, Contact, Subscribe, AddPaymentInfo, AddToCart, AddToWishlist, ApplicationApproval, CompleteRegistration, Download, InitiateCheckout, Search, StartTrial, SubmitApplication, ViewContent, CompletePayment, SubmitForm, ClickButton, PlaceAnOrder"#
            ),
            (
                #"{"version": 1, "event_set_id": "1", "mappings": [{"tiktok_event": "completepayment", "commanders_act_event": "x"}]}"#,
                #"error: mappings[0].tiktok_event (line 1, column 67): unknown TikTok event "completepayment" (did you mean "CompletePayment"? names are case-sensitive); offline event sets accept Purchase, Lead, Contact, Subscribe, AddPaymentInfo, AddToCart, AddToWishlist, ApplicationApproval, CompleteRegistration, Download, InitiateCheckout, Search, StartTrial, SubmitApplication, ViewContent, CompletePayment, SubmitForm, ClickButton, PlaceAnOrder"#
            ),
            (
                #"{"version": 1, "event_set_id": "1", "mappings": [{"tiktok_event": "Contact", "commanders_act_event": "x"}, {"tiktok_event": "Contact", "commanders_act_event": "x"}]}"#,
                "error: mappings[1] (line 1, column 108): duplicate of mappings[0] (x → Contact)"
            ),
            (
                #"{"version": 1, "event_set_id": "1", "mappings": [{"tiktok_event": "Contact", "commanders_act_event": " x"}]}"#,
                #"error: mappings[0].commanders_act_event (line 1, column 102): event name " x" has leading or trailing spaces and would never match"#
            ),
            (
                #"{"version": 1, "event_set_id": "1", "mappings": [{"tiktok_event": "Contact"}]}"#,
                #"error: mappings[0].commanders_act_event (line 1, column 50): missing required key (a Commanders Act event name such as "purchase", or "*" for all events)"#
            ),
            (
                #"{"version": 1, "event_set_id": "1", "mappings": [{"tiktok_event": "Contact", "commanders_act_event": "x", "note": 1}]}"#,
                "error: mappings[0].note (line 1, column 107): unknown key"
            ),
            ("{\(base), \"api_format\": \"v2\"}", #"error: api_format (line 1, column 156): unknown format "v2"; use "legacy" or "events_2_0""#),
            (
                "{\(base), \"phone_region\": \"fr\"}",
                #"error: phone_region (line 1, column 158): unknown region "fr" (did you mean "FR"?)"#
            ),
            (
                "{\(base), \"field_sources\": {\"properties.shopid\": \"{{x}}\"}}",
                #"error: field_sources["properties.shopid"] (line 1, column 160): "properties.shopid" is not a TikTok field (did you mean "properties.shop_id"?); fields are event_id, timestamp, context.user.phone_numbers, context.user.emails, properties.order_id, properties.shop_id, properties.contents.X.content_id, properties.contents.X.content_name, properties.contents.X.price, properties.contents.X.quantity, properties.contents.X.content_type, properties.contents.X.content_category, properties.currency, properties.value, properties.event_channel"#
            ),
            (
                "{\(base), \"field_sources\": {\"event\": \"{{x}}\"}}",
                #"error: field_sources["event"] (line 1, column 160): "event" is a setting, not a field source; fields are event_id, timestamp, context.user.phone_numbers, context.user.emails, properties.order_id, properties.shop_id, properties.contents.X.content_id, properties.contents.X.content_name, properties.contents.X.price, properties.contents.X.quantity, properties.contents.X.content_type, properties.contents.X.content_category, properties.currency, properties.value, properties.event_channel"#
            ),
            (
                "{\(base), \"field_sources\": {\"properties.shop_id\": \"{{a}}}}\"}}",
                #"error: field_sources["properties.shop_id"] (line 1, column 182): invalid template at column 6: '}}' has no matching '{{'"#
            ),
            (
                "{\(base), \"channel_aliases\": {\"boutique\": \"store\"}}",
                #"error: channel_aliases["boutique"] (line 1, column 174): "store" is not a TikTok channel; use one of email, website, phone_call, in_store, crm, other"#
            ),
            ("{\(base), \"test_event_code\": \"\"}", "error: test_event_code (line 1, column 161): must not be empty (leave the key out instead)"),
            ("{\(base),}", "error: line 1, column 140: invalid JSON: trailing comma before '}'"),
            ("[]", "error: line 1, column 1: a config must be a JSON object, found an array"),
        ])
    func decoderErrors(text: String, problem: String) {
        #expect(throws: ConfigError.self) { try ConfigDecoder.decode(text) }
        do {
            _ = try ConfigDecoder.decode(text)
        } catch {
            #expect(error.problems.map(\.description) == [problem])
        }
    }

    @Test("a newer version is refused whole, never half-read")
    func newerVersion() {
        let text = #"{"version": 2, "whatever": true, "mappings": "new shape"}"#
        do {
            _ = try ConfigDecoder.decode(text)
            Issue.record("decoded a version 2 config")
        } catch {
            #expect(
                error.problems.map(\.description) == [
                    "error: version (line 1, column 13): this config was written by a newer tiktok-offline (format version 2); this build reads version 1. Upgrade tiktok-offline to use it."
                ])
        }
    }

    @Test("reports every problem at once")
    func allProblems() {
        let text = #"{"version": 1, "event_set_id": "", "mappings": [{"tiktok_event": "Nope", "commanders_act_event": "x"}], "extra": 1}"#
        do {
            _ = try ConfigDecoder.decode(text)
        } catch {
            #expect(error.problems.map(\.path) == ["extra", "event_set_id", "mappings[0].tiktok_event"])
        }
    }

    @Test("a literal event set id that is not all digits is a warning, not an error")
    func pixelWarning() throws {
        let text = #"{"version": 1, "event_set_id": "CABCDE12345FGHIJ67", "mappings": [{"tiktok_event": "Contact", "commanders_act_event": "x"}]}"#
        let warnings = try ConfigDecoder.decode(text).notes.filter { $0.severity != .info }
        #expect(warnings.map(\.severity) == [.warning])
        #expect(warnings.first?.message.contains("looks like a TikTok Pixel code") == true)
    }

    @Test("saving is atomic and keeps the existing file's permissions")
    func atomicSave() throws {
        let folder = try TemporaryFolder()
        let path = "\(folder.path)/tiktok-offline.json"
        try FileIO.writeAtomically(Array("old".utf8), to: path)
        chmod(path, 0o600)
        try ConfigFile.save(BuiltInExample.config, to: path)
        var status = stat()
        stat(path, &status)
        #expect(status.st_mode & 0o777 == 0o600)
        #expect(try FileIO.readAll(path) == ConfigWriter.canonicalBytes(BuiltInExample.config))
        #expect(folder.entries() == ["tiktok-offline.json"])
    }

    @Test("a failed save says why and leaves no temporary file")
    func failedSave() throws {
        #expect(throws: FileError.self) { try ConfigFile.save(BuiltInExample.config, to: "/proc/tiktok-offline.json") }
        do {
            try ConfigFile.save(BuiltInExample.config, to: "/nonexistent-folder/tiktok-offline.json")
        } catch {
            #expect(
                error.description
                    == "/nonexistent-folder/tiktok-offline.json: cannot create a file in /nonexistent-folder: the folder does not exist")
        }
        let folder = try TemporaryFolder()
        mkdir("\(folder.path)/config.json", 0o755)
        #expect(throws: FileError(path: "\(folder.path)/config.json", reason: "is a directory, not a file")) {
            try ConfigFile.save(BuiltInExample.config, to: "\(folder.path)/config.json")
        }
    }

    @Test("loading names unreadable and empty files")
    func loadErrors() throws {
        let folder = try TemporaryFolder()
        let empty = "\(folder.path)/empty.json"
        try FileIO.writeAtomically([], to: empty)
        #expect(throws: ConfigFile.LoadError.self) { try ConfigFile.load(empty) }
        do {
            _ = try ConfigFile.load(empty)
        } catch {
            #expect(error.description == "\(empty): error: the file is empty; a config is a JSON object with version, event_set_id and mappings")
        }
        do {
            _ = try ConfigFile.load("\(folder.path)/missing.json")
        } catch {
            #expect(error.description == "error: \(folder.path)/missing.json: no such file")
        }
        do {
            _ = try ConfigFile.load(folder.path)
        } catch {
            #expect(error.description == "error: \(folder.path): is a directory, not a file")
        }
    }
}

/// A fresh folder under /tmp, removed when the value is released.
final class TemporaryFolder {
    let path: String

    init() throws {
        var template = Array("/tmp/tiktok-offline-test-XXXXXX".utf8CString)
        guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
            throw FileError(path: "/tmp", reason: "mkdtemp failed")
        }
        path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    func entries() -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    deinit {
        for name in entries() {
            let child = "\(path)/\(name)"
            if rmdir(child) != 0 { unlink(child) }
        }
        rmdir(path)
    }
}

@Suite("Writing files: links, modes, owners, leftovers")
struct FileWritingTests {
    @Test("saving through a symbolic link replaces the file it names and keeps the link, mode and owner")
    func saveThroughLink() throws {
        let folder = try TemporaryFolder()
        let real = "\(folder.path)/real.json"
        try FileIO.writeAtomically(Array("old\n".utf8), to: real)
        chmod(real, 0o640)
        if geteuid() == 0 { chown(real, 4242, 4243) }
        symlink("real.json", "\(folder.path)/link.json")
        try ConfigFile.save(BuiltInExample.config, to: "\(folder.path)/link.json")
        var status = stat()
        lstat("\(folder.path)/link.json", &status)
        #expect(status.st_mode & S_IFMT == S_IFLNK)
        stat(real, &status)
        #expect(status.st_mode & 0o777 == 0o640)
        if geteuid() == 0 {
            #expect(status.st_uid == 4242)
            #expect(status.st_gid == 4243)
        }
        #expect(try FileIO.readAll(real) == ConfigWriter.canonicalBytes(BuiltInExample.config))
    }

    @Test("a private file refuses a symbolic link and is always 0600")
    func privateFiles() throws {
        let folder = try TemporaryFolder()
        let target = "\(folder.path)/target"
        try FileIO.writeAtomically(Array("keep\n".utf8), to: target)
        symlink(target, "\(folder.path)/.c.json.recovery")
        #expect(
            throws: FileError(
                path: "\(folder.path)/.c.json.recovery",
                reason: "is a symbolic link; files holding personal data are never written through a link: name the file itself")
        ) { try FileIO.writeAtomically(Array("x".utf8), to: "\(folder.path)/.c.json.recovery", isPrivate: true) }
        #expect(try FileIO.readAll(target) == Array("keep\n".utf8))
        try FileIO.writeAtomically(Array("x".utf8), to: "\(folder.path)/private", isPrivate: true)
        var status = stat()
        stat("\(folder.path)/private", &status)
        #expect(status.st_mode & 0o777 == 0o600)
    }

    @Test("temporary files left by a killed save are removed by the next save of that file")
    func strayTemporaryFiles() throws {
        let folder = try TemporaryFolder()
        for suffix in ["AbC123", "zzzzzz"] {
            try FileIO.writeAtomically(Array("half".utf8), to: "\(folder.path)/.c.json.tmp-\(suffix)")
        }
        try FileIO.writeAtomically(Array("other".utf8), to: "\(folder.path)/.other.json.tmp-AbC123")
        try ConfigFile.save(BuiltInExample.config, to: "\(folder.path)/c.json")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names == [".other.json.tmp-AbC123", "c.json"])
    }

    @Test("a device or FIFO is refused for whole reads, with the role named")
    func boundedReads() throws {
        #expect(
            throws: FileError(path: "/dev/zero", reason: "is not a regular file (a device, FIFO or socket); a config file must be a regular file")
        ) { try FileIO.readAll("/dev/zero", limit: ReadLimit.config, what: "a config file") }
        let folder = try TemporaryFolder()
        let big = "\(folder.path)/big.json"
        try FileIO.writeAtomically([UInt8](repeating: 0x20, count: 70_000), to: big)
        #expect(throws: FileError(path: big, reason: "a token file is at least 70000 bytes, larger than the 64 KiB limit; not read")) {
            try FileIO.readAll(big, limit: ReadLimit.token, what: "a token file")
        }
    }

    @Test("two names for one file are refused, existing or not")
    func sameFileTwice() throws {
        let folder = try TemporaryFolder()
        let input = "\(folder.path)/in.ndjson"
        try FileIO.writeAtomically(Array("{}\n".utf8), to: input)
        symlink(input, "\(folder.path)/alias.ndjson")
        #expect(throws: FileError(path: "\(folder.path)/alias.ndjson", reason: "--output and --input name the same file; give each its own")) {
            try FileIdentity.requireDistinct([("--input", input), ("--output", "\(folder.path)/alias.ndjson")])
        }
        #expect(throws: FileError(path: "\(folder.path)/./new.ndjson", reason: "--rejects and --output name the same file; give each its own")) {
            try FileIdentity.requireDistinct([("--output", "\(folder.path)/new.ndjson"), ("--rejects", "\(folder.path)/./new.ndjson")])
        }
        try FileIdentity.requireDistinct([("--input", "-"), ("--output", "-"), ("--rejects", "\(folder.path)/r.ndjson")])
    }
}

@Suite("TikTok's 2026 vocabulary and Events API 2.0 (§1a, §3)")
struct VocabularyTests {
    func decode(_ mappings: String, format: String? = "events_2_0") throws -> (Config, [String]) {
        let formatKey = format.map { #", "api_format": "\#($0)""# } ?? ""
        let text = #"{"version": 1, "event_set_id": "7301234567890123456", "mappings": [\#(mappings)]\#(formatKey)}"#
        let (config, notes) = try ConfigDecoder.decode(text)
        return (config, notes.map { "\($0.severity.rawValue): \($0.path): \($0.message)" })
    }

    @Test(
        "the current names, new ones included, are accepted without a note",
        arguments: [
            "Purchase", "Lead", "Contact", "Subscribe", "StartTrial", "SubmitApplication", "ApplicationApproval", "AddPaymentInfo", "AddToCart",
            "AddToWishlist", "CompleteRegistration", "Download", "InitiateCheckout", "Search", "ViewContent",
        ])
    func current(name: String) throws {
        let (config, notes) = try decode(#"{"tiktok_event": "\#(name)", "commanders_act_event": "x"}"#)
        #expect(config.mappings.map(\.tiktokEvent) == [name])
        #expect(notes.isEmpty)
    }

    @Test("renamed names are kept as written with an info naming the new name")
    func renamed() throws {
        let (config, notes) = try decode(
            #"{"tiktok_event": "CompletePayment", "commanders_act_event": "purchase"}, {"tiktok_event": "SubmitForm", "commanders_act_event": "lead"}"#
        )
        #expect(config.mappings.map(\.tiktokEvent) == ["CompletePayment", "SubmitForm"])
        #expect(
            notes == [
                #"info: mappings[0].tiktok_event: TikTok renamed "CompletePayment" to "Purchase" on 1 May 2025; it is sent as written and TikTok converts it, but new mappings should use "Purchase""#,
                #"info: mappings[1].tiktok_event: TikTok renamed "SubmitForm" to "Lead" on 1 May 2025; it is sent as written and TikTok converts it, but new mappings should use "Lead""#,
            ])
    }

    @Test("deprecated names are kept with a warning about the 2027 sunset")
    func deprecated() throws {
        let (config, notes) = try decode(
            #"{"tiktok_event": "ClickButton", "commanders_act_event": "click"}, {"tiktok_event": "PlaceAnOrder", "commanders_act_event": "order"}"#)
        #expect(config.mappings.map(\.tiktokEvent) == ["ClickButton", "PlaceAnOrder"])
        #expect(
            notes == [
                #"warning: mappings[0].tiktok_event: TikTok has deprecated "ClickButton" and announced its end for 2027; it is sent as written until then, but map this event to a current standard event before TikTok stops accepting it"#,
                #"warning: mappings[1].tiktok_event: TikTok has deprecated "PlaceAnOrder" and announced its end for 2027; it is sent as written until then, but map this event to a current standard event before TikTok stops accepting it"#,
            ])
    }

    @Test("legacy, written or implied by a missing api_format, gets an info naming events_2_0")
    func legacyAdvice() throws {
        let row = #"{"tiktok_event": "Purchase", "commanders_act_event": "x"}"#
        let (absent, absentNotes) = try decode(row, format: nil)
        #expect(absent.apiFormat == .legacy)
        #expect(
            absentNotes == [
                #"info: api_format: absent, so legacy: the legacy body goes to /offline/track/ (TikTok's Events API 1.0), and TikTok builds on Events API 2.0; "api_format": "events_2_0" sends the same events, hashed the same way, to /event/track/"#
            ])
        let (written, writtenNotes) = try decode(row, format: "legacy")
        #expect(written.apiFormat == .legacy)
        #expect(
            writtenNotes == [
                #"info: api_format: the legacy body goes to /offline/track/ (TikTok's Events API 1.0), and TikTok builds on Events API 2.0; "api_format": "events_2_0" sends the same events, hashed the same way, to /event/track/"#
            ])
        #expect(try decode(row).1.isEmpty)
    }

    @Test("new configs and the built-in example use Events API 2.0 and current names")
    func newConfigs() {
        #expect(Config(eventSetID: "", mappings: []).apiFormat == .events20)
        #expect(BuiltInExample.config.apiFormat == .events20)
        #expect(BuiltInExample.config.mappings.map(\.tiktokEvent) == ["Purchase", "Lead", "Subscribe"])
    }

    @Test("the picker order: the four main names, other current ones, then renamed and deprecated")
    func pickerOrder() {
        #expect(Array(TikTokEventType.all.prefix(4)) == ["Purchase", "Lead", "Contact", "Subscribe"])
        #expect(Array(TikTokEventType.all.suffix(4)) == ["CompletePayment", "SubmitForm", "ClickButton", "PlaceAnOrder"])
        #expect(TikTokEventType.all.count == 19)
        #expect(TikTokEventType.status(of: "CompletePayment") == .renamed(to: "Purchase"))
        #expect(TikTokEventType.status(of: "completepayment") == nil)
    }

    @Test("config-level notes come from the config, never from each transformed event")
    func notesOncePerConfig() throws {
        let (config, notes) = try decode(
            #"{"tiktok_event": "CompletePayment", "commanders_act_event": "purchase"}, {"tiktok_event": "ClickButton", "commanders_act_event": "purchase"}"#,
            format: nil)
        #expect(notes.count == 3)
        let transformer = try Transformer(config: config)
        let event = #"{"event_name":"purchase","id":"1","user":{"email":"a@b.fr"},"context":{"event_timestamp":1742428000000}}"#
        for _ in 0..<3 {
            let result = transformer.transform(Array(event.utf8), now: Fixtures.now)
            #expect(result.payloads.count == 2)
            let texts = result.diagnostics.map(\.message)
            #expect(!texts.contains { $0.contains("renamed") || $0.contains("deprecated") || $0.contains("events_2_0") })
        }
    }
}

@Suite("Fallback chains in field_sources (§3)")
struct FallbackChainTests {
    static let head =
        #"{"version": 1, "event_set_id": "7301234567890123456", "mappings": [{"tiktok_event": "Purchase", "commanders_act_event": "purchase"}], "api_format": "events_2_0", "field_sources": "#

    func problems(_ sources: String) -> [String] {
        do {
            _ = try ConfigDecoder.decode(Self.head + sources + "}")
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }

    @Test("an array of templates decodes as a chain; a string as a chain of one")
    func decodes() throws {
        let (config, _) = try ConfigDecoder.decode(
            Self.head + #"{"event_id": ["ord-{{id}}", "{{context.event_id}}"], "properties.shop_id": "{{store.code}}"}}"#)
        #expect(config.fieldSources == [.eventID: ["ord-{{id}}", "{{context.event_id}}"], .shopID: ["{{store.code}}"]])
    }

    @Test(
        "each element's error names the element",
        arguments: [
            (
                #"{"event_id": ["ord-{{id}}", "{{context.event_id"]}"#,
                #"error: field_sources["event_id"][1] (line 1, column 208): invalid template at column 1: '{{' has no matching '}}'"#
            ),
            (#"{"event_id": ["ord-{{id}}", 7]}"#, #"error: field_sources["event_id"][1] (line 1, column 208): must be a string, found a number"#),
            (
                #"{"event_id": ["", "{{id}}"]}"#,
                #"error: field_sources["event_id"][0] (line 1, column 194): must not be empty (remove it from the chain)"#
            ),
            (
                #"{"event_id": []}"#,
                #"error: field_sources["event_id"] (line 1, column 193): an empty fallback chain has no source; give at least one template, or leave the key out for the default"#
            ),
            (
                #"{"event_id": ["{{id}}", "{{id}}"]}"#,
                #"error: field_sources["event_id"][1] (line 1, column 204): repeats element [0] of the chain; a repeated template can never yield a value the first did not"#
            ),
            (
                #"{"event_id": {"first": "{{id}}"}}"#,
                #"error: field_sources["event_id"] (line 1, column 193): must be a string, found an object"#
            ),
        ])
    func elementErrors(sources: String, problem: String) {
        #expect(problems(sources) == [problem])
    }

    @Test("the canonical writer writes a one-element chain as a string and longer chains as arrays")
    func canonicalWrite() throws {
        var config = BuiltInExample.config
        config.fieldSources = [.eventID: ["ord-{{id}}", "{{context.event_id}}"], .shopID: ["{{store.code}}"]]
        let text = ConfigWriter.canonicalText(config)
        #expect(
            text.contains(
                """
                  "field_sources": {
                    "event_id": [
                      "ord-{{id}}",
                      "{{context.event_id}}"
                    ],
                    "properties.shop_id": "{{store.code}}"
                  }
                """))
        let (decoded, _) = try ConfigDecoder.decode(text)
        #expect(decoded == config)
        #expect(ConfigWriter.canonicalText(decoded) == text)
    }

    @Test("the first element with a value wins; missing, null and empty fall through")
    func fallbackTaken() throws {
        let config = makeConfig(format: .events20, sources: [.eventID: ["{{order.ref}}", "ord-{{id}}", "{{context.event_id}}"]])
        func eventID(_ fields: String) throws -> JSONValue? {
            let result = try transform(
                #"{"event_name":"purchase",\#(fields)"user":{"email":"a@b.fr"},"context":{"event_timestamp":1742428000000,"event_id":"CTX-9"}}"#,
                config)
            return try firstBody(result)["data"]?[0]?["event_id"]
        }
        #expect(try eventID(#""order":{"ref":"R-1"},"id":"7","#) == "R-1")
        #expect(try eventID(#""order":{"ref":null},"id":"7","#) == "ord-7")
        #expect(try eventID(#""order":{"ref":""},"id":7,"#) == "ord-7")
        #expect(try eventID("") == "CTX-9")
    }

    @Test("a diagnostic names the element its value came from")
    func diagnosticNamesElement() throws {
        let config = makeConfig(sources: [.value: ["{{totals.amount}}", "{{value}}"]])
        let result = try transform(
            #"{"event_name":"purchase","id":"1","value":"12,30","currency":"EUR","user":{"email":"a@b.fr"},"context":{"event_timestamp":1742428000000}}"#,
            config)
        let diagnostic = try #require(result.diagnostics.first { $0.field == "properties.value" })
        #expect(diagnostic.source == "value")
    }
}
