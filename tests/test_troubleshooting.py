"""The troubleshooting page quotes each message as today's code prints it.

Each entry (a level-3 section of docs/<lang>/troubleshooting.md) quotes its
message in one ```text fence. The parts that differ from learner to learner
are placeholders (``<path>``, ``<class>``, ``<number>``, ...: PLACEHOLDER),
and ``…`` marks text left out of a long message; matching treats both as
wildcards, everything else must be there character for character.

Each entry is linked from the chapters it sends the reader to ("详见" / "See"),
where the mistake is usually made, and every link to an entry finds its
heading.

Every quote is printed by real code in the suite:
- the expected output of a block of a page: a chapter's demonstration, or the
  entry's own "make it happen" block. Those outputs are compared with real
  runs, so a message that changes with a new torch fails there first; or
- a message made here (MADE_HERE, below), for what a page block cannot print
  the same way on every machine: a package missing from the interpreter, your
  own module run from another folder, the GPU messages (which depend on the
  PyTorch build and the machine), a failed download (the name resolver), a
  checkpoint saved on a GPU, the classes a whole-model file can name, a name
  a module lacks (the message holds the module's path), and files that are
  not checkpoints.
"""

from __future__ import annotations

import functools
import re
import subprocess
import sys
import textwrap

import markdown
import pytest

from ptdocs import pages

NAME = "troubleshooting.md"
# A quote: a ```text fence that is not a block's expected output.
FENCE = re.compile(r"^(?P<indent>[ \t]*)```text\n(?P<body>.*?)^(?P=indent)```$", re.M | re.S)
EXPECTED = re.compile(r"<!--\s*pytest-codeblocks:expected-output\s*-->\s*$")
LINK = re.compile(r"\]\(([\w-]+\.md)#[\w-]+\)")
PLACEHOLDER = re.compile(r"<(path|file|module|name|class|global|shape|number|weights|reason)>")
OMITTED = "…"


def entries(lang: str) -> list[str]:
    """The page's level-3 sections, each one message: heading line first.
    (The last level-2 section, errors that only a GPU shows, has level-4
    headings and quotes no message.)"""
    source = (pages.LANGUAGES[lang] / NAME).read_text(encoding="utf-8")
    sections = re.split(r"^(?=#{2,3} )", source, flags=re.M)
    return [s[4:] for s in sections if s.startswith("### ")]


def quotes_of(entry: str) -> list[str]:
    """The entry's quote fences (a demonstration's expected output is not one)."""
    return [m["body"].strip("\n") for m in FENCE.finditer(entry)
            if not EXPECTED.search(entry[:m.start()].rstrip("\n").rsplit("\n", 1)[-1])]


def quoted(lang: str) -> list[str]:
    return [q for e in entries(lang) for q in quotes_of(e)]


def pattern(quote: str) -> re.Pattern:
    """The quote as a regex: placeholders match the rest of a line, `…` any text."""
    out = []
    for i, piece in enumerate(quote.split(OMITTED)):
        if i:
            out.append(r"[\s\S]*?")
        at = 0
        for m in PLACEHOLDER.finditer(piece):
            out += [re.escape(piece[at:m.start()]), r"[^\n]+?"]
            at = m.end()
        out.append(re.escape(piece[at:]))
    return re.compile("".join(out))


def entry_quote(lang: str, key: str) -> str:
    """The quote of the one entry whose heading holds ``key`` (or is
    ``key`` without its final "$")."""
    found = [e for e in entries(lang) if (e.splitlines()[0] == key[:-1] if key.endswith("$")
                                          else key in e.splitlines()[0])]
    assert len(found) == 1, f"{lang}: {len(found)} entries have {key!r} in their heading"
    (quote,) = quotes_of(found[0])
    return quote


@functools.cache
def shown_outputs(lang: str) -> tuple[str, ...]:
    return tuple(b.expected_output for page in pages.all_pages()[lang]
                 for b in pages.extract(page) if b.expected_output)


