"""The pump-failure model of examples/pumps.ts in Pyro 1.8.4: same model, guide, starting values, optimizer and
steps. Convergence: every pump's guide mean within 0.2 posterior sd of the quadrature reference (test/fixtures)."""
from common import args, decaying_adam, load, run

import torch
import pyro
import pyro.distributions as dist
from pyro.infer import SVI, Trace_ELBO
from torch.distributions import constraints

a = args()
data, ref = load("pumps")
x, t = torch.tensor(data["x"], dtype=torch.float64), torch.tensor(data["t"], dtype=torch.float64)
N = len(x)


def model(x, t):
    alpha = pyro.sample("alpha", dist.Exponential(1.0))
    beta = pyro.sample("beta", dist.Gamma(0.1, 1.0))
    with pyro.plate("pumps", N):
        theta = pyro.sample("theta", dist.Gamma(alpha, beta))
        pyro.sample("x", dist.Poisson(theta * t), obs=x)


def guide(x, t):
    a_loc = pyro.param("alpha_loc", torch.tensor(0.0))
    a_scale = pyro.param("alpha_scale", torch.tensor(0.5), constraint=constraints.positive)
    b_loc = pyro.param("beta_loc", torch.tensor(0.0))
    b_scale = pyro.param("beta_scale", torch.tensor(0.5), constraint=constraints.positive)
    pyro.sample("alpha", dist.LogNormal(a_loc, a_scale))
    pyro.sample("beta", dist.LogNormal(b_loc, b_scale))
    conc = pyro.param("theta_concentration", 1 + x, constraint=constraints.positive)
    rate = pyro.param("theta_rate", 1 + t, constraint=constraints.positive)
    with pyro.plate("pumps", N):
        pyro.sample("theta", dist.Gamma(conc, rate))


ref_mean, ref_sd = torch.tensor(ref["theta"]["mean"]), torch.tensor(ref["theta"]["sd"])


def converged():
    m = pyro.param("theta_concentration").detach() / pyro.param("theta_rate").detach()
    return bool(((m - ref_mean).abs() < 0.2 * ref_sd).all())


def summary():
    c, r = pyro.param("theta_concentration").detach(), pyro.param("theta_rate").detach()
    p = lambda k: pyro.param(k).item()  # noqa: E731
    return {"logAlpha": [p("alpha_loc"), p("alpha_scale")], "logBeta": [p("beta_loc"), p("beta_scale")],
            "thetaMean": (c / r).tolist(), "thetaSd": (c.sqrt() / r).tolist()}


pyro.set_rng_seed(a.seed)
pyro.clear_param_store()
svi = SVI(model, guide, decaying_adam(a.steps), loss=Trace_ELBO())
run(svi, a.steps, a.every, converged, summary, (x, t))
