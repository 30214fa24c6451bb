"""Campaign rules on plain values: stages, when an opportunity moves on, costs and ROI.

A campaign is a chain of stages. Each stage has a task type, done by a rep or sent
automatically (SMS and email only), a marginal cost per task done, and a rule that moves
the opportunity to the next stage: after N attempts, on the customer's reply (or an
activity the rep marks positive), or only by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from crm_core.domain.sprints import whole_percent

KINDS = ("acquisition", "loyalty", "survey", "collections", "cross_selling")
STATUSES = ("draft", "active", "paused", "finished")
MODES = ("once", "continuous")
TASK_TYPES = ("call", "sms", "email", "visit", "interview", "meeting")
PERFORMERS = ("rep", "automatic")
AUTOMATIC_TYPES = ("sms", "email")
RULES = ("attempts", "reply", "manual")
# An interview is held as a meeting: the activity a rep logs for it, and the task in their agenda.
ACTIVITY_OF = {"call": "call", "sms": "sms", "email": "email", "visit": "visit", "interview": "meeting",
               "meeting": "meeting"}
MAX_STAGES = 20
MAX_DELAY_DAYS = 365
CENTS = Decimal("0.01")


class StageError(ValueError):
    """A stage definition that breaks a rule; the message says which."""

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


@dataclass(frozen=True)
class StageSpec:
    """A stage as a manager defines it."""

    name: str
    task_type: str
    performer: str = "rep"
    marginal_cost: Decimal = Decimal(0)
    rule: str = "attempts"
    attempts: int | None = 1
    delay_days: int = 0  # days between leaving this stage and the next stage's task
    subject: str = ""
    body: str = ""

    @classmethod
    def parse(cls, data: dict[str, Any]) -> StageSpec:
        """A checked stage from plain fields; StageError names the first broken rule."""
        known = set(cls.__dataclass_fields__)
        unknown = set(data) - known
        if unknown:
            raise StageError("unknown stage fields", fields=sorted(unknown), valid=sorted(known))
        name = str(data.get("name") or "").strip()
        if not name:
            raise StageError("a stage needs a name")
        task_type = data.get("task_type")
        if task_type not in TASK_TYPES:
            raise StageError(f"unknown task type {task_type!r}", valid=list(TASK_TYPES))
        performer = data.get("performer", "rep")
        if performer not in PERFORMERS:
            raise StageError(f"unknown performer {performer!r}", valid=list(PERFORMERS))
        if performer == "automatic" and task_type not in AUTOMATIC_TYPES:
            raise StageError("only SMS and email stages can be sent automatically", task_type=task_type)
        rule = data.get("rule", "attempts")
        if rule not in RULES:
            raise StageError(f"unknown advance rule {rule!r}", valid=list(RULES))
        attempts = data.get("attempts", 1 if rule == "attempts" else None)
        if rule == "attempts" and (not isinstance(attempts, int) or isinstance(attempts, bool) or attempts < 1):
            raise StageError("the attempts rule needs a whole number of attempts, at least 1")
        if rule != "attempts":
            attempts = None
        delay = data.get("delay_days", 0)
        if not isinstance(delay, int) or isinstance(delay, bool) or not 0 <= delay <= MAX_DELAY_DAYS:
            raise StageError(f"delay_days is a whole number of days from 0 to {MAX_DELAY_DAYS}")
        cost = money(data.get("marginal_cost", 0), "marginal_cost")
        subject, body = str(data.get("subject") or "").strip(), str(data.get("body") or "").strip()
        if performer == "automatic" and not body:
            raise StageError("an automatic stage needs the text it sends (body)")
        return cls(name=name[:200], task_type=task_type, performer=performer, marginal_cost=cost, rule=rule,
                   attempts=attempts, delay_days=delay, subject=subject[:300], body=body)


def money(value: Any, field: str) -> Decimal:
    """A non-negative amount rounded to cents; StageError when it is not one."""
    try:
        amount = Decimal(str(value))
    except ArithmeticError:
        raise StageError(f"{field} is not a number: {value!r}") from None
    if not amount.is_finite() or amount < 0:
        raise StageError(f"{field} is an amount of zero or more")
    return amount.quantize(CENTS)


def activity_type(task_type: str) -> str:
    """The activity that does a stage's task (an interview is logged as a meeting)."""
    return ACTIVITY_OF[task_type]


@dataclass(frozen=True)
class Step:
    """What happens to an opportunity after one of its stage's tasks was done."""

    advance: bool
    retry: bool  # plan another attempt of the same stage


def after_task(rule: str, attempts_needed: int | None, attempts_done: int, positive: bool) -> Step:
    """Advance after the Nth attempt, or on a positive outcome; otherwise retry or wait."""
    if rule == "attempts":
        needed = attempts_needed or 1
        return Step(advance=attempts_done >= needed, retry=attempts_done < needed)
    if rule == "reply":
        return Step(advance=positive, retry=False)
    return Step(advance=False, retry=False)


def advances_on_reply(rule: str) -> bool:
    """Whether a customer's answer moves an opportunity out of a stage with this rule."""
    return rule == "reply"


def cost(global_cost: Decimal, marginal: list[tuple[Decimal, int]]) -> Decimal:
    """Global cost plus, per stage, its marginal cost times the tasks done."""
    return (global_cost + sum((unit * done for unit, done in marginal), Decimal(0))).quantize(CENTS)


def roi(revenue: Decimal, spent: Decimal) -> Decimal | None:
    """(revenue − cost) / cost, to four decimals; None when nothing was spent."""
    if spent <= 0:
        return None
    return ((revenue - spent) / spent).quantize(Decimal("0.0001"))


def roi_percent(ratio: Decimal | None) -> int | None:
    """ROI as a whole percentage, rounded half up."""
    return None if ratio is None else whole_percent(ratio, 1)


def share_percent(part: int, whole: int) -> int | None:
    """`part` as a whole % of `whole`, None when `whole` is zero."""
    return whole_percent(part, whole) if whole else None


def fill(template: str, *, contact: str, account: str) -> str:
    """An automatic message with {contact} and {account} filled in (nothing else is touched)."""
    return template.replace("{contact}", contact).replace("{account}", account)