def test_placeholders_match_only_a_part_of_a_line():
    quote = "FileNotFoundError: [Errno 2] No such file or directory: '<path>'"
    assert pattern(quote).search(
        "FileNotFoundError: [Errno 2] No such file or directory: 'data/ants '")
    assert not pattern(quote).search("FileNotFoundError: [Errno 2] No such file or directory: ''")
    assert not pattern("error: <file>: no such file").search("error: a\nb: no such file")
    # <module '__main__' is the message's own text, not a placeholder
    assert pattern("on <module '<module>'").search("on <module '__main__'")
    assert pattern("failed. …\nUnsupported operand <number>").search(
        "failed. In PyTorch 2.6 ...\n\nUnsupported operand 118")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_quoted_message_is_printed_by_real_code(lang):
    made_here = {entry_quote(lang, key) for key, _, _ in MADE_HERE}
    missing = [q for q in quoted(lang) if q not in made_here
               and not any(pattern(q).search(out) for out in shown_outputs(lang))]
    assert not missing, f"{lang}: no block of the site prints: {missing}"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_entry_has_one_message_and_links_to_a_chapter(lang):
    found = entries(lang)
    assert len(found) >= 55, f"{lang}: only {len(found)} entries"
    for entry in found:
        title = entry.splitlines()[0]
        assert len(quotes_of(entry)) == 1, f"{lang}: {title}: one quote (```text fence)"
        links = LINK.findall(entry)
        assert links, f"{lang}: {title}: no link to a chapter section"
        for target in links:
            assert (pages.LANGUAGES[lang] / target).is_file(), f"{lang}: {title}: {target}"


def test_both_languages_quote_the_same_messages_in_the_same_order():
    assert quoted("zh") == quoted("en")


# --- links between the chapters and the entries -----------------------------

# Pages that are not chapters: an entry's link to them is no chapter to link back.
REFERENCE = {"troubleshooting", "errata", "glossary", "index", "verification", "contributing"}
TO_ENTRY = re.compile(r"\]\(troubleshooting\.md#([\w-]+)\)")


@functools.cache
def heading_ids(lang: str) -> tuple[tuple[int, str], ...]:
    """(level, id) of each heading of the page, as MkDocs names them
    (Python-Markdown's toc, which mkdocs.yml uses with its defaults)."""
    md = markdown.Markdown(extensions=["toc", "attr_list", "md_in_html", "admonition",
                                       "pymdownx.superfences", "pymdownx.details"])
    md.convert((pages.LANGUAGES[lang] / NAME).read_text(encoding="utf-8"))
    out = []

    def walk(tokens):
        for token in tokens:
            out.append((token["level"], token["id"]))
            walk(token["children"])
    walk(md.toc_tokens)
    return tuple(out)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_entry_is_linked_from_the_chapters_it_points_to(lang):
    ids = [anchor for level, anchor in heading_ids(lang) if level == 3]
    found = entries(lang)
    assert len(ids) == len(found)
    missing = []
    for entry, anchor in zip(found, ids):
        for chapter in sorted({page for page in re.findall(r"\]\(([\w-]+)\.md#", entry)}
                              - REFERENCE):
            text = (pages.LANGUAGES[lang] / f"{chapter}.md").read_text(encoding="utf-8")
            if f"](troubleshooting.md#{anchor})" not in text:
                missing.append(f"{chapter}.md does not link #{anchor}")
    assert not missing, f"{lang}:\n" + "\n".join(missing)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_link_to_an_entry_finds_its_heading(lang):
    ids = {anchor for _, anchor in heading_ids(lang)}
    broken, linked = [], 0
    for page in pages.all_pages()[lang]:
        text = page.read_text(encoding="utf-8")
        targets = TO_ENTRY.findall(text)
        if page.name == NAME:
            targets += re.findall(r"\]\(#([\w-]+)\)", text)
        linked += len(targets)
        broken += [f"{page.name}: #{t}" for t in targets if t not in ids]
    assert linked >= len(entries(lang)), f"{lang}: only {linked} links to entries"
    assert not broken, f"{lang}: links to no heading of {NAME}:\n" + "\n".join(broken)


# --- messages made here ---------------------------------------------------
#
# Each makes its message happen in a child process (a fork of the warm
# interpreter, ptdocs/warm_python.py, where torch is already imported;
# plain Python where torch is not needed) and returns what it printed. The
# test then finds the entry's quote in it, in both languages.

