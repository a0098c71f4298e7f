"""The HTML reports and the class summary in a real headless Chromium (issue #11).

Debian's ``chromium`` driven by Playwright for Python; ``.ci/run`` installs both.
Screenshots of one student report and of the summary are written to
``out/screenshots/`` as test artefacts.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from grader.cli.main import main
from tests.conftest import REPO, require_chromium

SCREENSHOTS = REPO / "out" / "screenshots"
SAMPLES = REPO / "submissions" / "seqmodels-a5"
CLASS = ["amira-sheet.md", "marco-misconceptions-q2-q3.md", "hugo-latex-typed.tex",
         "quinn-ocr-noise.txt", "lena-squared-terms.md"]

require_chromium()


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("class")
    for name in CLASS:
        shutil.copy(SAMPLES / name, folder / name)
    out = tmp_path_factory.mktemp("out")
    assert main(["grade", "seqmodels-a5", str(folder), "--out", str(out), "--no-progress",
                 "--workers", "0"]) == 0
    return out


def _open(browser, path: Path):
    page = browser.new_page(viewport={"width": 1000, "height": 800})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, errors


@pytest.mark.parametrize("kind", ["reports", "ta"])
def test_every_report_renders_every_part_with_mathml(browser, out: Path, assignments,
                                                     kind: str):
    part_ids = [p.id for p in assignments["seqmodels-a5"].rubric.parts]
    pages = sorted((out / kind).glob("*.html"))
    assert len(pages) == len(CLASS)
    rendered = 0
    for path in pages:
        page, errors = _open(browser, path)
        assert page.eval_on_selector_all("section.part", "s => s.map(e => e.id)") == part_ids
        widths = page.eval_on_selector_all(
            "math", "ms => ms.map(m => m.getBoundingClientRect().width)")
        rendered += sum(1 for w in widths if w > 0)
        assert not errors, f"{path.name}: {errors}"
        if kind == "ta":
            assert page.locator("text=Reference:").count() == len(part_ids)
        else:
            assert page.locator("text=Reference:").count() == 0
        if path.stem == "amira-sheet" and kind == "reports":
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / "student-report.png"), full_page=True)
        page.close()
    assert rendered > 10  # maths in the students' answers is MathML, laid out by the browser


def test_the_class_summary(browser, out: Path):
    page, errors = _open(browser, out / "summary.html")
    sizes = page.eval_on_selector_all(
        "svg", "ss => ss.map(s => s.getBoundingClientRect().width * s.getBoundingClientRect()"
               ".height)")
    assert len(sizes) == 2 and all(size > 1000 for size in sizes)  # both plots drawn
    links = page.eval_on_selector_all("a", "as => as.map(a => a.getAttribute('href'))")
    assert {link.split("/")[0] for link in links} == {"reports", "ta"}
    assert len(links) == 2 * len(CLASS)
    for link in links:
        assert (out / link).is_file()
    assert page.locator("text=Most often in review").count() == 1
    assert not errors, errors
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "class-summary.png"), full_page=True)
    page.close()
