"""Unit of work: one transaction per use case, rolled back unless committed."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from contextvars import ContextVar, Token
from types import TracebackType

from sqlalchemy.orm import Session

# The unit of work open in this thread (or task): a use case that opened one composes
# in-transaction helpers inside it instead of opening a second, separately committed one.
_OPEN: ContextVar[UnitOfWork | None] = ContextVar("crm_core_open_unit_of_work", default=None)


class NestedUnitOfWork(RuntimeError):
    """A unit of work was entered while another one is open in the same context."""


class UnitOfWork:
    """Opens a session on enter; `commit()` makes the work durable, anything else undoes it.

    `turn`, when given, is entered around the whole unit: background work on SQLite waits there
    for the writes a webhook's answer waits on (see `crm_core.services.writing`).
    Entering a unit of work while another is open in the same context raises
    `NestedUnitOfWork`: one use case is one transaction.
    """

    session: Session

    def __init__(self, session_factory: Callable[[], Session],
                 turn: Callable[[], AbstractContextManager[None]] | None = None) -> None:
        self._session_factory = session_factory
        self._turn = turn
        self._held: AbstractContextManager[None] | None = None
        self._token: Token[UnitOfWork | None] | None = None

    def __enter__(self) -> UnitOfWork:
        if _OPEN.get() is not None:
            raise NestedUnitOfWork(
                "a unit of work is already open here: call the in-transaction helper instead of the use case")
        if self._turn is not None:
            self._held = self._turn()
            self._held.__enter__()
        try:
            self.session = self._session_factory()
        except BaseException:
            self._release()
            raise
        self._token = _OPEN.set(self)
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
            self._forget()
            self._release()

    def _forget(self) -> None:
        token, self._token = self._token, None
        if token is None:
            return
        try:
            _OPEN.reset(token)
        except ValueError:  # left in another context than it was entered in
            _OPEN.set(None)

    def _release(self) -> None:
        if self._held is not None:
            held, self._held = self._held, None
            held.__exit__(None, None, None)

    def commit(self) -> None:
        self.session.commit()

    def flush(self) -> None:
        self.session.flush()


def in_unit_of_work() -> bool:
    """Whether a unit of work is open in this context."""
    return _OPEN.get() is not None
