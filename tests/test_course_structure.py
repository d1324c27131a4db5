"""The course's shape: one source per lesson, clean student copies, consistent exercises."""

import ast
import itertools
import re

import nbformat
import pytest

from coursetools import syllabus
from coursetools.exercises import CHECK_CALL
from coursetools.lessons import (
    ROOT,
    cells_digest,
    lesson_number,
    lesson_paths,
    read_notebook,
)
from coursetools.student import (
    BEGIN,
    END,
    SOLUTION_TAG,
    VERIFY_TAG,
    hidden_text,
    make_student,
    solution_blocks,
    strip_solutions,
)
from utils.exercises import exercise_ids

pytestmark = pytest.mark.skipif(
    not (ROOT / "solutions").is_dir(),
    reason="a student release has no solutions/; the full course runs these tests",
)

SOLUTIONS = lesson_paths(ROOT / "solutions")
NOTEBOOKS = lesson_paths(ROOT / "notebooks")
ALL = SOLUTIONS + NOTEBOOKS


def _name(path):
    return f"{path.parent.name}/{path.name}"


def test_lessons_are_numbered_without_gaps_and_match_in_both_folders():
    numbers = [lesson_number(p) for p in SOLUTIONS]
    assert numbers == [f"{k:02d}" for k in range(len(numbers))]
    assert [p.name for p in SOLUTIONS] == [p.name for p in NOTEBOOKS]
    assert len(SOLUTIONS) >= 2


@pytest.mark.parametrize("path", SOLUTIONS, ids=_name)
def test_student_notebook_equals_its_regeneration(path):
    expected = make_student(read_notebook(path))
    actual = read_notebook(ROOT / "notebooks" / path.name)
    assert actual.cells == expected.cells, "run `make notebooks`"
    assert actual.metadata == expected.metadata, "run `make notebooks`"


@pytest.mark.parametrize("path", SOLUTIONS, ids=_name)
def test_no_solution_marker_or_text_reaches_students(path):
    solution = read_notebook(path)
    student_text = (ROOT / "notebooks" / path.name).read_text(encoding="utf-8")
    assert BEGIN not in student_text and END not in student_text
    hidden = hidden_text(solution)
    assert hidden, "a lesson with exercises has solution text to hide"
    student = read_notebook(ROOT / "notebooks" / path.name)
    sources = "\n".join(c.source for c in student.cells)
    leaked = [line for line in hidden if line in sources]
    assert not leaked


def _top_level_names(source):
    """Names a cell's code binds at the top level (defs, classes, imports, assignments)."""
    names = set()
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
        else:
            for sub in ast.walk(node):
                if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
                    names.add(sub.id)
    return names


def _free_names(source):
    """Names a cell's code reads but never binds anywhere in the cell."""
    tree = ast.parse(source)
    read, bound = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (read if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.FunctionDef | ast.ClassDef):
            bound.add(node.name)
    return read - bound


def left_out_names_read(nb):
    """(cell index, names) where a cell the student version keeps reads a name
    that only code the student version leaves out binds.

    Left out: `verify` cells, worked answers (tagged `SOLUTION_TAG`) and solution
    blocks. A block at the top level leaves ``name = ...``: exercise and check
    cells may read that name (it is the answer), teaching cells may not.
    """
    code = [(k, c) for k, c in enumerate(nb.cells) if c.cell_type == "code"]
    dropped, answers, kept = set(), set(), set()
    for _, cell in code:
        if {VERIFY_TAG, SOLUTION_TAG} & set(cell.metadata.get("tags", [])):
            dropped |= _top_level_names(cell.source)
            continue
        top = [
            line
            for indent, b in solution_blocks(cell.source)
            if not indent
            for line in b
        ]
        answers |= _top_level_names("\n".join(top))
        kept |= _top_level_names(strip_solutions(cell.source)) - _top_level_names(
            "\n".join(top)
        )
    found = []
    for k, cell in code:
        if {VERIFY_TAG, SOLUTION_TAG} & set(cell.metadata.get("tags", [])):
            continue
        exercise = BEGIN in cell.source or CHECK_CALL.search(cell.source)
        left_out = (dropped if exercise else dropped | answers) - kept
        reads = _free_names(strip_solutions(cell.source)) & left_out
        if reads:
            found.append((k, sorted(reads)))
    return found


