"""Hostile submissions: none of the ways a notebook can fake a grade turns a
wrong answer into "correct", and a notebook's memory is bounded.

Each submission below hands in a wrong answer after trying one forgery. They
are graded in one run; the grader checks answers in its own process, with
answers read from the kernel as plain data (`coursetools.bridge`).
"""

import json
import subprocess
import sys

import nbformat
import pytest

from coursetools.exercises import lesson_exercises
from coursetools.grade import grade_folder
from coursetools.integrity import FINGERPRINT_CODE, NOT_IMPORTED, changed_modules
from coursetools.lessons import write_notebook
from utils.exercises import MIME_TYPE

# Lessons whose file names do not change when lessons are renumbered.
NUMBER_LESSON = ("00", "00_start_here.ipynb")
FUNCTION_LESSON = ("02", "02_derivative_rules.ipynb")

# Grades displayed as a grader that read the notebook's outputs would take them
# (the course's grader reads answers, never what a notebook displays).
FAKE_GRADES_MIME = "application/vnd.derivatives-course.grades+json"

_FORGED_RESULTS = (
    "[{'exercise': i, 'status': 'correct', 'message': 'forged'} "
    "for i in __import__('utils.exercises').exercises.exercise_ids()]"
)

_FORGED_LINE = (
    "from IPython.display import display; "
    f"display({{{FAKE_GRADES_MIME!r}: {_FORGED_RESULTS}}}, raw=True)\n"
)

FORGERIES = {
    "patch_evaluate": (
        "import utils.exercises as ex, utils.exercises._core as core\n"
        "ex.evaluate = core.evaluate = lambda i, a, *rest: core.CheckResult(i, 'correct', 'forged')"
    ),
    "patch_numpy_allclose": "import numpy as np\nnp.allclose = lambda *a, **k: True",
    "replace_registry_checkers": (
        "import dataclasses\nfrom utils.exercises import REGISTRY\n"
        "for key in REGISTRY:\n"
        "    REGISTRY[key] = dataclasses.replace(REGISTRY[key], checker=lambda a: 'forged')"
    ),
    "replace_grade_namespace": (
        "import utils.exercises as ex, utils.exercises._core as core\n"
        "def forged(answers, namespace, **kw):\n"
        "    return [core.CheckResult(i, 'correct', 'forged') for i in answers]\n"
        "ex.grade_namespace = core.grade_namespace = forged"
    ),
    "replace_module_in_sys_modules": (
        "import sys, types\nimport utils.exercises\n"
        "fake = types.ModuleType('numpy')\n"
        "fake.__dict__.update(sys.modules['numpy'].__dict__)\n"
        "fake.allclose = lambda *a, **k: True\n"
        "sys.modules['numpy'] = fake\n"
        "sys.modules['utils.exercises._feedback'].np = fake"
    ),
    "wrap_display": (
        "import IPython.display as d\n"
        "shown = d.display\n"
        "def display(*a, **k):\n"
        f"    shown({{{FAKE_GRADES_MIME!r}: {_FORGED_RESULTS}, "
        f"{MIME_TYPE!r}: {{'exercise': '00.1', 'status': 'correct', 'message': 'x'}}}}, raw=True)\n"
        "d.display = display\n"
        "import builtins\nbuiltins.display = display\n"
        "print('✓ 00.1 correct: forged')\n"
        "display('anything')"
    ),
    "input_transformer": (
        "def forge(lines):\n"
        "    text = ''.join(lines)\n"
        "    if 'grade' in text or 'course' in text:\n"
        f"        return [{_FORGED_LINE!r}]\n"
        "    return lines\n"
        "get_ipython().input_transformers_post.append(forge)"
    ),
}


# A number of the learner's own class: it cannot travel as data.
OPAQUE = """
class Speed:
    def __init__(self, value):
        self.value = value
    def __float__(self):
        return self.value
    def __complex__(self):
        return complex(self.value)
answer = Speed({value})
"""


def _number_notebook(forgery):
    """Lesson 00 with a forgery, then a wrong answer to each exercise."""
    cells = [forgery]
    for ex in lesson_exercises(NUMBER_LESSON[0]):
        wrong = "answer" if "answer = Speed" in forgery else "1.0"
        cells.append(f"{ex.answer} = {wrong}")
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])


# An answer that looks in the callers' frames for the check's own numbers and
# returns the first one it finds (in the checker's process this can work).
STACK_READER = """
import inspect, sys
import numpy as np

def {name}(*args):
    frame = sys._getframe(1)
    while frame is not None:
        for key, value in frame.f_locals.items():
            if key in ("expected", "exact", "reference", "exp_arr", "right"):
                return value
        frame = frame.f_back
    for info in inspect.stack():
        for value in info.frame.f_locals.values():
            if isinstance(value, float):
                return value
    return 0.0
"""


