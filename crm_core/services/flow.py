"""The sales flow: ordered statuses of kind open, won or lost."""

from __future__ import annotations

from sqlalchemy import func, select

from crm_core.errors import Conflict, InvalidInput, PermissionDenied
from crm_core.persistence.models import Status
from crm_core.read_models.common import StatusView
from crm_core.services.common import Actor, principal, record, status_by_key
from crm_core.uow import UnitOfWork

KINDS = ("open", "won", "lost")

DEFAULT_FLOW = (
    # key, Spanish label, English label, kind, win probability %
    ("target", "Público objetivo", "Target", "open", 5),
    ("lead", "Cliente potencial", "Lead", "open", 10),
    ("qualified", "Calificado", "Qualified", "open", 25),
    ("proposal", "Propuesta", "Proposal", "open", 50),
    ("negotiation", "Negociación", "Negotiation", "open", 75),
    ("client", "Cliente", "Client", "won", 100),
    ("lost", "Perdido", "Lost", "lost", 0),
)


def ensure_default_flow(uow: UnitOfWork) -> None:
    """Create the default flow when the database has none."""
    with uow:
        if uow.session.scalar(select(func.count(Status.id))):
            return
        for position, (key, es, en, kind, probability) in enumerate(DEFAULT_FLOW):
            uow.session.add(Status(key=key, label_es=es, label_en=en, kind=kind,
                                   position=position, probability=probability))
        uow.commit()


def list_statuses(uow: UnitOfWork) -> list[StatusView]:
    """The flow in order."""
    with uow:
        return [StatusView.of(s) for s in uow.session.scalars(select(Status).order_by(Status.position))]


def _require_admin(uow: UnitOfWork, actor: Actor) -> None:
    if not principal(uow, actor).is_admin:
        raise PermissionDenied("only admins change the sales flow")


def rename_status(uow: UnitOfWork, actor: Actor, key: str, *, label_es: str | None = None,
                  label_en: str | None = None) -> StatusView:
    """Rename a status; accounts keep pointing at it."""
    with uow:
        _require_admin(uow, actor)
        status = status_by_key(uow, key)
        before = (status.label_es, status.label_en)
        status.label_es = label_es or status.label_es
        status.label_en = label_en or status.label_en
        record(uow, actor, "status", status.id, "rename",
               {"labels": (list(before), [status.label_es, status.label_en])})
        uow.commit()
        return StatusView.of(status)


def add_status(uow: UnitOfWork, actor: Actor, *, key: str, label_es: str, label_en: str,
               kind: str, after: str | None = None, probability: int = 0) -> StatusView:
    """Insert a status after another one (or at the end of the open statuses)."""
    if kind not in KINDS:
        raise InvalidInput(f"unknown kind {kind!r}", valid=list(KINDS))
    with uow:
        _require_admin(uow, actor)
        if uow.session.scalar(select(Status).where(Status.key == key)):
            raise Conflict(f"status {key!r} already exists")
        ordered = list(uow.session.scalars(select(Status).order_by(Status.position)))
        index = len(ordered)
        if after is not None:
            index = [s.key for s in ordered].index(status_by_key(uow, after).key) + 1
        status = Status(key=key, label_es=label_es, label_en=label_en, kind=kind,
                        position=0, probability=probability)
        ordered.insert(index, status)
        uow.session.add(status)
        for position, item in enumerate(ordered):
            item.position = position
        uow.flush()
        record(uow, actor, "status", status.id, "create", {"key": (None, key)})
        uow.commit()
        return StatusView.of(status)


def reorder_statuses(uow: UnitOfWork, actor: Actor, keys: list[str]) -> list[StatusView]:
    """Set the order of the flow; every existing key must be named once."""
    with uow:
        _require_admin(uow, actor)
        statuses = {s.key: s for s in uow.session.scalars(select(Status))}
        if sorted(keys) != sorted(statuses):
            raise InvalidInput("name every status exactly once", valid=sorted(statuses))
        for position, key in enumerate(keys):
            statuses[key].position = position
        record(uow, actor, "status", 0, "reorder", {"order": (None, keys)})
        uow.commit()
        return [StatusView.of(statuses[k]) for k in keys]