@pytest.mark.parametrize("path", SOLUTIONS, ids=_name)
def test_the_student_version_needs_nothing_it_leaves_out(path):
    # The suite runs each lesson once, solved (`coursetools.nbval_grading`), then
    # its stubs; what makes that enough is that no cell a learner runs reads a
    # name bound only in a verify cell, a worked answer or a solution.
    assert left_out_names_read(read_notebook(path)) == []


@pytest.mark.parametrize("path", ALL, ids=_name)
def test_nothing_volatile_is_committed(path):
    nb = read_notebook(path)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"outputs in {cell.source[:40]!r}"
            assert cell.execution_count is None
    assert "widgets" not in nb.metadata
    assert nb.metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", ALL, ids=_name)
def test_no_cell_ends_in_a_newline_as_nbgrader_writes_them(path):
    # nbgrader strips a final newline, so its released copy would differ.
    ends = [
        i
        for i, cell in enumerate(read_notebook(path).cells)
        if cell.source.endswith("\n")
    ]
    assert ends == [], f"cells {ends} end in a newline"


@pytest.mark.parametrize("path", SOLUTIONS, ids=_name)
def test_lesson_anatomy(path):
    nb = read_notebook(path)
    first = nb.cells[0].source
    number = lesson_number(path)
    assert re.match(rf"# {number} · \S", first), "title like '# 01 · Derivatives'"
    assert (
        "**You will**" in first
        and "**Prerequisites:**" in first
        and "**Time:**" in first
    )
    objectives = re.findall(r"^- ", first, re.MULTILINE)
    assert 3 <= len(objectives) <= 5
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "## Recap" in markdown
    assert "use_course_style()" in nb.cells[1].source + nb.cells[2].source
    if len(exercise_ids(number)) > 1:  # a single warm-up may sit inside a section
        assert "## Exercises" in markdown


@pytest.mark.parametrize("path", SOLUTIONS, ids=_name)
def test_no_two_code_cells_in_a_row_and_widgets_are_tagged(path):
    cells = read_notebook(path).cells
    shown = [c for c in cells if VERIFY_TAG not in c.metadata.get("tags", [])]
    for before, after in itertools.pairwise(shown):
        is_check = after.source.startswith("check(")  # an answer cell, then its check
        assert is_check or not (before.cell_type == after.cell_type == "code"), (
            after.source[:60]
        )
    for cell in cells:
        if cell.cell_type == "code" and "_explorer(" in cell.source:
            assert "nbval-ignore-output" in cell.metadata.get("tags", [])


@pytest.mark.parametrize("path", SOLUTIONS, ids=_name)
def test_links_between_lessons_point_to_existing_files(path):
    markdown = "\n".join(
        c.source for c in read_notebook(path).cells if c.cell_type == "markdown"
    )
    for target in re.findall(r"\]\(([^)#]+\.ipynb)\)", markdown):
        assert (path.parent / target).exists(), target


def test_no_sys_path_tricks_and_no_removed_apis():
    banned = [
        "sys.path",
        "scipy.misc",
        "seaborn-whitegrid",
        "np.random.seed",
        "gca(projection",
    ]
    for path in ALL:
        cells = read_notebook(path).cells
        code = "\n".join(c.source for c in cells if c.cell_type == "code")
        for word in banned:
            assert word not in code, f"{word} in {_name(path)}"


# ----------------------------------------------------------------- the generator itself
def _notebook(*sources, tags=None):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    if tags:
        nb.cells[-1].metadata["tags"] = tags
    return nb


def test_stubs_assign_placeholders_at_top_level_and_raise_inside_functions():
    nb = _notebook(
        f"{BEGIN}\nx, y = 1, 2\nz: float = 3.0\n{END}",
        f"def f(t):\n    {BEGIN}\n    return t\n    {END}",
        f"{BEGIN}\nprint('hi')\n{END}",
    )
    student = make_student(nb)
    assert student.cells[0].source == (
        "x = ...  # YOUR CODE HERE\ny = ...  # YOUR CODE HERE\nz = ...  # YOUR CODE HERE"
    )
    assert "raise NotImplementedError" in student.cells[1].source
    assert student.cells[2].source == "# YOUR CODE HERE"
    namespace = {}
    for cell in student.cells:
        exec(cell.source, namespace)  # stubs run without error where they are defined
    assert namespace["x"] is Ellipsis
    with pytest.raises(NotImplementedError):
        namespace["f"](1)


