#!/usr/bin/env python3
"""Writes a seeded corpus for checking that two builds of the transform agree byte for byte.

Usage: generate.py SEED COUNT OUTDIR

OUTDIR/events.ndjson holds COUNT lines: every shipped sample shape, varied field by field (missing,
null, wrong types, arrays of identifiers, escaped and duplicate keys, non-ASCII text, numbers in
every spelling, odd times, channels and currencies), plus blank lines, invalid JSON and
non-objects. OUTDIR/config-*.json are the configs it is run with: both API formats, the default
mapping and every kind of source override (literal, one path, mixed text, a fallback chain, per-item
paths, root paths inside item fields, numeric indices, `X` outside `items.X`), channel aliases,
a templated event set id, a `*` row and fan-out to several TikTok events.
"""
import json
import os
import random
import sys

seed, count, outdir = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rng = random.Random(seed)
os.makedirs(outdir, exist_ok=True)
here = os.path.dirname(os.path.abspath(__file__))
samples_dir = os.path.join(here, "..", "..", "Tests", "TikTokOfflineCoreTests", "Fixtures", "samples")
samples = [json.load(open(os.path.join(samples_dir, name))) for name in sorted(os.listdir(samples_dir)) if name.endswith(".json")]

TEXTS = ["", " ", "plain", "  padded  ", "Zoë & Ünïcode", "quote\"in", "back\\slash", "tab\there", "line\nbreak",
         "emoji 😀", "\u2028sep", "ctrl\u0001x", "/slash/", "<html>", "a" * 40, "日本語の名前"]
NUMBERS = [0, 1, -1, 2, 19.9, 35.0, 1e21, 1e-7, 123456789012345678, 0.1, 3.14159265358979, -0.0, 1.5e300, 100000000000]
EMAILS = ["Marie.Dupont@Example.fr ", "  Julien.Petit@EXAMPLE.com", "no-at-sign", "two@@example.com", "a@b", "",
          "836f82db99121b3481011f16b49dfa5fbc714a0d1b1b9f784a1ebbbf5b39577f", "ÉLODIE@exemple.fr", "x@y.z "]
PHONES = ["+33612345678", "+33 (0)6-12-34-56-78", "06 12 34 56 78", "0612345678", "+1 415 555 2671", "(415) 555-2671",
          "12", "", "+44 20 7946 0958", "abc", "0033612345678", "+4915123456789", "07700 900123",
          "42d573cfc315801d4cd8eddd5416b416a0bf298b9b9e12d6b07442c91db42bd8", "+33 6 12 34 56 78 ext. 5"]
TIMES = [1741959912345, 1741959912345, 1742000000000, "2025-03-14T13:45:12Z", "1741960000000", 1741959912, "2025-03-14T13:45:12Z", "2025-03-14T13:45:12.5+02:00",
         "2025-03-14 13:45", "yesterday", 1600000000000, 1800000000000, -5, 1741959912345.7, True, None, [], {}]
CHANNELS = ["offline", "online", "call", "in_store", "boutique", "Store", "HOTLINE", "carrier pigeon", "", " web "]
CURRENCIES = ["EUR", "eur", " usd ", "XYZ", "", "GBP", 978]
COUNTRIES = ["FR", "fr", "US", "GB", "DE", "XX", "FRA", 33, None]


def pick(values):
    return rng.choice(values)


def any_value(depth=0):
    roll = rng.random()
    if roll < 0.3:
        return pick(TEXTS)
    if roll < 0.5:
        return pick(NUMBERS)
    if roll < 0.6:
        return pick([True, False, None])
    if roll < 0.8 or depth > 1:
        return [pick(TEXTS) for _ in range(rng.randrange(3))]
    return {"k": any_value(depth + 1)}


def mutate(value, key):
    """Returns a replacement for a field's value, or the value itself."""
    roll = rng.random()
    if roll < 0.88 or key == "event_name":
        return value
    if key in ("email", "email_sha256"):
        return pick([pick(EMAILS), [pick(EMAILS) for _ in range(rng.randrange(1, 4))], None, 5, [1, None, "x@y.fr"]])
    if key in ("phone", "phone_sha256"):
        return pick([pick(PHONES), [pick(PHONES) for _ in range(rng.randrange(1, 4))], None, 33612345678])
    if key == "event_timestamp":
        return pick(TIMES)
    if key == "type":
        return pick(CHANNELS + ["product", "product_group"])
    if key == "currency":
        return pick(CURRENCIES)
    if key == "country":
        return pick(COUNTRIES)
    if key in ("value", "price", "quantity"):
        return pick(NUMBERS + ["12.50", " 3 ", "1,5", "", None, "NaN", "1e400"])
    return any_value()


