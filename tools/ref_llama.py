"""Reference llama / qwen2 forward pass in numpy, the oracle for Chorus's C++ runtime.

Usage:
  /usr/bin/python3 tools/ref_llama.py MODEL.gguf --ids 1,403,407 [-n 32] [--dtype f64|f32]
      [--logits] [--top K] [--kv-f16] [--act-quant]
Prints one JSON object: {"prompt_ids": [...], "generated_ids": [...], "logits": [[...], ...]
(with --logits: the logits that chose each generated id), "top": [[[id, logprob], ...], ...]
(with --top K)}. Decoding is greedy (argmax, lowest id on ties).

The model follows the GGUF conventions: weights W stored with dims [in, out] are used as
matrices (out, in); RoPE is applied to adjacent pairs (x[2i], x[2i+1]) for `llama` and to halves
(x[i], x[i + d/2]) for `qwen2` (NeoX ordering). Every weight is dequantized to float first, so a
quantized model's reference is the float model on its dequantized weights.
"""

import argparse
import json
import sys

import numpy as np

from gguf_ref import dequantize, read_gguf


class Config:
    def __init__(self, g):
        a = g.arch()
        if a not in ("llama", "qwen2"):
            raise ValueError(f"unsupported architecture {a}")
        m = g.meta
        self.arch = a
        self.dim = int(m[f"{a}.embedding_length"])
        self.n_layers = int(m[f"{a}.block_count"])
        self.n_heads = int(m[f"{a}.attention.head_count"])
        self.n_kv_heads = int(m.get(f"{a}.attention.head_count_kv", self.n_heads))
        self.head_dim = self.dim // self.n_heads
        self.rope_dim = int(m.get(f"{a}.rope.dimension_count", self.head_dim))
        self.rope_base = float(m.get(f"{a}.rope.freq_base", 10000.0))
        self.eps = float(m.get(f"{a}.attention.layer_norm_rms_epsilon", 1e-5))
        self.rope_scale = 1.0
        if m.get(f"{a}.rope.scaling.type") == "linear":
            self.rope_scale = 1.0 / float(m.get(f"{a}.rope.scaling.factor", 1.0))
        self.neox = a == "qwen2"


class Model:
    def __init__(self, path, dtype, kv_f16=False, act_quant=False):
        g = read_gguf(path)
        self.kv_f16 = kv_f16
        self.act_quant = act_quant
        self.types = {}  # id(matrix) -> ggml type id, for activation quantization
        self.cfg = c = Config(g)
        self.dtype = dtype

        def w(name, required=True):
            t = g.tensors.get(name)
            if t is None:
                if required:
                    raise KeyError(name)
                return None
            m = dequantize(t).astype(dtype)
            self.types[id(m)] = t.type_id
            return m

        self.tok_embd = w("token_embd.weight")
        self.out_norm = w("output_norm.weight")
        out = w("output.weight", required=False)
        self.output = self.tok_embd if out is None else out
        freqs = w("rope_freqs.weight", required=False)
        half = c.rope_dim // 2
        inv = c.rope_base ** (-np.arange(half, dtype=np.float64) * 2.0 / c.rope_dim)
        if freqs is not None:
            inv = inv / freqs.reshape(-1)[:half].astype(np.float64)
        self.inv_freq = inv
        self.layers = []
        for i in range(c.n_layers):
            p = f"blk.{i}."
            self.layers.append({k: w(p + k, required=not k.endswith("bias")) for k in (
                "attn_norm.weight", "attn_q.weight", "attn_k.weight", "attn_v.weight",
                "attn_q.bias", "attn_k.bias", "attn_v.bias", "attn_output.weight",
                "ffn_norm.weight", "ffn_gate.weight", "ffn_up.weight", "ffn_down.weight")})
        self.k_cache = [[] for _ in range(c.n_layers)]
        self.v_cache = [[] for _ in range(c.n_layers)]

    def mm(self, w, x):
        """w @ x, with x first rounded as the runtime's 8-bit activation blocks when asked."""
        if self.act_quant:
            x = quantize_activation(x, self.types.get(id(w), 0)).astype(self.dtype)
        return w @ x

    def f16(self, x):
        return x.astype(np.float16).astype(self.dtype)

    def rmsnorm(self, x, weight):
        ms = np.mean(x * x)
        return x / np.sqrt(ms + self.cfg.eps) * weight

    def rope(self, x, pos):
        """x: (heads, head_dim); rotates the first rope_dim entries of every head."""
        c = self.cfg
        ang = pos * c.rope_scale * self.inv_freq
        cos, sin = np.cos(ang).astype(self.dtype), np.sin(ang).astype(self.dtype)
        y = x.copy()
        half = c.rope_dim // 2
        if c.neox:
            a, b = x[:, :half], x[:, half:c.rope_dim]
            y[:, :half] = a * cos - b * sin
            y[:, half:c.rope_dim] = a * sin + b * cos
        else:
            a, b = x[:, 0:c.rope_dim:2], x[:, 1:c.rope_dim:2]
            y[:, 0:c.rope_dim:2] = a * cos - b * sin
            y[:, 1:c.rope_dim:2] = a * sin + b * cos
        return y

    def step(self, token, pos):
        """Logits (vocab,) after feeding `token` at position `pos` (positions in order)."""
        c = self.cfg
        x = self.tok_embd[token].copy()
        group = c.n_heads // c.n_kv_heads
        for li, L in enumerate(self.layers):
            h = self.rmsnorm(x, L["attn_norm.weight"])
            q = self.mm(L["attn_q.weight"], h)
            k = self.mm(L["attn_k.weight"], h)
            v = self.mm(L["attn_v.weight"], h)
            if L["attn_q.bias"] is not None:
                q, k, v = q + L["attn_q.bias"], k + L["attn_k.bias"], v + L["attn_v.bias"]
            q = self.rope(q.reshape(c.n_heads, c.head_dim), pos)
            k = self.rope(k.reshape(c.n_kv_heads, c.head_dim), pos)
            v = v.reshape(c.n_kv_heads, c.head_dim)
            if self.kv_f16:
                q, k, v = self.f16(q), self.f16(k), self.f16(v)
            self.k_cache[li].append(k)
            self.v_cache[li].append(v)
            K = np.stack(self.k_cache[li])  # (T, kv_heads, head_dim)
            V = np.stack(self.v_cache[li])
            att_out = np.empty((c.n_heads, c.head_dim), self.dtype)
            for hh in range(c.n_heads):
                kv = hh // group
                s = K[:, kv, :] @ q[hh] / np.sqrt(c.head_dim)
                s = np.exp(s - s.max())
                s /= s.sum()
                if self.kv_f16:
                    s = self.f16(s)
                att_out[hh] = s @ V[:, kv, :]
            x = x + self.mm(L["attn_output.weight"], att_out.reshape(-1))
            h = self.rmsnorm(x, L["ffn_norm.weight"])
            gate = self.mm(L["ffn_gate.weight"], h)
            up = self.mm(L["ffn_up.weight"], h)
            x = x + self.mm(L["ffn_down.weight"], gate / (1.0 + np.exp(-gate)) * up)
        return self.mm(self.output, self.rmsnorm(x, self.out_norm))


