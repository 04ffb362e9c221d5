"""One training step of a 784-128-10 ReLU network with softmax + cross-entropy, batch 64, float64.

The PyTorch side of bench/run: the same work as gradflow's JMH benchmarks (forward; forward + backward;
forward + backward + plain gradient-descent update), timed with the same thread count.
Usage: torch_step.py THREADS SECONDS. Prints one line per measurement: name, then the median and the minimum
in microseconds of single calls (as JMH's sample mode measures gradflow).
"""
import statistics
import sys
import time

import torch


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 2.0
    torch.set_num_threads(threads)
    torch.manual_seed(42)
    dtype = torch.float64
    n0, n1, n2, batch = 784, 128, 10, 64
    # Layout as in gradflow: W(r) is n_r x n_(r-1), one column per example.
    W1 = (torch.randn(n1, n0, dtype=dtype) * (2.0 / n0) ** 0.5).requires_grad_()
    b1 = torch.zeros(n1, 1, dtype=dtype, requires_grad=True)
    W2 = (torch.randn(n2, n1, dtype=dtype) * (2.0 / n1) ** 0.5).requires_grad_()
    b2 = torch.zeros(n2, 1, dtype=dtype, requires_grad=True)
    params = [W1, b1, W2, b2]
    X = torch.rand(n0, batch, dtype=dtype)
    labels = torch.randint(0, n2, (batch,))
    lr = 1e-3

    def forward():
        Z1 = torch.relu(W1 @ X + b1)
        A2 = W2 @ Z1 + b2
        # cross_entropy wants examples in rows: the mean over the batch of -log softmax at the label.
        return torch.nn.functional.cross_entropy(A2.t(), labels)

    def forward_only():
        with torch.no_grad():
            forward()

    def forward_backward():
        for p in params:
            p.grad = None
        forward().backward()

    def step():
        forward_backward()
        with torch.no_grad():
            for p in params:
                p.add_(p.grad, alpha=-lr)

    for name, fn in [("forward", forward_only), ("forwardBackward", forward_backward), ("trainingStep", step)]:
        for _ in range(200):
            fn()
        samples = []
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            t0 = time.perf_counter_ns()
            fn()
            samples.append((time.perf_counter_ns() - t0) / 1e3)
        print(f"{name} {statistics.median(samples):.2f} {min(samples):.2f}")


if __name__ == "__main__":
    main()
