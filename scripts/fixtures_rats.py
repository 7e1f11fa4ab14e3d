#!/usr/bin/env python3
"""Reference posterior of the hierarchical Beta-Binomial on the rat tumour data (test/fixtures/rats.json).

Model (BDA3 section 5.3): theta_i ~ Beta(a, b), y_i ~ Binomial(n_i, theta_i), i = 1..71, with the hyperprior
p(a, b) ∝ (a + b)^(-5/2). In BDA's coordinates u = log(a/b), v = log(a + b) (so a = e^v sigmoid(u),
b = e^v sigmoid(-u)) the prior density is p(u, v) ∝ a b (a + b)^(-5/2) = sigmoid(u) sigmoid(-u) e^(-v/2): a
standard logistic in u and the improper e^(-v/2) in v. Integrating the theta_i out,
  p(u, v | y) ∝ p(u, v) prod_i B(a + y_i, b + n_i - y_i) / B(a, b),
and given (a, b) each theta_i is Beta(a + y_i, b + n_i - y_i), so
  E[theta_i | y] = E[(a + y_i)/(a + b + n_i)],  E[theta_i^2 | y] = E[(a + y_i)(a + y_i + 1)/((a + b + n_i)(a + b + n_i + 1))].
Method: the trapezoid rule on a uniform (u, v) grid over [-6, 3] x [-4, 70] (the integrand is smooth and decays at
every edge: the log density there is more than 30 below its peak, checked below), in float64 with the Beta functions' ratio as a sum of logs
(below). The trapezoid rule converges geometrically for such integrands; the script runs it at step h and
2h and fails unless every written figure agrees to 1e-9 between the two. The right tail in v is e^(-v/2) (as v grows
the likelihood tends to the pooled binomial one): E[v] is finite, E[a + b] = E[e^v] is not, so the fixture holds
moments of u and v, not of a and b. The mode of p(u, v | y) comes from scipy.optimize on the same log density.
Run from the repo root:
    python3 scripts/fixtures_rats.py
"""
import json
from pathlib import Path

import numpy as np
from scipy import optimize, special

from fixture_json import dump

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "test" / "fixtures" / "rats.json"
data = json.loads((ROOT / "examples" / "data" / "rats.json").read_text())
y = np.array(data["y"], dtype=float)
n = np.array(data["n"], dtype=float)
assert len(y) == 71 and y.sum() == 267 and n.sum() == 1739, "the rat tumour data: 71 experiments, 267 of 1739 rats"


# log B(a + y_i, b + n_i - y_i) - log B(a, b) = sum_{k<y_i} log(a + k) + sum_{k<n_i-y_i} log(b + k)
#   - sum_{k<n_i} log(a + b + k) for whole y_i, n_i: no cancellation at large a + b, where a difference of two
# betaln values loses every digit (at log(a + b) = 30 it is off by tens). Summed over the experiments, each
# log(a + k) appears once per experiment with y_i > k: cA, cB, cS count them.
cA = np.array([(y > k).sum() for k in range(int(y.max()))], dtype=float)
cB = np.array([(n - y > k).sum() for k in range(int((n - y).max()))], dtype=float)
cS = np.array([(n > k).sum() for k in range(int(n.max()))], dtype=float)


def log_post(u, v):
    """log p(u, v | y) up to a constant, elementwise over arrays u, v of one shape."""
    a = np.exp(v) * special.expit(u)
    b = np.exp(v) * special.expit(-u)
    s = np.exp(v)
    lp = -np.logaddexp(0, -u) - np.logaddexp(0, u) - v / 2  # log sigmoid(u) + log sigmoid(-u) - v/2
    for k, ck in enumerate(cA):
        lp = lp + ck * np.log(a + k)
    for k, dk in enumerate(cB):
        lp = lp + dk * np.log(b + k)
    for k, ek in enumerate(cS):
        lp = lp - ek * np.log(s + k)
    return lp


