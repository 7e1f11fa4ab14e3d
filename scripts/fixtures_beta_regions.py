#!/usr/bin/env python3
"""Dense reference points at the edges where betainc / betaSampleGrad switch methods (src/special/betainc.ts,
beta-grad.ts, beta-large.ts), so that a method that is wrong right next to its edge cannot hide between the grid
points of incomplete-beta.json and beta-wide.json.

Writes test/fixtures/beta-regions.json, read by test/special/beta-regions.test.ts. Each row is
[a, b, z, I, Ic, dzda, dzdb] at the exact floats a, b, z: I = I_z(a, b), Ic = 1 - I, dz/da = -(dI/da) / pdf(z),
dz/db likewise, computed as in scripts/fixtures_incomplete.py (mp.diff of mp.betainc at 40 digits, the
mirror-consistency check included, at 120 digits where it fails at 40 because I or 1 - I is below
1e-40; the density quadrature beta_quad where min(a, b) >= 1e3). Rows are grouped by
the edge they probe:
- "series-x": the power series / continued fraction switch at x = 1/2 (b x <= 1 holds there),
- "series-bx": the same switch at b x = 1,
- "mirror": the mirroring point x = (a + 1)/(a + b + 2),
- "mirror-tiny": the exception to it (betaincSwap) at min(x, 1 - x) = 1e-4 and 2 sqrt(a + 1) + 1 past the
  mirroring point,
- "large": min(a, b) around 1e4, where the quadrature of beta-large.ts takes over,
- "digamma": a around 1 and the digammaDiff switches (h >= x, h >= x/10 for x < 10, x = 10),
- "tiny": a around 1e-8, where the prefactor switches to logABeta, and around 1e-7, where the complement 1 - I
  does (incbetComplement),
- "bulk": a, b in 5 ... 2000 near the mean (where any large-parameter method would take over).
No float64 finite differences anywhere. Needs: python3, mpmath, scipy, numpy.

Run from the repo root:  python3 scripts/fixtures_beta_regions.py
"""
import os
import sys

import mpmath as mp
import numpy as np
import scipy
import scipy.special as sc

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fixture_json import dump as dump_json  # noqa: E402
from fixtures_incomplete import beta_point, beta_wide_point  # noqa: E402

mp.mp.dps = 40
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "test", "fixtures")

# relative offsets from an edge, both sides
DELTAS = [0.0, 1e-12, -1e-12, 1e-6, -1e-6, 1e-3, -1e-3, 0.03, -0.03]


def quantile(a, b, q):
    return float(sc.betaincinv(a, b, q)) if q <= 0.5 else 1.0 - float(sc.betaincinv(b, a, 1 - q))


def point(a, b, z):
    if min(a, b) >= 1e3:
        return beta_wide_point(a, b, z)
    try:
        r = beta_point(a, b, mp.mpf(z))
    except AssertionError:
        # the mirror check needs more digits where I (or 1 - I) is far below 1e-40: redo at 120
        mp.mp.dps = 120
        try:
            r = beta_point(a, b, mp.mpf(z))
        except AssertionError:
            return None  # (the check cannot pass where I is below ~1e-(dps + 20 - 10): none so far)
        finally:
            mp.mp.dps = 40
    return [r[0], r[1], r[4], r[5]]


