"""A lease row in the database decides which scheduler instance runs jobs."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, delete, or_, update
from sqlalchemy.exc import IntegrityError

from crm_core.persistence.models import Lease
from crm_core.uow import UnitOfWork

logger = logging.getLogger(__name__)


def acquire_lease(uow: UnitOfWork, name: str, holder: str, ttl: timedelta, now: datetime) -> bool:
    """Take or renew the lease; True when `holder` holds it until now + ttl.

    One conditional UPDATE decides between contenders: the database re-checks the
    WHERE clause on the row it locks, so only one of two racing holders matches.
    """
    with uow:
        taken = cast("CursorResult[Any]", uow.session.execute(
            update(Lease)
            .where(Lease.name == name, or_(Lease.holder == holder, Lease.expires_at < now))
            .values(holder=holder, expires_at=now + ttl)
            .execution_options(synchronize_session=False)
        )).rowcount
        if taken:
            uow.commit()
            return True
    return _first_holder(uow, name, holder, ttl, now)


def _first_holder(uow: UnitOfWork, name: str, holder: str, ttl: timedelta, now: datetime) -> bool:
    """Create the lease row when nobody ever held it; the primary key lets one creator win."""
    with uow:
        uow.session.add(Lease(name=name, holder=holder, expires_at=now + ttl, acquired_at=now))
        try:
            uow.commit()
        except IntegrityError:
            return False
    logger.info("lease %s created by %s", name, holder)
    return True


def release_lease(uow: UnitOfWork, name: str, holder: str) -> None:
    """Give the lease up at a clean shutdown so a waiting instance takes over at once."""
    with uow:
        uow.session.execute(delete(Lease).where(Lease.name == name, Lease.holder == holder))
        uow.commit()
