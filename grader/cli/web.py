"""``grader serve`` and ``grader users add``: the self-check web service (issue #12)."""

from __future__ import annotations

import argparse
import os
import sys

from grader.cli.failures import ExitCode

HOST_DEFAULT = "127.0.0.1"
PORT_DEFAULT = 8000


def add_parsers(commands: argparse._SubParsersAction) -> None:
    serve = commands.add_parser("serve", help="run the self-check web service")
    serve.add_argument("--host", default=HOST_DEFAULT)
    serve.add_argument("--port", type=int, default=PORT_DEFAULT)
    serve.add_argument("--db", default=None, metavar="URL",
                       help="SQLAlchemy URL (default $GRADER_WEB_DB or sqlite:///grader-web.sqlite3"
                            "; PostgreSQL: postgresql+psycopg://USER@HOST/DB)")
    serve.add_argument("--broker", default=None, metavar="URL",
                       help="grade on the Celery workers of this Redis (default "
                            "$GRADER_BROKER_URL; none: in this process)")
    serve.set_defaults(handler=_serve)

    users = commands.add_parser("users", help="issue tokens for the web service")
    user_commands = users.add_subparsers(dest="users_command", required=True)
    add = user_commands.add_parser("add", help="add a user and print their token once")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=["student", "ta"])
    add.add_argument("--db", default=None, metavar="URL", help="as for serve")
    add.set_defaults(handler=_users_add)


def _serve(args: argparse.Namespace) -> ExitCode:
    import uvicorn

    from grader.web import WebSettings, create_app
    from grader.web.settings import database_url

    broker = args.broker or os.environ.get("GRADER_BROKER_URL") or None
    app = create_app(WebSettings(db_url=database_url(args.db), broker=broker))
    where = f"the workers of {broker}" if broker else "this process"
    print(f"grader: serving on http://{args.host}:{args.port}/ (API schema: /openapi.json); "
          f"grading in {where}",
          file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return ExitCode.OK


def _users_add(args: argparse.Namespace) -> ExitCode:
    from sqlalchemy import select
    from sqlalchemy.exc import IntegrityError

    from grader.web.auth import add_user
    from grader.web.db import Role, User, make_engine, make_sessions, upgrade_database
    from grader.web.settings import database_url

    engine = make_engine(database_url(args.db))
    upgrade_database(engine)
    with make_sessions(engine)() as session:
        if session.scalar(select(User).where(User.name == args.name)) is not None:
            print(f"grader: a user named {args.name!r} exists already", file=sys.stderr)
            return ExitCode.USAGE
        try:
            token = add_user(session, args.name, Role(args.role))
        except IntegrityError:
            print(f"grader: a user named {args.name!r} exists already", file=sys.stderr)
            return ExitCode.USAGE
    print(token)
    print(f"grader: {args.role} {args.name!r} added; the token above is shown only once",
          file=sys.stderr)
    return ExitCode.OK
