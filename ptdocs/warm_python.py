"""A ``python`` for shell blocks that starts in milliseconds instead of seconds.

Every ``python snippets/x.py`` in a shell block (or a notebook's ``%%bash``
cell) would start a fresh interpreter, and ``import torch, torchvision`` costs
about 5 s of CPU here; the suite runs dozens of them. So the tests put a
``python`` first on PATH that asks a *warm* interpreter, one that has already
imported torch and torchvision with the same environment, to fork, and runs
the command in the forked child:

- the child takes the caller's stdin, stdout and stderr (passed over a Unix
  socket), its working directory, environment and arguments;
- it runs ``python FILE ARGS``, ``python -c CODE ARGS`` and
  ``python -m MODULE ARGS`` as CPython does (``__main__``, ``sys.argv``,
  ``sys.path[0]``, tracebacks, exit codes, Ctrl-C), with fresh random seeds;
- the warning filters are the ones a fresh interpreter would have with the
  caller's PYTHONWARNINGS after importing those modules, and torch uses the
  caller's OMP_NUM_THREADS;
- anything else (other interpreter options, a different PYTHONPATH, no warm
  interpreter running) runs the real interpreter.

So the code under test is exactly the reader's; only the start-up is shared.
One warm interpreter serves a whole pytest process: the pages' shell blocks,
the chapters' kernels themselves and their ``%%bash`` cells (the kernels run
without deprecations as errors; chapters.py), tests/test_predict.py's and
tests/test_train.py's programs (on another CIFAR-10 fixture, with one thread
each). ``PTDOCS_WARM_PYTHON=0`` turns it off for a run.
"""

from __future__ import annotations

import os
import shlex
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Read once at interpreter start-up, so a child cannot take them over from the
# caller: a caller with other values runs the real interpreter instead.
# (PYTHONWARNINGS, PTDOCS_CIFAR_MD5 and a given OMP_NUM_THREADS are also read
# at start-up; the child applies the caller's values itself, see adopt().)
STARTUP_ENV = ("PYTHONPATH", "PYTHONHOME", "PYTHONSAFEPATH", "PYTHONHASHSEED",
               "PYTHONUTF8", "PYTHONIOENCODING", "PYTHONOPTIMIZE", "PYTHONDEVMODE",
               "PYTHONNOUSERSITE", "PYTHONSTARTUP", "PTDOCS_OFFLINE",
               "PTDOCS_ROOT", "LD_PRELOAD", "LD_LIBRARY_PATH",
               "MKL_NUM_THREADS", "CUDA_VISIBLE_DEVICES", "ATEN_CPU_CAPABILITY")

# What a warm interpreter imports before it waits (the slow part of start-up).
PRELOAD = ("torch", "torchvision", "numpy", "PIL.Image")

# `python` on PATH is a shell script (a `#!` line may hold only ~127 bytes,
# and the interpreter's path can be longer) that runs SHIM with -IS: no site,
# no environment variables read, so it starts in about 20 ms.
LAUNCHER = '''#!/bin/sh
exec {python} -IS {shim} "$@"
'''
SHIM = '''# The tests' `python`: runs the command in a fork of a warm interpreter
# (ptdocs/warm_python.py), or the real interpreter if that can't be done.
# (-IS: no site-packages, so the engine's folder goes on sys.path by hand.)
import sys
sys.path.insert(0, {engine!r})
from ptdocs import warm_python
warm_python.client({python!r}, {socket!r}, {startup!r}, {threads!r})
'''


def startup_env(env) -> dict:
    return {k: env.get(k) for k in STARTUP_ENV}


def threads_ok(caller: str | None, server: str | None) -> bool:
    """A caller may ask for a number of threads (the child calls
    torch.set_num_threads), but not for "unset" (torch's default) from a warm
    interpreter that was started with a number."""
    return caller == server or (caller or "").isdigit()