def run(code: str, env: dict, cwd=None, python="python", *flags: str) -> str:
    """What ``python -c code`` printed (stdout, then stderr)."""
    proc = subprocess.run([python, *flags, "-c", textwrap.dedent(code)], env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=120)
    return proc.stdout + proc.stderr


def missing_package(tmp_path, env):
    # -S: no site-packages, as in an environment the package was never
    # installed into (the message names the module either way)
    return "".join(run(f"import {name}", env, tmp_path, sys.executable, "-S")
                   for name in ("cv2", "tensorboard"))


def own_module_from_a_terminal(tmp_path, env):
    """`python src/train.py` with model.py in the root, as PyCharm runs it
    fine; and a script in src/ importing `src.model`, started inside src/."""
    one, two = tmp_path / "one", tmp_path / "two"
    for root in one, two:
        (root / "src").mkdir(parents=True)
    (one / "model.py").write_text("class Decade:\n    pass\n")
    (one / "src" / "train.py").write_text("from model import Decade\n")
    (two / "src" / "model.py").write_text("class Decade:\n    pass\n")
    (two / "src" / "train.py").write_text("from src.model import Decade\n")
    # -E: without PYTHONPATH, as a terminal starts it
    printed = subprocess.run([sys.executable, "-E", "src/train.py"], cwd=one,
                             capture_output=True, text=True).stderr
    printed += subprocess.run([sys.executable, "-E", "train.py"], cwd=two / "src",
                              capture_output=True, text=True).stderr
    assert "No module named 'model'" in printed and "No module named 'src'" in printed
    return printed


GPU_CHILD = """
    import torch
    print("CUDA build" if torch.version.cuda else "CPU-only build")
    if torch.cuda.is_available():
        print("a usable GPU")
    else:
        torch.zeros(1).cuda()
"""


def no_nvidia_driver(tmp_path, env):
    printed = run(GPU_CHILD, env)
    if "CPU-only build" in printed:
        pytest.skip("this PyTorch is built without CUDA: it raises 'Torch not compiled "
                    "with CUDA enabled' instead (the other entry)")
    if "a usable GPU" in printed:
        pytest.skip("this machine has a GPU with its driver: .cuda() works")
    return printed


def not_compiled_with_cuda(tmp_path, env):
    printed = run(GPU_CHILD, env)
    if "CUDA build" in printed:
        # This build can't raise it; the code that raises it on a CPU-only
        # build is the same Python file, so read the message from there.
        printed = run("""
            import inspect, re, torch.cuda
            source = inspect.getsource(torch.cuda._lazy_init)
            print(re.search(r'raise (AssertionError)\\("(.*)"\\)', source).expand(r"\\1: \\2"))
        """, env)
    return printed


def download_without_a_network(tmp_path, env):
    # The real name resolver (the tests block it), asked for a name that can
    # never exist: the same error as download.pytorch.org on a machine
    # without a network, and it can't download 528 MB where there is one.
    return run(f"""
        import socket, _socket
        import torch.hub

        blocked = socket.getaddrinfo
        socket.getaddrinfo = lambda host, *a, **k: (
            _socket.getaddrinfo(host, *a, **k) if host.endswith(".invalid")
            else blocked(host, *a, **k))
        torch.hub.load_state_dict_from_url(
            "https://download.pytorch.invalid/models/vgg16-397923af.pth",
            model_dir={str(tmp_path)!r})
    """, env)


def checkpoint_saved_on_a_gpu(tmp_path, env):
    path = tmp_path / "decade_9.pth"
    # Saved as on a GPU: every tensor's location tag says cuda:0 (a tagger
    # registered before the CPU's, in a child of its own).
    run(f"""
        import torch
        torch.serialization.register_package(0, lambda storage: "cuda:0",
                                             lambda storage, location: None)
        torch.save({{"weight": torch.ones(2, 2)}}, {str(path)!r})
    """, env)
    printed = run(f"""
        import torch
        print("a usable GPU" if torch.cuda.is_available() else "no GPU")
        torch.load({str(path)!r})
    """, env)
    if "a usable GPU" in printed:
        pytest.skip("this machine has a GPU: the file loads")
    return printed


