"""The shell blocks' `python` (tests/harness/warm_python.py) behaves like the
real interpreter: same output, errors, exit codes, argv, stdin and __main__.
Each command runs twice, once warm and once with the real interpreter."""

from __future__ import annotations

import os
import signal
import subprocess
import time

import pytest

from tests.harness import plugin

CASES = {
    "argv and __name__": ["-c", "import sys; print(sys.argv, __name__)", "a", "b"],
    "exception": ["-c", "1 / 0"],
    "exit code": ["-c", "raise SystemExit(3)"],
    "exit message": ["-c", "import sys; sys.exit('bye')"],
    "module": ["-m", "json.tool", "--help"],
    "stdin": ["-c", "import sys; print(sys.stdin.read().upper())"],
    "script": ["snippets/transforms/to_tensor.py"],
    "deprecation is an error": ["-c", "import warnings; warnings.warn('old', DeprecationWarning)"],
}


def run(args, warm: bool) -> subprocess.CompletedProcess:
    env = plugin.shell_env()
    if warm:
        env["PATH"] = plugin.warm_python(env).path_for(env)
    else:
        env["PTDOCS_WARM_PYTHON"] = "0"
    return subprocess.run(["python", *args], env=env, input="hi\n", capture_output=True,
                          text=True, timeout=120, cwd=plugin.ROOT)


@pytest.mark.parametrize("case", CASES)
def test_warm_python_behaves_like_python(case):
    warm, cold = run(CASES[case], True), run(CASES[case], False)
    assert (warm.returncode, warm.stdout) == (cold.returncode, cold.stdout)
    # tracebacks: the same last line (frames may differ in the interpreter's own code)
    assert warm.stderr.strip().splitlines()[-1:] == cold.stderr.strip().splitlines()[-1:]


def test_warm_python_is_used_and_passes_ctrl_c_on():
    env = plugin.shell_env()
    env["PATH"] = plugin.warm_python(env).path_for(env)
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
    env = plugin.shell_env()
    env["PATH"] = plugin.warm_python(env).path_for(env)
    env["PYTHONWARNINGS"] = "ignore"               # read at start-up only
    proc = subprocess.run(["python", "-c", "import sys; print('torchvision' in sys.modules)"],
                          env=env, capture_output=True, text=True, timeout=60)
    assert proc.stdout == "False\n", proc.stderr    # a fresh interpreter ran
