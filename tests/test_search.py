"""The site's own search box, in a real browser, as a learner uses it.

- **Pasting works.** PASTES holds error messages and warnings as a learner's
  code prints them (their own paths, class names and shapes, not the site's
  examples), each with the troubleshooting entry that explains it. Pasted into
  the search box, each must show that entry in one of the first three
  results, visible without opening "more on this page". Each is checked,
  without a browser, to be a message of its entry: the entry's quote, with
  its placeholders as wildcards, is found in it.
- **Learner queries land on the chapter.** QUERIES: what a learner types in
  either language; the first result must be the chapter that explains it.
- **Digits stay in words.** lunr 2.3.9 merges trie nodes by a key that
  digits make ambiguous; the site's worker repairs it
  (docs/overrides/assets/javascripts/workers/search-repairs.js). A vocabulary
  built to collide is indexed by the site's own worker, and every word of it
  is found.
- **The meta line stays out.** The "verified with torch …" line under each
  title is in neither language's index, so no result preview starts with it.
- **A few words of a message** (PHRASES) find the page that explains it, and
  **a click on a hit** opens its chapter.

One browser page per language, on the home page; every query is pasted into
the same search box, so the language's index is built once.
The server and the browser are tests/test_browser.py's.
"""

from __future__ import annotations

import html
import json
import re
import time
from urllib.parse import urlsplit

import pytest

from ptdocs.report import measured
from tests.test_browser import PREFIX, browser, page_url, server  # noqa: F401
from tests.test_troubleshooting import entries, entry_quote, pattern

