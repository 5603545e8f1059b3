#!/usr/bin/env python3
"""Anchor for the GRU cases: PyTorch CPU nn.GRU throughput on this machine (Debian python3-torch + OpenBLAS), timed as
../shared/anchors/torch_lstm_bench.py times the LSTM (same shapes, median of repetitions, same output format).
Prints one line per case: case=<name> threads=<n> series_steps_per_s=<median figure>.
Usage: torch_gru_bench.py [threads] [case ...]"""
import sys, time, statistics, torch
threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
wanted = set(sys.argv[2:])
torch.set_num_threads(threads)
torch.manual_seed(0)

def timeit(fn, reps=7, warm=2):
    for _ in range(warm): fn()
    ts = []
    for _ in range(reps):
        t = time.perf_counter(); fn(); ts.append(time.perf_counter() - t)
    return statistics.median(ts)

def report(name, steps_per_s):
    print(f"case={name} threads={threads} series_steps_per_s={steps_per_s:.0f}", flush=True)

def train_case(name, B, T, F, H):
    gru = torch.nn.GRU(F, H, batch_first=True)
    head = torch.nn.Linear(H, 1)
    opt = torch.optim.Adam(list(gru.parameters()) + list(head.parameters()), 1e-3)
    x = torch.randn(B, T, F); y = torch.randn(B, 1)
    def step():
        opt.zero_grad()
        out, _ = gru(x)
        loss = torch.nn.functional.mse_loss(head(out[:, -1]), y)
        loss.backward(); opt.step()
    s = timeit(step)
    report(name, B*T/s)

def infer_case(name, B, T, F, H):
    gru = torch.nn.GRU(F, H, batch_first=True)
    x = torch.randn(B, T, F)
    def run():
        with torch.no_grad(): gru(x)
    s = timeit(run)
    report(name, B*T/s)

def online_case(name, N, F, H, ticks=50):
    # one timestep for all N series at once, carrying h: the best case for a stateful online step
    cell = torch.nn.GRUCell(F, H)
    h = torch.zeros(N, H); x = torch.randn(ticks, N, F)
    def run():
        nonlocal h
        with torch.no_grad():
            for t in range(ticks): h = cell(x[t], h)
    s = timeit(run, reps=5)
    report(name, N*ticks/s)

CASES = {
    "gru-train-stocks": lambda: train_case("gru-train-stocks", 400, 25, 5, 64),
    "gru-infer-stocks": lambda: infer_case("gru-infer-stocks", 400, 25, 5, 64),
    "gru-online-1000": lambda: online_case("gru-online-1000", 1000, 5, 64),
}
for name, run in CASES.items():
    if not wanted or name in wanted: run()