class WarmPython:
    """A warm interpreter serving forks on a socket, and a folder with a
    ``python`` (and ``python3``) that uses it: ``env_for(env)`` puts it first
    on PATH."""

    def __init__(self, env: dict[str, str]):
        self.env = dict(env)
        self.proc = None
        self.dir = Path(tempfile.mkdtemp(prefix="ptdocs-warm-"))
        self.bin_dir = self.dir / "bin"
        self.bin_dir.mkdir()
        self.socket = str(self.dir / "fork.sock")
        if os.environ.get("PTDOCS_WARM_PYTHON", "1") == "0":
            return
        # Started without PYTHONWARNINGS: each child sets up the caller's filters.
        server_env = {k: v for k, v in self.env.items() if k != "PYTHONWARNINGS"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "ptdocs.warm_python", self.socket, *PRELOAD],
            env=server_env,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        shim = self.dir / "shim.py"
        shim.write_text(SHIM.format(python=sys.executable, socket=self.socket,
                                    engine=str(Path(__file__).resolve().parent.parent),
                                    startup=startup_env(self.env),
                                    threads=self.env.get("OMP_NUM_THREADS")))
        for name in ("python", "python3"):
            path = self.bin_dir / name
            path.write_text(LAUNCHER.format(python=shlex.quote(sys.executable),
                                            shim=shlex.quote(str(shim))))
            path.chmod(0o755)

    def env_for(self, env: dict[str, str]) -> dict[str, str]:
        """env for a command whose `python` should be the warm interpreter."""
        return {**env, "PATH": str(self.bin_dir) + os.pathsep + env.get("PATH", "")}

    def wait_ready(self, timeout: float = 120) -> bool:
        deadline = time.monotonic() + timeout
        while self.proc is not None and self.proc.poll() is None:
            if os.path.exists(self.socket):
                return True
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)
        return False

    def close(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        import shutil
        shutil.rmtree(self.dir, ignore_errors=True)


# --- the `python` on PATH ----------------------------------------------------

def client(python: str, path: str, startup: dict, threads: str | None) -> None:
    import json
    import signal

    argv = sys.argv[1:]
    env = dict(os.environ)

    def real():
        os.execv(python, [python, *argv])

    runs = argv and (argv[0] in ("-c", "-m") and len(argv) > 1
                     or not argv[0].startswith("-"))
    if not runs or env.get("PTDOCS_WARM_PYTHON") == "0" or startup_env(env) != startup \
            or not threads_ok(env.get("OMP_NUM_THREADS"), threads):
        real()
    try:
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        conn.connect(path)
    except OSError:
        real()
    request = json.dumps({"argv": argv, "cwd": os.getcwd(), "env": env}).encode() + b"\n"
    fds = __import__("array").array("i", [0, 1, 2]).tobytes()
    conn.sendmsg([request[:1]], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, fds)])
    conn.sendall(request[1:])
    reader = conn.makefile("r")
    pid = int(reader.readline().split()[1])
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
        signal.signal(sig, lambda s, _f: os.kill(pid, s))
    line = reader.readline()
    code = int(line.split()[1]) if line.startswith("exit ") else 1
    if code < 0:                                 # killed by a signal: the same here
        signal.signal(-code, signal.SIG_DFL)
        os.kill(os.getpid(), -code)
    sys.exit(code)


# --- the warm interpreter ----------------------------------------------------
# It imports PRELOAD, then for each request forks the child that runs the
# command, and reports the child's exit status when it ends. The server never
# starts a thread, so every fork is clean. Forking a process of 700 MB costs
# about 60 ms of system time here, so there is one fork per command (no
# monitor process), and the server's objects are frozen (gc.freeze()): a
# child's garbage collections skip them instead of touching, so copying, the
# memory pages of every object that torch's import made.

