"""Batch grading in worker processes: a local process pool or Celery workers on Redis.

``runner`` is the code every worker runs for one submission (no Celery import),
``app`` the Celery application, ``tasks`` its one task, ``state`` the batch
progress kept in Redis for ``grader status``.
"""
