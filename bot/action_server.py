"""The action server: rasa-sdk's HTTP action endpoint over `actions/`, with Rumbo's logging.

`python -m bot.action_server --actions actions -p 5055` takes rasa-sdk's own arguments. It binds to
SANIC_HOST (rasa-sdk has no flag for it) and runs ACTION_SERVER_SANIC_WORKERS workers.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from bot.logging_config import configure_logging

# Rasa 3.6 sends its own version with each call and rasa-sdk warns when major.minor differ; the
# action protocol rasa-sdk 3.21 speaks is the one Rasa 3.6 sends (tests/integration/actions).
warnings.filterwarnings("ignore", message=r"Your versions of rasa and rasa_sdk might not be compatible")
# A worker imports the whole CRM (SQLAlchemy, matplotlib) before it acknowledges its start; Sanic's
# default of 30 s is too short on a loaded machine. In tenths of a second.
WORKER_ACK_TENTHS = 1800
# rasa-sdk reads its tracing set-up from an endpoints file and logs an error when there is none.
ENDPOINTS = Path(__file__).resolve().parent / "rasa" / "endpoints.yml"


def _worker_app(factory: Callable[[], Any]) -> Any:
    """The app of one worker: a forked worker inherits the primary's app under the same name."""
    from sanic import Sanic

    Sanic._app_registry.pop("rasa_sdk", None)
    return factory()


def main(argv: Sequence[str] | None = None) -> None:
    """Parse rasa-sdk's arguments and serve the actions until SIGTERM."""
    from rasa_sdk.endpoint import create_app_for_serve, create_argument_parser, create_ssl_config
    from rasa_sdk.executor import ActionExecutor
    from rasa_sdk.utils import number_of_sanic_workers
    from sanic import Sanic
    from sanic.worker.loader import AppLoader
    from sanic.worker.manager import WorkerManager

    args = create_argument_parser().parse_args(argv)
    configure_logging("action-server")
    executor = ActionExecutor()
    executor.register_package(args.actions_module or args.actions)
    endpoints = args.endpoints if Path(args.endpoints).exists() else str(ENDPOINTS)
    factory = partial(create_app_for_serve, executor, cors_origins=args.cors,
                      auto_reload=args.auto_reload, endpoints=endpoints)
    host = os.environ.get("SANIC_HOST", "127.0.0.1")
    ssl = create_ssl_config(args.ssl_certificate, args.ssl_keyfile, args.ssl_password)
    workers = number_of_sanic_workers()
    if workers == 1:
        # One process: no worker to spawn, so no second import of the CRM and no pickling.
        factory().run(host=host, port=args.port, ssl=ssl, single_process=True, motd=False,
                      access_log=False)
        return
    WorkerManager.THRESHOLD = WORKER_ACK_TENTHS
    # Forked workers inherit the imported actions instead of importing the CRM again (spawn,
    # Sanic's default, doubled the start-up time); nothing has opened a connection yet.
    Sanic.start_method = "fork"
    loader = AppLoader(factory=partial(_worker_app, factory))
    app = loader.load()
    app.prepare(host=host, port=args.port, ssl=ssl, workers=workers, motd=False, access_log=False)
    Sanic.serve(primary=app, app_loader=loader)


if __name__ == "__main__":
    main()