_Q8_0_WEIGHTS = (2, 3, 6, 8)  # Q4_0, Q4_1, Q5_0, Q8_0 dot with Q8_0 activations
_Q8_K_WEIGHTS = (12, 13, 14)  # K-quants dot with Q8_K activations


def quantize_activation(x, weight_type):
    """x after a round trip through the 8-bit activation type paired with weight_type:
    Q8_0 (blocks of 32, scale amax/127 stored as f16) or Q8_K (blocks of 256, the extreme value
    maps to -128, float scale). Other weight types leave x unchanged."""
    x32 = x.astype(np.float32)
    if weight_type in _Q8_0_WEIGHTS:
        b = x32.reshape(-1, 32)
        d = (np.abs(b).max(axis=1, keepdims=True) / np.float32(127)).astype(np.float32)
        inv = np.where(d != 0, np.float32(1) / np.where(d != 0, d, 1), 0).astype(np.float32)
        q = np.clip(np.round(b * inv), -128, 127)
        return (q * d.astype(np.float16).astype(np.float32)).reshape(-1)
    if weight_type in _Q8_K_WEIGHTS:
        b = x32.reshape(-1, 256)
        hi, lo = b.max(axis=1, keepdims=True), b.min(axis=1, keepdims=True)
        mx = np.where(hi >= -lo, hi, lo)
        iscale = np.where(mx != 0, np.float32(-128) / np.where(mx != 0, mx, 1), 0).astype(np.float32)
        q = np.clip(np.round(iscale * b), -128, 127)
        d = np.where(iscale != 0, np.float32(1) / np.where(iscale != 0, iscale, 1), 0)
        return (q * d.astype(np.float32)).reshape(-1)
    return x


def log_softmax(z):
    z = z.astype(np.float64)
    m = z.max()
    return z - m - np.log(np.exp(z - m).sum())


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("--ids", required=True, help="comma-separated prompt token ids")
    ap.add_argument("-n", type=int, default=32)
    ap.add_argument("--dtype", choices=("f64", "f32"), default="f64")
    ap.add_argument("--logits", action="store_true")
    ap.add_argument("--top", type=int, default=0)
    ap.add_argument("--act-quant", action="store_true",
                    help="round matrix inputs through Q8_0/Q8_K as the runtime's kernels do")
    ap.add_argument("--kv-f16", action="store_true",
                    help="round K, V, Q and attention weights to f16 as an f16 KV cache does")
    a = ap.parse_args(argv[1:])
    model = Model(a.model, np.float64 if a.dtype == "f64" else np.float32, a.kv_f16,
                  a.act_quant)
    prompt = [int(t) for t in a.ids.split(",") if t]
    out = {"prompt_ids": prompt, "generated_ids": []}
    if a.logits:
        out["logits"] = []
    if a.top:
        out["top"] = []
    pos = 0
    logits = None
    for t in prompt:
        logits = model.step(t, pos)
        pos += 1
    for _ in range(a.n):
        nxt = int(np.argmax(logits))
        out["generated_ids"].append(nxt)
        if a.logits:
            out["logits"].append([float(v) for v in logits])
        if a.top:
            lp = log_softmax(logits)
            order = np.argsort(-lp, kind="stable")[:a.top]
            out["top"].append([[int(i), float(lp[i])] for i in order])
        logits = model.step(nxt, pos)
        pos += 1
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv)