def serve(path: str) -> tuple[dict, list[int]]:
    import select
    import signal

    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.signal(signal.SIGCHLD, lambda *_: None)   # a child ended: wake up
    signal.set_wakeup_fd(wake_w)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path + ".tmp")
    server.listen(64)
    os.rename(path + ".tmp", path)                   # ready once it exists
    running: dict[int, socket.socket] = {}           # child pid: its caller
    while True:
        ready, _, _ = select.select([server, wake_r], [], [])
        if wake_r in ready:
            os.read(wake_r, 4096)
            while running:
                pid, status = os.waitpid(-1, os.WNOHANG)
                if pid == 0:
                    break
                conn = running.pop(pid, None)
                if conn is not None:
                    try:
                        conn.sendall(f"exit {os.waitstatus_to_exitcode(status)}\n".encode())
                    except OSError:
                        pass
                    conn.close()
        if server not in ready:
            continue
        conn, _ = server.accept()
        try:
            conn.settimeout(30)
            request, fds = receive(conn)
        except Exception:
            conn.close()
            continue
        child = os.fork()
        if child == 0:
            signal.set_wakeup_fd(-1)
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            for sock in (server, conn, *running.values()):
                sock.close()
            os.close(wake_r)
            os.close(wake_w)
            return request, fds
        for fd in fds:
            os.close(fd)
        try:
            conn.sendall(f"pid {child}\n".encode())
        except OSError:
            pass
        running[child] = conn


def receive(conn) -> tuple[dict, list[int]]:
    import array
    import json

    fds = array.array("i")
    data = b""
    while not data.endswith(b"\n"):
        msg, anc, _, _ = conn.recvmsg(1 << 20, socket.CMSG_LEN(3 * fds.itemsize))
        if not msg:
            raise EOFError
        for level, kind, payload in anc:
            if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                fds.frombytes(payload[:len(payload) - len(payload) % fds.itemsize])
        data += msg
    return json.loads(data), list(fds)


def run_child(request: dict, fds: list[int]) -> None:
    """Become `python ARGV` run from the caller's folder, environment and stdio."""
    import random
    import runpy
    import signal
    import traceback
    import types

    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    os.chdir(request["cwd"])
    server_env = dict(os.environ)
    os.environ.clear()
    os.environ.update(request["env"])
    adopt(server_env)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGCHLD):
        signal.signal(sig, signal.SIG_DFL)
    # Python's own start-up streams: stdout line-buffered only on a terminal,
    # stderr always line-buffered.
    encoding = sys.stdout.encoding
    sys.stdin = sys.__stdin__ = open(0, "r", encoding=encoding, closefd=False)
    sys.stdout = sys.__stdout__ = open(1, "w", encoding=encoding, closefd=False,
                                       buffering=1 if os.isatty(1) else -1)
    sys.stderr = sys.__stderr__ = open(2, "w", encoding=encoding, closefd=False,
                                       errors="backslashreplace", buffering=1)
    # A fresh interpreter seeds these from the OS; the forks must not share them.
    random.seed()
    if "numpy" in sys.modules:
        sys.modules["numpy"].random.seed()

    argv = request["argv"]
    code = 0
    namespace: dict = {}
    try:
        if argv[0] == "-c":
            sys.argv = ["-c", *argv[2:]]
            sys.path[0] = ""
            main = types.ModuleType("__main__")
            sys.modules["__main__"] = main
            namespace = main.__dict__
            exec(compile(argv[1], "<string>", "exec"), namespace)
        elif argv[0] == "-m":
            sys.argv = ["-m", *argv[2:]]
            sys.path[0] = os.getcwd()
            from ptdocs import compat
            namespace = compat.run_module_as_main(argv[1])
        else:
            sys.argv = list(argv)
            sys.path[0] = os.path.dirname(os.path.abspath(argv[0]))
            namespace = runpy.run_path(argv[0], run_name="__main__")
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            code = exc.code or 0
        else:
            print(exc.code, file=sys.stderr)
            code = 1
    except KeyboardInterrupt:
        traceback.print_exc()
        finish(namespace, None)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)
    except BaseException as exc:
        # Python's own report, from the first frame of the reader's code.
        tb = exc.__traceback__
        ours = (__file__, runpy.__file__, "<frozen runpy>")
        while tb is not None and tb.tb_frame.f_code.co_filename in ours:
            tb = tb.tb_next
        traceback.print_exception(type(exc), exc, tb)
        del exc, tb
        code = 1
    finish(namespace, code)