def test_solution_cells_are_dropped_and_outputs_cleared():
    nb = _notebook("a = 1", "worked = 'answer'", tags=[SOLUTION_TAG])
    nb.cells[0].outputs = [nbformat.v4.new_output("stream", text="1")]
    nb.cells[0].execution_count = 3
    student = make_student(nb)
    assert [c.source for c in student.cells] == ["a = 1"]
    assert student.cells[0].outputs == [] and student.cells[0].execution_count is None
    assert student.metadata["course"]["cells_digest"] == cells_digest(student)
    assert nb.cells[0].execution_count == 3, "the solution itself is not changed"


@pytest.mark.parametrize(
    "source",
    [f"{BEGIN}\na = 1", f"a = 1\n{END}", f"{BEGIN}\n{BEGIN}\na = 1\n{END}\n{END}"],
)
def test_unbalanced_markers_are_refused(source):
    with pytest.raises(ValueError, match=r"SOLUTION|nested"):
        make_student(_notebook(source))


# ----------------------------------------------------------- syllabus version 2
MAP_ROW = re.compile(
    r"^\| (\d\d) \| [^|]+ \| [^|]+ \| [^|]+ \| (\d+) min \| (?:(\d+) min|—) \|$",
    re.MULTILINE,
)


def _map_times(text):
    return {
        n: (int(core), int(opt) if opt else None)
        for n, core, opt in MAP_ROW.findall(text)
    }


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_name)
def test_student_notebooks_hold_no_assert(path):
    assert syllabus.assert_problems(read_notebook(path)) == []


@pytest.mark.parametrize("path", SOLUTIONS, ids=_name)
def test_verify_cells_can_fail(path):
    nb = read_notebook(path)
    assert syllabus.verify_problems(nb) == []
    assert any(VERIFY_TAG in c.metadata.get("tags", []) for c in nb.cells[2:]) or (
        lesson_number(path) == "00"
    ), "a lesson's claims are checked in verify cells"


@pytest.mark.parametrize("path", SOLUTIONS, ids=_name)
def test_going_further_follows_the_recap_with_its_own_time(path):
    nb = read_notebook(path)
    assert syllabus.going_further_problems(nb, lesson_number(path)) == []


@pytest.mark.parametrize("path", SOLUTIONS, ids=_name)
def test_each_lesson_states_an_honest_time_within_the_bar_at_version_2(path):
    assert syllabus.time_problems(read_notebook(path), lesson_number(path)) == []


@pytest.mark.parametrize(
    "path", [p for p in SOLUTIONS if syllabus.is_version_2(read_notebook(p))], ids=_name
)
def test_teaching_cells_are_short_at_version_2(path):
    assert syllabus.code_size_problems(read_notebook(path)) == []


def test_the_lesson_maps_give_every_lesson_with_the_times_it_states():
    stated = {
        lesson_number(p): syllabus.stated_time(read_notebook(p)) for p in SOLUTIONS
    }
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = "\n".join(c.source for c in read_notebook(SOLUTIONS[0]).cells)
    assert _map_times(readme) == stated
    assert _map_times(start) == stated


# A planted violation of each rule is found (the rules can fail).
def _lesson(*cells, syllabus_2=True, time="about 40 minutes (core path)"):
    nb = nbformat.v4.new_notebook()
    title = f"# 05 · Planted\n\n**Time:** {time}; *Going further*: about 10 minutes, optional."
    nb.cells = [
        nbformat.v4.new_markdown_cell(title),
        nbformat.v4.new_code_cell("import numpy as np"),
    ]
    for kind, source, *tags in cells:
        maker = (
            nbformat.v4.new_code_cell
            if kind == "code"
            else nbformat.v4.new_markdown_cell
        )
        nb.cells.append(maker(source))
        if tags:
            nb.cells[-1].metadata["tags"] = list(tags)
    if syllabus_2:
        nb.metadata["course"] = {"syllabus": 2}
    return nb