# (message as a learner's program prints it, a part of its entry's heading
# in both languages; "$" at the end: the whole heading)
PASTES = [
    ("NameError: name 'Flase' is not defined", "name 'Flase' is not defined"),
    ("AttributeError: module 'torch.nn' has no attribute 'ReLu'", "'ReLu'"),
    ("AttributeError: module 'torch.cuda' has no attribute 'cuda'", "has no attribute 'cuda'"),
    ("TypeError: ToTensor.__init__() takes 1 positional argument but 2 were given",
     "`__init__()` takes 1"),
    ("TypeError: ReLU.__init__() got multiple values for argument 'inplace'",
     "got multiple values"),
    ("TypeError: tensor() takes 1 positional argument but 2 were given",
     "tensor() takes 1 positional"),
    ("TypeError: relu(): argument 'input' (position 1) must be Tensor, not int", "relu():"),
    ("TypeError: Tudui.forward() missing 1 required positional argument: 'input'",
     "forward() missing"),
    ("TypeError: ToTensor.__call__() missing 1 required positional argument: 'pic'",
     "`__call__()` missing"),
    ("ModuleNotFoundError: No module named 'cv2'", "No module named 'cv2'"),
    ("ModuleNotFoundError: No module named 'tensorboard'", "No module named 'cv2'"),
    ("ModuleNotFoundError: No module named 'model'", "No module named 'model'"),
    ("ModuleNotFoundError: No module named 'src'", "No module named 'model'"),
    ("ModuleNotFoundError: No module named 'torch.tensor'", "No module named 'torch.tensor'"),
    ("ModuleNotFoundError: No module named 'torch.nn.Functional'",
     "No module named 'torch.tensor'"),
    ("ImportError: cannot import name 'Dataloader' from 'torch.utils.data' (D:\\Anaconda3\\envs\\"
     "pytorch\\lib\\site-packages\\torch\\utils\\data\\__init__.py)", "cannot import name"),
    ("ImportError: cannot import name 'SummaryWritter' from 'torch.utils.tensorboard' (/home/"
     "student/miniconda3/envs/pytorch/lib/python3.11/site-packages/torch/utils/tensorboard/"
     "__init__.py)", "cannot import name"),
    ("FileNotFoundError: [Errno 2] No such file or directory: "
     "'hymenoptera_data/train/ants/0013035.jpg'", "[Errno 2]"),
    ("FileNotFoundError: [Errno 2] No such file or directory: 'dataset/train '", "[Errno 2]"),
    ("urllib.error.URLError: <urlopen error [Errno -3] Temporary failure in name resolution>",
     "urlopen error"),
    ("urllib.error.URLError: <urlopen error [Errno -2] Name or service not known>",
     "urlopen error"),
    ("TypeError: img should be Tensor Image. Got <class 'PIL.PngImagePlugin.PngImageFile'>",
     "img should be Tensor Image"),
    ("TypeError: Cannot handle this data type: (1, 1, 512), |u1", "Cannot handle this data"),
    ("TypeError: default_collate: batch must contain tensors, numpy arrays, numbers, dicts or "
     "lists; found <class 'PIL.Image.Image'>", "default_collate"),
    ("RuntimeError: Dataset not found or corrupted. You can use download=True to download it",
     "Dataset not found"),
    ("ValueError: sampler option is mutually exclusive with shuffle", "sampler option"),
    ("RuntimeError: shape '[-1, 1024]' is invalid for input of size 1000",
     "shape '…' is invalid"),
    ("RuntimeError: view size is not compatible with input tensor's size and stride (at least "
     "one dimension spans across two contiguous subspaces). Use .reshape(...) instead.",
     "view size"),
    ("RuntimeError: a Tensor with 64 elements cannot be converted to Scalar", "a Tensor with"),
    ("RuntimeError: Can't call numpy() on Tensor that requires grad. Use "
     "tensor.detach().numpy() instead.", "Can't call numpy()"),
    ("RuntimeError: mat1 and mat2 must have the same dtype, but got Double and Float",
     "same dtype"),
    ("RuntimeError: mean(): could not infer output dtype. Input dtype must be either a floating "
     "point or complex dtype. Got: Long", "mean():"),
    ("RuntimeError: Input type (long int) and bias type (float) should be the same",
     "(long int)"),
    ("NameError: name 'Tudui' is not defined", "name 'Tudui'"),
    ("TypeError: super(type, obj): obj must be an instance or subtype of type", "super(type"),
    ("TypeError: descriptor '__init__' of 'super' object needs an argument",
     "needs an argument"),
    ("TypeError: descriptor '__init__' requires a 'super' object but received a 'Tudui'",
     "requires a 'super' object"),
    ("TypeError: super() argument 1 must be a type, not Tudui", "argument 1 must be a type"),
    ("TypeError: Tudui.__init__() takes 1 positional argument but 2 were given",
     "`__init__()` takes 1"),
    ("TypeError: MyNet.__init__() takes 1 positional argument but 2 were given",
     "`__init__()` takes 1"),
    ("AttributeError: cannot assign module before Module.__init__() call", "cannot assign"),
    ("AttributeError: 'Tudui' object has no attribute '_backward_hooks'", "_backward_hooks"),
    ("RuntimeError: mat1 and mat2 shapes cannot be multiplied (64x1024 and 4096x64)",
     "in_features"),
    ("RuntimeError: mat1 and mat2 shapes cannot be multiplied (1x49152 and 196608x10)",
     "cannot be multiplied（最后一个批次）|the last batch"),
    ("RuntimeError: a leaf Variable that requires grad is being used in an in-place "
     "operation.", "a leaf Variable"),
    ("UserWarning: The parameter 'pretrained' is deprecated since 0.13 and may be removed in "
     "the future, please use 'weights' instead.", "The parameter 'pretrained'"),
    ("UserWarning: Using 'weights' as positional parameter(s) is deprecated since 0.13 and may "
     "be removed in the future. Please use keyword parameter(s) instead.", "as positional"),
    ("UserWarning: Arguments other than a weight enum or `None` for 'weights' are deprecated "
     "since 0.13 and may be removed in the future. The current behavior is equivalent to "
     "passing `weights=ResNet18_Weights.IMAGENET1K_V1`. You can also use "
     "`weights=ResNet18_Weights.DEFAULT` to get the most up-to-date weights.", "weight enum"),
    ("FutureWarning: `torch.jit.trace_method` is deprecated. Please switch to `torch.compile` "
     "or `torch.export`.", "`torch.jit.trace` is deprecated"),
    ("RuntimeError: Expected one of cpu, cuda, ipu, xpu, mkldnn, opengl, opencl, ideep, hip, "
     "ve, fpga, maia, xla, lazy, vulkan, mps, meta, hpu, mtia, privateuseone device type at "
     "start of device string: gpu", "device string: gpu"),
    ("RuntimeError: Input type (float) and bias type (double) should be the same",
     "(float) and bias type (double)"),
    ("RuntimeError: Found no NVIDIA driver on your system. Please check that you have an NVIDIA "
     "GPU and installed a driver from http://www.nvidia.com/Download/index.aspx",
     "Found no NVIDIA driver"),
    ("AssertionError: Torch not compiled with CUDA enabled", "Torch not compiled"),
    ("_pickle.UnpicklingError: Weights only load failed. This file can still be loaded, to do "
     "so you have two options, do those steps only if you trust the source of the checkpoint.",
     "Unsupported global"),
    ("WeightsUnpickler error: Unsupported global: GLOBAL torchvision.models.vgg.VGG was not an "
     "allowed global by default. Please use "
     "`torch.serialization.add_safe_globals([torchvision.models.vgg.VGG])` or the "
     "`torch.serialization.safe_globals([torchvision.models.vgg.VGG])` context manager to "
     "allowlist this global if you trust this class/function.", "Unsupported global"),
    ("AttributeError: Can't get attribute 'Tudui' on <module '__main__' from "
     "'D:\\learn_torch\\src\\model_load.py'>", "Can't get attribute"),
    ("RuntimeError: Error(s) in loading state_dict for VGG:", "Error(s) in loading"),
    ("RuntimeError: Attempting to deserialize object on a CUDA device but "
     "torch.cuda.is_available() is False. If you are running on a CPU-only machine, please use "
     "torch.load with map_location=torch.device('cpu') to map your storages to the CPU.",
     "Attempting to deserialize"),
    ("_pickle.UnpicklingError: Weights only load failed. In PyTorch 2.6, we changed the default "
     "value of the `weights_only` argument in `torch.load` from `False` to `True`. Re-running "
     "`torch.load` with `weights_only` set to `False` will likely succeed, but it can result in "
     "arbitrary code execution. Do it only if you got the file from a trusted source.",
     "Unsupported operand"),
    ("Unsupported operand 118", "Unsupported operand"),
    ("Unsupported operand 255", "Unsupported operand"),
    ("RuntimeError: Given groups=1, weight of size [64, 3, 3, 3], expected input[1, 4, 224, 224] "
     "to have 3 channels, but got 4 channels instead", "3 channels"),
    ("OSError: image file is truncated (5 bytes not processed)", "image file is truncated"),
]

