"""The self-check web service: students upload, TAs watch the class (issue #12).

``create_app`` builds the FastAPI application; ``grader serve`` runs it and
``grader users add`` issues the tokens it accepts.
"""

from grader.web.app import create_app
from grader.web.settings import WebSettings

__all__ = ["WebSettings", "create_app"]
