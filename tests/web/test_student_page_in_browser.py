"""``grader serve`` as a process, driven in headless Chromium (issue #12).

A student logs in with the token ``grader users add`` printed, uploads a seed
file and sees its verdicts appear without a reload; a second student's page
and fragment for that id are 404; the TA's page lists it. The student page is
written to ``out/screenshots/student-page.png`` as a test artefact.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO, require_chromium
from tests.web.conftest import ASSIGNMENT, SEED

SCREENSHOTS = REPO / "out" / "screenshots"
GRADER = Path(sys.executable).with_name("grader")
STARTED_WITHIN_SECONDS = 60
GRADED_WITHIN_MS = 120_000

require_chromium()

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _add_user(db: str, name: str, role: str) -> str:
    done = subprocess.run([str(GRADER), "users", "add", name, "--role", role, "--db", db],
                          capture_output=True, text=True, check=True, cwd=REPO)
    return done.stdout.strip()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    db = f"sqlite:///{tmp_path_factory.mktemp('web') / 'web.sqlite3'}"
    tokens = {name: _add_user(db, name, role)
              for name, role in [("ada", "student"), ("bob", "student"), ("tess", "ta")]}
    port = _free_port()
    process = subprocess.Popen([str(GRADER), "serve", "--port", str(port), "--db", db],
                               cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process)
        yield base, tokens
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_until_up(base: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + STARTED_WITHIN_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"grader serve exited: {process.stderr.read().decode()}")
        try:
            urllib.request.urlopen(f"{base}/openapi.json", timeout=2).close()
            return
        except OSError:
            time.sleep(0.3)
    raise AssertionError("grader serve did not start")


def _log_in(browser, base: str, token: str):
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base + "/")
    page.fill("input[name=token]", token)
    page.click("button[type=submit]")
    page.wait_for_selector("form#check")
    return page, errors


def test_a_student_uploads_a_seed_and_sees_its_verdicts(server, browser, assignments) -> None:
    base, tokens = server
    part_ids = [p.id for p in assignments[ASSIGNMENT].rubric.parts]
    page, errors = _log_in(browser, base, tokens["ada"])
    page.select_option("select[name=assignment]", ASSIGNMENT)
    page.set_input_files("input[name=file]", str(SEED))
    page.click("form#check button[type=submit]")
    page.wait_for_selector("#results[data-done=yes] section.part", timeout=GRADED_WITHIN_MS)
    shown = page.eval_on_selector_all("#results section.part", "s => s.map(e => e.dataset.part)")
    assert shown == part_ids
    verdicts = page.eval_on_selector_all("#results .verdict", "s => s.map(e => e.textContent)")
    assert all(": " in v and v.split(": ")[1] for v in verdicts)
    assert page.locator("#results math").count() > 0, "maths read from the seed is MathML"
    assert page.locator("text=TA notes").count() == 0
    assert not errors, errors
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "student-page.png"), full_page=True)

    submission_id = page.get_attribute("#results", "data-id")
    other, _ = _log_in(browser, base, tokens["bob"])
    for path in (f"/submissions/{submission_id}", f"/submissions/{submission_id}/fragment",
                 f"/api/submissions/{submission_id}"):
        assert other.goto(base + path).status == 404
    ta, _ = _log_in(browser, base, tokens["tess"])
    ta.goto(base + "/ta")
    assert ta.locator(f"a[href='/submissions/{submission_id}']").count() == 1
