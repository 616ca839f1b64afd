"""Every private internal of another package that the engine uses, in one
place, each guarded by the versions it was checked against.

A package outside its checked range fails at first use with one line that
names the package, its version and what to re-check (CompatError); the pins
in pyproject.toml keep CI inside the ranges. Only the standard library is
imported at the top: the warm interpreter's children import this module.

    pytest-xdist 3.x       LoadFileScheduling._split_scope: a scope per group
    pytest-codeblocks 0.18 extract_from_buffer and its marker parsing
    mkdocs-jupyter 0.26    the render cache (_compute_cache_key, _get_cache_path)
                           and nbconvert2's exporter pieces, to fill that cache
    tensorboard 2.x        event_file_writer._global_uid: the event files' counter
    Python 3.10 - 3.13     warnings._processoptions / _filters_mutated,
                           threading._shutdown, atexit._run_exitfuncs,
                           runpy._run_module_as_main: what CPython's start-up and
                           exit do, for the warm interpreter's children
"""

from __future__ import annotations

import re
import sys
from importlib.metadata import PackageNotFoundError, version

CHECKED = {
    # package: (lowest checked, first version not checked)
    "pytest-xdist": ((3, 5), (4,)),
    "pytest-codeblocks": ((0, 18), (0, 19)),
    "mkdocs-jupyter": ((0, 26, 3), (0, 27)),
    "tensorboard": ((2, 16), (3,)),
}
PYTHON = ((3, 10), (3, 14))


class CompatError(RuntimeError):
    pass


