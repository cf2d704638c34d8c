import Foundation
import Testing

@Suite("example command")
struct ExampleCommandTests {
    @Test("example config prints the Events API 2.0 example with TikTok's current names, byte for byte")
    func exampleConfig() throws {
        let result = try CLI.run(["example", "config"])
        #expect(result.status == 0)
        #expect(
            result.stdout == """
                {
                  "version": 1,
                  "event_set_id": "7301234567890123456",
                  "mappings": [
                    {
                      "tiktok_event": "Purchase",
                      "commanders_act_event": "purchase"
                    },
                    {
                      "tiktok_event": "Lead",
                      "commanders_act_event": "generate_lead"
                    },
                    {
                      "tiktok_event": "Subscribe",
                      "commanders_act_event": "sign_up"
                    }
                  ],
                  "api_format": "events_2_0",
                  "phone_region": "FR"
                }

                """)
        let scratch = try Scratch()
        let saved = try scratch.file("c.json", result.stdout)
        let validated = try CLI.run(["validate", saved])
        #expect(validated.status == 0 && validated.stderr.isEmpty)
    }
}