def triples():
    out = []
    for a in [0.3, 2.5, 20.0, 60.0]:
        for b in [0.5, 1.9]:
            out += [("series-x", a, b, 0.5 * (1 + d)) for d in DELTAS]
    for b in [3.0, 30.0, 300.0]:
        for a in [0.2, 5.0, 8.0]:
            out += [("series-bx", a, b, (1 + d) / b) for d in DELTAS]
    for a, b in [(0.5, 0.5), (3.0, 7.0), (40.0, 15.0), (200.0, 900.0), (0.2, 50.0), (60.0, 0.7)]:
        x0 = (a + 1) / (a + b + 2)
        out += [("mirror", a, b, x0 * (1 + d)) for d in DELTAS]
    for a, b in [(0.5, 3e4), (2.0, 5e4)]:
        out += [("mirror-tiny", a, b, 1e-4 * (1 + d)) for d in DELTAS]
        out += [("mirror-tiny", b, a, 1 - 1e-4 * (1 + d)) for d in DELTAS]
    for a, b in [(1.0, 1e6), (0.1, 1e7), (30.0, 1e7)]:
        c = 2 * float(np.sqrt(a + 1)) + 1  # how far past the mirroring point the exception reaches
        out += [("mirror-tiny", a, b, (a + 1 + c) / (a + b + 2) * (1 + d)) for d in DELTAS]
        out += [("mirror-tiny", b, a, 1 - (a + 1 + c) / (a + b + 2) * (1 + d)) for d in DELTAS]
    for a, b in [(9999.0, 2e4), (1e4, 2e4), (1e4, 1e4), (9999.999, 9999.999), (1e4, 5e5), (9999.0, 5e5), (3e3, 3e3), (5e3, 7e3), (2e3, 4e5)]:
        out += [("large", a, b, quantile(a, b, q)) for q in [1e-4, 0.1, 0.5, 0.9, 1 - 1e-4]]
    for a in [1 - 2.0 ** -52, 1.0, 1 + 2.0 ** -52, 9.999, 10.0, 10.001]:
        for b in [0.3, 0.1 * a, a, 3.0, 3e3]:
            out += [("digamma", a, b, quantile(a, b, q)) for q in [0.01, 0.5, 0.99]]
            out += [("digamma", b, a, quantile(b, a, q)) for q in [0.01, 0.5, 0.99]]
    for a in [0.99e-8, 1e-8, 1.01e-8, 0.99e-7, 1e-7, 1.01e-7]:
        for b in [0.5, 50.0]:
            # (the quantiles of Beta(1e-8, b) are 0 or 1 in double: fixed points instead)
            out += [("tiny", a, b, z) for z in [1e-300, 1e-12, 0.3, 0.7, 1 - 1e-9]]
            out += [("tiny", b, a, z) for z in [1e-300, 1e-12, 0.3, 0.7, 1 - 1e-9]]
    for a in [5.0, 8.0, 12.0, 20.0, 35.0, 60.0, 100.0, 250.0, 700.0, 2000.0]:
        for b in [5.0, 10.0, 15.0, 30.0, 100.0, 400.0, 1500.0]:
            sd = np.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))
            mean = a / (a + b)
            for k in [-2.0, -0.5, 0.0, 0.5, 2.0]:
                z = mean + k * sd
                if 0 < z < 1:
                    out.append(("bulk", a, b, float(z)))
    return out


def write_fixture(name, about, ts, ref, every):
    """Rows [region, a, b, z] + ref(a, b, z) for the triples ts with 0 < z < 1 (skipped where ref gives None), written
    to test/fixtures/<name>.json with the columns below; `about` opens its "about" line. Shared with
    fixtures_beta_asym.py."""
    rows, skipped = [], []
    for i, (region, a, b, z) in enumerate(ts):
        if not (0 < z < 1):
            continue
        if i % every == 0:
            print(f"{name}: {i} / {len(ts)}", file=sys.stderr)
        r = ref(a, b, z)
        if r is None:
            skipped.append([region, a, b, z])
        else:
            rows.append([region, a, b, z] + r)
    versions = f"mpmath {mp.__version__}, scipy {scipy.__version__}, numpy {np.__version__}, dps {mp.mp.dps}"
    with open(os.path.join(OUT, name + ".json"), "w") as fh:
        fh.write(dump_json({
            "about": about + "I = I_z(a,b), Ic = 1 - I, dzda = -dI/da / pdf, dzdb = -dI/db / pdf at the exact floats. "
                     + versions,
            "columns": ["region", "a", "b", "z", "I", "Ic", "dzda", "dzdb"],
            "rows": rows,
            "skipped": skipped,
        }) + "\n")
    print(f"wrote {name}.json ({len(rows)} rows, {len(skipped)} skipped)", file=sys.stderr)


def main():
    write_fixture("beta-regions", "Points at the method edges of betainc / betaSampleGrad (see scripts/fixtures_beta_regions.py): ",
                  triples(), point, 50)


if __name__ == "__main__":
    main()
