"""The shell blocks' `python` (ptdocs/warm_python.py) behaves like the
real interpreter: same output, errors, exit codes, argv, stdin, __main__,
warning filters and threads. Each command runs twice, once warm and once with
the real interpreter. (A script file that imports torch: tests/test_train.py
runs train.py both ways and compares.)"""

from __future__ import annotations

import os
import signal
import subprocess
import time

import pytest

from ptdocs import runner

SHOW_FILTERS = ("import sys, warnings, torch, torchvision, numpy, PIL.Image; "
                "print(sys.warnoptions, torch.get_num_threads()); "
                "print(*warnings.filters, sep=chr(10))")
WARN = "import warnings; warnings.warn('old', DeprecationWarning); print('went on')"
# case: (arguments, changes to the shell blocks' environment)
CASES = {
    "argv and __name__": (["-c", "import sys; print(sys.argv, __name__)", "a", "b"], {}),
    "exception": (["-c", "1 / 0"], {}),
    "exit code": (["-c", "raise SystemExit(3)"], {}),
    "exit message": (["-c", "import sys; sys.exit('bye')"], {}),
    "module": (["-m", "json.tool", "--help"], {}),
    "stdin": (["-c", "import sys; print(sys.stdin.read().upper())"], {}),
    "deprecation is an error": (["-c", WARN], {}),
    # The warm interpreter sets up each caller's PYTHONWARNINGS and threads:
    "no PYTHONWARNINGS": (["-c", WARN], {"PYTHONWARNINGS": None}),
    "PYTHONWARNINGS=ignore": (["-c", WARN], {"PYTHONWARNINGS": "ignore"}),
    "invalid PYTHONWARNINGS": (["-c", WARN], {"PYTHONWARNINGS": "bogus,error"}),
    "warning filters after import torch, one thread": (
        ["-c", SHOW_FILTERS], {"OMP_NUM_THREADS": "1"}),
}


def run(args, warm: bool, changes=None) -> subprocess.CompletedProcess:
    env = runner.shell_env()
    for name, value in (changes or {}).items():
        env.pop(name, None)
        if value is not None:
            env[name] = value
    if warm:
        env = runner.warm_python().env_for(env)
    else:
        env["PTDOCS_WARM_PYTHON"] = "0"
    return subprocess.run(["python", *args], env=env, input="hi\n", capture_output=True,
                          text=True, timeout=120, cwd=runner.ROOT)


@pytest.mark.parametrize("case", CASES)
def test_warm_python_behaves_like_python(case):
    args, changes = CASES[case]
    warm, cold = run(args, True, changes), run(args, False, changes)
    assert (warm.returncode, warm.stdout) == (cold.returncode, cold.stdout)
    # tracebacks: the same last line (frames may differ in the interpreter's own code)
    assert warm.stderr.strip().splitlines()[-1:] == cold.stderr.strip().splitlines()[-1:]
    if "Traceback" not in cold.stderr:
        assert warm.stderr == cold.stderr


def test_warm_python_is_used_and_passes_ctrl_c_on():
    env = runner.shell_env()
    env = runner.warm_python().env_for(env)
    code = ("import sys, time; print('torchvision' in sys.modules, flush=True); "
            "time.sleep(60)")
    proc = subprocess.Popen(["python", "-c", code], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    assert proc.stdout.readline() == "True\n"     # torchvision already imported: warm
    time.sleep(0.2)
    start = time.monotonic()
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert time.monotonic() - start < 10
    assert proc.returncode == -signal.SIGINT, (proc.returncode, err)
    assert err.strip().splitlines()[-1] == "KeyboardInterrupt"


@pytest.mark.skipif(os.environ.get("PTDOCS_WARM_PYTHON") == "0",
                    reason="PTDOCS_WARM_PYTHON=0: the warm python is off for this run")
def test_a_different_start_up_environment_gets_the_real_interpreter():
    env = runner.shell_env()
    env = runner.warm_python().env_for(env)
    env["PYTHONHASHSEED"] = "0"                    # read at start-up only
    proc = subprocess.run(["python", "-c", "import sys; print('torchvision' in sys.modules)"],
                          env=env, capture_output=True, text=True, timeout=60)
    assert proc.stdout == "False\n", proc.stderr    # a fresh interpreter ran