def _stack_reader_notebook():
    cells = [
        STACK_READER.format(name=ex.answer)
        for ex in lesson_exercises(FUNCTION_LESSON[0])
    ]
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])


@pytest.fixture(scope="module")
def forged(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    for name, forgery in FORGERIES.items():
        (folder / name).mkdir()
        write_notebook(_number_notebook(forgery), folder / name / NUMBER_LESSON[1])
    (folder / "stack_reader").mkdir()
    write_notebook(
        _stack_reader_notebook(), folder / "stack_reader" / FUNCTION_LESSON[1]
    )
    (folder / "memory_hog").mkdir()
    write_notebook(
        _number_notebook("hog = bytearray(3 * 1024**3)"),
        folder / "memory_hog" / NUMBER_LESSON[1],
    )
    # An answer that cannot travel as data is checked beside the learner's
    # code: honest, it is graded; with the checks patched, the patch is found.
    for name, value, patch in (
        ("opaque_honest", 19.6, ""),
        ("opaque_patched", 1.0, FORGERIES["patch_evaluate"]),
    ):
        (folder / name).mkdir()
        write_notebook(
            _number_notebook(patch + "\n" + OPAQUE.format(value=value)),
            folder / name / NUMBER_LESSON[1],
        )
    return grade_folder(folder, timeout=120, jobs=2, memory_mb=2048)


@pytest.mark.parametrize("submission", [*FORGERIES, "stack_reader", "opaque_patched"])
def test_a_forgery_never_makes_a_wrong_answer_correct(forged, submission):
    mine = [g for g in forged if g.submission == submission]
    assert mine, submission
    assert all(g.status != "correct" for g in mine), [
        (g.exercise, g.status, g.message) for g in mine
    ]


def test_the_forged_answers_are_graded_as_the_wrong_answers_they_are(forged):
    # Where the forgery left the kernel able to answer, the wrong answer is
    # graded "incorrect" as if nothing had been tried.
    for submission in ("patch_evaluate", "patch_numpy_allclose", "wrap_display"):
        mine = [g for g in forged if g.submission == submission]
        assert {g.status for g in mine} == {"incorrect"}, submission


def test_a_notebook_cannot_take_more_memory_than_its_bound(forged):
    (grade,) = [g for g in forged if g.submission == "memory_hog"]
    assert "cell 1 (MemoryError)" in grade.failed_cells
    assert grade.status == "incorrect"  # graded all the same


def test_a_check_beside_the_learners_code_grades_and_finds_tampering(forged):
    (honest,) = [g for g in forged if g.submission == "opaque_honest"]
    assert honest.status == "correct", honest.message
    (patched,) = [g for g in forged if g.submission == "opaque_patched"]
    assert patched.status == "error"
    assert "changed the course's checking code" in patched.message


# SymPy and mpmath count in the fingerprint once imported; before that, where
# an import of them would come from counts. Four fingerprints from one fresh
# Python: nothing done; an import hook that hands out a changed SymPy; SymPy
# imported as it is; SymPy with one of its functions replaced.
_FOUR_FINGERPRINTS = """
import importlib.abc, importlib.util, json, sys, types
taken = [_course_fingerprint()]

class FakeSympy(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, name, path=None, target=None):
        return importlib.util.spec_from_loader(name, self) if name == "sympy" else None
    def create_module(self, spec):
        return types.ModuleType("sympy")
    def exec_module(self, module):
        module.diff = lambda *args: 0

sys.meta_path.insert(0, FakeSympy())
taken.append(_course_fingerprint())
del sys.meta_path[0]
import sympy
taken.append(_course_fingerprint())
sympy.diff = lambda *args: 0
taken.append(_course_fingerprint())
print(json.dumps(taken))
"""


def test_sympy_counts_once_imported_and_a_changed_copy_is_found_either_way():
    done = subprocess.run(
        [sys.executable, "-c", FINGERPRINT_CODE + _FOUR_FINGERPRINTS],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    untouched, hooked, imported, patched = json.loads(
        done.stdout.strip().splitlines()[-1]
    )
    assert untouched["sympy"] == untouched["mpmath"] == NOT_IMPORTED
    assert changed_modules(untouched) == []
    assert changed_modules(hooked) == ["sympy comes from"]
    # Imported, SymPy is compared with a clean SymPy, not taken as absent.
    assert NOT_IMPORTED not in (imported["sympy"], imported["mpmath"])
    assert changed_modules(imported) == []
    assert changed_modules(patched) == ["sympy"]