GOOD = [
    ("md", "## 1. Idea"),
    ("code", "x = 1\nprint(x)"),
    ("code", "assert x == 1", VERIFY_TAG),
    ("md", "## Recap\n\n- x"),
    ("md", "## Going further\n\n*Optional, about 10 minutes.*\n\nMore."),
]


def test_a_planted_lesson_that_follows_the_rules_passes_them():
    nb = _lesson(*GOOD)
    assert syllabus.assert_problems(nb) == []
    assert syllabus.verify_problems(nb) == []
    assert syllabus.going_further_problems(nb, "05") == []
    assert syllabus.code_size_problems(nb) == []
    assert syllabus.time_problems(nb, "05") == []


def test_planted_asserts_where_a_learner_reads_are_found():
    nb = _lesson(
        ("code", "x = 1\nassert x == 1"), ("code", "np.testing.assert_allclose(1, 1)")
    )
    assert len(syllabus.assert_problems(nb)) == 2
    taught = [("code", "assert 1", syllabus.TAUGHT_TAG)] * 3
    assert syllabus.assert_problems(_lesson(*taught[:2])) == []
    assert "at most 2" in syllabus.assert_problems(_lesson(*taught))[0]


def test_a_planted_verify_cell_that_asserts_nothing_is_found():
    nb = _lesson(("code", "print('fine')", VERIFY_TAG))
    assert "asserts nothing" in syllabus.verify_problems(nb)[0]


@pytest.mark.parametrize(
    ("cells", "words"),
    [
        ([GOOD[4], GOOD[3]], "after '## Recap'"),
        ([GOOD[3], ("md", "## Going further\n\nNo time.")], "*Optional"),
        (
            [GOOD[3], ("md", "## Going further\n\n*Optional, about 25 minutes.*")],
            "25 minutes",
        ),
        ([GOOD[3]], "needs a '## Going further'"),
    ],
)
def test_a_planted_misplaced_or_untimed_going_further_is_found(cells, words):
    problems = syllabus.going_further_problems(_lesson(*cells), "05")
    assert any(words in p for p in problems), problems


def test_planted_long_teaching_cells_are_found():
    long_cell = ("code", "\n".join(f"a{k} = {k}" for k in range(16)))
    problems = syllabus.code_size_problems(_lesson(long_cell))
    assert "16 lines" in problems[0] and "median" in problems[1]
    medium = [("code", "\n".join(f"b{k} = {k}" for k in range(7)))] * 3
    assert "median" in syllabus.code_size_problems(_lesson(*medium))[0]


def test_a_planted_time_over_the_bar_or_unstated_is_found():
    assert (
        "at most 60"
        in syllabus.time_problems(_lesson(time="about 75 minutes (core path)"), "05")[0]
    )
    assert (
        syllabus.time_problems(
            _lesson(time="about 75 minutes (core path)", syllabus_2=False), "05"
        )
        == []
    )
    assert "must state" in syllabus.time_problems(_lesson(time="an hour"), "05")[0]


def test_a_planted_map_row_that_disagrees_is_found():
    row = "| 05 | Vectors | x | 04 | 55 min | 15 min |"
    assert _map_times(row) == {"05": (55, 15)}
    assert _map_times(row.replace("| 55 min", "| 55 minutes")) == {}


def test_planted_reads_of_what_the_student_version_leaves_out_are_found():
    def nb(*cells):
        made = []
        for source, tags in cells:
            cell = nbformat.v4.new_code_cell(source)
            cell.metadata["tags"] = tags
            made.append(cell)
        return nbformat.v4.new_notebook(cells=made)

    answer = ("k = 2\n### BEGIN SOLUTION\nslope = 2 * k\n### END SOLUTION", [])
    checked = ('check("01.1", slope)', [])
    assert left_out_names_read(nb(answer, checked, ("print(k)", []))) == []
    assert left_out_names_read(nb(answer, ("print(slope)", []))) == [(1, ["slope"])]
    helper = ("xs = [0.5, 1.0]\nassert xs", [VERIFY_TAG])
    worked = ("def f(x):\n    return x", [SOLUTION_TAG])
    planted = nb(helper, worked, answer, ("f(xs[0])", []), ('check("01.1", xs)', []))
    assert left_out_names_read(planted) == [(3, ["f", "xs"]), (4, ["xs"])]
