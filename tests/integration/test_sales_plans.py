"""Sales plans: who sets them, what a target may be, and who reads them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from crm_core.errors import InvalidInput, NotFound, PermissionDenied
from crm_core.services import audit
from crm_core.services.analytics import sales_plans
from tests.integration.sales_company import at

NOW = "2025-06-20 15:00"


def test_a_manager_sets_and_changes_a_reps_plan(core, people):
    marta = people.actor(people.manager)
    with at(NOW):
        plan, created = sales_plans.set_plan(core.uow(), marta, user_id=people.rep.id, period="este trimestre",
                                             metric="value", target="15000", currency="usd")
        again, created_again = sales_plans.set_plan(core.uow(), marta, user_id=people.rep.id, period="2025-Q2",
                                                    metric="value", target=20000, currency="USD")
    assert created and not created_again and again.id == plan.id
    assert (again.period, again.period_start, again.period_end, again.currency, again.target) == (
        "2025-Q2", date(2025, 4, 1), date(2025, 6, 30), "USD", Decimal("20000.00"))
    trail = audit.list_audit(core.uow(), people.actor(people.admin), entity="sales_plan", entity_id=plan.id)
    assert [(e.action, e.changes) for e in trail.items][0] == ("update", {"target": ["15000.00", "20000.00"]})


def test_reps_and_other_teams_managers_cannot_set_plans(core, people):
    with at(NOW):
        with pytest.raises(PermissionDenied):
            sales_plans.set_plan(core.uow(), people.actor(people.rep), user_id=people.rep.id, period="2025-06",
                                 metric="count", target=3)
        with pytest.raises(PermissionDenied):
            sales_plans.set_plan(core.uow(), people.actor(people.manager), user_id=people.other_rep.id,
                                 period="2025-06", metric="count", target=3)
        with pytest.raises(NotFound):
            sales_plans.set_plan(core.uow(), people.actor(people.manager), user_id=9999, period="2025-06",
                                 metric="count", target=3)
        plan, _ = sales_plans.set_plan(core.uow(), people.actor(people.admin), user_id=people.other_rep.id,
                                       period="2025-06", metric="count", target=3)
    assert plan.currency is None and plan.target == Decimal("3.00")


@pytest.mark.parametrize(("period", "metric", "target", "currency"), [
    ("2025", "count", 3, None), ("this_week", "count", 3, None), ("2025-06", "deals", 3, None),
    ("2025-06", "count", 2.5, None), ("2025-06", "count", 3, "USD"), ("2025-06", "value", 100, None),
    ("2025-06", "value", 0, "USD"), ("2025-06", "value", "mucho", "USD"), ("junio pasado", "count", 3, None),
])
def test_a_plan_is_a_positive_target_for_a_month_or_quarter(core, people, period, metric, target, currency):
    with at(NOW), pytest.raises(InvalidInput):
        sales_plans.set_plan(core.uow(), people.actor(people.manager), user_id=people.rep.id, period=period,
                             metric=metric, target=target, currency=currency)


def test_plans_are_read_by_their_rep_and_their_manager_and_deleted_by_the_manager(core, people):
    marta = people.actor(people.manager)
    with at(NOW):
        june, _ = sales_plans.set_plan(core.uow(), marta, user_id=people.rep.id, period="2025-06", metric="count",
                                       target=4)
        sales_plans.set_plan(core.uow(), marta, user_id=people.rep2.id, period="2025-07", metric="count", target=2)
        sales_plans.set_plan(core.uow(), people.actor(people.admin), user_id=people.other_rep.id, period="2025-06",
                             metric="count", target=1)
        assert [p.user_id for p in sales_plans.list_plans(core.uow(), marta)] == [people.rep.id, people.rep2.id]
        assert [p.id for p in sales_plans.list_plans(core.uow(), marta, period="this_month")] == [june.id]
        assert [p.user_id for p in sales_plans.list_plans(core.uow(), people.actor(people.rep))] == [people.rep.id]
        assert len(sales_plans.list_plans(core.uow(), people.actor(people.admin))) == 3
        with pytest.raises(PermissionDenied):
            sales_plans.delete_plan(core.uow(), people.actor(people.rep), june.id)
        sales_plans.delete_plan(core.uow(), marta, june.id)
        with pytest.raises(NotFound):
            sales_plans.delete_plan(core.uow(), marta, june.id)
