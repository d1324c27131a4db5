"""The website (`make html`): its contents page, and two lessons built, served
and opened in Chromium, where every figure and every formula must render.

Building runs the lessons, so the browser tests build two of them (the start
notebook, and lesson 04 with figures, formulas and an explorer); `make html`
builds every lesson with the same code.
"""

import functools
import http.server
import re
import threading

import nbformat
import pytest

from coursetools.lessons import ROOT, lesson_paths, read_notebook
from coursetools.site import build_site, lesson_summary

LESSONS = lesson_paths(ROOT / "notebooks")
BUILT = ["00", "04"]
# A formula left as TeX in the page's text means MathJax did not typeset it.
RAW_TEX = ("\\frac", "\\partial", "\\nabla", "$$")


@pytest.mark.parametrize("notebook", LESSONS, ids=lambda path: path.stem)
def test_every_lesson_has_a_title_a_reason_and_a_time(notebook):
    summary = lesson_summary(read_notebook(notebook))
    assert summary["title"].startswith(notebook.name[:2] + " · ")
    assert len(summary["why"]) > 40
    assert re.match(r"about \d+ minutes \(core path\)", summary["time"])


def test_a_notebook_without_a_title_is_refused():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("No title")])
    with pytest.raises(ValueError, match="nb must open"):
        lesson_summary(nb)


def test_an_unknown_lesson_is_refused(tmp_path):
    with pytest.raises(ValueError, match=r"lessons must be among .*'99'"):
        build_site(tmp_path, ["00", "99"])
    assert list(tmp_path.iterdir()) == []


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The site for lessons 00 and 04, served on localhost."""
    folder = tmp_path_factory.mktemp("site")
    pages = build_site(folder, BUILT)
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", pages
    server.shutdown()
    server.server_close()


def _visit(browser, url: str):
    """Open a page; return it with the requests that left localhost or failed."""
    page = browser.new_page()
    trouble: list[str] = []
    local = ("http://127.0.0.1", "data:", "about:")  # about:blank: MathJax's frame
    page.on(
        "requestfailed",
        lambda request: (
            None
            if request.url.startswith("about:")
            else trouble.append(f"failed: {request.url}")
        ),
    )
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith(local)
            else trouble.append(f"outside: {request.url}")
        ),
    )
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page, trouble


def test_the_contents_page_links_every_built_lesson_in_order(browser, site):
    base, pages = site
    assert [page.name for page in pages] == [
        "index.html",
        "00_start_here.html",
        "04_partial_derivatives.html",
    ]
    page, trouble = _visit(browser, f"{base}/index.html")
    try:
        links = page.locator("main li a")
        assert [links.nth(k).get_attribute("href") for k in range(links.count())] == [
            path.name for path in pages[1:]
        ]
        assert "00 · Start here" in links.first.inner_text()
        assert page.locator("a[rel=next]").first.get_attribute("href") == pages[1].name
        assert trouble == []
    finally:
        page.close()


@pytest.mark.parametrize("name", ["00_start_here.html", "04_partial_derivatives.html"])
def test_figures_and_formulas_render(browser, site, name):
    base, _ = site
    page, trouble = _visit(browser, f"{base}/{name}")
    try:
        # MathJax typesets each formula into a span, next to its TeX source.
        assert page.evaluate("() => Boolean(window.MathJax)"), "MathJax did not load"
        page.wait_for_function(
            "() => window.MathJax && MathJax.Hub && MathJax.Hub.queue.pending === 0"
            " && document.querySelectorAll('script[type^=\"math/tex\"]').length > 0",
            timeout=60_000,
        )
        sources = page.locator("script[type^='math/tex']").count()
        typeset = page.locator("span.MathJax").count()
        assert typeset == sources > 0
        assert page.locator(".MathJax_Error, merror").count() == 0
        text = page.locator("main").inner_text()
        assert [tex for tex in RAW_TEX if tex in text] == []

        figures = page.locator(".jp-OutputArea-output img")
        widths = figures.evaluate_all("all => all.map(img => img.naturalWidth)")
        assert all(width > 0 for width in widths), widths
        assert trouble == []
    finally:
        page.close()


def test_lesson_04_shows_its_figures_and_a_note_for_its_explorer(browser, site):
    base, pages = site
    html = pages[2].read_text(encoding="utf-8")
    assert "application/vnd.jupyter.widget-view+json" not in html
    assert html.count('class="course-widget-note"') == 1
    page, _ = _visit(browser, f"{base}/{pages[2].name}")
    try:
        assert page.locator(".jp-OutputArea-output img").count() > 0
        assert page.locator("a[rel=prev]").first.get_attribute("href") == pages[1].name
    finally:
        page.close()
