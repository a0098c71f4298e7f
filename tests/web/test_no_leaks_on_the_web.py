"""The web API shows a student no reference answer (issues #7, #12).

Answer sheets of the reference-leak probe's extreme answers (``tests/leak_probes.py``)
go through ``POST /api/submissions`` as a student, and every line the API returns
about each part (feedback, how it was read) is scanned as the probe scans
``grader check --json``.
"""

from __future__ import annotations

import json

from tests.test_no_reference_leaks import Probed, fill_sheet, json_lines
from tests.web.conftest import ASSIGNMENT, CHECKS_PER_HOUR


def test_no_reference_answer_in_what_the_api_shows_a_student(service, assignments) -> None:
    probed = Probed(assignments[ASSIGNMENT])
    scanned = 0
    for _, answers in zip(range(CHECKS_PER_HOUR), probed.rounds(), strict=False):
        sheet = fill_sheet(probed.assignment, {k: v.text for k, v in answers.items()})
        response = service.submit("ada", files={"file": ("probe.md", sheet.encode())})
        body = service.wait("ada", response.json()["id"])
        assert body["status"] == "done"
        for part_id, line in json_lines(json.dumps(body["parts"])):
            probed.scan("web API", part_id, answers[part_id], line)
            scanned += 1
    assert scanned > len(probed.probes), "every part says something"
    assert not probed.leaks, "\n".join(probed.leaks[:40])
