"""The eight schools model of examples/eight-schools.ts in Pyro 1.8.4 (--form centred or non-centred): same model,
guide, starting values, optimizer and steps. With --auto the guide is Pyro's AutoNormal against vitape's AutoNormal,
both started at the prior's mean (Pyro's init_to_mean; vitape's AutoNormal default) with init_scale 0.1; their
parameters have the same names (AutoNormal.locs.<site>, AutoNormal.scales.<site>). Convergence: mu's guide mean
within 0.25 posterior sd of the quadrature reference and E[log tau] within 0.25 of its sd
(test/fixtures/eight-schools.json)."""
import math
import sys

from common import args, decaying_adam, load, run

import torch
import pyro
import pyro.distributions as dist
from pyro.infer import SVI, Trace_ELBO
from pyro.infer.autoguide import AutoNormal, init_to_mean
from torch.distributions import constraints

# --auto is this script's own flag (common.args() knows the shared ones).
auto = "--auto" in sys.argv
if auto:
    sys.argv.remove("--auto")
a = args()
data, ref = load("eight-schools")
y, sigma = torch.tensor(data["y"], dtype=torch.float64), torch.tensor(data["sigma"], dtype=torch.float64)
J = len(y)
centred = a.form == "centred"


def model(y, sigma):
    mu = pyro.sample("mu", dist.Normal(0.0, 5.0))
    tau = pyro.sample("tau", dist.HalfNormal(5.0))
    with pyro.plate("schools", J):
        if centred:
            theta = pyro.sample("theta", dist.Normal(mu, tau))
        else:
            theta = mu + tau * pyro.sample("eta", dist.Normal(0.0, 1.0))
        pyro.sample("y", dist.Normal(theta, sigma), obs=y)


def guide(y, sigma):
    mu_loc = pyro.param("mu_loc", torch.tensor(0.0))
    mu_scale = pyro.param("mu_scale", torch.tensor(1.0), constraint=constraints.positive)
    tau_loc = pyro.param("tau_loc", torch.tensor(0.0))
    tau_scale = pyro.param("tau_scale", torch.tensor(1.0), constraint=constraints.positive)
    pyro.sample("mu", dist.Normal(mu_loc, mu_scale))
    pyro.sample("tau", dist.LogNormal(tau_loc, tau_scale))
    name = "theta" if centred else "eta"
    loc = pyro.param(f"{name}_loc", torch.zeros(J))
    scale = pyro.param(f"{name}_scale", torch.ones(J), constraint=constraints.positive)
    with pyro.plate("schools", J):
        pyro.sample(name, dist.Normal(loc, scale))


# The parameters of a site's location and scale, by guide.
names = (lambda site: (f"AutoNormal.locs.{site}", f"AutoNormal.scales.{site}")) if auto else (lambda site: (f"{site}_loc", f"{site}_scale"))


def converged():
    return (abs(pyro.param(names("mu")[0]).item() - ref["mu"]["mean"]) < 0.25 * ref["mu"]["sd"]
            and abs(pyro.param(names("tau")[0]).item() - ref["logTau"]["mean"]) < 0.25 * ref["logTau"]["sd"])


def summary():
    p = lambda k: pyro.param(k).item()  # noqa: E731
    m, s = (p(k) for k in names("tau"))
    return {"mu": [p(k) for k in names("mu")], "logTau": [m, s],
            "tau": [math.exp(m + s * s / 2), math.exp(m + s * s / 2) * math.sqrt(math.expm1(s * s))]}


pyro.set_rng_seed(a.seed)
pyro.clear_param_store()
svi = SVI(model, AutoNormal(model, init_loc_fn=init_to_mean, init_scale=0.1) if auto else guide, decaying_adam(a.steps), loss=Trace_ELBO())
run(svi, a.steps, a.every, converged, summary, (y, sigma))
