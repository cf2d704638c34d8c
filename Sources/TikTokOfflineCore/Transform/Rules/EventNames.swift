/// SPEC §1a: the TikTok event names a mapping row may use, and what the config check says of
/// renamed and deprecated ones.
/// TikTok's standard events for offline event sets as of 2026 (SPEC §1a), in the order pickers
/// offer them: the four the destination maps most, the other current names, then the names TikTok
/// renamed in 2025 and the ones it has deprecated.
package enum TikTokEventType {
    /// Where a name stands in TikTok's vocabulary.
    package enum Status: Sendable, Equatable {
        /// A current standard event.
        case current
        /// A name TikTok replaced on 1 May 2025; TikTok still converts it to the new name.
        case renamed(to: String)
        /// A name TikTok has deprecated, with a sunset announced for 2027.
        case deprecated
    }

    /// Every accepted name with its status, in picker order.
    package static let catalog: [(name: String, status: Status)] = [
        ("Purchase", .current), ("Lead", .current), ("Contact", .current), ("Subscribe", .current),
        ("AddPaymentInfo", .current), ("AddToCart", .current), ("AddToWishlist", .current), ("ApplicationApproval", .current),
        ("CompleteRegistration", .current), ("Download", .current), ("InitiateCheckout", .current), ("Search", .current),
        ("StartTrial", .current), ("SubmitApplication", .current), ("ViewContent", .current),
        ("CompletePayment", .renamed(to: "Purchase")), ("SubmitForm", .renamed(to: "Lead")),
        ("ClickButton", .deprecated), ("PlaceAnOrder", .deprecated),
    ]

    /// Every accepted name, in picker order.
    package static let all: [String] = catalog.map(\.name)

    /// How many names lead the picker as the destination's main events.
    package static let leadingCount = 4

    /// The status of `name`, or nil when TikTok's offline event sets do not accept it.
    package static func status(of name: String) -> Status? {
        catalog.first { $0.name == name }?.status
    }

    /// The config-level note on a name that is accepted but not current (an `info` for a renamed
    /// event, a `warning` for a deprecated one), or nil for a current name.
    package static func advice(for name: String) -> (severity: Severity, message: String)? {
        switch status(of: name) {
        case .renamed(let newName):
            return (
                .info,
                "TikTok renamed \"\(name)\" to \"\(newName)\" on 1 May 2025; it is sent as written and TikTok converts it, but new mappings should use \"\(newName)\""
            )
        case .deprecated:
            return (
                .warning,
                "TikTok has deprecated \"\(name)\" and announced its end for 2027; it is sent as written until then, but map this event to a current standard event before TikTok stops accepting it"
            )
        case .current, nil:
            return nil
        }
    }
}
