#!/usr/bin/env python3
"""The peers of `harness bench --engine cuda`, measured on the same machine in the same run (gpu/check.sh's `peers`
step), so docs/benchmarks.md compares figures from one machine: JAX (jit + vmap + scan, the strongest peer) and
PyTorch eager (what most people use), on the benchmark's cases with MNIST resident on the device.

One line per figure, `peer NAME: ...`; a peer whose library is missing is named and skipped. Compile time is timed
apart from training, as JAX users see it. --quick shrinks every case (2,000 images, fewer epochs and models): a
smoke test that runs on a CPU.

Usage: python3 gpu/peers.py [--data data/mnist] [--quick]
"""
import argparse
import gzip
import os
import sys
import time

import numpy as np

NIELSEN = ([784, 30, 10], [784, 30, 30, 10], [784, 30, 30, 30, 10])
WIDE = [784, 800, 800, 10]


def idx(path):
    """An IDX file (gzip), as the harness reads it: images as float32 in [0, 1] flattened, labels as int32."""
    with gzip.open(path, "rb") as f:
        raw = f.read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    body = np.frombuffer(raw, np.uint8, offset=4 + 4 * dims).reshape(shape)
    return body.reshape(shape[0], -1).astype(np.float32) / 255 if dims > 1 else body.astype(np.int32)


def mnist(folder, limit):
    """The standard split: the first 50,000 training images train, the test set tests (Nielsen's)."""
    x = idx(os.path.join(folder, "train-images-idx3-ubyte.gz"))[:50000][:limit]
    y = idx(os.path.join(folder, "train-labels-idx1-ubyte.gz"))[:50000][:limit]
    xt = idx(os.path.join(folder, "t10k-images-idx3-ubyte.gz"))
    yt = idx(os.path.join(folder, "t10k-labels-idx1-ubyte.gz"))
    return x, y, xt, yt


def epochs_text(k):
    return f"{k} epoch{'s' if k != 1 else ''}"


def say(name, text):
    print(f"peer {name}: {text}", flush=True)


def attempt(name, case):
    """Runs one peer case; a failure is said on its line and the other cases still run."""
    try:
        case()
    except Exception as e:  # a peer's failure (an API its version lacks, memory) must not hide the others' figures
        say(name, f"failed: {type(e).__name__}: {e}")


