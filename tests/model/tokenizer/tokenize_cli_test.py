#!/usr/bin/env python3
"""Runs `chorus model tokenize` on entries of llama.cpp's golden .inp files and compares the ids
with the .out lines. Usage: tokenize_cli_test.py CHORUS_BINARY SHARED_DIR. Exit 77 (skipped)
when the shared fixtures are absent."""
import os
import subprocess
import sys

SEP = b"\n__ggml_vocab_test__\n"


def run(binary, gguf, text, *flags):
    p = subprocess.run([binary, "model", "tokenize", gguf, *flags], input=text,
                       capture_output=True, check=False)
    if p.returncode != 0:
        sys.exit(f"FAIL: exit {p.returncode} on {gguf}: {p.stderr.decode(errors='replace')}")
    return p.stdout.decode()


def main():
    binary, shared = sys.argv[1], sys.argv[2]
    fixtures = os.path.join(shared, "fixtures", "tokenizer")
    if not os.path.isdir(fixtures):
        print("SKIP: shared fixtures not found")
        return 77
    failures = 0
    for name in ["ggml-vocab-llama-spm.gguf", "ggml-vocab-gpt-2.gguf"]:
        gguf = os.path.join(fixtures, name)
        inputs = open(gguf + ".inp", "rb").read().split(SEP)[:-1]
        outputs = open(gguf + ".out", "rb").read().decode().split("\n")
        for i in (0, 1, 11, 17, 20, 21, 33):
            got = run(binary, gguf, inputs[i])
            want = " ".join(outputs[i].split()) + "\n"
            if got != want:
                failures += 1
                print(f"FAIL {name} input {i} {inputs[i]!r}: got {got!r} want {want!r}")
    spm = os.path.join(fixtures, "ggml-vocab-llama-spm.gguf")
    plain = run(binary, spm, b"Hello").split()
    with_special = run(binary, spm, b"Hello", "--add-special").split()
    if with_special != ["1"] + plain:
        failures += 1
        print(f"FAIL --add-special: {with_special} vs {plain}")
    parsed = run(binary, spm, b"</s>", "--parse-special").split()
    if parsed != ["2"]:
        failures += 1
        print(f"FAIL --parse-special: {parsed}")
    if run(binary, spm, b"") != "\n":
        failures += 1
        print("FAIL: empty input must print an empty line")
    print("OK" if failures == 0 else f"{failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
