#!/usr/bin/python3
"""`chorus simulate` end to end: byte-identical reruns, truth files, limits, pacing, errors.

usage: simulate_cli_test.py CHORUS_BIN SOURCE_DIR
"""
import json
import os
import subprocess
import sys
import tempfile
import time

BIN, SRC = sys.argv[1], sys.argv[2]


def run(*args, check=True):
    r = subprocess.run([BIN, "simulate", *args], capture_output=True, timeout=120)
    if check and r.returncode != 0:
        sys.exit(f"chorus simulate {' '.join(args)} failed: {r.stderr.decode()}")
    return r


def fail(msg):
    sys.exit("FAIL: " + msg)


with tempfile.TemporaryDirectory() as tmp:
    a = run("--seed", "9", "--posts", "3000", "--fast").stdout
    b = run("--seed", "9", "--posts", "3000", "--fast").stdout
    c = run("--seed", "10", "--posts", "3000", "--fast").stdout
    if a != b:
        fail("same seed and options gave different bytes")
    if a == c:
        fail("different seeds gave the same bytes")
    lines = a.decode().splitlines()
    if len(lines) != 3000:
        fail(f"--posts 3000 wrote {len(lines)} lines")

    # --out FILE and the default placeholder lexicon file give the same bytes as stdout.
    out = os.path.join(tmp, "posts.jsonl")
    truth = os.path.join(tmp, "truth.jsonl")
    lexicon = os.path.join(SRC, "data", "lexicon", "placeholder.tsv")
    run("--seed", "9", "--posts", "3000", "--fast", "--out", out, "--truth", truth,
        "--lexicon", lexicon)
    if open(out, "rb").read() != a:
        fail("--out FILE with the placeholder lexicon differs from the default stdout output")

    posts = [json.loads(l) for l in lines]
    truths = [json.loads(l) for l in open(truth, encoding="utf-8")]
    if [p["id"] for p in posts] != [t["id"] for t in truths]:
        fail("truth lines are not in post order")
    keys = {"id", "event", "topic", "claim", "author_automated", "author_coordinated",
            "coordination_group", "labels", "lang"}
    for t in truths:
        if not keys <= t.keys():
            fail(f"truth line lacks {keys - t.keys()}")
    catalogue = json.load(open(truth + ".events.json", encoding="utf-8"))
    if catalogue["seed"] != 9 or catalogue["end"] != posts[-1]["created_at"]:
        fail("catalogue seed/end do not match the run")
    ids = {e["id"] for e in catalogue["events"]} | {c["id"] for c in catalogue["claims"]}
    for t in truths:
        if t["event"] is not None and t["event"] not in ids:
            fail(f"truth names {t['event']}, which the catalogue lacks")

    # --duration stops on the simulated clock; --start fixes the clock.
    d = run("--seed", "9", "--duration", "90s", "--fast", "--start", "2024-05-01T00:00:00Z")
    times = [json.loads(l)["created_at"] for l in d.stdout.decode().splitlines()]
    start = 1714521600000
    if not times or times[0] < start or times[-1] > start + 90000 or times[-1] < start + 80000:
        fail(f"--duration 90s from {start} gave times {times[0]}..{times[-1]}")

    # --rate paces in real time: 60 posts at 200/s cannot take less than ~0.3 s.
    t0 = time.monotonic()
    r = run("--seed", "9", "--posts", "60", "--rate", "200")
    if time.monotonic() - t0 < 0.25 or len(r.stdout.decode().splitlines()) != 60:
        fail("--rate 200 did not pace 60 posts")

    # Errors are reported, not crashes.
    r = run("--seed", "1", "--lexicon", os.path.join(tmp, "missing.tsv"), check=False)
    if r.returncode != 1 or b"missing.tsv" not in r.stderr:
        fail(f"missing lexicon: rc {r.returncode}, {r.stderr!r}")
    bad = os.path.join(tmp, "bad.tsv")
    open(bad, "w").write("hate\t[x]\nnonsense\t[y]\n")
    r = run("--seed", "1", "--lexicon", bad, check=False)
    if r.returncode != 1 or b"line 2" not in r.stderr:
        fail(f"bad lexicon: rc {r.returncode}, {r.stderr!r}")
    r = run("--seed", "1", "--duration", "soon", check=False)
    if r.returncode != 1 or b"--duration" not in r.stderr:
        fail(f"bad duration: rc {r.returncode}, {r.stderr!r}")

print("simulate CLI: ok")