# Warning filters (set by preload()): the interpreter's own, which it sets up
# before anything else, with PYTHONWARNINGS's in front of them; and in front
# of those, what site (sitecustomize) and importing PRELOAD added.
DEFAULT_FILTERS: list = []
IMPORT_FILTERS: list = []


def preload(names: list[str]) -> None:
    """Import the slow modules, as a fresh interpreter would, but with
    deprecations as errors: a module that warned while being imported would
    behave differently under the callers' filters, so then fail here (and
    the callers get the real interpreter). A warning shown while importing
    would be shown to no caller: also a failure."""
    import warnings

    # How many filters the interpreter itself starts with: as this one, without site.
    probe = subprocess.run([sys.executable, "-S", "-c",
                            "import warnings; print(len(warnings.filters))"],
                           capture_output=True, text=True, check=True)
    n = int(probe.stdout)
    DEFAULT_FILTERS[:] = warnings.filters[len(warnings.filters) - n:]
    strict = [("error", None, c, None, 0)
              for c in (DeprecationWarning, PendingDeprecationWarning, FutureWarning)]
    warnings.filters[:0] = strict
    warnings._filters_mutated()
    shown, show = [], warnings.showwarning
    warnings.showwarning = lambda *args, **kw: shown.append(args)
    for name in names:
        __import__(name)
    warnings.showwarning = show
    if shown:
        sys.exit(f"warm python: importing {names} warned: {shown}")
    for item in strict:
        warnings.filters.remove(item)
    after = list(warnings.filters)
    if len(after) < n or after[len(after) - n:] != DEFAULT_FILTERS:
        sys.exit("warm python: importing changed the interpreter's own warning filters")
    IMPORT_FILTERS[:] = after[:len(after) - n]
    warnings._filters_mutated()


def adopt(server_env: dict) -> None:
    """What a fresh interpreter takes from the caller's environment at
    start-up and the warm one read from its own: the warning filters of
    PYTHONWARNINGS (with the filters that PRELOAD's imports add in front, as
    after `import torch`), the CIFAR-10 fixture's md5 table, the number of
    torch threads."""
    import warnings

    from ptdocs import compat

    env = os.environ
    sys.warnoptions[:] = [w for w in env.get("PYTHONWARNINGS", "").split(",") if w]
    warnings.filters[:] = DEFAULT_FILTERS
    compat.process_warning_options(sys.warnoptions)     # as CPython's start-up does
    warnings.filters[:0] = IMPORT_FILTERS
    compat.warning_filters_changed()
    md5 = env.get("PTDOCS_CIFAR_MD5")
    offline = getattr(sys.modules.get("sitecustomize"), "offline", None)
    if md5 and md5 != server_env.get("PTDOCS_CIFAR_MD5") and offline is not None:
        offline.patch_cifar_when_imported(md5)
    threads = env.get("OMP_NUM_THREADS")
    if threads != server_env.get("OMP_NUM_THREADS") and "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(int(threads))   # threads_ok(): a number


def finish(namespace: dict, code: int | None) -> None:
    """Exit as Python does: wait for threads, run atexit functions, let the
    script's objects go (their __del__ may flush files), flush the streams.
    Tearing down every module of torch (1.6 s here) changes nothing a reader
    sees, so that part is left out."""
    import gc
    import os
    import sys

    from ptdocs import compat

    # (os, sys and compat as local names: for `python -m module`, runpy ran the module
    # in this file's own globals, which namespace.clear() empties below)
    compat.exit_like_python()
    namespace.clear()
    sys.last_traceback = sys.last_value = sys.last_type = None
    gc.collect()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    if code is not None:
        os._exit(code)


def die_with_parent() -> None:
    """End when the process that started this one ends, however it ends."""
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:       # not Linux: close() ends it
        pass


if __name__ == "__main__":
    die_with_parent()
    if os.getppid() == 1:   # the parent ended before that
        sys.exit()
    preload(sys.argv[2:])
    import gc
    gc.freeze()
    request, fds = serve(sys.argv[1])
    run_child(request, fds)