# (query, the chapter(s) that explain it: the first result must be one;
# two only where two chapters explain the same thing)
QUERIES = {
    "zh": [
        ("数据集", "dataset-dataloader"), ("数据集 加载", "dataset-dataloader"),
        ("Conv2d output size", "conv2d"), ("nn.Sequential", "sequential"),
        ("卷积层", "conv2d"), ("池化层", "pooling"), ("MaxPool2d", "pooling"),
        ("激活函数", "activations"), ("ReLU", "activations"), ("线性层", "linear"),
        ("损失函数", "losses"), ("交叉熵", "losses"), ("优化器", "optimizers"),
        ("保存模型", "save-load"), ("GPU 训练", "gpu-training"),
        ("预训练模型", "pretrained-vgg16"), ("TensorBoard", "tensorboard"),
        ("add_scalar", "tensorboard"), ("ToTensor", "transforms"),
        ("DataLoader", "dataset-dataloader"), ("reshape", "reshaping"),
        ("权重初始化", "weight-init"), ("采样器", "samplers"),
        ("预测图片", "predict-one-image"), ("准确率", "complete-training tensor-conversion"),
        ("nn.Module", "nn-module"), ("map_location", "save-load predict-one-image"),
        ("state_dict", "save-load"), ("torch.jit.trace", "troubleshooting sequential"),
    ],
    "en": [
        ("dataset", "dataset-dataloader"), ("load a dataset", "dataset-dataloader"),
        ("Conv2d output size", "conv2d"), ("nn.Sequential", "sequential"),
        ("convolution layer", "conv2d"), ("pooling", "pooling"), ("MaxPool2d", "pooling"),
        ("activation function", "activations"), ("ReLU", "activations"),
        ("linear layer", "linear"), ("loss function", "losses"), ("cross entropy", "losses"),
        ("optimizer", "optimizers"), ("save model", "save-load"),
        ("train on GPU", "gpu-training"), ("pretrained model", "pretrained-vgg16"),
        ("TensorBoard", "tensorboard"), ("add_scalar", "tensorboard"),
        ("ToTensor", "transforms"), ("DataLoader", "dataset-dataloader"),
        ("reshape", "reshaping"), ("weight initialization", "weight-init"),
        ("sampler", "samplers"), ("predict an image", "predict-one-image"),
        ("accuracy", "complete-training tensor-conversion"), ("nn.Module", "nn-module"),
        ("map_location", "save-load predict-one-image"), ("state_dict", "save-load"),
        ("torch.jit.trace", "troubleshooting sequential"),
    ],
}

