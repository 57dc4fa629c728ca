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


def check_dropped_posts(chorus, tmp):
    """Posts the moderation policy drops are counted, audited and not indexed; batches of posts
    and of changes interleave (--batch 7), and are indexed in stream order."""
    lines = []
    for i in range(300):
        spam = i % 10 == 3
        text = f"post {i} about the harbour" + (" [spam-offer-1]" if spam else "")
        lines.append({"id": f"d{i}", "text": text, "created_at": 1709294400000 + i * 1000,
                      "author": {"handle": f"user{i % 37}"}})
        if i % 50 == 49:
            lines.append({"op": "delete", "id": f"d{i - 1}"})
    feed = Path(tmp) / "drops.jsonl"
    feed.write_text("".join(json.dumps(x) + "\n" for x in lines))
    data = Path(tmp) / "drops"
    out = subprocess.run([chorus, "ingest", "--data-dir", str(data), "--batch", "7", str(feed)],
                         capture_output=True, text=True, timeout=60,
                         env={"CHORUS_TRUST_POLICY": "spam=drop"})
    if out.returncode != 0:
        sys.exit(f"ingest with spam=drop failed: {out.stderr}")
    summary = json.loads(out.stdout)
    expected = {"ingested": 270, "dropped": 30, "deletes_applied": 6, "unknown_changes": 0}
    for key, value in expected.items():
        if summary.get(key) != value:
            sys.exit(f"drops: summary[{key}] = {summary.get(key)}, expected {value}: {summary}")
    audit = (data / "moderation_audit.jsonl").read_text().splitlines()
    if sorted(json.loads(a)["post_id"] for a in audit) != sorted(f"d{i}" for i in range(3, 300, 10)):
        sys.exit(f"drops: the audit should name the 30 spam posts: {audit[:3]}")
    if search(chorus, str(data), "spam") or search(chorus, str(data), "d13"):
        sys.exit("drops: a dropped post was indexed")
    if search(chorus, str(data), "\"post 299\"") != ["d299"]:
        sys.exit("drops: the last kept post is missing")


def main():
    chorus = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        check_dropped_posts(chorus, tmp)
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
