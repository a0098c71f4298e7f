"""Reference modules: one per assignment, each computing that assignment's answers.

The grader loads them by file path (``reference/<rubric.reference>.py``); see
docs/design.md, "Reference module".
"""
