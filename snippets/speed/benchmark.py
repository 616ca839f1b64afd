# --8<-- [start:model]
"""The course's CIFAR-10 training loop and an optimised one, side by side.

    python snippets/speed/benchmark.py              # CPU, a few minutes
    python snippets/speed/benchmark.py --ablation   # + one row per step
    python snippets/speed/benchmark.py --smoke      # tiny, seconds
"""
import argparse
import copy
import json
import os
import platform
import statistics
import sys
import time
from dataclasses import asdict, dataclass, replace

import torch
import torchvision
from torch import nn
from torch.utils.data import DataLoader, RandomSampler


def make_model():
    # The course's CNN (notes §14), unchanged for both loops.
    return nn.Sequential(
        nn.Conv2d(3, 32, 5, 1, 2), nn.MaxPool2d(2),
        nn.Conv2d(32, 32, 5, 1, 2), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 5, 1, 2), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(1024, 64), nn.Linear(64, 10),
    )


@dataclass(frozen=True)
class Loop:
    """Everything that differs between two training loops."""
    name: str
    data: str = "pil"           # "pil": Dataset + ToTensor; "uint8": preloaded
    batch_size: int = 64
    lr: float = 0.01
    num_workers: int = 0        # DataLoader workers ("pil" data only)
    channels_last: bool = False
    bf16: bool = False          # autocast to bfloat16
    test_batch_size: int = 64
    inference_mode: bool = False  # False: torch.no_grad() as in the course
    compile: bool = False       # torch.compile the model
    threads: int = 0            # torch.set_num_threads; 0 keeps the default
    cudnn_benchmark: bool = False  # CUDA: cuDNN times its algorithms once
    graphs: bool = False        # CUDA: replay each training step as a graph
# --8<-- [end:model]


# --8<-- [start:course]
def course_datasets(root):
    to_tensor = torchvision.transforms.ToTensor()
    train = torchvision.datasets.CIFAR10(root, train=True,
                                         transform=to_tensor, download=True)
    test = torchvision.datasets.CIFAR10(root, train=False,
                                        transform=to_tensor, download=True)
    return train, test


def course_loaders(train, test, loop, n_train, n_test, generator):
    # shuffle=True, but n_train images an epoch (cycling the data)
    sampler = RandomSampler(train, num_samples=n_train, generator=generator)
    train_loader = DataLoader(train, batch_size=loop.batch_size,
                              sampler=sampler, num_workers=loop.num_workers)
    test_loader = DataLoader(test, batch_size=loop.test_batch_size,
                             sampler=[i % len(test) for i in range(n_test)],
                             num_workers=loop.num_workers)
    return train_loader, test_loader


def course_train(model, loader, optimizer, loss_fn, device):
    model.train()
    for imgs, targets in loader:  # each image: PIL -> ToTensor, in Python
        imgs, targets = imgs.to(device), targets.to(device)
        loss = loss_fn(model(imgs), targets)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()


def course_test(model, loader, loss_fn, device):
    model.eval()
    total_loss, correct = 0.0, 0
    with torch.no_grad():
        for imgs, targets in loader:
            imgs, targets = imgs.to(device), targets.to(device)
            outputs = model(imgs)
            total_loss += loss_fn(outputs, targets).item()
            correct += (outputs.argmax(1) == targets).sum().item()
    return correct
# --8<-- [end:course]


# --8<-- [start:preload]
def preload(root, train, device):
    # Decode once: CIFAR10.data holds every image as uint8, N x 32 x 32 x 3
    ds = torchvision.datasets.CIFAR10(root, train=train, download=True)
    # .contiguous(): pixel by pixel in memory (HWC), the colours together
    images = torch.from_numpy(ds.data).contiguous().to(device)
    # N x 3 x 32 x 32 view of that memory: the channels_last layout
    images = images.permute(0, 3, 1, 2)
    labels = torch.tensor(ds.targets, device=device)
    return images, labels


def to_input(batch, loop):
    # uint8 -> float in [0, 1], one batch at a time (what ToTensor did)
    if not loop.channels_last:
        batch = batch.contiguous()  # plain NCHW, as ToTensor gives
    # (a batch gathered from the channels_last images stays channels_last)
    return batch.float().div_(255)  # bit for bit what ToTensor gives
# --8<-- [end:preload]