def vary(value, key=""):
    if isinstance(value, dict):
        result = {}
        for name, member in value.items():
            if rng.random() < (0.01 if name in ("event_name", "context", "event_timestamp") else 0.05):
                continue
            result[name] = vary(mutate(member, name), name)
        if rng.random() < 0.05:
            result[pick(["country", "extra", "category_2", "variant"])] = any_value()
        return result
    if isinstance(value, list):
        items = [vary(element, key) for element in value]
        if key == "items" and rng.random() < 0.2:
            items.append(pick([None, 5, "x", {"id": pick(TEXTS)}, {"product": {"category_1": " ", "category_2": "B"}}]))
        return items
    return value


def event():
    base = json.loads(json.dumps(pick(samples)))
    if rng.random() < 0.15:
        base.setdefault("user", {})["country"] = pick(COUNTRIES)
    if rng.random() < 0.8:
        base["store"] = {"tiktok_event_set": pick(["7301234567890123456"] * 6 + ["", "abc", 7301234567890123456]), "code": pick(TEXTS)}
    if rng.random() < 0.05:
        base["event_name"] = pick(["purchase", " purchase ", "page_view", "", None, 5, "sign_up", "generate_lead"])
    varied = vary(base)
    text = json.dumps(varied, ensure_ascii=rng.random() < 0.3, separators=(",", ":") if rng.random() < 0.8 else None)
    roll = rng.random()
    if roll < 0.01:
        text = text.replace('"id":', '"i\\u0064":', 1)
    elif roll < 0.02:
        text = text[:-1] + ',"id":"DUP_' + str(rng.randrange(100)) + '"}'
    elif roll < 0.025:
        text = text[: rng.randrange(len(text))]
    elif roll < 0.03:
        text = pick(["", "   ", "[]", "null", "\"text\"", "{", "{\"event_name\":\"purchase\"}"])
    return text


with open(os.path.join(outdir, "events.ndjson"), "w", encoding="utf-8") as out:
    for _ in range(count):
        out.write(event() + "\n")

MAPPINGS = [
    {"tiktok_event": "Purchase", "commanders_act_event": "purchase"},
    {"tiktok_event": "Lead", "commanders_act_event": "generate_lead"},
    {"tiktok_event": "CompleteRegistration", "commanders_act_event": "sign_up"},
]
configs = {
    "legacy-default": {"version": 1, "event_set_id": "7301234567890123456", "mappings": MAPPINGS, "api_format": "legacy"},
    "events20-default": {"version": 1, "event_set_id": "7301234567890123456", "mappings": MAPPINGS,
                          "api_format": "events_2_0", "phone_region": "FR"},
    "legacy-overrides": {
        "version": 1, "event_set_id": "{{store.tiktok_event_set}}", "api_format": "legacy", "phone_region": "US",
        "mappings": MAPPINGS + [{"tiktok_event": "AddToCart", "commanders_act_event": "purchase"},
                                {"tiktok_event": "Contact", "commanders_act_event": "*"}],
        "field_sources": {
            "event_id": ["ord-{{id}}", "{{context.event_id}}"],
            "timestamp": ["{{context.event_timestamp}}", "{{created_at}}"],
            "context.user.emails": ["{{user.email_sha256}}", "{{user.email}}"],
            "properties.order_id": "{{items.0.id}}",
            "properties.shop_id": "{{store.code}}",
            "properties.contents.X.content_name": "{{items.X.product.name}} ({{items.X.variant}})",
            "properties.contents.X.content_id": ["{{items.X.product.id}}", "{{items.X.id}}"],
            "properties.contents.X.content_category": "{{currency}}",
            "properties.contents.X.price": "{{items.X.product.price}}",
            "properties.contents.X.content_type": "{{user.consent_categories.X}}",
            "properties.value": "{{revenue}}",
            "properties.event_channel": "store",
        },
        "channel_aliases": {"boutique": "in_store", "hotline": "phone_call", "carrier pigeon": "other"},
        "test_event_code": "TEST12345",
    },
    "events20-overrides": {
        "version": 1, "event_set_id": "{{store.tiktok_event_set}}", "api_format": "events_2_0",
        "mappings": [{"tiktok_event": "Purchase", "commanders_act_event": "purchase"},
                     {"tiktok_event": "AddToCart", "commanders_act_event": "purchase"},
                     {"tiktok_event": "Contact", "commanders_act_event": "*"}],
        "field_sources": {
            "event_id": "{{context.event_id}}",
            "context.user.phone_numbers": ["{{user.phone}}", "{{user.mobile}}"],
            "properties.currency": "{{ currency }}",
            "properties.contents.X.quantity": "{{items.X.quantity}}",
            "properties.contents.X.content_type": "product",
            "properties.contents.X.content_category": "{{items.X.product.category_1}}/{{items.X.product.category_2}}",
            "properties.event_channel": ["{{channel}}", "{{type}}"],
            "properties.order_id": "{{items.X.id}}",
        },
        "test_event_code": "TEST999",
    },
}
for name, config in configs.items():
    with open(os.path.join(outdir, f"config-{name}.json"), "w") as out:
        json.dump(config, out, indent=2)
