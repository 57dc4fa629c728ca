"""Independent GGUF reader and dequantizer (numpy only), the reference for Chorus's C++ runtime.

read_gguf(path) -> GgufRef with .meta (key -> python value) and .tensors (name -> TensorInfo).
dequantize(info) -> float32 numpy array shaped like the matrix (rows, row_length), i.e. the
GGUF dims reversed. Supported types: F32, F16, BF16, Q8_0, Q4_0, Q4_1, Q5_0, Q4_K, Q5_K, Q6_K.

Written from the public description of the GGUF format and the ggml block layouts; it shares no
code with the C++ side on purpose.
"""

import struct
import sys

import numpy as np

GGUF_MAGIC = b"GGUF"

# value type id -> (struct format, size) for scalars
_SCALARS = {
    0: ("<B", 1), 1: ("<b", 1), 2: ("<H", 2), 3: ("<h", 2), 4: ("<I", 4), 5: ("<i", 4),
    6: ("<f", 4), 7: ("<?", 1), 10: ("<Q", 8), 11: ("<q", 8), 12: ("<d", 8),
}
_STRING, _ARRAY = 8, 9

# ggml type id -> (name, block size, bytes per block)
GGML_TYPES = {
    0: ("F32", 1, 4), 1: ("F16", 1, 2), 2: ("Q4_0", 32, 18), 3: ("Q4_1", 32, 20),
    6: ("Q5_0", 32, 22), 8: ("Q8_0", 32, 34), 12: ("Q4_K", 256, 144), 13: ("Q5_K", 256, 176),
    14: ("Q6_K", 256, 210), 30: ("BF16", 1, 2),
}


class TensorInfo:
    def __init__(self, name, dims, type_id, offset):
        self.name = name
        self.dims = dims  # ggml order: dims[0] is the row length
        self.type_id = type_id
        self.offset = offset
        self.raw = None  # bytes view, set once the data section is known

    @property
    def shape(self):
        return tuple(reversed(self.dims))

    def nbytes(self):
        name, bs, ts = GGML_TYPES[self.type_id]
        n = int(np.prod(self.dims))
        assert n % bs == 0, f"{self.name}: {n} elements not a multiple of {bs}"
        return n // bs * ts


class _Reader:
    def __init__(self, buf):
        self.buf = buf
        self.pos = 0

    def take(self, fmt, size):
        v = struct.unpack_from(fmt, self.buf, self.pos)[0]
        self.pos += size
        return v

    def string(self):
        n = self.take("<Q", 8)
        s = bytes(self.buf[self.pos:self.pos + n]).decode("utf-8", errors="replace")
        self.pos += n
        return s

    def value(self, vtype):
        if vtype in _SCALARS:
            return self.take(*_SCALARS[vtype])
        if vtype == _STRING:
            return self.string()
        if vtype == _ARRAY:
            etype = self.take("<I", 4)
            n = self.take("<Q", 8)
            if etype in _SCALARS and etype != 7:
                fmt, size = _SCALARS[etype]
                arr = np.frombuffer(self.buf, dtype=np.dtype(fmt), count=n, offset=self.pos)
                self.pos += n * size
                return arr
            return [self.value(etype) for _ in range(n)]
        raise ValueError(f"unknown GGUF value type {vtype} at offset {self.pos}")


class GgufRef:
    def __init__(self, path):
        with open(path, "rb") as f:
            self.buf = f.read()
        r = _Reader(self.buf)
        if self.buf[:4] != GGUF_MAGIC:
            raise ValueError(f"{path}: not a GGUF file")
        r.pos = 4
        self.version = r.take("<I", 4)
        n_tensors = r.take("<Q", 8)
        n_kv = r.take("<Q", 8)
        self.meta = {}
        for _ in range(n_kv):
            key = r.string()
            vtype = r.take("<I", 4)
            self.meta[key] = r.value(vtype)
        self.tensors = {}
        for _ in range(n_tensors):
            name = r.string()
            nd = r.take("<I", 4)
            dims = [r.take("<Q", 8) for _ in range(nd)]
            type_id = r.take("<I", 4)
            offset = r.take("<Q", 8)
            self.tensors[name] = TensorInfo(name, dims, type_id, offset)
        align = int(self.meta.get("general.alignment", 32))
        data_start = (r.pos + align - 1) // align * align
        for t in self.tensors.values():
            start = data_start + t.offset
            t.raw = memoryview(self.buf)[start:start + t.nbytes()]

    def arch(self):
        return self.meta["general.architecture"]


