"""``grader serve`` as a process, driven in headless Chromium (issue #12).

A student logs in with the token ``grader users add`` printed, uploads a seed
file and sees its verdicts appear without a reload; a second student's page
and fragment for that id are 404; the TA's page lists it. The student page is
written to ``out/screenshots/student-page.png`` as a test artefact.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import require_chromium
from tests.web.conftest import ASSIGNMENT, SEED
from tests.web.served import SCREENSHOTS, log_in, serving, upload

GRADED_WITHIN_MS = 120_000

require_chromium()

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    with serving(f"sqlite:///{tmp_path_factory.mktemp('web') / 'web.sqlite3'}") as served:
        yield served


def test_a_student_uploads_a_seed_and_sees_its_verdicts(server, browser, assignments) -> None:
    base, tokens = server
    part_ids = [p.id for p in assignments[ASSIGNMENT].rubric.parts]
    page, errors = log_in(browser, base, tokens["ada"])
    submission_id = upload(page, ASSIGNMENT, SEED, GRADED_WITHIN_MS)
    shown = page.eval_on_selector_all("#results section.part", "s => s.map(e => e.dataset.part)")
    assert shown == part_ids
    verdicts = page.eval_on_selector_all("#results .verdict", "s => s.map(e => e.textContent)")
    assert all(": " in v and v.split(": ")[1] for v in verdicts)
    assert page.locator("#results math").count() > 0, "maths read from the seed is MathML"
    assert page.locator("text=TA notes").count() == 0
    assert not errors, errors
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "student-page.png"), full_page=True)

    other, _ = log_in(browser, base, tokens["bob"])
    for path in (f"/submissions/{submission_id}", f"/submissions/{submission_id}/fragment",
                 f"/api/submissions/{submission_id}"):
        assert other.goto(base + path).status == 404
    ta, _ = log_in(browser, base, tokens["tess"])
    ta.goto(base + "/ta")
    assert ta.locator(f"a[href='/submissions/{submission_id}']").count() >= 1
