"""Shared by the fixture scripts: how a 40-digit reference value is written to JSON, and its check against scipy.

enc() prints a value with 20 significant digits (JavaScript parses that to the correctly rounded double) or, for
what JSON cannot hold, the strings "nan", "inf", "-inf"; dump() writes Raw text verbatim and floats with repr
(shortest round trip, so the binary64 inputs are exact).
"""
import json

import mpmath as mp

DBL_MAX = mp.mpf(1.7976931348623157e308)


class Raw(str):
    """A number already printed as JSON text (kept verbatim so all 20 digits reach the file)."""


def enc(v):
    """A reference value as JSON: a number with 20 significant digits, or a string for what JSON cannot hold."""
    if mp.isnan(v):
        return "nan"
    if mp.isinf(v) or mp.fabs(v) > DBL_MAX:
        return "inf" if v > 0 else "-inf"
    return Raw(mp.nstr(v, 20))


def dump(obj):
    """json.dumps that writes Raw as bare numbers and floats with repr (shortest round-trip, so inputs are exact)."""
    if isinstance(obj, Raw):
        return str(obj)
    if isinstance(obj, float):
        return repr(obj)
    if isinstance(obj, dict):
        return "{" + ",".join(json.dumps(k) + ":" + dump(v) for k, v in obj.items()) + "}"
    if isinstance(obj, list):
        return "[" + ",".join(dump(v) for v in obj) + "]"
    return json.dumps(obj)


checks = {"scipy": 0}  # how many values cross_check compared, for each script's closing line


def cross_check(ref, scale, scipy_value, what):
    """Fail loudly unless scipy agrees with the mpmath value to 1e-12 of the terms' scale (or exactly, if inf)."""
    if mp.isinf(ref):
        assert scipy_value == float(ref), (what, float(ref), scipy_value)
    else:
        assert abs(mp.mpf(scipy_value) - ref) <= 1e-12 * max(scale, 1), (what, float(ref), scipy_value)
    checks["scipy"] += 1
