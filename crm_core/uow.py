"""Unit of work: one transaction per service call, rolled back unless committed."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from types import TracebackType

from sqlalchemy.orm import Session


class UnitOfWork:
    """Opens a session on enter; `commit()` makes the work durable, anything else undoes it.

    `turn`, when given, is entered around the whole unit: background work on SQLite waits there
    for the writes a webhook's answer waits on (see `crm_core.services.writing`).
    """

    session: Session

    def __init__(self, session_factory: Callable[[], Session],
                 turn: Callable[[], AbstractContextManager[None]] | None = None) -> None:
        self._session_factory = session_factory
        self._turn = turn
        self._held: AbstractContextManager[None] | None = None

    def __enter__(self) -> UnitOfWork:
        if self._turn is not None:
            self._held = self._turn()
            self._held.__enter__()
        try:
            self.session = self._session_factory()
        except BaseException:
            self._release()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self.session.rollback()
            self.session.close()
        finally:
            self._release()

    def _release(self) -> None:
        if self._held is not None:
            held, self._held = self._held, None
            held.__exit__(None, None, None)

    def commit(self) -> None:
        self.session.commit()

    def flush(self) -> None:
        self.session.flush()