HEADING = re.compile(r'<h3 id="([^"]+)"[^>]*>(.*?)</h3>', re.S)


def entry_anchors(built_site, lang: str) -> dict[str, str]:
    """Each troubleshooting entry's heading (as text) and its anchor."""
    page = built_site / PREFIX[lang] / "troubleshooting" / "index.html"
    return {html.unescape(re.sub(r"<[^>]+>", "", text)).rstrip("¶").strip(): anchor
            for anchor, text in HEADING.findall(page.read_text(encoding="utf-8"))}


def anchor_of(anchors: dict[str, str], key: str) -> str:
    """The anchor of the one heading that holds a part of ``key`` ("a|b":
    either part; "$" at the end: the whole heading)."""
    keys = key.replace("`", "").split("|")        # (headings as text: no backticks)
    found = [a for heading, a in anchors.items() for k in keys
             if (heading == k[:-1] if k.endswith("$") else k in heading)]
    assert len(found) == 1, f"{len(found)} entries have {key!r} in their heading"
    return found[0]


# --- without a browser ------------------------------------------------------

def quote_lines(quote: str) -> list[str]:
    """The quote's lines, each cut where text is left out."""
    return [part.strip() for line in quote.splitlines() for part in line.split("…")
            if part.strip()]


@pytest.mark.parametrize("message,key", PASTES, ids=[k for _, k in PASTES])
def test_every_pasted_message_is_a_message_of_its_entry(message, key):
    """The paste holds a line of its entry's quote, placeholders as wildcards."""
    for lang in ("zh", "en"):
        headings = [e.splitlines()[0] for e in entries(lang)]
        (part,) = [k for k in key.split("|") if any(k in h for h in headings)]
        quote = entry_quote(lang, part)
        assert any(pattern(line).search(message) for line in quote_lines(quote)), (
            f"{lang}: {message!r} is not a message of the entry quoting\n{quote}")


def test_enough_messages_and_queries():
    assert len(PASTES) >= 30
    assert all(len(QUERIES[lang]) >= 15 for lang in QUERIES)
    assert {"数据集", "数据集 加载", "Conv2d output size", "nn.Sequential"} <= {
        q for q, _ in QUERIES["zh"]}
    assert {"Conv2d output size", "nn.Sequential"} <= {q for q, _ in QUERIES["en"]}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_meta_line_is_not_in_the_search_index(built_site, lang):
    from ptdocs.site import page_notes

    verified = page_notes.META[lang]["verified"].format(**page_notes.tested_versions())
    index = json.loads((built_site / PREFIX[lang] / "search" / "search_index.json")
                       .read_text(encoding="utf-8"))
    # (the index cuts Chinese with zero-width spaces)
    inside = [d["location"] for d in index["docs"]
              if verified in d["text"].replace("\u200b", "")]
    assert not inside, f"{lang}: the meta line is indexed in {inside[:5]}"


# --- in the browser ---------------------------------------------------------

