# PyTorch's side of `npm run bench:torch` (bench/implicit-vs-torch.ts starts it): reads the points file the
# TypeScript side wrote, then answers one line per request on stdin ("gamma", "beta" or "quit") with the median
# CPU ns (this thread's time, so that other processes on a shared machine count less) per element of PyTorch's implicit-gradient kernels on those points: float64, one thread, the whole batch per
# call. Beta's gradient is what torch.distributions.Beta runs (through Dirichlet's backward): _dirichlet_grad on
# the (n, 2) batch [z, 1 - z] with concentration [a, b] and total a + b; its time is per Beta point (two entries).
import json
import sys
import time

import torch

torch.set_num_threads(1)
points = json.load(open(sys.argv[1]))
g_alpha = torch.tensor(points["gamma"]["alpha"], dtype=torch.float64)
g_x = torch.tensor(points["gamma"]["x"], dtype=torch.float64)
b_a = torch.tensor(points["beta"]["a"], dtype=torch.float64)
b_b = torch.tensor(points["beta"]["b"], dtype=torch.float64)
b_z = torch.tensor(points["beta"]["z"], dtype=torch.float64)
b_x = torch.stack([b_z, 1 - b_z], -1)
b_conc = torch.stack([b_a, b_b], -1)
b_total = (b_a + b_b).unsqueeze(-1).expand_as(b_conc).contiguous()

KERNELS = {
    "gamma": (lambda: torch._standard_gamma_grad(g_x, g_alpha), g_x.numel()),
    "beta": (lambda: torch._dirichlet_grad(b_x, b_conc, b_total), b_z.numel()),
}


def measure(name, reps=15):
    fn, n = KERNELS[name]
    for _ in range(3):
        fn()
    times = []
    for _ in range(reps):
        t0 = time.thread_time_ns()
        fn()
        times.append(time.thread_time_ns() - t0)
    times.sort()
    return times[len(times) // 2] / n


print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads()}), flush=True)
for line in sys.stdin:
    cmd = line.strip()
    if cmd == "quit":
        break
    print(json.dumps({"name": cmd, "ns": measure(cmd)}), flush=True)