# --8<-- [start:fast]
def epoch_order(n_data, n_images, generator):
    # Shuffled indices, drawn exactly as RandomSampler draws them: with
    # the same generator, both loops see the images in the same order.
    perms = [torch.randperm(n_data, generator=generator)
             for _ in range(n_images // n_data + 1)]
    return torch.cat(perms)[:n_images]


def fast_train(model, data, optimizer, loss_fn, loop, n_images, generator):
    images, labels = data
    model.train()
    order = epoch_order(len(images), n_images, generator)
    order = order.to(images.device)
    for start in range(0, n_images, loop.batch_size):
        idx = order[start:start + loop.batch_size]
        imgs = to_input(images[idx], loop)
        with torch.autocast(imgs.device.type, torch.bfloat16,
                            enabled=loop.bf16):
            loss = loss_fn(model(imgs), labels[idx])
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()


def fast_test(model, data, loss_fn, loop, n_images):
    images, labels = data
    model.eval()
    correct = torch.zeros((), dtype=torch.long, device=images.device)
    total_loss = torch.zeros((), device=images.device)
    grad_off = torch.inference_mode if loop.inference_mode else torch.no_grad
    with grad_off(), torch.autocast(images.device.type, torch.bfloat16,
                                    enabled=loop.bf16):
        for start in range(0, n_images, loop.test_batch_size):
            stop = min(start + loop.test_batch_size, n_images)
            idx = torch.arange(start, stop, device=images.device)
            idx = idx % len(images)
            outputs = model(to_input(images[idx], loop))
            # sums stay on the device: no .item(), no wait, per batch
            total_loss += loss_fn(outputs.float(), labels[idx])
            correct += (outputs.argmax(1) == labels[idx]).sum()
    return correct.item()  # one wait, at the end of the pass
# --8<-- [end:fast]


# --8<-- [start:graphs]
class GraphedStep:
    """One training step (gather the batch, forward, backward, SGD update)
    recorded once as a CUDA graph and then replayed: one launch per batch
    instead of dozens of small kernel launches from Python."""

    def __init__(self, model, optimizer, loss_fn, data, loop):
        images, labels = data
        # the graph reads each batch's indices from this one tensor
        self.idx = torch.zeros(loop.batch_size, dtype=torch.long,
                               device=images.device)

        def step():
            imgs = to_input(images[self.idx], loop)
            with torch.autocast("cuda", torch.bfloat16, enabled=loop.bf16,
                                cache_enabled=False):  # as capture needs
                loss = loss_fn(model(imgs), labels[self.idx])
            loss.backward()
            optimizer.step()

        # A few ordinary steps first, on a side stream as capture needs:
        # cuDNN picks its kernels, memory is allocated. Then the weights
        # go back to where they were.
        state = copy.deepcopy(model.state_dict())
        side = torch.cuda.Stream()
        side.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(side):
            for _ in range(3):
                optimizer.zero_grad(set_to_none=True)
                step()
        torch.cuda.current_stream().wait_stream(side)
        model.load_state_dict(state)
        # No zero_grad inside the graph: with the gradients unset at
        # capture, each replay writes them afresh instead of adding.
        optimizer.zero_grad(set_to_none=True)
        self.graph = torch.cuda.CUDAGraph()
        with torch.cuda.graph(self.graph):
            step()

    def __call__(self, idx):
        self.idx.copy_(idx)  # on the GPU: no wait for the CPU
        self.graph.replay()
# --8<-- [end:graphs]


# --8<-- [start:graphed_train]
def graphed_train(step, model, data, optimizer, loss_fn, loop, n_images,
                  generator):
    images, labels = data
    model.train()
    order = epoch_order(len(images), n_images, generator)
    order = order.to(images.device)
    full = n_images - n_images % loop.batch_size
    for start in range(0, full, loop.batch_size):
        step(order[start:start + loop.batch_size])
    if full < n_images:  # the last, smaller batch: an ordinary step
        idx = order[full:]
        with torch.autocast("cuda", torch.bfloat16, enabled=loop.bf16):
            loss = loss_fn(model(to_input(images[idx], loop)), labels[idx])
        optimizer.zero_grad(set_to_none=False)  # keep the graph's tensors
        loss.backward()
        optimizer.step()
# --8<-- [end:graphed_train]


# ---------------------------------------------------------------------------
# Measuring: everything below times the loops above; nothing here is tuned.

def cpu_name():
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def one_line(exc):
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:200]}"


