"""Shared by bench/pyro/<case>.py: where Pyro comes from, the timing loop, and the JSON line each script prints.

Getting Pyro (nothing of it is committed here): Pyro 1.8.4 runs from its source with Debian's PyTorch.
  1. apt-get install python3-torch python3-tqdm python3-numpy      (Debian's torch 1.13; no pip needed)
  2. Pyro's source at tag 1.8.4: git clone --depth 1 --branch 1.8.4 https://github.com/pyro-ppl/pyro
     (or the tarball https://github.com/pyro-ppl/pyro/archive/refs/tags/1.8.4.tar.gz), and its two pure-Python
     dependencies opt_einsum 3.3 (https://github.com/dgasmith/opt_einsum, tag v3.3.0: the opt_einsum folder) and
     pyro-api (https://github.com/pyro-ppl/pyro-api: the pyroapi folder), put side by side in one folder.
  3. PYRO_SRC=/path/to/pyro PYRO_DEPS=/path/to/deps npm run bench:pyro   (defaults /work/pyro and /work/pydeps)
Each case script runs standalone too: PYTHONPATH=$PYRO_SRC:$PYRO_DEPS /usr/bin/python3 bench/pyro/rats.py --seed 0
"""
import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path[:0] = [os.environ.get("PYRO_SRC", "/work/pyro"), os.environ.get("PYRO_DEPS", "/work/pydeps")]

import torch  # noqa: E402
import pyro  # noqa: E402

torch.set_default_dtype(torch.float64)  # vitape computes in float64: same arithmetic on both sides
torch.set_num_threads(1)  # vitape is single-threaded; so is the comparison
ROOT = Path(__file__).resolve().parent.parent.parent


def load(name):
    """examples/data/<name>.json and test/fixtures/<name>.json."""
    data = json.loads((ROOT / "examples" / "data" / f"{name}.json").read_text())
    ref = json.loads((ROOT / "test" / "fixtures" / f"{name}.json").read_text())
    return data, ref


def args():
    p = argparse.ArgumentParser()
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--steps", type=int, default=8000)
    p.add_argument("--every", type=int, default=100, help="check the convergence criterion every this many steps")
    p.add_argument("--form", default="non-centred")
    return p.parse_args()


def decaying_adam(steps, lr=0.05, lr_end=0.001):
    """Pyro's ClippedAdam with lr decayed geometrically from lr to lr_end over steps and no clamp (clip_norm inf), as
    vitape's: the default clamp at 10 biases these fits (docs/12-pump-failures.md)."""
    return pyro.optim.ClippedAdam({"lr": lr, "lrd": (lr_end / lr) ** (1 / steps), "betas": (0.9, 0.999), "clip_norm": float("inf")})


def run(svi, steps, every, converged, summary, data_args):
    """steps SVI steps; the wall time until converged() first holds (checked every `every` steps, the check's
    own time included, as on the vitape side), the wall and CPU time of the whole run (the machine may be shared:
    CPU time is what the process itself used), and the final summary, printed as one JSON line."""
    t0, c0 = time.perf_counter(), time.process_time()
    t_conv, step_conv = None, None
    for step in range(1, steps + 1):
        svi.step(*data_args)
        if t_conv is None and step % every == 0 and converged():
            t_conv, step_conv = time.perf_counter() - t0, step
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(json.dumps({"steps": steps, "seconds": seconds, "cpuSeconds": cpu, "stepsPerSecond": steps / seconds,
                      "convergedAtStep": step_conv, "secondsToConverge": t_conv, "summary": summary()}))
