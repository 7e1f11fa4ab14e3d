"""The A/B/n model of examples/ab-test.ts in Pyro 1.8.4: same model, guide (a Beta by mean and concentration),
starting values, optimizer (lr 0.05 decayed to 1e-4) and steps, with Trace_ELBO on both sides (Pyro has no
stick-the-landing option; the vitape example uses it). Convergence: every variant's guide mean within 0.1 exact
posterior sd of the exact mean, and its sd within 10% of the exact sd."""
from common import args, decaying_adam, load, run

import torch
import pyro
import pyro.distributions as dist
from pyro.infer import SVI, Trace_ELBO
from torch.distributions import constraints

a = args()
data, ref = load("ab-test")
n, y = torch.tensor(data["n"], dtype=torch.float64), torch.tensor(data["y"], dtype=torch.float64)
K = len(y)


def model(n, y):
    with pyro.plate("variants", K):
        theta = pyro.sample("theta", dist.Beta(1.0, 1.0))
        pyro.sample("y", dist.Binomial(n, theta), obs=y)


def guide(n, y):
    m = pyro.param("mean_q", torch.full((K,), 0.5), constraint=constraints.unit_interval)
    c = pyro.param("concentration_q", n.clone(), constraint=constraints.positive)
    with pyro.plate("variants", K):
        pyro.sample("theta", dist.Beta(m * c, (1 - m) * c))


exact = torch.tensor(ref["posterior"], dtype=torch.float64)


def betas():
    m, c = pyro.param("mean_q").detach(), pyro.param("concentration_q").detach()
    return m * c, (1 - m) * c


def moments(a, b):
    m = a / (a + b)
    return m, (m * (1 - m) / (a + b + 1)).sqrt()


exact_mean, exact_sd = moments(exact[:, 0], exact[:, 1])


def converged():
    m, sd = moments(*betas())
    return bool(((m - exact_mean).abs() < 0.1 * exact_sd).all() and ((sd / exact_sd - 1).abs() < 0.1).all())


def summary():
    al, be = betas()
    return {"alpha": al.tolist(), "beta": be.tolist()}


pyro.set_rng_seed(a.seed)
pyro.clear_param_store()
svi = SVI(model, guide, decaying_adam(a.steps, 0.05, 1e-4), loss=Trace_ELBO())
run(svi, a.steps, a.every, converged, summary, (n, y))