def loadavg():
    try:
        with open("/proc/loadavg") as fh:
            return " ".join(fh.read().split()[:3])
    except OSError:
        return "n/a"


def cpu_has_bf16():
    """True where oneDNN runs bfloat16 natively (AVX512-BF16 or AMX)."""
    try:
        return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except (AttributeError, RuntimeError):
        return False


def bf16_ok(device):
    if device.type == "cuda":
        return torch.cuda.is_bf16_supported()
    return cpu_has_bf16()


def sync(device):
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def versions(device):
    """torch, and on a GPU the CUDA and cuDNN versions it was built with."""
    found = {"torch": torch.__version__,
             "torchvision": torchvision.__version__}
    if device.type == "cuda":
        found["cuda"] = torch.version.cuda
        found["cudnn"] = torch.backends.cudnn.version()
    return found


def flags(loop):
    if loop.data == "pil":
        data = (f"PIL+ToTensor DataLoader(bs={loop.batch_size}, "
                f"workers={loop.num_workers})")
    else:
        data = f"preloaded uint8, bs={loop.batch_size}"
    parts = [data, f"lr={loop.lr:g}", "bf16" if loop.bf16 else "fp32",
             "channels_last" if loop.channels_last else "NCHW",
             "compiled" if loop.compile else "eager",
             f"test bs={loop.test_batch_size} "
             + ("inference_mode" if loop.inference_mode else "no_grad")]
    if loop.threads:
        parts.append(f"threads={loop.threads}")
    if loop.cudnn_benchmark:
        parts.append("cudnn.benchmark")
    if loop.graphs:
        parts.append("CUDA graphs")
    return ", ".join(parts)


class Runner:
    """One loop: its own copy of the model and optimizer, timed per epoch."""

    def __init__(self, loop, init_state, args, device, data):
        self.loop, self.args, self.device = loop, args, device
        model = make_model()
        model.load_state_dict(init_state)
        model = model.to(device)
        if loop.channels_last:
            model = model.to(memory_format=torch.channels_last)
        self.model = model
        self.net = torch.compile(model) if loop.compile else model
        self.optimizer = torch.optim.SGD(model.parameters(), lr=loop.lr)
        self.loss_fn = nn.CrossEntropyLoss()
        self.generator = torch.Generator().manual_seed(args.seed)
        self.data = data
        self.graphed = None  # GraphedStep, made on the first epoch
        self.epochs = []
        self.warmup_s = 0.0
        self.correct = None

    def threads(self):
        if self.loop.threads:
            torch.set_num_threads(self.loop.threads)
        else:
            torch.set_num_threads(self.args.default_threads)
        torch.backends.cudnn.benchmark = self.loop.cudnn_benchmark

    def run(self, n_train, n_test):
        self.threads()
        sync(self.device)
        start = time.perf_counter()
        if self.loop.data == "pil":
            train_loader, test_loader = course_loaders(
                *self.data["course"], self.loop, n_train, n_test,
                self.generator)
            course_train(self.net, train_loader, self.optimizer,
                         self.loss_fn, self.device)
            sync(self.device)
            mid = time.perf_counter()
            correct = course_test(self.net, test_loader, self.loss_fn,
                                  self.device)
        else:
            if self.loop.graphs:
                if self.graphed is None:
                    self.graphed = GraphedStep(
                        self.net, self.optimizer, self.loss_fn,
                        self.data["train"], self.loop)
                graphed_train(self.graphed, self.net, self.data["train"],
                              self.optimizer, self.loss_fn, self.loop,
                              n_train, self.generator)
            else:
                fast_train(self.net, self.data["train"], self.optimizer,
                           self.loss_fn, self.loop, n_train, self.generator)
            sync(self.device)
            mid = time.perf_counter()
            correct = fast_test(self.net, self.data["test"], self.loss_fn,
                                self.loop, n_test)
        sync(self.device)
        end = time.perf_counter()
        return mid - start, end - mid, correct

    def warm_up(self, n_train, n_test):
        # A few batches (and compiling, if any), then back to the init.
        # Every batch shape of an epoch comes up once, the last smaller
        # batch too: cuDNN and compilers set up each new shape on first use.
        if self.args.smoke and not self.loop.compile:
            return  # --smoke only checks that the code runs
        state = copy.deepcopy(self.model.state_dict())
        bs, test_bs = self.loop.batch_size, self.loop.test_batch_size
        n = bs * 3 + n_train % bs
        n_test = min(test_bs, n_test) + (n_test % test_bs
                                         if n_test > test_bs else 0)
        start = time.perf_counter()
        self.run(n, n_test)
        self.warmup_s = time.perf_counter() - start
        self.model.load_state_dict(state)
        self.generator.manual_seed(self.args.seed)  # same order for all

    def epoch(self, n_train, n_test):
        train_s, test_s, correct = self.run(n_train, n_test)
        self.epochs.append({
            "train_img_s": n_train / train_s,
            "epoch_img_s": (n_train + n_test) / (train_s + test_s),
            "train_s": train_s, "test_s": test_s,
            "accuracy": 100 * correct / n_test})
        return self.epochs[-1]

    def summary(self):
        rows = self.epochs
        return {
            "loop": self.loop.name, "flags": flags(self.loop),
            "train_img_s": statistics.median(r["train_img_s"] for r in rows),
            "epoch_img_s": statistics.median(r["epoch_img_s"] for r in rows),
            "accuracy": rows[-1]["accuracy"], "warmup_s": self.warmup_s,
            "epochs": rows, "config": asdict(self.loop)}


