#!/usr/bin/env python3
"""Drive `tiktok-offline transform` as a coprocess: write one event, read its answer, repeat.

This is the shape of a Kafka consumer loop or any service that handles one record at a time: the
transform process starts once (the config is compiled once), and each event's payloads come back
before the next event is written. `--line-buffered` makes transform answer each line at once;
`--mark-event-ends` ends each answer with an empty line, so an event with no payload (skipped or
rejected) still gets an answer. Rejected events' reasons go to standard error, without event data.

Usage: transform_driver.py BINARY CONFIG [EVENTS.ndjson] [-- TRANSFORM-OPTIONS...]
Prints one summary line per event, then its payloads (one JSON object per line).
"""

import json
import os
import select
import subprocess
import sys


class TransformCoprocess:
    """A running `tiktok-offline transform` that answers one event at a time."""

    def __init__(self, binary, config, options=()):
        self.process = subprocess.Popen(
            [binary, "transform", "--config", config, "--line-buffered", "--mark-event-ends", *options],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            bufsize=0,
        )
        self.pending = b""

    def transform(self, event_line, timeout=10.0):
        """Sends one NDJSON event; returns its payloads as dicts (empty when none was made)."""
        self.process.stdin.write(event_line.rstrip("\n").encode() + b"\n")
        payloads = []
        while True:
            line = self._read_line(timeout)
            if line == b"":
                return payloads
            payloads.append(json.loads(line))

    def close(self):
        """Ends the input and returns transform's exit code (0: all good, 1: some rejected)."""
        self.process.stdin.close()
        return self.process.wait()

    def _read_line(self, timeout):
        while b"\n" not in self.pending:
            ready, _, _ = select.select([self.process.stdout], [], [], timeout)
            if not ready:
                raise TimeoutError(f"no answer from transform within {timeout} s")
            chunk = os.read(self.process.stdout.fileno(), 65536)
            if not chunk:
                raise EOFError("transform ended before answering")
            self.pending += chunk
        line, _, self.pending = self.pending.partition(b"\n")
        return line


def main(arguments):
    options = []
    if "--" in arguments:
        options = arguments[arguments.index("--") + 1 :]
        arguments = arguments[: arguments.index("--")]
    binary, config = arguments[0], arguments[1]
    events = open(arguments[2], encoding="utf-8") if len(arguments) > 2 else sys.stdin
    coprocess = TransformCoprocess(binary, config, options)
    for number, line in enumerate(events, start=1):
        payloads = coprocess.transform(line)
        print(f"event {number}: {len(payloads)} payload(s)", flush=True)
        for payload in payloads:
            print(json.dumps(payload, separators=(",", ":")), flush=True)
    return coprocess.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
