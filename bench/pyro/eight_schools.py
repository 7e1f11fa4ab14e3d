"""The eight schools model of examples/eight-schools.ts in Pyro 1.8.4 (--form centred or non-centred): same model,
guide, starting values, optimizer and steps. Convergence: mu's guide mean within 0.25 posterior sd of the quadrature
reference and E[log tau] within 0.25 of its sd (test/fixtures/eight-schools.json)."""
import math

from common import args, decaying_adam, load, run

import torch
import pyro
import pyro.distributions as dist
from pyro.infer import SVI, Trace_ELBO
from torch.distributions import constraints

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


def converged():
    return (abs(pyro.param("mu_loc").item() - ref["mu"]["mean"]) < 0.25 * ref["mu"]["sd"]
            and abs(pyro.param("tau_loc").item() - ref["logTau"]["mean"]) < 0.25 * ref["logTau"]["sd"])


def summary():
    p = lambda k: pyro.param(k).item()  # noqa: E731
    m, s = p("tau_loc"), p("tau_scale")
    return {"mu": [p("mu_loc"), p("mu_scale")], "logTau": [m, s],
            "tau": [math.exp(m + s * s / 2), math.exp(m + s * s / 2) * math.sqrt(math.expm1(s * s))]}


pyro.set_rng_seed(a.seed)
pyro.clear_param_store()
svi = SVI(model, guide, decaying_adam(a.steps), loss=Trace_ELBO())
run(svi, a.steps, a.every, converged, summary, (y, sigma))