def whole_models_name_their_class(tmp_path, env):
    """The class a whole-model file names: one defined in the script that
    saved it, one the script imported from model.py, and torchvision's VGG
    (built on the meta device: shapes only, no weights to make or write)."""
    (tmp_path / "model.py").write_text(
        "from torch import nn\n\n\nclass Decade(nn.Module):\n    pass\n")
    return run("""
        import pickle
        import torch
        import torchvision
        from torch import nn
        from model import Decade as Imported


        class Decade(nn.Module):
            pass


        with torch.device("meta"):
            vgg16 = torchvision.models.vgg16()
        for model in Decade(), Imported(), vgg16:
            torch.save(model, "model_method1.pth")
            try:
                torch.load("model_method1.pth")
            except pickle.UnpicklingError as exc:
                print(f"{type(exc).__name__}: {exc}")  # as a traceback ends
    """, env, tmp_path)


def jit_trace_and_trace_method(tmp_path, env):
    return run("""
        import warnings
        import torch
        from torch import nn

        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            torch.jit.trace(nn.Linear(4, 2), torch.ones(1, 4))
        for w in caught:
            print(f"{w.category.__name__}: {w.message}")
    """, env)


def misspelt_names(tmp_path, env):
    """A name the module does not have: the path in brackets is this
    machine's."""
    return run("""
        for statement in ["from torch.utils.data import Dataloader",
                          "from torch.utils.tensorboard import SummaryWritter"]:
            try:
                exec(statement)
            except ImportError as exc:
                print(f"{type(exc).__name__}: {exc}")  # as a traceback ends
    """, env)


def files_that_are_not_checkpoints(tmp_path, env):
    """A picture and a web page saved as .pth, given to torch.load (the
    git-LFS pointer is the entry's own demonstration)."""
    return run("""
        import pickle
        import torch
        from PIL import Image

        Image.new("RGB", (8, 8)).save("photo.jpg")
        with open("decade_9.pth", "w") as f:
            f.write("<!DOCTYPE html><html><body>Not Found</body></html>")
        for name in ["photo.jpg", "decade_9.pth"]:
            try:
                torch.load(name)
            except pickle.UnpicklingError as exc:
                print(f"{type(exc).__name__}: {exc}")  # as a traceback ends
    """, env, tmp_path)


# (key: a part of the entry's heading in both languages, or all of it and
# "$"; the maker; how many different messages its quote must match)
MADE_HERE = [
    ("No module named 'cv2'", missing_package, 2),
    ("No module named 'model'", own_module_from_a_terminal, 2),
    ("Found no NVIDIA driver", no_nvidia_driver, 1),
    ("Torch not compiled with CUDA enabled", not_compiled_with_cuda, 1),
    ("urlopen error", download_without_a_network, 1),
    ("Attempting to deserialize object on a CUDA device", checkpoint_saved_on_a_gpu, 1),
    ("Unsupported global", whole_models_name_their_class, 3),
    ("`torch.jit.trace` is deprecated", jit_trace_and_trace_method, 2),
    ("cannot import name", misspelt_names, 2),
    ("Unsupported operand", files_that_are_not_checkpoints, 2),
]


def as_shown(printed: str) -> str:
    """What a terminal shows: no colour codes, lines without their indent."""
    return re.sub(r"^[ \t]+", "", re.sub(r"\x1b\[[0-9;]*m", "", printed), flags=re.M)


@pytest.mark.parametrize("key,make,variants", MADE_HERE,
                         ids=[f.__name__ for _, f, _ in MADE_HERE])
def test_made_here(key, make, variants, tmp_path, shell_env, warm_python):
    printed = as_shown(make(tmp_path, warm_python.env_for(dict(shell_env))))
    for lang in ("zh", "en"):
        quote = entry_quote(lang, key)
        found = {m.group(0) for m in pattern(quote).finditer(printed)}
        assert len(found) == variants, (
            f"{lang}: {len(found)} of {variants} messages match the entry's quote\n"
            f"{quote}\nin what the code printed:\n{printed}")
