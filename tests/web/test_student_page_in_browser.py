"""``grader serve`` as a process, driven in headless Chromium (issue #12).

A student logs in with the token ``grader users add`` printed, uploads a seed
file and sees its verdicts appear without a reload; a second student's page
and fragment for that id are 404; the TA's page lists it. An oversized upload
and a check over the rubric's hourly limit are refused on the page with their
reason. The student page is written to ``out/screenshots/student-page.png`` as
a test artefact.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from grader.rubric.loader import RUBRICS_DIR_ENV
from grader.web.settings import MAX_UPLOAD_BYTES_DEFAULT
from tests.conftest import require_chromium, revised_rubric
from tests.web.conftest import ASSIGNMENT, SEED
from tests.web.served import SCREENSHOTS, log_in, serving, upload

GRADED_WITHIN_MS = 120_000
#: The rubric's hourly limit of self-checks, low so that a second check reaches it.
CHECKS_PER_HOUR = 1

require_chromium()

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    folder = tmp_path_factory.mktemp("web")
    rubric = revised_rubric(folder, ASSIGNMENT, "\ntitle:",
                            f"\nself_checks_per_hour: {CHECKS_PER_HOUR}\ntitle:")
    with serving(f"sqlite:///{folder / 'web.sqlite3'}",
                 env={RUBRICS_DIR_ENV: str(rubric.parent)}) as served:
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


def test_an_oversized_upload_and_a_check_over_the_limit_say_why(server, browser,
                                                              tmp_path) -> None:
    base, tokens = server
    page, errors = log_in(browser, base, tokens["bob"])
    big = tmp_path / "answers.txt"
    big.write_bytes(b"a" * (MAX_UPLOAD_BYTES_DEFAULT + 1))
    page.set_input_files("input[name=file]", str(big))
    page.click("form#check button[type=submit]")
    page.wait_for_selector("#message:not(:empty)")
    assert "larger than 2 MB" in page.inner_text("#message")
    for _ in range(CHECKS_PER_HOUR):
        upload(page, ASSIGNMENT, SEED, GRADED_WITHIN_MS)
    page.evaluate("document.getElementById('message').textContent = ''")
    page.click("form#check button[type=submit]")
    page.wait_for_selector("#message:not(:empty)")
    assert f"at most {CHECKS_PER_HOUR}" in page.inner_text("#message")
    assert not errors, errors
