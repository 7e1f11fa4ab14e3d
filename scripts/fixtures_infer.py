#!/usr/bin/env python3
"""Reference values for the inference tests (test/fixtures/infer.json), at 40 digits with mpmath.

For a Beta(a0, b0) prior, h heads and t tails, and a Beta(a, b) guide:
  -log p(data)        = log B(a0, b0) - log B(a0 + h, b0 + t)
  E_q[loss] = E_q[log q(z) - log p(data, z)] = KL(q || posterior) - log p(data),
  KL(Beta(a, b) || Beta(c, d)) = log B(c, d) - log B(a, b) + (a - c) psi(a) + (b - d) psi(b) + (c - a + d - b) psi(a + b).
Run: python3 scripts/fixtures_infer.py  (needs python3-mpmath)
"""
import json
import os
from mpmath import mp, beta, digamma, log, mpf, nstr

mp.dps = 40


def betaln(a, b):
    return log(beta(a, b))


def neg_log_evidence(a0, b0, h, t):
    return betaln(a0, b0) - betaln(a0 + h, b0 + t)


def kl_beta(a, b, c, d):
    return betaln(c, d) - betaln(a, b) + (a - c) * digamma(a) + (b - d) * digamma(b) + (c - a + d - b) * digamma(a + b)


def case(a0, b0, h, t, a, b):
    a0, b0, a, b = mpf(a0), mpf(b0), mpf(a), mpf(b)
    nle = neg_log_evidence(a0, b0, h, t)
    return {
        "prior": [float(a0), float(b0)], "heads": h, "tails": t, "guide": [float(a), float(b)],
        "negLogEvidence": float(nstr(nle, 20)),
        "expectedLoss": float(nstr(kl_beta(a, b, a0 + h, b0 + t) + nle, 20)),
    }


out = {
    "coinFlip": case(10, 10, 6, 4, 15, 15),
    "cases": [case(2, 3, 40, 12, 20, 9), case(0.5, 0.5, 1, 0, 1, 1), case(100, 50, 3, 30, 90, 70)],
}
path = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "infer.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print("wrote", path)
