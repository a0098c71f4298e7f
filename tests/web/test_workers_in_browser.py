"""The whole service in headless Chromium: ``grader serve --broker`` on the real
Redis, a real Celery worker grading, three users (issue #12).

Two students upload the same seed from the student page and see its verdicts
(graded by the worker); the second cannot open the first's check by page,
fragment or API, nor any TA page; the TA sees both checks in the class table,
decides a part of the review queue for one check, and the class table and the
student's own page show the decided score. The TA page is written to
``out/screenshots/ta-page.png`` as a test artefact.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import require_chromium
from tests.web.conftest import ASSIGNMENT, SEED
from tests.web.served import SCREENSHOTS, log_in, serving, upload
from tests.worker.conftest import WorkerProcess, redis_url  # noqa: F401 (fixture)

#: Generous for a loaded machine; a seed is graded in a few seconds.
GRADED_WITHIN_MS = 60_000

require_chromium()

pytestmark = [pytest.mark.slow, pytest.mark.redis]


@pytest.fixture(scope="module")
def worker(redis_url, tmp_path_factory) -> Iterator[WorkerProcess]:  # noqa: F811
    process = WorkerProcess(redis_url, tmp_path_factory.mktemp("worker") / "worker.log")
    yield process
    process.kill()


@pytest.fixture(scope="module")
def server(redis_url, worker, tmp_path_factory) -> Iterator[tuple[str, dict[str, str]]]:  # noqa: F811
    db = f"sqlite:///{tmp_path_factory.mktemp('web') / 'web.sqlite3'}"
    with serving(db, "--broker", redis_url) as served:
        yield served


def test_students_check_on_a_worker_and_a_ta_decides(server, worker, browser,
                                                      assignments) -> None:
    base, tokens = server
    rubric = assignments[ASSIGNMENT].rubric
    checks, pages = {}, {}
    for name in ("ada", "bob"):
        pages[name], errors = log_in(browser, base, tokens[name])
        checks[name] = upload(pages[name], ASSIGNMENT, SEED, GRADED_WITHIN_MS)
        shown = pages[name].eval_on_selector_all("#results section.part",
                                                 "s => s.map(e => e.dataset.part)")
        assert shown == [p.id for p in rubric.parts] and not errors, errors
    assert worker.log.read_bytes().count(b"Task grader.grade[") >= 2, "graded by the worker"

    for path in (f"/submissions/{checks['ada']}", f"/submissions/{checks['ada']}/fragment",
                 f"/api/submissions/{checks['ada']}"):
        assert pages["bob"].goto(base + path).status == 404, path
    for path in ("/ta", "/ta/groups", "/api/review-queue", "/api/groups"):
        assert pages["bob"].goto(base + path).status == 403, path

    ta, errors = log_in(browser, base, tokens["tess"])
    ta.goto(base + "/ta")
    for check in checks.values():
        assert ta.locator(f"#class tr[data-id='{check}']").count() == 1
    item = ta.locator(f".queue-item[data-id='{checks['ada']}']").first
    part = item.get_attribute("data-part")
    points = rubric.part(part).points
    before = _score(ta, checks["ada"])
    item.locator("input[name=score]").fill(f"{points:g}")
    item.locator("input[name=comment]").fill("Read by a TA: full marks.")
    item.locator("button[value=one]").click()
    ta.wait_for_selector(".notice")
    assert _score(ta, checks["ada"]) == pytest.approx(before + points - _suggested(ta, part))
    assert ta.locator(f".queue-item[data-id='{checks['ada']}'][data-part='{part}']").count() == 0
    assert ta.locator(f".queue-item[data-id='{checks['bob']}'][data-part='{part}']").count() == 1
    assert not errors, errors
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    ta.screenshot(path=str(SCREENSHOTS / "ta-page.png"), full_page=True)

    own = pages["ada"]
    own.goto(f"{base}/submissions/{checks['ada']}")
    decided = own.locator(f"section.part[data-part='{part}']")
    assert decided.locator(".verdict").inner_text() == f"{part}: correct"
    assert "full marks" in decided.inner_text() and "TA decision" not in decided.inner_text()


def _score(page, check: str) -> float:
    text = page.locator(f"#class tr[data-id='{check}'] td.score").inner_text()
    return float(text.split("/")[0])


def _suggested(page, part: str) -> float:
    """The grader's suggestion for ``part``, still shown on bob's queue item."""
    text = page.locator(f".queue-item[data-part='{part}'] .suggested").first.inner_text()
    return float(text.split()[1])