def read_gguf(path):
    return GgufRef(path)


def _f16(raw_u8, offset, stride, nblocks):
    """Reads an f16 at byte `offset` of each `stride`-byte block as float32, shape (nblocks, 1)."""
    blocks = raw_u8.reshape(nblocks, stride)
    return blocks[:, offset:offset + 2].copy().view(np.float16).astype(np.float32)


def _deq_q8_0(b):
    d = b[:, 0:2].copy().view(np.float16).astype(np.float32)
    q = b[:, 2:34].view(np.int8).astype(np.float32)
    return d * q


def _deq_q4_0(b):
    d = b[:, 0:2].copy().view(np.float16).astype(np.float32)
    qs = b[:, 2:18]
    lo = (qs & 0x0F).astype(np.int32) - 8
    hi = (qs >> 4).astype(np.int32) - 8
    return d * np.concatenate([lo, hi], axis=1).astype(np.float32)


def _deq_q4_1(b):
    d = b[:, 0:2].copy().view(np.float16).astype(np.float32)
    m = b[:, 2:4].copy().view(np.float16).astype(np.float32)
    qs = b[:, 4:20]
    q = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.float32)
    return d * q + m


def _deq_q5_0(b):
    d = b[:, 0:2].copy().view(np.float16).astype(np.float32)
    qh = b[:, 2:6].copy().view(np.uint32).astype(np.uint64)  # (n, 1)
    qs = b[:, 6:22].astype(np.int32)
    bits = ((qh >> np.arange(32, dtype=np.uint64)) & 1).astype(np.int32)  # (n, 32)
    lo = (qs & 0x0F) | (bits[:, :16] << 4)
    hi = (qs >> 4) | (bits[:, 16:] << 4)
    return d * (np.concatenate([lo, hi], axis=1) - 16).astype(np.float32)


def _k_scales(sc):
    """Unpacks the 12-byte 6-bit scale/min field of Q4_K/Q5_K into (n, 8) scales and mins."""
    sc = sc.astype(np.int32)
    scales = np.zeros((sc.shape[0], 8), np.int32)
    mins = np.zeros((sc.shape[0], 8), np.int32)
    for j in range(8):
        if j < 4:
            scales[:, j] = sc[:, j] & 63
            mins[:, j] = sc[:, j + 4] & 63
        else:
            scales[:, j] = (sc[:, j + 4] & 0x0F) | ((sc[:, j - 4] >> 6) << 4)
            mins[:, j] = (sc[:, j + 4] >> 4) | ((sc[:, j] >> 6) << 4)
    return scales.astype(np.float32), mins.astype(np.float32)


def _deq_q4_k(b):
    d = b[:, 0:2].copy().view(np.float16).astype(np.float32)
    dmin = b[:, 2:4].copy().view(np.float16).astype(np.float32)
    scales, mins = _k_scales(b[:, 4:16])
    qs = b[:, 16:144]
    out = np.empty((b.shape[0], 256), np.float32)
    for chunk in range(4):  # 64 values per chunk: 32 low nibbles, then 32 high nibbles
        q = qs[:, chunk * 32:(chunk + 1) * 32]
        s0, s1 = 2 * chunk, 2 * chunk + 1
        out[:, chunk * 64:chunk * 64 + 32] = (d * scales[:, s0:s0 + 1]) * (q & 0x0F) - dmin * mins[:, s0:s0 + 1]
        out[:, chunk * 64 + 32:chunk * 64 + 64] = (d * scales[:, s1:s1 + 1]) * (q >> 4) - dmin * mins[:, s1:s1 + 1]
    return out