@pytest.fixture(scope="module")
def search_page(browser, server):  # noqa: F811 (fixtures from tests/test_browser.py)
    """One tab per language, on its home page, with its search box."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    tabs = {}

    def open_(lang):
        if lang not in tabs:
            tab = context.new_page()
            tab.errors = []
            tab.on("pageerror", lambda e: tab.errors.append(str(e)))
            tab.goto(server + page_url(lang, "index"), wait_until="load")
            tabs[lang] = tab
        return tabs[lang]

    yield open_
    context.close()


# Each result card: its visible links (the page, then its best sections), the
# teasers shown under them, and whether it was on show before this query.
CARDS = """() => [...document.querySelectorAll('li.md-search-result__item')].map(li => ({
    links: [...li.querySelectorAll(':scope > a.md-search-result__link')].map(a => a.href),
    teasers: [...li.querySelectorAll(':scope > a article')].map(a => a.innerText),
    stale: 'ptdocsShown' in li.dataset,
}))"""


# The results on show now: marked, so that the next query's are told apart.
MARK_SHOWN = """() => document.querySelectorAll('li.md-search-result__item')
    .forEach(li => li.dataset.ptdocsShown = '')"""
NEW_RESULT = "li.md-search-result__item:not([data-ptdocs-shown])"


def paste_query(tab, query: str) -> bool:
    """Paste the query into the search box of the open page, as a learner
    does: select what is there (Ctrl+A), paste over it (the text arrives at
    once, as Ctrl+V gives it), press End. False if no result shows.

    The results of the query before are marked first: Material builds the
    list anew for each query, so an unmarked result is this query's.

    (Keys, not Playwright's click() and fill(): each of those first waits
    for the box to stand still over several rendered frames; measured, that
    was a quarter of tests/test_search.py's CPU time. And no Backspace and
    wait for the old results to go: a third of the wall time.)"""
    keys = tab.keyboard
    if not tab.evaluate("document.activeElement?.matches('input.md-search__input')"):
        tab.locator("input.md-search__input").click()
    tab.evaluate(MARK_SHOWN)
    keys.press("Control+A")
    keys.insert_text(query)
    # Material searches on keyup. On a busy machine the key may come before
    # the search worker has built its index and the query is lost: press it
    # again, as a reader would, until results show.
    deadline = time.monotonic() + 60
    while True:
        keys.press("End")
        try:
            tab.wait_for_selector(NEW_RESULT, timeout=3_000)
            return True
        except Exception:
            if time.monotonic() > deadline:
                return False


def search(tab, query: str) -> list[dict]:
    """The result cards, in order, for a query pasted into the search box."""
    if not paste_query(tab, query):
        return []
    cards = tab.evaluate(CARDS)
    assert not any(c["stale"] for c in cards), f"{query!r}: the last query's results stay"
    return cards


def where(link: str) -> tuple[str, str]:
    parts = urlsplit(link)
    return parts.path, parts.fragment


def card_rank(cards: list[dict], path: str, fragment: str | None) -> int:
    """1 + the index of the first card that shows the link (0: none does)."""
    for i, card in enumerate(cards):
        if any(where(link) == (path, fragment) if fragment is not None
               else where(link)[0] == path for link in card["links"]):
            return i + 1
    return 0


def top3(cards: list[dict]) -> str:
    def short(link):
        path, fragment = where(link)
        slug = path.rstrip("/").rsplit("/", 1)[-1] or "index"
        return slug + (f"#{fragment}" if fragment else "")
    return " ; ".join(short(c["links"][1] if len(c["links"]) > 1 else c["links"][0])
                      for c in cards[:3])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_pasted_message_finds_its_entry(search_page, built_site, lang):
    tab = search_page(lang)
    anchors = entry_anchors(built_site, lang)
    target = page_url(lang, "troubleshooting")
    headings = {a: heading for heading, a in anchors.items()}
    rows, missed = [], []
    for message, key in PASTES:
        anchor = anchor_of(anchors, key)
        cards = search(tab, message)
        rank = card_rank(cards, target, anchor)
        shown = message if len(message) <= 100 else message[:99] + "…"
        rows.append(f"  {rank or '-'} | {shown} | {headings[anchor]}")
        if not 1 <= rank <= 3:
            missed.append(f"{message!r}: #{anchor} not shown in the top 3: {top3(cards)}")
    measured(f"search ({lang}), pasted message -> entry -> rank "
             f"({len(PASTES)} messages; rank: the entry's place among the results):\n"
             + "\n".join(rows))
    assert not tab.errors, tab.errors
    assert not missed, f"{lang}:\n" + "\n".join(missed)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_learner_query_lands_on_the_chapter(search_page, built_site, lang):
    from ptdocs.site import page_notes

    verified = page_notes.META[lang]["verified"].format(**page_notes.tested_versions())[:20]
    tab = search_page(lang)
    rows, missed, meta = [], [], []
    for query, chapters in QUERIES[lang]:
        cards = search(tab, query)
        first = where(cards[0]["links"][0])[0] if cards else ""
        wanted = [page_url(lang, c) for c in chapters.split()]
        rows.append(f"  {query} | {top3(cards)}")
        if first not in wanted:
            missed.append(f"{query!r}: first {first or 'nothing'}, not {' or '.join(wanted)}; "
                          f"top 3: {top3(cards)}")
        meta += [t for c in cards for t in c["teasers"] if verified in t]
    measured(f"search ({lang}), query -> top 3:\n" + "\n".join(rows))
    assert not tab.errors, tab.errors
    assert not meta, f"{lang}: result previews show the meta line: {meta[:3]}"
    assert not missed, f"{lang}:\n" + "\n".join(missed)


# A vocabulary whose word trie lunr 2.3.9 merges wrongly: with the key of a
# node with edges 1->2 and 3->4 and the key of one with edge 1->234 both
# "01234", "x617" and "x618" vanish (and "x61" and "x630" appear). Node ids
# are counted from 1 in a fresh worker, so this is the same on every run.
COLLIDING = (["x0", "x1", "x20", "x51", "x530"] + [f"x4{i:03d}" for i in range(290)]
             + ["x617", "x618"])
WORKER_RUN = """async ([words, separator]) => {
    const config = JSON.parse(document.getElementById('__config').textContent);
    const worker = new Worker(config.search);
    const reply = () => new Promise(resolve => worker.addEventListener(
        'message', ev => resolve(ev.data), {once: true}));
    worker.postMessage({type: 0, data: {
        config: {lang: ['en'], separator, pipeline: [], fields: {title: {boost: 1}}},
        docs: words.map(w => ({location: w + '/', title: w, text: ''})),
        options: {suggest: false}}});
    await reply();
    const found = [];
    for (const word of words) {
        worker.postMessage({type: 2, data: word});
        const result = await reply();
        if (result.data.items.some(group => group.some(d => d.location === word + '/')))
            found.push(word);
    }
    worker.terminate();
    return found;
}"""


def test_digits_in_words_do_not_break_the_word_trie(search_page, built_site):
    tab = search_page("en")
    separator = json.loads((built_site / "en" / "search" / "search_index.json")
                           .read_text(encoding="utf-8"))["config"]["separator"]
    found = tab.evaluate(WORKER_RUN, [COLLIDING, separator])
    missing = [w for w in COLLIDING if w not in found]
    assert not missing, f"the site's search worker cannot find {missing[:10]}"


# --- a few words of a message, and a click on a hit -------------------------

# The words a reader remembers of an error message (not the whole message, as
# in PASTES), and the pages that explain it: the troubleshooting page, or the
# chapter.
PHRASES = [
    ("mat1 and mat2 shapes cannot be multiplied", ("troubleshooting", "linear")),
    ("Weights only load failed", ("troubleshooting", "save-load", "predict-one-image")),
    ("Expected all tensors to be on the same device", ("troubleshooting", "gpu-training")),
]


def top_hits(tab, term: str, n: int = 3) -> list[str]:
    """The first n links shown (pages and their sections, in order) for a
    query pasted into the search box."""
    cards = search(tab, term)
    assert cards, f"search {term!r}: no results in 60 s"
    return [link for card in cards for link in card["links"]][:n]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_phrase_of_an_error_finds_its_explanation(search_page, lang):
    tab = search_page(lang)
    for phrase, explained_on in PHRASES:
        hrefs = top_hits(tab, phrase)
        assert any(f"/{page}/" in h for h in hrefs for page in explained_on), (
            f"search {phrase!r} ({lang}): none of {explained_on} in the top hits {hrefs}")
    assert not tab.errors, tab.errors


@pytest.mark.parametrize("term,lang,chapter", [("卷积", "zh", "conv2d"),
                                               ("DataLoader", "en", "dataset-dataloader")])
def test_clicking_a_hit_opens_its_chapter(search_page, term, lang, chapter):
    tab = search_page(lang)
    hrefs = top_hits(tab, term)
    hits = tab.locator(f"{NEW_RESULT} > a.md-search-result__link")
    wanted = [i for i, h in enumerate(hrefs) if f"{chapter}/" in h]
    assert wanted, f"search {term!r} ({lang}): {chapter} not in the top hits {hrefs}"
    # Not the same hit again from the chapter's notebook page (left out of the index).
    assert not [h for h in hrefs if "/notebooks/" in h], hrefs
    with tab.expect_navigation():
        hits.nth(wanted[0]).click()
    assert urlsplit(tab.url).path == page_url(lang, chapter), tab.url
    assert tab.locator("article h1").first.is_visible()
    assert not tab.errors, tab.errors
    tab.go_back(wait_until="load")      # the home page again, for the next test
    assert urlsplit(tab.url).path == page_url(lang, "index"), tab.url
