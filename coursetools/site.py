"""The course as a website: every lesson executed, with its figures, as static pages.

Each student notebook of ``notebooks/`` runs on a fresh kernel and becomes one
HTML page (nbconvert's JupyterLab look), with links to the contents and to the
previous and next lesson; ``index.html`` is the table of contents. The pages
show the student versions, so exercises read "not attempted" and no solution is
published. MathJax is copied next to the pages, so they need no network, and an
explorer widget, which needs a running kernel, is replaced by a note that
points to its static companion figure.

Usage::

    python -m coursetools.site --output dist/site           # every lesson
    python -m coursetools.site --output OUT --lessons 00 03  # some lessons
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbformat import NotebookNode

from .lessons import ROOT, lesson_number, lesson_paths, read_notebook

__all__ = ["build_site", "lesson_summary"]

COURSE_TITLE = "Derivatives and Gradients for Machine Learning"
SOURCE = ROOT / "notebooks"
TEMPLATES = Path(__file__).resolve().parent / "site_templates"
MATHJAX_FOLDER = "mathjax"
MATHJAX_CONFIG = "TeX-AMS-MML_HTMLorMML-full,Safe"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
# Seconds a single cell may take; the slowest whole lesson takes about 10 s.
CELL_TIMEOUT = 300

_LESSON_LINK = re.compile(r'href="(\d\d_[a-z0-9_]+)\.ipynb(#[^"]*)?"')
_BINDER = re.compile(r"https://mybinder\.org/v2/[^\s)]+")
_TIME = re.compile(r"\*\*Time:\*\*\s*(.+?)\.?\s*$", re.MULTILINE)


def lesson_summary(nb: NotebookNode) -> dict[str, str]:
    """Return a lesson's ``title``, ``why`` (its first paragraph) and ``time``.

    They come from the first cell, which every lesson opens with.

    Examples
    --------
    >>> cell = nbformat.v4.new_markdown_cell(
    ...     "# 01 · Derivatives\\n\\nWhy it matters.\\n\\n**Time:** about 60 minutes."
    ... )
    >>> lesson_summary(nbformat.v4.new_notebook(cells=[cell]))
    {'title': '01 · Derivatives', 'why': 'Why it matters.', 'time': 'about 60 minutes'}
    """
    first = nb.cells[0].source if nb.cells else ""
    paragraphs = [part.strip() for part in first.split("\n\n") if part.strip()]
    if not paragraphs or not paragraphs[0].startswith("# "):
        raise ValueError(
            "nb must open with a markdown cell whose first line is '# title'"
        )
    time = _TIME.search(first)
    return {
        "title": paragraphs[0][2:].strip(),
        "why": paragraphs[1] if len(paragraphs) > 1 else "",
        "time": time.group(1) if time else "",
    }


def _execute(path: Path) -> NotebookNode:
    """Run a lesson on a fresh kernel that starts in the lesson's folder."""
    nb = read_notebook(path)
    client = NotebookClient(
        nb, timeout=CELL_TIMEOUT, resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute()
    return nb


def _without_widgets(nb: NotebookNode) -> NotebookNode:
    """Replace each widget output with a note: a static page has no kernel."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for k, output in enumerate(cell.get("outputs", [])):
            if WIDGET_MIME in output.get("data", {}):
                cell.outputs[k] = nbformat.v4.new_output(
                    "display_data",
                    data={
                        "text/html": (
                            '<p class="course-widget-note">An interactive explorer '
                            "runs here in JupyterLab (<code>make lab</code>, or "
                            "Binder): its sliders need a live kernel. The static "
                            "figure nearby, drawn by the same function, shows the "
                            "same picture.</p>"
                        )
                    },
                )
    return nb


def _exporter():
    from nbconvert import HTMLExporter  # imported here: it is slow to import

    exporter = HTMLExporter(
        template_name="course", extra_template_basedirs=[str(TEMPLATES)]
    )
    exporter.mathjax_url = f"{MATHJAX_FOLDER}/MathJax.js?config={MATHJAX_CONFIG}"
    return exporter


def _page(exporter, nb: NotebookNode, title: str, nav: dict[str, str]) -> str:
    body, _ = exporter.from_notebook_node(
        nb, resources={"metadata": {"name": title}, "course_nav": nav}
    )
    return _LESSON_LINK.sub(r'href="\1.html\2"', body)


def _binder_link() -> str:
    """Return the README's Binder address (its badge), or "" if it has none."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = _BINDER.search(readme)
    return found.group(0) if found else ""


def _contents(summaries: list[tuple[str, dict[str, str]]]) -> NotebookNode:
    binder = _binder_link()
    binder = f"[on Binder]({binder})" if binder else "on Binder"
    lines = [
        f"# {COURSE_TITLE}",
        "",
        "Each lesson below was run from top to bottom to make these pages, with "
        "its figures. They show the version learners get, so the exercises read "
        "*not attempted*. To run the code, answer the exercises and move the "
        "explorers, open the lessons in JupyterLab: clone the course and run "
        f"`make lab`, or start them {binder}, with nothing to install.",
        "",
        "## Lessons",
        "",
    ]
    for stem, summary in summaries:
        time = f" ({summary['time']})" if summary["time"] else ""
        lines.append(f"- **[{summary['title']}]({stem}.html)**{time}. {summary['why']}")
    return nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell("\n".join(lines))]
    )