def main_loops(device, bf16):
    course = Loop("course")
    if device.type == "cuda":
        # A big batch keeps the GPU busy. lr 0.01 x 2048/64 = 0.32 made
        # this network diverge (accuracy 10%); 0.04 still learns.
        optimised = Loop("optimised", data="uint8", batch_size=2048,
                         lr=0.04, channels_last=True, bf16=bf16,
                         test_batch_size=2048, inference_mode=True,
                         cudnn_benchmark=True, graphs=True)
    else:
        optimised = Loop("optimised", data="uint8", batch_size=64, lr=0.01,
                         channels_last=True, bf16=bf16,
                         test_batch_size=1024, inference_mode=True)
    return course, optimised


def ablation_loops(device, bf16):
    """Each row adds one step to the row before it (or tries a side step)."""
    course, best = main_loops(device, bf16)
    rows = [course]
    rows.append(replace(course, name="course + num_workers=2",
                        num_workers=2))
    step = replace(course, name="preloaded uint8", data="uint8")
    rows.append(step)
    step = replace(step, name="+ channels_last", channels_last=True)
    rows.append(step)
    step = replace(step, name="+ test bs 1024, inference_mode",
                   test_batch_size=1024, inference_mode=True)
    rows.append(step)
    if device.type == "cuda":
        return rows + cuda_steps(step, best)
    rows.append(replace(step, name="+ bf16 autocast", bf16=True))
    for bs in (128, 256):
        rows.append(replace(step, name=f"+ batch {bs}, lr {0.01 * bs / 64:g}",
                            batch_size=bs, lr=0.01 * bs / 64))
    threads = {1, os.cpu_count() or 1}
    for n in sorted(threads - {torch.get_num_threads()}):
        rows.append(replace(step, name=f"+ {n} thread{'s' * (n > 1)}",
                            threads=n))
    rows.append(replace(step, name="+ torch.compile", compile=True))
    if replace(best, name=step.name) != step:  # e.g. bf16 where it is fast
        rows.append(best)
    return rows


def cuda_steps(step, best):
    """On a GPU each step builds on the one before, up to the optimised
    loop; then the batch size is varied around it."""
    rows = []
    step = replace(step, name="+ bf16 autocast", bf16=best.bf16)
    rows.append(step)
    step = replace(step, name="+ batch 2048, lr 0.04", batch_size=2048,
                   lr=0.04, test_batch_size=2048)
    rows.append(step)
    step = replace(step, name="+ cudnn.benchmark", cudnn_benchmark=True)
    rows.append(step)
    step = replace(step, name="+ CUDA graphs", graphs=True)
    rows.append(step)
    for bs, lr in ((512, 0.02), (8192, 0.08)):
        rows.append(replace(step, name=f"CUDA graphs, batch {bs}, lr {lr}",
                            batch_size=bs, lr=lr))
    # (torch.compile is left out here: CUDA graphs already remove the
    # launch overhead it would remove, without minutes of compiling)
    return rows


class Parser(argparse.ArgumentParser):
    def error(self, message):
        # one clear line instead of usage + message
        self.exit(2, f"benchmark.py: error: {message}\n")


