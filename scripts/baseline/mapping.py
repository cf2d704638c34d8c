#!/usr/bin/env python3
"""A plain Python mapping of Commanders Act purchase events to TikTok legacy Offline Events
bodies: the yardstick the engine's speed is stated against (issue 9 asks for about 25 times it).

It does what docs/examples/legacy.json asks for events shaped like the bench data
(samples/purchase-3-items.json): the mapping row, event id, ISO timestamp, the email trimmed,
lower-cased and hashed, the phone (already in E.164) hashed, order and shop ids, contents with
joined category levels, currency, value and channel. It checks nothing and normalises nothing
else, so it is a floor for the same work, not an equivalent of the engine. Its output is
byte-identical to `tiktok-offline transform` on the bench data (see docs/BENCHMARKS.md).

Usage: scripts/baseline/mapping.py INPUT.ndjson OUTPUT.ndjson
"""
import hashlib
import json
import sys
import time

ROWS = {"purchase": "CompletePayment", "generate_lead": "SubmitForm", "sign_up": "Subscribe"}
CHANNELS = {"offline": "in_store", "online": "website"}


def sha256(text):
    return hashlib.sha256(text.encode()).hexdigest()


def number(value):
    return int(value) if float(value).is_integer() else value


def iso8601(milliseconds):
    seconds, millis = divmod(milliseconds, 1000)
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds)) + f".{millis:03d}Z"


def payload(event):
    user = event.get("user", {})
    body = {"event_set_id": "7301234567890123456", "event": ROWS[event["event_name"]], "event_id": event["id"]}
    body["timestamp"] = iso8601(event["context"]["event_timestamp"])
    identities = {}
    if user.get("phone"):
        identities["phone_numbers"] = [sha256(user["phone"])]
    if user.get("email"):
        identities["emails"] = [sha256(user["email"].strip().lower())]
    body["context"] = {"user": identities} if identities else {}
    contents = []
    for item in event.get("items", []):
        product = item.get("product", {})
        levels = [product[f"category_{level}"].strip() for level in range(1, 6) if product.get(f"category_{level}")]
        content = {"content_id": item["id"], "content_name": product["name"], "price": number(product["price"])}
        content.update({"quantity": item["quantity"], "content_type": item["type"], "content_category": ">".join(levels)})
        contents.append(content)
    properties = {"order_id": event["id"], "shop_id": event["shop_id"], "contents": contents}
    properties.update({"currency": event["currency"].upper(), "value": number(event["value"])})
    properties["event_channel"] = CHANNELS[event["type"]]
    body["properties"] = properties
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False)


def main(source, target):
    with open(source, encoding="utf-8") as lines, open(target, "w", encoding="utf-8") as out:
        for line in lines:
            if line.strip():
                out.write(payload(json.loads(line)) + "\n")


if __name__ == "__main__":
    main(*sys.argv[1:3])