def jax_peers(data, quick):
    os.environ.setdefault("XLA_PYTHON_CLIENT_PREALLOCATE", "false")  # leave the GPU's memory to whoever runs next
    try:
        import jax
        import jax.numpy as jnp
    except ImportError as e:
        say("jax", f"not importable ({e}): skipped")
        return
    x, y, xt, yt = (jnp.asarray(a) for a in data)
    n = x.shape[0]
    onehot = jax.nn.one_hot(y, 10)
    say("jax", f"{jax.__version__} on {jax.devices()[0].device_kind}")

    def init(key, sizes, scale):  # scale(fan_in): the weights' standard deviation; Nielsen's biases are N(0, 1) too
        params = []
        for a, b in zip(sizes[:-1], sizes[1:]):
            key, kw, kb = jax.random.split(key, 3)
            bias = jax.random.normal(kb, (b,)) if scale is None else jnp.zeros(b)
            params.append((jax.random.normal(kw, (a, b)) * (1.0 if scale is None else scale(a)), bias))
        return params

    # Nielsen's recipe: sigmoid layers, quadratic cost, N(0,1) init, SGD lr 3.0, batch 10, a fresh shuffle each epoch.
    def sigmoid_net(params, v):
        for w, b in params:
            v = jax.nn.sigmoid(v @ w + b)
        return v

    def nielsen_epoch(params, key):
        order = jax.random.permutation(key, n)[: n // 10 * 10].reshape(-1, 10)

        def step(p, i):
            grads = jax.grad(lambda q: 0.5 * jnp.sum((sigmoid_net(q, x[i]) - onehot[i]) ** 2) / 10)(p)
            return jax.tree.map(lambda a, g: a - 3.0 * g, p, grads), None

        return jax.lax.scan(step, params, order)[0]

    def accuracy(net):
        return lambda params: jnp.mean(jnp.argmax(net(params, xt), axis=1) == yt)

    def many():
        steps = n // 10
        for m in (1, 4) if quick else (1, 132, 1024, 4096):
            params = jax.vmap(lambda k: init(k, NIELSEN[0], None))(jax.random.split(jax.random.key(m), m))
            keys = jax.random.split(jax.random.key(m + 1), (2, m))
            start = time.perf_counter()
            epoch = jax.jit(jax.vmap(nielsen_epoch)).lower(params, keys[0]).compile()
            compiled = time.perf_counter() - start
            params = jax.block_until_ready(epoch(params, keys[0]))  # a warm-up epoch
            start = time.perf_counter()
            jax.block_until_ready(epoch(params, keys[1]))
            seconds = time.perf_counter() - start
            say(f"jax-vmap-x{m}", f"{seconds / (m * steps) * 1e6:.3f} us per model-step ({seconds:.3f} s an epoch for all; "
                f"compile {compiled:.1f} s)")

    def lone():
        # One Nielsen model, 30 epochs, the test accuracy read back after each (as a sweep records its metrics).
        epochs = 2 if quick else 30
        params = init(jax.random.key(7), NIELSEN[0], None)
        start = time.perf_counter()
        epoch = jax.jit(nielsen_epoch).lower(params, jax.random.key(0)).compile()
        test = jax.jit(accuracy(sigmoid_net)).lower(params).compile()
        compiled = time.perf_counter() - start
        start = time.perf_counter()
        for e in range(epochs):
            params = epoch(params, jax.random.key(100 + e))
            acc = float(test(params))
        seconds = time.perf_counter() - start
        say("jax-nielsen-30ep", f"{seconds:.2f} s for {epochs_text(epochs)}, {acc:.2%} test (compile {compiled:.1f} s)")

    def table():
        # Nielsen's table: each architecture with 10 seeds at once (vmap), 30 epochs, test accuracy each epoch.
        seeds = 2 if quick else 10
        epochs = 2 if quick else 30
        total = compile_total = 0.0
        for sizes in NIELSEN:
            params = jax.vmap(lambda k: init(k, sizes, None))(jax.random.split(jax.random.key(len(sizes)), seeds))
            keys = jax.random.split(jax.random.key(len(sizes) + 50), (epochs, seeds))
            start = time.perf_counter()
            epoch = jax.jit(jax.vmap(nielsen_epoch)).lower(params, keys[0]).compile()
            test = jax.jit(jax.vmap(accuracy(sigmoid_net))).lower(params).compile()
            compile_total += time.perf_counter() - start
            start = time.perf_counter()
            for e in range(epochs):
                params = epoch(params, keys[e])
                accs = np.asarray(test(params))
            seconds = time.perf_counter() - start
            total += seconds
            say(f"jax-nielsen-x{seeds}-{'-'.join(map(str, sizes))}",
                f"{seconds:.2f} s, test {accs.mean():.2%} +- {accs.std(ddof=1) * 100:.2f} pp over {seeds} seeds")
        say(f"jax-nielsen-x{seeds}", f"{total:.2f} s for the 3 architectures after {compile_total:.1f} s of compiling")

    # The wide case: [784,800,800,10] ReLU, softmax cross-entropy, He init, Adam 1e-3, batch 128, 10 epochs.
    def relu_net(params, v):
        for w, b in params[:-1]:
            v = jax.nn.relu(v @ w + b)
        w, b = params[-1]
        return v @ w + b

    def wide_epoch(state, key):
        order = jax.random.permutation(key, n)[: n // 128 * 128].reshape(-1, 128)

        def step(s, i):
            params, mom, vel, t = s

            def cost(p):
                return -jnp.mean(jnp.take_along_axis(jax.nn.log_softmax(relu_net(p, x[i])), y[i][:, None], axis=1))

            grads = jax.grad(cost)(params)
            t = t + 1
            mom = jax.tree.map(lambda a, g: 0.9 * a + 0.1 * g, mom, grads)
            vel = jax.tree.map(lambda a, g: 0.999 * a + 0.001 * g * g, vel, grads)
            fix1, fix2 = 1 - 0.9 ** t, 1 - 0.999 ** t
            params = jax.tree.map(lambda p, a, v: p - 1e-3 * (a / fix1) / (jnp.sqrt(v / fix2) + 1e-8), params, mom, vel)
            return (params, mom, vel, t), None

        return jax.lax.scan(step, state, order)[0]

    def wide():
        params = init(jax.random.key(3), WIDE, lambda fan_in: np.sqrt(2.0 / fan_in))
        zeros = jax.tree.map(jnp.zeros_like, params)
        state = (params, zeros, zeros, jnp.zeros((), jnp.float32))
        start = time.perf_counter()
        epoch = jax.jit(wide_epoch).lower(state, jax.random.key(0)).compile()
        compiled = time.perf_counter() - start
        epochs = 1 if quick else 10
        start = time.perf_counter()
        for e in range(epochs):
            state = epoch(state, jax.random.key(200 + e))
        jax.block_until_ready(state)
        seconds = time.perf_counter() - start
        acc = float(accuracy(relu_net)(state[0]))
        say("jax-wide", f"{seconds:.2f} s for {epochs_text(epochs)}, {acc:.2%} test (compile {compiled:.1f} s)")

    attempt("jax-vmap", many)
    attempt("jax-nielsen-30ep", lone)
    attempt("jax-nielsen-x10", table)
    attempt("jax-wide", wide)


def torch_peers(data, quick):
    try:
        import torch
    except ImportError as e:
        say("pytorch", f"not importable ({e}): skipped")
        return
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    say("pytorch", f"{torch.__version__} on {torch.cuda.get_device_name() if device.type == 'cuda' else 'cpu'}, eager")
    x, y, xt, yt = (torch.from_numpy(np.ascontiguousarray(a)).to(device) for a in data)
    x, xt = x.float(), xt.float()
    y, yt = y.long(), yt.long()
    n = x.shape[0]

    def sync():
        if device.type == "cuda":
            torch.cuda.synchronize()

    def train(model, optimizer, batch, epochs, cost):
        sync()
        start = time.perf_counter()
        for _ in range(epochs):
            order = torch.randperm(n, device=device)
            for i in range(0, n - batch + 1, batch):
                b = order[i: i + batch]
                optimizer.zero_grad()
                cost(model(x[b]), y[b]).backward()
                optimizer.step()
        sync()
        seconds = time.perf_counter() - start
        with torch.no_grad():
            acc = (model(xt).argmax(1) == yt).float().mean().item()
        return seconds, acc

    def nielsen():
        torch.manual_seed(1)
        # Nielsen's recipe, one model, one epoch: 30 epochs are that times 30 (an extrapolation, said so in the line).
        model = torch.nn.Sequential(torch.nn.Linear(784, 30), torch.nn.Sigmoid(),
                                    torch.nn.Linear(30, 10), torch.nn.Sigmoid()).to(device)
        with torch.no_grad():
            for p in model.parameters():
                p.normal_()
        onehot = torch.eye(10, device=device)
        seconds, acc = train(model, torch.optim.SGD(model.parameters(), lr=3.0), 10, 1,
                             lambda out, t: 0.5 * ((out - onehot[t]) ** 2).sum() / out.shape[0])
        say("pytorch-nielsen-1ep", f"{seconds:.2f} s for 1 epoch ({acc:.2%} test); 30 epochs would take about {30 * seconds:.0f} s "
            "(extrapolated, not measured)")

    def wide():
        model = torch.nn.Sequential(torch.nn.Linear(784, 800), torch.nn.ReLU(), torch.nn.Linear(800, 800), torch.nn.ReLU(),
                                    torch.nn.Linear(800, 10)).to(device)
        epochs = 1 if quick else 10
        seconds, acc = train(model, torch.optim.Adam(model.parameters(), lr=1e-3), 128, epochs, torch.nn.functional.cross_entropy)
        say("pytorch-wide", f"{seconds:.2f} s for {epochs_text(epochs)}, {acc:.2%} test")

    attempt("pytorch-nielsen-1ep", nielsen)
    attempt("pytorch-wide", wide)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=os.path.join("data", "mnist"), help="folder of MNIST's four .gz files")
    parser.add_argument("--quick", action="store_true", help="shrink every case (a smoke test on a CPU)")
    args = parser.parse_args()
    if not os.path.isfile(os.path.join(args.data, "train-images-idx3-ubyte.gz")):
        print(f"peers.py: --data {args.data}: no train-images-idx3-ubyte.gz there (harness data fetch writes data/mnist)",
              file=sys.stderr)
        return 2
    data = mnist(args.data, 2000 if args.quick else 50000)
    jax_peers(data, args.quick)
    torch_peers(data, args.quick)
    return 0


if __name__ == "__main__":
    sys.exit(main())