def parse_args(argv):
    p = Parser(description=__doc__.splitlines()[0])
    p.add_argument("--data", default="./dataset",
                   help="folder holding cifar-10-batches-py")
    p.add_argument("--device", default="cpu",
                   choices=["cpu", "cuda", "auto"])
    p.add_argument("--images", type=int, default=None,
                   help="training images per measured epoch (the data is "
                        "cycled if it has fewer; default 10,000 on the CPU, "
                        "50,000 on a GPU)")
    p.add_argument("--test-images", type=int, default=None,
                   help="test images per epoch (default: images / 5, "
                        "the 50k:10k ratio of CIFAR-10)")
    p.add_argument("--epochs", type=int, default=3,
                   help="measured epochs per loop, interleaved")
    p.add_argument("--ablation", action="store_true",
                   help="also time each optimisation step on its own")
    p.add_argument("--ablation-images", type=int, default=None,
                   help="training images per ablation round (default "
                        "4,096 on the CPU, 50,000 on a GPU)")
    p.add_argument("--rounds", type=int, default=3,
                   help="interleaved rounds per ablation row")
    p.add_argument("--threads", type=int, default=0,
                   help="torch.set_num_threads for every loop "
                        "(default: torch's choice)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--json", help="write the results to this JSON file")
    p.add_argument("--smoke", action="store_true",
                   help="tiny sizes, one thread, no warm-up: only checks "
                        "that everything runs")
    args = p.parse_args(argv)
    if args.device == "auto":
        args.device = "cuda" if torch.cuda.is_available() else "cpu"
    gpu = args.device == "cuda"
    if args.images is None:
        args.images = 50_000 if gpu else 10_000
    if args.ablation_images is None:
        args.ablation_images = 50_000 if gpu else 4096
    if args.smoke:
        args.images, args.test_images, args.epochs = 64, 32, 1
        args.ablation_images, args.rounds = 64, 1
        args.threads = args.threads or 1  # tiny work: threads only wait
    if args.test_images is None:
        args.test_images = max(1, args.images // 5)
    for name in ("images", "test_images", "epochs", "ablation_images",
                 "rounds"):
        if getattr(args, name) < 1:
            p.error(f"--{name.replace('_', '-')} must be at least 1")
    if args.threads < 0:
        p.error("--threads must be 0 (default) or more")
    if args.device == "cuda" and not torch.cuda.is_available():
        p.error("--device cuda: no CUDA device is available here")
    folder = os.path.join(args.data, "cifar-10-batches-py")
    if not os.path.isdir(args.data):
        p.error(f"--data {args.data}: no such folder")
    if not os.path.isdir(folder) and not os.access(args.data, os.W_OK):
        p.error(f"--data {args.data}: no CIFAR-10 here and not writable")
    return args


def print_table(title, summaries, baseline):
    print(f"\n{title}")
    head = (f"{'loop':<34}{'train img/s':>12}{'epoch img/s':>12}"
            f"{'vs course':>10}{'test acc':>9}{'warm-up s':>10}")
    print(head)
    print("-" * len(head))
    for s in summaries:
        ratio = s["epoch_img_s"] / baseline["epoch_img_s"]
        acc = "-" if s["accuracy"] is None else f"{s['accuracy']:.1f}%"
        print(f"{s['loop']:<34}{s['train_img_s']:>12.0f}"
              f"{s['epoch_img_s']:>12.0f}{ratio:>9.2f}x{acc:>9}"
              f"{s['warmup_s']:>10.1f}")


def interleave(runners, n_train, n_test, rounds, scale=None, show=False):
    """ABAB: every runner does one epoch per round, in turn, so that a
    change in machine load hits all of them alike."""
    for r in range(rounds):
        line = []
        for runner in runners:
            k = (scale or {}).get(runner.loop.name, 1)
            e = runner.epoch(max(1, n_train // k), max(1, n_test // k))
            line.append(f"{runner.loop.name} {e['epoch_img_s']:.0f} img/s")
        if not show:
            print(f"round {r + 1}/{rounds} done (load {loadavg()})",
                  flush=True)
        else:
            ratio = (runners[1].epochs[-1]["epoch_img_s"]
                     / runners[0].epochs[-1]["epoch_img_s"])
            print(f"epoch {r + 1}: " + ", ".join(line)
                  + f", ratio {ratio:.2f} (load {loadavg()})", flush=True)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    threads_before = torch.get_num_threads()
    try:
        benchmark(args)
    finally:
        torch.set_num_threads(threads_before)


def benchmark(args):
    device = torch.device(args.device)
    args.default_threads = args.threads or torch.get_num_threads()
    torch.set_num_threads(args.default_threads)
    bf16 = bf16_ok(device)
    machine = (torch.cuda.get_device_name(device) if device.type == "cuda"
               else f"{cpu_name()} ({os.cpu_count()} cores)")
    print(f"machine: {machine}")
    print(f"torch {torch.__version__}, device {device}, "
          f"threads {args.default_threads}")
    if device.type == "cuda":
        print(f"CUDA {torch.version.cuda}, cuDNN "
              f"{torch.backends.cudnn.version()}")
    print("bf16: " + ("native, used" if bf16 else
                      "no native support here, fp32 used"))
    load_start = loadavg()
    print(f"load average at start: {load_start}")

    torch.manual_seed(args.seed)
    init_state = make_model().state_dict()
    data = {"course": course_datasets(args.data),
            "train": preload(args.data, True, device),
            "test": preload(args.data, False, device)}
    n_train, n_test = args.images, args.test_images
    print(f"data: {len(data['train'][0])} train / {len(data['test'][0])} "
          f"test images in {args.data}; each epoch {n_train} train + "
          f"{n_test} test images, {args.epochs} epoch(s) per loop")

    course, optimised = main_loops(device, bf16)
    for loop in (course, optimised):
        print(f"{loop.name}: {flags(loop)}")
    runners = []
    for loop in (course, optimised):
        runner = Runner(loop, init_state, args, device, data)
        try:
            runner.warm_up(n_train, n_test)
        except RuntimeError as exc:
            if not loop.graphs:
                raise
            print(f"{loop.name}: CUDA graphs failed ({one_line(exc)}); "
                  "timed without them")
            runner = Runner(replace(loop, graphs=False), init_state, args,
                            device, data)
            runner.warm_up(n_train, n_test)
        runners.append(runner)
    interleave(runners, n_train, n_test, args.epochs, show=True)
    main_rows = [r.summary() for r in runners]
    print_table("course vs optimised (median of epochs; accuracy after the "
                "last epoch)", main_rows, main_rows[0])
    speedups = [b["epoch_img_s"] / a["epoch_img_s"] for a, b in
                zip(runners[0].epochs, runners[1].epochs)]
    train_speedups = [b["train_img_s"] / a["train_img_s"] for a, b in
                      zip(runners[0].epochs, runners[1].epochs)]
    result = {"machine": machine, "torch": torch.__version__,
              "versions": versions(device), "device": str(device), "threads": args.default_threads,
              "bf16": bf16, "args": {k: v for k, v in vars(args).items()},
              "loadavg_start": load_start, "main": main_rows,
              "speedup": statistics.median(speedups),
              "train_speedup": statistics.median(train_speedups)}

    if args.ablation:
        loops = ablation_loops(device, bf16)
        # Emulated bf16 is very slow: time it on fewer images.
        scale = {} if bf16 else {"+ bf16 autocast": 8}
        if args.smoke:
            loops = [loop for loop in loops if not loop.compile]
        runners = []
        n_abl = args.ablation_images
        for loop in loops:
            runner = Runner(loop, init_state, args, device, data)
            k = scale.get(loop.name, 1)
            try:
                runner.warm_up(max(1, n_abl // k), max(1, n_abl // 5 // k))
            except Exception as exc:  # e.g. torch.compile without a compiler
                print(f"{loop.name}: failed ({one_line(exc)})")
                continue
            runners.append(runner)
        interleave(runners, n_abl, max(1, n_abl // 5), args.rounds, scale)
        rows = [r.summary() for r in runners]
        for row in rows:
            if row["loop"] in scale:
                row["accuracy"] = None  # trained on fewer images
        print_table(f"ablation ({n_abl} train + {max(1, n_abl // 5)} test "
                    f"images a round, {args.rounds} rounds, median)",
                    rows, rows[0])
        result["ablation"] = rows

    result["loadavg_end"] = loadavg()
    print(f"\nload average at end: {result['loadavg_end']}")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(result, fh, indent=1)
        print(f"results written to {args.json}")
    print(f"speedup {result['speedup']:.2f}")


if __name__ == "__main__":
    main()