def _numbers(text: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", text.split("+")[0])[:3])


def require(package: str, what: str) -> None:
    """Raise CompatError (one line) unless ``package`` is in its checked range."""
    low, high = CHECKED[package]
    try:
        found = version(package)
    except PackageNotFoundError:
        raise CompatError(f"{package} is not installed; ptdocs needs it for {what}") from None
    if not low <= _numbers(found) < high:
        raise CompatError(
            f"{package} {found}: ptdocs uses its private {what}, checked on "
            f"{'.'.join(map(str, low))} to below {'.'.join(map(str, high))}; "
            f"re-check ptdocs/compat.py and the pin in pyproject.toml")


def require_python(what: str) -> None:
    low, high = PYTHON
    if not low <= sys.version_info[:2] < high:
        raise CompatError(
            f"Python {sys.version.split()[0]}: ptdocs uses CPython's private {what}, "
            f"checked on {low[0]}.{low[1]} to below {high[0]}.{high[1]}; "
            "re-check ptdocs/compat.py")


# --- pytest-xdist --------------------------------------------------------------

def xdist_scheduling(scope_of):
    """LoadFileScheduling whose units are ``scope_of(nodeid, default_scope)``.
    (xdist's public way, --dist loadgroup with xdist_group marks, appends
    "@group" to every node id, which pytest 9.2 does not take:
    pytest-dev/pytest-xdist#1386.)"""
    require("pytest-xdist", "LoadFileScheduling._split_scope")
    from xdist.scheduler import LoadFileScheduling

    class Scheduling(LoadFileScheduling):
        def _split_scope(self, nodeid):
            return scope_of(nodeid, super()._split_scope(nodeid))

    return Scheduling


# --- pytest-codeblocks ---------------------------------------------------------

def extract_codeblocks(text: str) -> list:
    """pytest-codeblocks' own parser on a page's Markdown: its blocks, with
    their expected output and ``pytest.mark`` strings."""
    require("pytest-codeblocks", "extract_from_buffer (block and marker parsing)")
    import io

    from pytest_codeblocks import extract_from_buffer

    return extract_from_buffer(io.StringIO(text), max_num_lines=100_000)


# --- tensorboard ---------------------------------------------------------------

def reset_tensorboard_file_counter() -> None:
    """TensorBoard numbers the event files a process writes
    (``events.out.tfevents.<time>.<host>.<pid>.<n>``): start n from 0 again,
    as a fresh process would."""
    module = sys.modules.get("tensorboard.summary.writer.event_file_writer")
    if module is not None:
        require("tensorboard", "event_file_writer._global_uid")
        module._global_uid = module.AtomicCounter(0)


# --- CPython's start-up and exit, for the warm interpreter's children ----------

def process_warning_options(options: list[str]) -> None:
    require_python("warnings._processoptions")
    import warnings

    warnings._processoptions(options)


def warning_filters_changed() -> None:
    import warnings

    warnings._filters_mutated()


def run_module_as_main(name: str) -> dict:
    require_python("runpy._run_module_as_main")
    import runpy

    return runpy._run_module_as_main(name, alter_argv=True)


def exit_like_python() -> None:
    """What CPython does at exit before tearing down modules: wait for
    non-daemon threads, then run the atexit functions."""
    require_python("threading._shutdown, atexit._run_exitfuncs")
    import atexit
    import threading

    threading._shutdown()
    atexit._run_exitfuncs()


# --- mkdocs-jupyter --------------------------------------------------------------

def jupyter_cache_entry(path: str, plugin_config) -> str:
    """Where mkdocs-jupyter looks for its rendering of the notebook ``path``."""
    require("mkdocs-jupyter", "render cache (_compute_cache_key, _get_cache_path)")
    from mkdocs_jupyter import plugin as jupyter

    key = jupyter._compute_cache_key(path, plugin_config, plugin_config["execute"])
    return str(jupyter._get_cache_path(plugin_config["cache_dir"], key))


# nbconvert's HTMLExporter ends by parsing the whole page again with
# BeautifulSoup, to give each <img> without alt text a placeholder and make
# input and output areas focusable (tabindex). The same two changes by regex:
IMG_WITHOUT_ALT = re.compile(r"<img(?![^>]*\salt=)")
FOCUSABLE = re.compile(r'(<div class="(?:[^"]*\s)?(?:jp-Cell-inputWrapper|jp-OutputArea-output)'
                       r'(?:\s[^"]*)?")')
NO_ALT = "No description has been provided for this image"     # nbconvert's words


def jupyter_exporter(cfg: dict):
    """The exporter mkdocs-jupyter's convert.nb2html makes, from the plugin's
    settings, made once: nb2html makes one per notebook, and with it compiles
    nbconvert's templates again."""
    require("mkdocs-jupyter", "nbconvert2 exporter pieces")
    from mkdocs_jupyter import nbconvert2
    from mkdocs_jupyter.config import settings
    from nbconvert.exporters.html import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class Exporter(HTMLExporter):
        def from_notebook_node(self, nb, resources=None, **kw):
            # HTMLExporter's, with mkdocs-jupyter's highlight_code filter (so
            # no lexer to pick here) and the soup pass done by regex.
            resources = self._init_resources(resources)
            self.register_filter("filter_data_type", WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources))
            out, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            out = IMG_WITHOUT_ALT.sub(f'<img alt="{NO_ALT}"', out)
            return FOCUSABLE.sub(r'\1 tabindex="0"', out), resources

    app = nbconvert2.get_nbconvert_app(
        execute=False, kernel_name=cfg["kernel_name"], allow_errors=cfg["allow_errors"],
        show_input=cfg["show_input"], no_input=cfg["no_input"], no_prompt=cfg["no_prompt"],
        remove_tag_config=cfg["remove_tag_config"])
    # (as nb2html does: SVG and other bytes outputs pass through clean_html)
    nbconvert2.default_filters["clean_html"] = (
        lambda e: e.decode() if isinstance(e, bytes) else str(e))
    return Exporter(
        config=app.config, template_file="mkdocs_html/notebook.html.j2",
        extra_template_paths=[settings.templates_dir], preprocessors=[nbconvert2.SubCell],
        filters={"highlight_code": nbconvert2.mk_custom_highlight_code(
            extra_css_classes=cfg["highlight_extra_classes"])},
        theme=cfg["theme"], mathjax_url=cfg["custom_mathjax_url"])


def jupyter_render(exporter, path: str, cfg: dict) -> str:
    """convert.nb2html(path) for an .ipynb, with a ready exporter."""
    import json
    from pathlib import Path

    from mkdocs_jupyter import nbconvert2

    nbconvert2.cell_id = 0      # nb2html's numbering of the copy buttons' cells
    node = json.loads(Path(path).read_text(encoding="utf-8"))
    nbconvert2.kernel_lang = (node["metadata"].get("kernelspec", {})
                              .get("language", nbconvert2.kernel_lang))
    content, resources = exporter.from_filename(path, resources={"mkdocs": {
        "test": "value", "include_requirejs": cfg["include_requirejs"]}})
    if cfg["highlight_extra_classes"]:
        content = content.replace("jp-OutputArea-output",
                                  f"jp-OutputArea-output {cfg['highlight_extra_classes']}")
    return content + f"""
        <style>
        {resources["inlining"]["css"]}
        </style>
        """
