"""Did a block run as its page says? One rule for page blocks and notebook cells.

``check(block, stdout, exception, warnings)`` answers for a page block
(ptdocs/pytest_plugin.py, where pytest's filterwarnings turn deprecations into
exceptions) and for a notebook cell (tests/test_notebooks.py, where the kernel
only prints warnings: ``from_cells`` reads them back). The rule, in order:

1. A deprecation fails the block, as pyproject.toml's filterwarnings say:
   DeprecationWarning, PendingDeprecationWarning, FutureWarning, and a
   UserWarning whose message matches ``.*deprecat`` (torchvision's own) --
   unless the block's xfail marker expects that warning.
2. The block raises what its xfail marker names, and nothing else. A warning
   the marker expects counts as raised.
3. What it printed, then the error's last line (``TypeError: ...``, as a
   reader sees it), equals the expected output the page shows, by
   ``same_text`` (below: floats within a tolerance, everything else exactly).
   The page may name the exception with its module (``torch.serialization.X: ...``).

``same_text`` is also how a notebook's stored outputs are compared with a
fresh run (ptdocs/execute.py): one rule for pages and notebooks.

Light imports only (markers, re); SHOW_DEPRECATIONS is code a notebook kernel runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ptdocs import markers

DEPRECATIONS = ("DeprecationWarning", "PendingDeprecationWarning", "FutureWarning")
DEPRECATED_USERWARNING = ".*deprecat"    # pyproject.toml: "error:.*deprecat:UserWarning"

# For a notebook kernel: print every warning that would fail a page block
# (Python and IPython hide DeprecationWarnings from library code by default).
SHOW_DEPRECATIONS = "import warnings\n" + "".join(
    f'warnings.filterwarnings("always", category={c})\n' for c in DEPRECATIONS) + (
    f'warnings.filterwarnings("always", {DEPRECATED_USERWARNING!r}, UserWarning)\n')

# How Python prints a warning: "<file>:<line>: <Category>: <message>"
WARNING_LINE = re.compile(r"^\S.*?:\d+: (?P<name>\w*Warning): (?P<message>.*)$", re.M)


# --- the one comparison rule -------------------------------------------------

# A float as Python, NumPy and torch print it: digits with a decimal point
# and/or an exponent ("0.9782", "-1.5e-05", "3.", "1e+03"). An integer ("64",
# "torch.Size([64, 10])", "782 batches") is not one: counts, shapes, sizes and
# indices are compared exactly.
FLOAT = re.compile(r"(?<![\w.])-?(?:\d+\.\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?"
                   r"|\d+[eE][-+]?\d+)(?![\w.])")
ULPS = 3            # units in the last printed place
RELATIVE = 1e-5     # of the larger magnitude


def _last_place(token: str) -> float:
    """The value of one unit in the last printed place: "0.9782" -> 1e-4,
    "1.5e-05" -> 1e-6, "3." -> 1."""
    mantissa, _, exponent = token.lower().partition("e")
    decimals = len(mantissa.partition(".")[2])
    return 10.0 ** (int(exponent or 0) - decimals)


def _shape(token: str) -> tuple:
    """How a float is written, apart from its digits: the same code prints the
    same shape (decimals, exponent or not), whatever the machine."""
    mantissa, e, exponent = token.lower().partition("e")
    return len(mantissa.partition(".")[2]), bool(e), "." in mantissa


def close(shown: str, printed: str) -> bool:
    """Two printed floats are the same number, as far as printing can tell:
    written alike, and apart by at most ULPS units in the last printed place
    or RELATIVE of the larger one."""
    if _shape(shown) != _shape(printed):
        return False
    a, b = float(shown), float(printed)
    return abs(a - b) <= max(ULPS * _last_place(shown), RELATIVE * max(abs(a), abs(b)))


def same_text(shown: str, printed: str) -> str | None:
    """None when ``printed`` is ``shown``: every float within the tolerance
    (``close``), every other character, integers included, exactly. Else the
    first difference, in one line.

    Why a tolerance: a sum over a batch, a reduction or a training step rounds
    differently with another CPU's kernels (AVX-512, AVX2, the default ones;
    see ATEN_CPU_CAPABILITY) or another library version, in the last digit or
    two of what is printed. Those digits say nothing about the page. Text,
    shapes, dtypes, counts, class names and error messages say everything, so
    they stay exact. Accepted: "loss 1.1561" for "loss 1.1560". Rejected:
    "loss 1.1568" (8 units), "loss 1.16" (written otherwise), "[64, 10]" for
    "[64, 3]", "AVX2" for "AVX512"."""
    if shown == printed:
        return None
    a, b = FLOAT.split(shown), FLOAT.split(printed)
    fa, fb = FLOAT.findall(shown), FLOAT.findall(printed)
    if a != b or len(fa) != len(fb):
        for n, (x, y) in enumerate(zip(shown.splitlines(), printed.splitlines()), 1):
            if FLOAT.split(x) != FLOAT.split(y) or len(FLOAT.findall(x)) != len(FLOAT.findall(y)):
                return f"line {n} differs: {x!r} shown, {y!r} printed"
        n = min(len(shown.splitlines()), len(printed.splitlines())) + 1
        return (f"{len(shown.splitlines())} lines shown, {len(printed.splitlines())} printed "
                f"(first extra line: {n})")
    for x, y in zip(fa, fb):
        if _shape(x) != _shape(y):
            return f"{y} printed where {x} is shown (written otherwise)"
        if not close(x, y):
            return (f"{y} printed where {x} is shown (beyond {ULPS} units in the last "
                    f"place or {RELATIVE:g} relative)")
    return None


@dataclass
class Raised:
    """An exception or warning: a real one (a page block) or its name and
    message (a notebook's error output or stderr)."""
    name: str
    message: str
    exc: BaseException | None = None

    @classmethod
    def of(cls, exc: BaseException) -> Raised:
        return cls(type(exc).__name__, str(exc), exc)

    @property
    def line(self) -> str:
        return f"{self.name}: {self.message}" if self.message else self.name

    def is_a(self, expected: type[BaseException] | None) -> bool:
        if expected is None:
            return False
        if self.exc is not None:
            return isinstance(self.exc, expected)
        return self.name == expected.__name__       # a notebook only has the name

    @property
    def deprecation(self) -> bool:
        if self.name in DEPRECATIONS or (self.exc is not None and isinstance(
                self.exc, (DeprecationWarning, PendingDeprecationWarning, FutureWarning))):
            return True
        user = self.name == "UserWarning" or isinstance(self.exc, UserWarning)
        return user and re.match(DEPRECATED_USERWARNING, self.message, re.I) is not None


def check(block, stdout: str, exception=None, warnings=()) -> str | None:
    """Why the run of ``block`` (a pages.Block) differs from its page, or None.

    exception: what it raised (an exception, or a Raised), or None;
    warnings: the warnings it printed (a notebook cell; Raised each).
    """
    expected = markers.expected_exception(block.marks)
    raised = Raised.of(exception) if isinstance(exception, BaseException) else exception
    warned = list(warnings)
    if raised is None and expected is not None and issubclass(expected, Warning):
        raised = next((w for w in warned if w.is_a(expected)), None)
    for w in [raised, *warned]:
        if w is not None and w.deprecation and not w.is_a(expected):
            return (f"deprecated API: {w.line}\n(deprecations fail, as pyproject.toml's "
                    "filterwarnings say; a page that shows one on purpose marks the "
                    "block xfail(raises=...))")
    if raised is not None and not raised.is_a(expected):
        return f"raised {raised.line}"
    if raised is None and expected is not None:
        return f"should raise {expected.__name__}, raised nothing"
    printed = stdout + (raised.line + "\n" if raised else "")
    shown = block.expected_output
    if shown is not None and raised is not None:
        shown = re.sub(rf"^(\s*)[\w.]+\.(?={re.escape(raised.name)}\b)", r"\1", shown,
                       flags=re.M)
    why = same_text(shown, printed) if shown is not None else None
    if why is not None:
        return (f"printed output differs from the page: {why}\n"
                f"--- page shows\n{block.expected_output}--- code printed\n{printed}")
    return None


def from_cells(cells) -> tuple[str, Raised | None, list[Raised]]:
    """(stdout, exception, warnings) of the notebook cells one block became."""
    def stream(name):
        return "".join(o.get("text", "") for c in cells for o in c.get("outputs", [])
                       if o["output_type"] == "stream" and o["name"] == name)
    error = next((o for c in cells for o in c.get("outputs", [])
                  if o["output_type"] == "error"), None)
    raised = Raised(error["ename"], error["evalue"]) if error else None
    warned = [Raised(m["name"], m["message"]) for m in WARNING_LINE.finditer(stream("stderr"))]
    return stream("stdout"), raised, warned
