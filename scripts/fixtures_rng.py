#!/usr/bin/env python3
"""Writes test/fixtures/rng.json: reference xoshiro256** sequences for test/random/rng.test.ts.

An independent transcription of the published C reference code (Vigna's splitmix64.c and Blackman & Vigna's
xoshiro256starstar.c) using Python's arbitrary-precision ints with explicit 64-bit masks, so it shares no code
with src/random/rng.ts (which works on 32-bit halves). Run from the repo root:

    python3 scripts/fixtures_rng.py
"""

import json
import os

MASK64 = 0xFFFFFFFFFFFFFFFF
# Same constants as xoshiro256starstar.c's jump(): advances the state by 2^128 calls of next().
JUMP = [0x180EC6D33CFD0ABA, 0xD5A61266F0C9392C, 0xA9582618E03FC9AA, 0x39ABDC4529B1661C]


class SplitMix64:
    """splitmix64.c: x += golden gamma, then two xor-shift-multiply rounds (Stafford's Mix13)."""

    def __init__(self, seed):
        self.x = seed & MASK64

    def next(self):
        self.x = (self.x + 0x9E3779B97F4A7C15) & MASK64
        z = self.x
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        return z ^ (z >> 31)


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & MASK64


class Xoshiro256ss:
    def __init__(self, s):
        assert len(s) == 4 and any(s)
        self.s = [w & MASK64 for w in s]

    @classmethod
    def seeded(cls, seed):
        # The seeding vitape documents: the seed's 64-bit two's complement seeds SplitMix64, whose first four
        # outputs are s[0..3].
        sm = SplitMix64(seed)
        return cls([sm.next() for _ in range(4)])

    def next(self):
        s = self.s
        result = (rotl((s[1] * 5) & MASK64, 7) * 9) & MASK64
        t = (s[1] << 17) & MASK64
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        return result

    def jump(self):
        acc = [0, 0, 0, 0]
        for word in JUMP:
            for b in range(64):
                if word & (1 << b):
                    for i in range(4):
                        acc[i] ^= self.s[i]
                self.next()
        self.s = acc


def hex64(x):
    return format(x, "016x")


def halves(s):
    """The RngState layout of src/random/rng.ts: [s0 hi, s0 lo, s1 hi, s1 lo, ...] as uint32 numbers."""
    out = []
    for w in s:
        out += [w >> 32, w & 0xFFFFFFFF]
    return out


def self_check():
    # Published vectors: splitmix64 from 0 (Vigna's splitmix64.c) and xoshiro256** from state {1, 2, 3, 4}.
    sm = SplitMix64(0)
    assert [sm.next() for _ in range(3)] == [0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, 0x06C45D188009454F]
    g = Xoshiro256ss([1, 2, 3, 4])
    assert [g.next() for _ in range(6)] == [
        11520, 0, 1509978240, 1215971899390074240, 1216172134540287360, 607988272756665600]


def case(seed, n=10):
    g = Xoshiro256ss.seeded(seed)
    state = halves(g.s)
    raw = [g.next() for _ in range(n)]
    g = Xoshiro256ss.seeded(seed)
    # uniform(): the top 53 bits times 2^-53; every step is exact in binary64.
    uniform = [float(g.next() >> 11) * 2.0 ** -53 for _ in range(n)]
    g = Xoshiro256ss.seeded(seed)
    # uniformOpen(): the top 52 bits plus one half, times 2^-52 (midpoints of a 2^-52 grid).
    uniform_open = [(float(g.next() >> 12) + 0.5) * 2.0 ** -52 for _ in range(n)]
    g = Xoshiro256ss.seeded(seed)
    uint32 = [g.next() >> 32 for _ in range(n)]
    g = Xoshiro256ss.seeded(seed)
    g.jump()
    jumped = [hex64(g.next()) for _ in range(n)]
    return {
        "seed": seed,
        "state": state,
        "raw": [hex64(x) for x in raw],
        "uniform": uniform,
        "uniformOpen": uniform_open,
        "uint32": uint32,
        "afterJump": jumped,
    }


def main():
    self_check()
    seeds = [0, 1, 42, -1, -123456789, 2**53 - 1, -(2**53 - 1)]
    g = Xoshiro256ss([1, 2, 3, 4])
    data = {
        "generator": "xoshiro256** seeded by splitmix64 (scripts/fixtures_rng.py)",
        "reference": {"state": halves([1, 2, 3, 4]), "raw": [hex64(g.next()) for _ in range(10)]},
        "cases": [case(s) for s in seeds],
    }
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    path = os.path.join(root, "test", "fixtures", "rng.json")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(data, f, indent=1)
        f.write("\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