def _deq_q5_k(b):
    d = b[:, 0:2].copy().view(np.float16).astype(np.float32)
    dmin = b[:, 2:4].copy().view(np.float16).astype(np.float32)
    scales, mins = _k_scales(b[:, 4:16])
    qh = b[:, 16:48].astype(np.int32)
    qs = b[:, 48:176].astype(np.int32)
    out = np.empty((b.shape[0], 256), np.float32)
    for chunk in range(4):
        q = qs[:, chunk * 32:(chunk + 1) * 32]
        h_lo = ((qh >> (2 * chunk)) & 1) << 4
        h_hi = ((qh >> (2 * chunk + 1)) & 1) << 4
        s0, s1 = 2 * chunk, 2 * chunk + 1
        out[:, chunk * 64:chunk * 64 + 32] = (d * scales[:, s0:s0 + 1]) * ((q & 0x0F) | h_lo) - dmin * mins[:, s0:s0 + 1]
        out[:, chunk * 64 + 32:chunk * 64 + 64] = (d * scales[:, s1:s1 + 1]) * ((q >> 4) | h_hi) - dmin * mins[:, s1:s1 + 1]
    return out


def _deq_q6_k(b):
    ql = b[:, 0:128].astype(np.int32)
    qh = b[:, 128:192].astype(np.int32)
    sc = b[:, 192:208].view(np.int8).astype(np.float32)
    d = b[:, 208:210].copy().view(np.float16).astype(np.float32)
    out = np.empty((b.shape[0], 256), np.float32)
    for half in range(2):  # 128 values per half
        l_ = ql[:, half * 64:(half + 1) * 64]
        h_ = qh[:, half * 32:(half + 1) * 32]
        s_ = sc[:, half * 8:(half + 1) * 8]
        q1 = ((l_[:, :32] & 0x0F) | ((h_ >> 0) & 3) << 4) - 32
        q2 = ((l_[:, 32:] & 0x0F) | ((h_ >> 2) & 3) << 4) - 32
        q3 = ((l_[:, :32] >> 4) | ((h_ >> 4) & 3) << 4) - 32
        q4 = ((l_[:, 32:] >> 4) | ((h_ >> 6) & 3) << 4) - 32
        base = half * 128
        for k, q in enumerate((q1, q2, q3, q4)):
            # within 32 values, the scale changes every 16
            seg = out[:, base + 32 * k:base + 32 * (k + 1)]
            seg[:, :16] = d * s_[:, 2 * k:2 * k + 1] * q[:, :16]
            seg[:, 16:] = d * s_[:, 2 * k + 1:2 * k + 2] * q[:, 16:]
    return out


_BLOCK_DEQ = {2: _deq_q4_0, 3: _deq_q4_1, 6: _deq_q5_0, 8: _deq_q8_0, 12: _deq_q4_k,
              13: _deq_q5_k, 14: _deq_q6_k}


def dequantize(t):
    """Float32 array of shape t.shape (rows, row_length) from a tensor's raw bytes."""
    if t.type_id not in GGML_TYPES:
        raise ValueError(f"{t.name}: unsupported ggml type {t.type_id}")
    raw = np.frombuffer(t.raw, dtype=np.uint8)
    if t.type_id == 0:
        flat = raw.view(np.float32).astype(np.float32)
    elif t.type_id == 1:
        flat = raw.view(np.float16).astype(np.float32)
    elif t.type_id == 30:
        flat = (raw.view(np.uint16).astype(np.uint32) << 16).view(np.float32)
    else:
        _, bs, ts = GGML_TYPES[t.type_id]
        blocks = raw.reshape(-1, ts)
        flat = _BLOCK_DEQ[t.type_id](blocks).reshape(-1)
    return flat.reshape(t.shape)


def main(argv):
    g = read_gguf(argv[1])
    for k, v in g.meta.items():
        if isinstance(v, (list, np.ndarray)) and len(v) > 8:
            v = f"[{len(v)} items]"
        print(k, "=", v)
    for t in g.tensors.values():
        print(t.name, GGML_TYPES.get(t.type_id, ("?",))[0], t.dims)


if __name__ == "__main__":
    main(sys.argv)
