"""``grader serve`` as a process and users logged in to it in Chromium, for the
browser tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import REPO

SCREENSHOTS = REPO / "out" / "screenshots"
GRADER = Path(sys.executable).with_name("grader")
STARTED_WITHIN_SECONDS = 60
USERS = {"ada": "student", "bob": "student", "tess": "ta"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def add_user(db: str, name: str, role: str) -> str:
    done = subprocess.run([str(GRADER), "users", "add", name, "--role", role, "--db", db],
                          capture_output=True, text=True, check=True, cwd=REPO)
    return done.stdout.strip()


@contextmanager
def serving(db: str, *options: str, env: dict[str, str] | None = None
            ) -> Iterator[tuple[str, dict[str, str]]]:
    """``(base URL, tokens of USERS)`` of ``grader serve --db db *options`` with
    ``env`` added to the environment."""
    tokens = {name: add_user(db, name, role) for name, role in USERS.items()}
    port = free_port()
    process = subprocess.Popen([str(GRADER), "serve", "--port", str(port), "--db", db, *options],
                               cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env={**os.environ, **(env or {})})
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


def log_in(browser, base: str, token: str):
    """A page of a fresh browser context logged in with ``token``, and its errors."""
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base + "/")
    page.fill("input[name=token]", token)
    page.click("button[type=submit]")
    page.wait_for_selector("form#check")
    return page, errors


def upload(page, assignment: str, path: Path, timeout_ms: int) -> str:
    """Check ``path`` from the student page; the check's id once its verdicts show."""
    page.select_option("select[name=assignment]", assignment)
    page.set_input_files("input[name=file]", str(path))
    page.click("form#check button[type=submit]")
    page.wait_for_selector("#results[data-done=yes] section.part", timeout=timeout_ms)
    return page.get_attribute("#results", "data-id")