# The sum agrees with scipy's betaln where betaln is accurate (moderate a, b).
for uu, vv in [(-1.8, 2.7), (-1.0, 1.0), (-2.5, 4.0)]:
    aa, bb = np.exp(vv) * special.expit(uu), np.exp(vv) * special.expit(-uu)
    ref = -np.logaddexp(0, -uu) - np.logaddexp(0, uu) - vv / 2 + sum(
        special.betaln(aa + yi, bb + ni - yi) - special.betaln(aa, bb) for yi, ni in zip(y, n))
    assert abs(log_post(np.array(uu), np.array(vv)) - ref) < 1e-9 * abs(ref), (uu, vv)


def moments(h):
    """Posterior moments by the trapezoid rule with step h (the box's edges are grid points)."""
    u = np.arange(-6, 3 + h / 2, h)
    v = np.arange(-4, 70 + h / 2, h)
    U, V = np.meshgrid(u, v, indexing="ij")
    lp = log_post(U, V)
    peak = lp.max()
    edge = max(lp[0].max(), lp[-1].max(), lp[:, 0].max(), lp[:, -1].max())
    assert edge < peak - 30, f"the box is too small: log density {edge - peak} below the peak at an edge"
    w = np.ones_like(u)
    w[0] = w[-1] = 0.5
    wv = np.ones_like(v)
    wv[0] = wv[-1] = 0.5
    p = np.exp(lp - peak) * w[:, None] * wv[None, :]
    p /= p.sum()
    A = np.exp(V) * special.expit(U)
    S = np.exp(V)
    out = {"u": [(p * U).sum()], "v": [(p * V).sum()]}
    out["u"].append(np.sqrt((p * (U - out["u"][0]) ** 2).sum()))
    out["v"].append(np.sqrt((p * (V - out["v"][0]) ** 2).sum()))
    out["uvCorr"] = (p * (U - out["u"][0]) * (V - out["v"][0])).sum() / (out["u"][1] * out["v"][1])
    mean, sd = [], []
    for yi, ni in zip(y, n):
        m1 = (p * (A + yi) / (S + ni)).sum()
        m2 = (p * (A + yi) * (A + yi + 1) / ((S + ni) * (S + ni + 1))).sum()
        mean.append(m1)
        sd.append(np.sqrt(m2 - m1 * m1))
    out["thetaMean"], out["thetaSd"] = mean, sd
    return out


fine, coarse = moments(0.025), moments(0.05)
for key in ["u", "v", "thetaMean", "thetaSd"]:
    for f, c in zip(fine[key], coarse[key]):
        assert abs(f - c) <= 1e-9 * max(1, abs(f)), (key, f, c)
assert abs(fine["uvCorr"] - coarse["uvCorr"]) < 1e-9

res = optimize.minimize(lambda x: -log_post(np.array(x[0]), np.array(x[1])), [-1.8, 2.7], method="Nelder-Mead",
                        options={"xatol": 1e-12, "fatol": 1e-14, "maxiter": 20000})
assert res.success, res
uMode, vMode = res.x
aMode, bMode = np.exp(vMode) * special.expit(uMode), np.exp(vMode) * special.expit(-uMode)

table = {
    "_": "Generated by scripts/fixtures_rats.py (trapezoid rule on a (log(a/b), log(a+b)) grid, h = 0.025, checked against h = 0.05 to 1e-9).",
    "mode": {"u": float(uMode), "v": float(vMode), "a": float(aMode), "b": float(bMode)},
    "u": {"mean": float(fine["u"][0]), "sd": float(fine["u"][1])},
    "v": {"mean": float(fine["v"][0]), "sd": float(fine["v"][1])},
    "uvCorr": float(fine["uvCorr"]),
    "theta": {"mean": [float(x) for x in fine["thetaMean"]], "sd": [float(x) for x in fine["thetaSd"]]},
}
OUT.write_text(dump(table) + "\n")
print(f"wrote {OUT}: mode a = {aMode:.4f}, b = {bMode:.4f} (log(a/b) = {uMode:.4f}, log(a+b) = {vMode:.4f}); "
      f"E[log(a/b)] = {fine['u'][0]:.4f} ± {fine['u'][1]:.4f}, E[log(a+b)] = {fine['v'][0]:.4f} ± {fine['v'][1]:.4f}, "
      f"corr {fine['uvCorr']:.3f}; theta_71 = {fine['thetaMean'][70]:.4f} ± {fine['thetaSd'][70]:.4f}")
