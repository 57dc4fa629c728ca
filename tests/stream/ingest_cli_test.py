#!/usr/bin/env python3
"""`chorus ingest` applies edits and deletes of canonical JSONL in stream order.

Usage: ingest_cli_test.py CHORUS_BINARY
"""
import json
import subprocess
import sys
import tempfile
from pathlib import Path

LINES = [
    {"id": "p1", "text": "harbour fire near the docks", "created_at": "2024-03-01T12:00:00Z",
     "author": {"handle": "alice"}},
    {"id": "p2", "text": "smoke seen over the harbour", "created_at": "2024-03-01T12:01:00Z",
     "author": {"handle": "bob"}},
    {"op": "edit", "id": "p1", "text": "harbour fire contained by crews",
     "created_at": "2024-03-01T12:00:00Z", "author": {"handle": "alice"}},
    {"op": "delete", "id": "p2"},
    {"op": "delete", "id": "never-seen"},
]


def run(chorus, *args):
    out = subprocess.run([chorus, *args], capture_output=True, text=True, timeout=60)
    if out.returncode != 0:
        sys.exit(f"chorus {' '.join(args)} failed: {out.stderr}")
    return out.stdout


def search(chorus, data, query):
    return [h["id"] for h in json.loads(run(chorus, "search", "--data-dir", data, "--json",
                                            query))["hits"]]


def main():
    chorus = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "feed.jsonl"
        feed.write_text("".join(json.dumps(x) + "\n" for x in LINES))
        data = str(Path(tmp) / "data")
        summary = json.loads(run(chorus, "ingest", "--data-dir", data, str(feed)))
        expected = {"ingested": 2, "edits_applied": 1, "deletes_applied": 1,
                    "unknown_changes": 1, "edits": 1, "deletes": 2}
        for key, value in expected.items():
            if summary.get(key) != value:
                sys.exit(f"summary[{key}] = {summary.get(key)}, expected {value}: {summary}")
        checks = {"contained": ["p1"], "docks": [], "smoke": []}
        for query, ids in checks.items():
            got = search(chorus, data, query)
            if got != ids:
                sys.exit(f"search {query!r}: {got}, expected {ids}")
        # Reopened from disk, the changes hold.
        if search(chorus, data, "harbour") != ["p1"]:
            sys.exit("after reopen: 'harbour' should find only p1")
    print("ok")


if __name__ == "__main__":
    main()
