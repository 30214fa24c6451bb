"""Demo campaigns for "Suministros Rumbo" (a step of `crm_core.demo`), launched by the manager with some progress.

- "Captación Pymes Q4" (acquisition, CLP): a mail, up to three calls, a visit, on Ana's Chilean
  prospects; one of them already bought.
- "Bienvenida clientes nuevos" (loyalty, EUR, continuous): new Spanish clients get a welcome mail,
  a follow-up call and a satisfaction interview.
- "Trae un amigo" (acquisition, MXN, continuous): Mexican leads that came recommended, called and visited.

The campaigns were launched weeks ago and worked since, so their wins are backdated like the rest
of the demo's history. The demo has no SMTP server, so the automatic mails were not sent: the
scheduler's step left them to the reps with the reason, and the reps sent them by hand, as they
would in a real set-up without outbound mail.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from crm_core.services import activities, campaign_runs, campaigns, lists, opportunities
from crm_core.services.common import Actor
from crm_core.uow import UnitOfWork

if TYPE_CHECKING:
    from crm_core.demo import Demo, DemoAccount

LAUNCHED_DAYS_AGO = 18
CAPTACION = [
    {"name": "Correo de presentación", "task_type": "email", "performer": "automatic", "marginal_cost": 500,
     "rule": "attempts", "attempts": 1, "delay_days": 2, "subject": "Suministros para {account}",
     "body": "Hola {contact}: en Suministros Rumbo abastecemos a pymes como {account} con EPP, papelería y "
             "limpieza industrial, con despacho en 48 horas. ¿Le llamo esta semana para contarle más?"},
    {"name": "Llamada de seguimiento", "task_type": "call", "marginal_cost": 5_000, "rule": "attempts",
     "attempts": 3, "delay_days": 3},
    {"name": "Visita comercial", "task_type": "visit", "marginal_cost": 40_000, "rule": "manual"},
]
BIENVENIDA = [
    {"name": "Correo de bienvenida", "task_type": "email", "performer": "automatic", "marginal_cost": 0.5,
     "rule": "attempts", "attempts": 1, "delay_days": 7, "subject": "Bienvenido a Suministros Rumbo, {contact}",
     "body": "Hola {contact}: gracias por confiar en nosotros. Su ejecutiva le llamará en unos días para "
             "asegurarse de que todo llegó bien."},
    {"name": "Llamada de seguimiento", "task_type": "call", "marginal_cost": 3, "rule": "attempts", "attempts": 2,
     "delay_days": 30},
    {"name": "Encuesta de satisfacción", "task_type": "interview", "marginal_cost": 15, "rule": "manual"},
]
AMIGO = [
    {"name": "Llamada al recomendado", "task_type": "call", "marginal_cost": 50, "rule": "attempts", "attempts": 2,
     "delay_days": 2},
    {"name": "Visita con muestras", "task_type": "visit", "marginal_cost": 400, "rule": "reply"},
]


def add_campaigns(uow: UnitOfWork, demo: Demo) -> None:
    """Three campaigns, launched, with the mails left to the reps and some of the work done."""
    manager = Actor(demo.people["gerente"].id, "cli")
    today = demo.now.astimezone(ZoneInfo(demo.people["gerente"].timezone)).date()
    chile = [a for a in demo.accounts if a.country == "CL" and a.final in ("target", "lead", "qualified")]
    prospects = lists.create_list(uow, manager, name="Pymes por captar (Chile)", public=True,
                                  account_ids=[a.id for a in chile])
    demo.count("lists")
    made = [
        campaigns.create_campaign(uow, manager, name="Captación Pymes Q4", kind="acquisition", currency="CLP",
                                  list_id=prospects.id, global_cost=1_500_000, opportunity_value=3_000_000,
                                  start_date=today - timedelta(days=20), end_date=today + timedelta(days=70),
                                  stages=CAPTACION),
        campaigns.create_campaign(uow, manager, name="Bienvenida clientes nuevos", kind="loyalty", currency="EUR",
                                  mode="continuous", target_filter={"status": "client", "country": "ES"},
                                  global_cost=300, opportunity_value=600, start_date=today - timedelta(days=45),
                                  stages=BIENVENIDA),
        campaigns.create_campaign(uow, manager, name="Trae un amigo", kind="acquisition", currency="MXN",
                                  mode="continuous", target_filter={"status": "lead", "country": "MX"},
                                  global_cost=5_000, opportunity_value=15_000, start_date=today - timedelta(days=60),
                                  stages=AMIGO),
    ]
    launched = demo.now - timedelta(days=LAUNCHED_DAYS_AGO)
    for campaign in made:
        campaigns.launch_campaign(uow, manager, campaign.campaign.id, at=launched)
    campaign_runs.execute_due(uow, launched, channels=())
    demo.count("campaigns", len(made))
    captacion, bienvenida, amigo = (c.campaign.id for c in made)
    _work_captacion(uow, demo, captacion, chile, launched)
    _work_bienvenida(uow, demo, bienvenida, launched)
    _work_amigo(uow, demo, amigo, launched)


def _deals(uow: UnitOfWork, demo: Demo, campaign_id: int) -> dict[int, int]:
    """Opportunity id by account id of a campaign."""
    manager = Actor(demo.people["gerente"].id, "cli")
    page = campaigns.campaign_opportunities(uow, manager, campaign_id, limit=500)
    return {o.opportunity.account_id: o.opportunity.id for o in page.items}


def _log(uow: UnitOfWork, account: DemoAccount, kind: str, outcome: str, at: datetime,
         positive: bool = False) -> None:
    contact_id, contact = account.contacts[0]
    activities.log_activity(uow, Actor(account.owner.id, "cli"), account_id=account.id, type=kind,
                            outcome=outcome.format(contact=contact), occurred_at=at, contact_id=contact_id,
                            positive=positive)


def _work_captacion(uow: UnitOfWork, demo: Demo, campaign_id: int, chile: list[DemoAccount],
                    launched: datetime) -> None:
    """Ana mails every prospect; calls go 3, 3, 1 deep; the first visit ended in a sale a few days ago."""
    day = timedelta(days=1)
    for account in chile:
        _log(uow, account, "email", "Envié la presentación de Suministros Rumbo a {contact}.", launched + day)
    calls = ("No contesta; dejé mensaje a {contact}.", "{contact} pide que llame la otra semana.",
             "Hablé con {contact}: interesados en EPP y papelería, agendamos visita.")
    for account, depth in zip(chile, (3, 3, 1), strict=False):
        for n, outcome in enumerate(calls[3 - depth:]):
            _log(uow, account, "call", outcome, launched + day * (4 + 2 * n))
    if chile:
        first = chile[0]
        _log(uow, first, "visit", "Visita a {contact}: revisamos consumo mensual; piden pedido de prueba.",
             launched + day * 11)
        opportunities.win_opportunity(uow, Actor(first.owner.id, "cli"), _deals(uow, demo, campaign_id)[first.id],
                                      value=Decimal(4_500_000), at=launched + day * 13)


def _work_bienvenida(uow: UnitOfWork, demo: Demo, campaign_id: int, launched: datetime) -> None:
    """Carla sent the welcome mails by hand; the first new client has had the follow-up call already."""
    reached = _deals(uow, demo, campaign_id)
    clients = [a for a in demo.accounts if a.id in reached]
    for account in clients:
        _log(uow, account, "email", "Mandé la bienvenida a {contact} por correo.", launched + timedelta(days=1))
    if clients:
        _log(uow, clients[0], "call", "Llamé a {contact}: el primer pedido llegó completo y a tiempo.",
             launched + timedelta(days=9))


def _work_amigo(uow: UnitOfWork, demo: Demo, campaign_id: int, launched: datetime) -> None:
    """Bruno called the first recommended lead twice, visited, and closed it."""
    deals = _deals(uow, demo, campaign_id)
    leads = [a for a in demo.accounts if a.id in deals]
    if not leads:
        return
    first, day = leads[0], timedelta(days=1)
    _log(uow, first, "call", "{contact} viene recomendado por un cliente; no pudo hablar, vuelvo a llamar.",
         launched + day)
    _log(uow, first, "call", "Hablé con {contact}: quieren ver muestras de guantes y cascos.", launched + day * 3)
    _log(uow, first, "visit", "Visita con muestras a {contact}: aprueban el pedido.", launched + day * 6,
         positive=True)
    opportunities.win_opportunity(uow, Actor(first.owner.id, "cli"), deals[first.id], value=Decimal(18_000),
                                  at=launched + day * 8)