def _copy_mathjax(output: Path) -> None:
    import jupyter_server_mathjax  # in requirements-extra.txt (`make extras`)

    static = Path(jupyter_server_mathjax.__file__).parent / "static"
    shutil.copytree(static, output / MATHJAX_FOLDER, dirs_exist_ok=True)


def build_site(
    output: Path, lessons: list[str] | None = None, source: Path = SOURCE
) -> list[Path]:
    """Execute the lessons and write the website to ``output``; return the pages.

    Parameters
    ----------
    output : Path
        The folder for the site; created if needed. Files of the same names
        are replaced, others are left alone.
    lessons : list of str, optional
        Lesson numbers such as ``["00", "03"]``; all lessons by default.
    source : Path
        The folder of the notebooks to publish.

    Returns
    -------
    list of Path
        ``index.html`` first, then one page per lesson, in order.

    Raises
    ------
    ValueError
        If ``lessons`` names a lesson that ``source`` does not have.
    nbclient.exceptions.CellExecutionError
        If a cell of a lesson raises: a broken lesson is never published.
    """
    paths = lesson_paths(source)
    if lessons is not None:
        known = {lesson_number(path): path for path in paths}
        unknown = sorted(set(lessons) - set(known))
        if unknown:
            raise ValueError(f"lessons must be among {sorted(known)}, got {unknown}")
        paths = [known[number] for number in sorted(set(lessons))]
    if not paths:
        raise ValueError(f"source must hold lessons, found none in {source}")
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    _copy_mathjax(output)

    workers = max(1, min(len(paths), os.cpu_count() or 1))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        executed = list(pool.map(_execute, paths))

    exporter = _exporter()
    summaries = [
        (path.stem, lesson_summary(nb))
        for path, nb in zip(paths, executed, strict=True)
    ]
    pages = [output / "index.html"]
    pages[0].write_text(
        _page(
            exporter,
            _contents(summaries),
            COURSE_TITLE,
            {"next": f"{paths[0].stem}.html", "next_title": summaries[0][1]["title"]},
        ),
        encoding="utf-8",
    )
    for k, (path, nb) in enumerate(zip(paths, executed, strict=True)):
        nav = {"contents": "index.html"}
        if k > 0:
            nav["previous"] = f"{paths[k - 1].stem}.html"
            nav["previous_title"] = summaries[k - 1][1]["title"]
        if k + 1 < len(paths):
            nav["next"] = f"{paths[k + 1].stem}.html"
            nav["next_title"] = summaries[k + 1][1]["title"]
        page = output / f"{path.stem}.html"
        title = f"{summaries[k][1]['title']} · {COURSE_TITLE}"
        page.write_text(_page(exporter, _without_widgets(nb), title, nav), "utf-8")
        pages.append(page)
    return pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m coursetools.site", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--output", type=Path, default=ROOT / "dist" / "site")
    parser.add_argument(
        "--lessons", nargs="+", metavar="NN", help="lesson numbers (default: all)"
    )
    args = parser.parse_args(argv)
    try:
        pages = build_site(args.output, args.lessons)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"wrote {len(pages)} pages to {args.output}; open {pages[0]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
