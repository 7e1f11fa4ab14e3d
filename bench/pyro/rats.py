"""The rat tumour model of examples/rats.ts in Pyro 1.8.4: same model, guide, starting values, optimizer and steps.
BDA's improper hyperprior is ImproperUniform sites plus pyro.factor (vitape's example writes it as a LogDensity site).
Convergence: every experiment's guide mean within 0.25 posterior sd of the quadrature reference (test/fixtures)."""
from common import args, decaying_adam, load, run

import torch
import torch.nn.functional as F
import pyro
import pyro.distributions as dist
from pyro.infer import SVI, Trace_ELBO
from torch.distributions import constraints

a = args()
data, ref = load("rats")
y, n = torch.tensor(data["y"], dtype=torch.float64), torch.tensor(data["n"], dtype=torch.float64)
G = len(y)


def model(y, n):
    u = pyro.sample("log_ratio", dist.ImproperUniform(constraints.real, (), ()))
    v = pyro.sample("log_total", dist.ImproperUniform(constraints.real, (), ()))
    pyro.factor("hyperprior", F.logsigmoid(u) + F.logsigmoid(-u) - 0.5 * v)
    total = v.exp()
    with pyro.plate("experiments", G):
        theta = pyro.sample("theta", dist.Beta(total * torch.sigmoid(u), total * torch.sigmoid(-u)))
        pyro.sample("y", dist.Binomial(n, theta), obs=y)


def guide(y, n):
    u_loc = pyro.param("log_ratio_loc", torch.tensor(0.0))
    u_scale = pyro.param("log_ratio_scale", torch.tensor(1.0), constraint=constraints.positive)
    v_loc = pyro.param("log_total_loc", torch.tensor(0.6931471805599453))
    v_scale = pyro.param("log_total_scale", torch.tensor(1.0), constraint=constraints.positive)
    pyro.sample("log_ratio", dist.Normal(u_loc, u_scale))
    pyro.sample("log_total", dist.Normal(v_loc, v_scale))
    alpha_q = pyro.param("alpha_q", 1 + y, constraint=constraints.positive)
    beta_q = pyro.param("beta_q", 1 + n - y, constraint=constraints.positive)
    with pyro.plate("experiments", G):
        pyro.sample("theta", dist.Beta(alpha_q, beta_q))


ref_mean, ref_sd = torch.tensor(ref["theta"]["mean"]), torch.tensor(ref["theta"]["sd"])


def means():
    al, be = pyro.param("alpha_q").detach(), pyro.param("beta_q").detach()
    return al / (al + be), al, be


def converged():
    m, _, _ = means()
    return bool(((m - ref_mean).abs() < 0.25 * ref_sd).all())


def summary():
    m, al, be = means()
    sd = (m * (1 - m) / (al + be + 1)).sqrt()
    p = lambda k: pyro.param(k).item()  # noqa: E731
    return {"u": [p("log_ratio_loc"), p("log_ratio_scale")], "v": [p("log_total_loc"), p("log_total_scale")],
            "thetaMean": m.tolist(), "thetaSd": sd.tolist()}


pyro.set_rng_seed(a.seed)
pyro.clear_param_store()
svi = SVI(model, guide, decaying_adam(a.steps), loss=Trace_ELBO())
run(svi, a.steps, a.every, converged, summary, (y, n))
