/// The example config and sample event the tools start on when the operator has neither.
package enum BuiltInExample {
    /// A config mapping purchases, leads and sign-ups to TikTok's current event names, sent
    /// through Events API 2.0, in canonical form.
    package static let configText = """
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

        """

    /// An in-store purchase of two items (fictitious customer).
    package static let eventText = """
        {
          "event_name": "purchase",
          "id": "O_2025_000123",
          "type": "offline",
          "value": 99.7,
          "currency": "EUR",
          "shop_id": "STORE_PARIS_011",
          "user": {
            "email": " Marie.Dupont@Example.fr ",
            "phone": "06 12 34 56 78"
          },
          "context": {
            "event_timestamp": 1741959912345
          },
          "items": [
            {
              "id": "SKU_TSHIRT_RED_M",
              "quantity": 2,
              "type": "product",
              "product": { "name": "Trex tshirt", "price": 19.9, "category_1": "Clothing", "category_2": "Men", "category_3": "Tops" }
            },
            {
              "id": "SKU_JEANS_32",
              "quantity": 1,
              "type": "product",
              "product": { "name": "Slim jeans", "price": 59.9, "category_1": "Clothing", "category_3": "Jeans" }
            }
          ]
        }

        """

    /// The example config, decoded.
    package static var config: Config {
        // The text is a constant checked by a test; decoding it cannot fail.
        try! ConfigDecoder.decode(configText).config
    }
}
