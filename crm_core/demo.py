"""The demo company "Suministros Rumbo", a distributor of industrial and office supplies.

`rumbo demo load` builds it through the services, so audit entries and access rules are
real. People (all at @demo.rumbo.app):

- admin@demo.rumbo.app: Admin Rumbo, admin
- gerente@demo.rumbo.app: Gabriela Reyes, manager of Equipo Andino
- ana@demo.rumbo.app: Ana Torres, rep, es, America/Santiago, responsible for Zona Andina (CL, CO)
- bruno@demo.rumbo.app: Bruno Díaz, rep, es, America/Mexico_City, responsible for Zona Norte (MX, ES)
- carla@demo.rumbo.app: Carla Martín, rep, en, Europe/Madrid, works the Spanish accounts

About 60 accounts in six sectors and four countries cover every status of the sales
flow, with contacts, opportunities (open, won, lost), 90 days of activities and tasks
for this week, sprints, lists and three running campaigns (`crm_core.demo_campaigns`).
Everything is drawn from `random.Random(2026)` relative to today.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from crm_core import demo_campaigns, demo_sprints
from crm_core.domain import names
from crm_core.errors import NotFound
from crm_core.persistence.types import utcnow
from crm_core.read_models.common import UserView
from crm_core.services import (
    accounts,
    activities,
    contacts,
    currencies,
    flow,
    opportunities,
    tasks,
    users,
)
from crm_core.services.common import Actor
from crm_core.uow import UnitOfWork

logger = logging.getLogger(__name__)

CLI = Actor(None, "cli")
DOMAIN = "demo.rumbo.app"
DEMO_REP_EMAIL = f"ana@{DOMAIN}"  # the rep `make run` offers a web chat link for
TEAM = "Equipo Andino"
HISTORY_DAYS = 90

PEOPLE = (
    # email local part, name, role, language, timezone
    ("admin", "Admin Rumbo", "admin", "es", "America/Santiago"),
    ("gerente", "Gabriela Reyes", "manager", "es", "America/Santiago"),
    ("ana", "Ana Torres", "rep", "es", "America/Santiago"),
    ("bruno", "Bruno Díaz", "rep", "es", "America/Mexico_City"),
    ("carla", "Carla Martín", "rep", "en", "Europe/Madrid"),
)
TERRITORIES = (("Zona Andina", "ana", ("CL", "CO")), ("Zona Norte", "bruno", ("MX", "ES")))
OWNER_BY_COUNTRY = {"CL": "ana", "CO": "ana", "MX": "bruno", "ES": "carla"}
CURRENCY = {"CL": ("CLP", 1_000_000), "CO": ("COP", 4_000_000), "MX": ("MXN", 20_000), "ES": ("EUR", 1_000)}
PHONE_PREFIX = {"CL": ("+569", 8), "CO": ("+573", 9), "MX": ("+5255", 8), "ES": ("+346", 8)}

# name, sector, country
ACCOUNTS = (
    ("Ferretería El Martillo", "Retail", "CL"), ("Supermercados La Canasta", "Retail", "MX"),
    ("Librería Nacional del Norte", "Retail", "CO"), ("Tiendas Don Pepe", "Retail", "ES"),
    ("Óptica Visión Clara", "Retail", "CL"), ("Farmacias del Ahorro Sur", "Retail", "MX"),
    ("Papelería La Estrella", "Retail", "CO"), ("Almacenes Paraíso", "Retail", "ES"),
    ("Mueblería Los Andes", "Retail", "CL"), ("Tienda Deportiva Cumbre", "Retail", "MX"),
    ("Constructora del Pacífico", "Construcción", "CL"), ("Inmobiliaria Altamira", "Construcción", "MX"),
    ("Obras Civiles Cordillera", "Construcción", "CO"), ("Construcciones Hermanos Ruiz", "Construcción", "ES"),
    ("Grupo Andino Ingeniería", "Construcción", "CL"), ("Edificaciones Monterrey", "Construcción", "MX"),
    ("Pavimentos del Valle", "Construcción", "CO"), ("Reformas Levante", "Construcción", "ES"),
    ("Montajes Industriales Austral", "Construcción", "CL"), ("Clínica Santa Fe", "Salud", "CO"),
    ("Centro Médico San Rafael", "Salud", "CL"), ("Laboratorio Clínico Vida", "Salud", "MX"),
    ("Hospital Regional Temuco", "Salud", "CL"), ("Clínica Dental Sonrisas", "Salud", "ES"),
    ("Policlínico Los Olivos", "Salud", "CO"), ("Residencia Mayor El Roble", "Salud", "ES"),
    ("Hospital Ángeles del Bajío", "Salud", "MX"), ("Hotel Mirador", "Hostelería", "CL"),
    ("Hotel Costa Azul", "Hostelería", "MX"), ("Restaurante El Fogón", "Hostelería", "CO"),
    ("Hostal Camino de Santiago", "Hostelería", "ES"), ("Café de la Plaza", "Hostelería", "CL"),
    ("Hotel Boutique Casa Colonial", "Hostelería", "MX"), ("Cadena Hotelera Sol y Mar", "Hostelería", "ES"),
    ("Catering Buen Provecho", "Hostelería", "CO"), ("Restaurante La Terraza", "Hostelería", "ES"),
    ("Transportes Cordillera", "Logística", "CL"), ("Logística Express del Norte", "Logística", "MX"),
    ("Bodegas San Isidro", "Logística", "CO"), ("Distribuciones Ibéricas", "Logística", "ES"),
    ("Frigorífico Patagonia", "Logística", "CL"), ("Mudanzas El Rápido", "Logística", "MX"),
    ("Puerto Seco Barranquilla", "Logística", "CO"), ("Almacenaje Zaragoza Plaza", "Logística", "ES"),
    ("Courier Andes", "Logística", "CL"), ("Tecnología Horizonte", "Tecnología", "CL"),
    ("Soluciones Digitales Aztecas", "Tecnología", "MX"), ("Software Cafetero", "Tecnología", "CO"),
    ("Datos y Redes Madrid", "Tecnología", "ES"), ("Centro de Datos Valparaíso", "Tecnología", "CL"),
    ("Innovación Querétaro", "Tecnología", "MX"), ("Telecomunicaciones Medellín", "Tecnología", "CO"),
    ("Consultora Nube Ibérica", "Tecnología", "ES"), ("Colegio San Ignacio", "Retail", "CO"),
    ("Agroindustrias El Sauce", "Logística", "CL"), ("Minera Piedra Blanca", "Construcción", "CL"),
    ("Panadería La Espiga", "Hostelería", "MX"), ("Gimnasio Fuerza Total", "Salud", "CO"),
    ("Imprenta Gráfica Sevilla", "Tecnología", "ES"), ("Viveros Monteverde", "Retail", "MX"),
)
# the final status of each account, in order (as many as accounts; covers the whole flow)
FINAL_STATUSES = (["target"] * 9 + ["lead"] * 11 + ["qualified"] * 9 + ["proposal"] * 8
                  + ["negotiation"] * 7 + ["client"] * 11 + ["lost"] * 5)
PATH = ("target", "lead", "qualified", "proposal", "negotiation")
ACTIVITIES_BY_STATUS = {"target": (0, 1), "lead": (1, 3), "qualified": (3, 5), "proposal": (4, 7),
                        "negotiation": (5, 8), "client": (6, 10), "lost": (3, 6)}

FIRST_NAMES = ("María", "José", "Carmen", "Luis", "Patricia", "Jorge", "Claudia", "Andrés", "Verónica",
               "Ricardo", "Daniela", "Fernando", "Lorena", "Pablo", "Marcela", "Sergio", "Isabel",
               "Rodrigo", "Natalia", "Héctor", "Paula", "Tomás", "Alejandra", "Manuel")
LAST_NAMES = ("González", "Rodríguez", "Muñoz", "Hernández", "López", "Martínez", "Pérez", "Soto",
              "Ramírez", "Castro", "Vargas", "Rojas", "Jiménez", "Morales", "Fuentes", "Navarro",
              "Herrera", "Silva", "Ortega", "Campos")
ROLES = ("Gerente general", "Jefa de compras", "Jefe de compras", "Encargado de bodega",
         "Administración y finanzas", "Dueño", "Jefa de mantención", "Coordinador de operaciones")
PRODUCTS = ("guantes de nitrilo", "papel fotocopia A4", "tornillería y anclajes", "cascos y chalecos reflectantes",
            "tóner y cartuchos", "sillas ergonómicas", "productos de limpieza industrial",
            "cinta de embalaje y film", "extintores", "mascarillas y EPP", "archivadores y carpetas",
            "herramientas eléctricas")
OUTCOMES = {
    "call": ("Llamé a {contact}: interesados en {product}, piden cotización por volumen.",
             "No contesta; dejé mensaje a {contact}, vuelvo a llamar.",
             "{contact} confirma que recibió la propuesta; la revisan con gerencia esta semana.",
             "Conversé con {contact}: el precio de {product} les parece alto, piden mejorar condiciones.",
             "{contact} pide adelantar el despacho de {product}.",
             "Llamada de seguimiento con {contact}: todo conforme con la última entrega."),
    "visit": ("Visita a la bodega con {contact}: revisamos consumo mensual de {product}.",
              "Visita comercial: presenté el catálogo nuevo a {contact}, se llevó muestras de {product}.",
              "Reunión en terreno con {contact}; quieren proveedor único para {product}."),
    "email": ("Envié cotización de {product} a {contact}.",
              "Correo a {contact} con la ficha técnica de {product}.",
              "{contact} responde por correo: necesitan factura a 30 días."),
    "whatsapp": ("WhatsApp de {contact}: preguntan plazo de entrega de {product}.",
                 "Por WhatsApp {contact} confirma el pedido de prueba.",
                 "Mandé fotos de {product} por WhatsApp a {contact}."),
    "meeting": ("Reunión por videollamada con {contact} y su equipo: revisamos la propuesta de {product}.",
                "Reunión de negociación con {contact}: piden 5% de descuento por contrato anual."),
    "note": ("Cliente compara con otro proveedor de {product}; ojo con el precio.",
             "{contact} prefiere que lo contacten en la mañana."),
}
ACTIVITY_WEIGHTS = {"call": 40, "email": 20, "whatsapp": 15, "visit": 12, "meeting": 8, "note": 5}
LOST_REASONS = ("Eligieron a un proveedor con mejor precio", "Proyecto postergado hasta el próximo año",
                "Sin presupuesto este trimestre", "Compraron directo al fabricante",
                "No cumplimos el plazo de entrega que necesitaban")
TASK_TITLES = {"call": "Llamar a {contact} por la cotización de {product}",
               "visit": "Visitar a {contact} y llevar muestras de {product}",
               "email": "Enviar propuesta actualizada de {product}",
               "meeting": "Reunión de cierre con {contact}",
               "whatsapp": "Confirmar por WhatsApp el despacho de {product}"}
PLANNED_TIMES = (time(9, 30), time(11, 0), time(12, 30), time(15, 0), time(16, 30), time(17, 30))


@dataclass
class DemoAccount:
    """What the later steps need to know about an account they build on."""

    id: int
    name: str
    country: str
    owner: UserView
    final: str
    started: datetime
    contacts: list[tuple[int, str]] = field(default_factory=list)
    opportunity_id: int | None = None


@dataclass
class Demo:
    """State shared by the loading steps."""

    rng: random.Random
    now: datetime
    people: dict[str, UserView] = field(default_factory=dict)
    territories: dict[str, int] = field(default_factory=dict)
    accounts: list[DemoAccount] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def count(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n

    def as_rep(self, account: DemoAccount) -> Actor:
        return Actor(account.owner.id, "cli")


def email(local: str) -> str:
    """A demo user's email address."""
    return f"{local}@{DOMAIN}"


def is_loaded(uow: UnitOfWork) -> bool:
    """True when the demo company is already in the database."""
    try:
        users.get_user_by_email(uow, email("admin"))
    except NotFound:
        return False
    return True


def load_demo(uow: UnitOfWork) -> str:
    """Load the demo company once; a second call changes nothing. Returns a one-line summary."""
    flow.ensure_default_flow(uow)
    if is_loaded(uow):
        return f"demo already loaded ({email('admin')} exists); nothing changed"
    demo = Demo(rng=random.Random(2026), now=utcnow())
    for step in (add_people, add_territories, add_accounts, add_contacts, add_opportunities,
                 add_activities, add_tasks, demo_sprints.add_sprints, demo_sprints.add_lists,
                 demo_campaigns.add_campaigns):
        step(uow, demo)
        logger.info("demo step %s done", step.__name__)
    logins = ", ".join(f"{email(local)} ({role})" for local, _name, role, *_ in PEOPLE)
    counts = ", ".join(f"{n} {what}" for what, n in demo.counts.items())
    return f"demo loaded: Suministros Rumbo, {counts}; users {logins}"


def add_people(uow: UnitOfWork, demo: Demo) -> None:
    """The admin, the manager and the three reps of Equipo Andino."""
    for local, name, role, language, timezone in PEOPLE:
        demo.people[local] = users.add_user(
            uow, CLI, name=name, email=email(local), role=role, team=TEAM if role != "admin" else None,
            language=language, timezone=timezone,
        )
        demo.count("users")
    currencies.set_team_currency(uow, CLI, TEAM, "CLP")


def add_territories(uow: UnitOfWork, demo: Demo) -> None:
    """Two zones, each with its one responsible rep."""
    for name, responsible, _countries in TERRITORIES:
        demo.territories[name] = users.add_territory(uow, CLI, name, email(responsible))
        demo.count("territories")


def _territory(demo: Demo, country: str) -> int:
    return next(demo.territories[name] for name, _, countries in TERRITORIES if country in countries)


def add_accounts(uow: UnitOfWork, demo: Demo) -> None:
    """The accounts, created as targets or leads up to 90 days ago, then moved along the flow."""
    rng = demo.rng
    finals = list(FINAL_STATUSES)
    rng.shuffle(finals)
    for (name, sector, country), final in zip(ACCOUNTS, finals, strict=True):
        owner = demo.people[OWNER_BY_COUNTRY[country]]
        advanced = final not in ("target", "lead")
        started = demo.now - timedelta(days=rng.randint(45 if advanced else 3, HISTORY_DAYS),
                                       hours=rng.randint(0, 10))
        inbound = final != "target" and rng.random() < 0.3
        view = accounts.create_account(
            uow, CLI, name=name, sector=sector, country=country, owner_id=owner.id,
            territory_id=_territory(demo, country), status="lead" if inbound else "target",
            source=rng.choice(("whatsapp", "web", "instagram")) if inbound else rng.choice(
                ("feria industrial", "referido", "prospección", "base comprada")),
            shared=rng.random() < 0.1, created_at=started,
        )
        demo.accounts.append(DemoAccount(view.id, name, country, owner, final, started))
        demo.count("accounts")
        _walk_the_flow(uow, demo, demo.accounts[-1], "lead" if inbound else "target")


def _walk_the_flow(uow: UnitOfWork, demo: Demo, account: DemoAccount, start: str) -> None:
    """Move an account step by step towards the status it has today (wins and losses come later)."""
    goal = account.final if account.final in PATH else "negotiation"
    if account.final == "lost":
        goal = demo.rng.choice(("lead", "qualified", "proposal"))
    steps = PATH[PATH.index(start) + 1: PATH.index(goal) + 1]
    span = (demo.now - timedelta(days=3)) - account.started
    for i, status in enumerate(steps, start=1):
        at = account.started + span * (i / (len(steps) + 1))
        accounts.move_status(uow, demo.as_rep(account), account.id, status, at=at)


def _phone(rng: random.Random, country: str) -> str:
    prefix, digits = PHONE_PREFIX[country]
    return prefix + "".join(str(rng.randint(0, 9)) for _ in range(digits))


def add_contacts(uow: UnitOfWork, demo: Demo) -> None:
    """One to three people per account, with role, email and phone in E.164."""
    rng = demo.rng
    for account in demo.accounts:
        domain = names.search_key(account.name).replace(" ", "")[:24] + ".example"
        for _ in range(rng.randint(1, 3)):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            view = contacts.add_contact(
                uow, demo.as_rep(account), account_id=account.id, name=f"{first} {last}",
                role=rng.choice(ROLES), email=f"{names.search_key(first)}.{names.search_key(last)}@{domain}",
                phone=_phone(rng, account.country),
            )
            account.contacts.append((view.id, first))
            demo.count("contacts")


def _value(rng: random.Random, country: str) -> tuple[Decimal, str]:
    currency, unit = CURRENCY[country]
    return Decimal(rng.randint(2, 60) * unit // 2), currency


def add_opportunities(uow: UnitOfWork, demo: Demo) -> None:
    """Open deals on accounts in play, won deals on clients, lost deals with the customer's reason."""
    rng = demo.rng
    for account in demo.accounts:
        if account.final in ("target", "lead") and rng.random() < 0.8:
            continue
        opened = account.started + (demo.now - account.started) * 0.3
        stage = account.final if account.final in PATH[2:] else "lead"
        if account.final in ("client", "lost"):
            stage = rng.choice(("proposal", "negotiation"))
        value, currency = _value(rng, account.country)
        product = rng.choice(PRODUCTS)
        deal = opportunities.open_opportunity(
            uow, demo.as_rep(account), account_id=account.id, value=value, currency=currency,
            stage=stage, title=f"{product.capitalize()} para {account.name}",
            contact_id=account.contacts[0][0], created_at=opened,
            expected_close=(demo.now + timedelta(days=rng.randint(7, 60))).date(),
        )
        account.opportunity_id = deal.id
        demo.count("opportunities")
        closed = demo.now - timedelta(days=rng.randint(2, 20))
        if account.final == "client":
            opportunities.win_opportunity(uow, demo.as_rep(account), deal.id, at=closed)
            if rng.random() < 0.4:
                value, currency = _value(rng, account.country)
                opportunities.open_opportunity(
                    uow, demo.as_rep(account), account_id=account.id, value=value, currency=currency,
                    stage="proposal", title=f"Reposición de {rng.choice(PRODUCTS)}",
                    created_at=closed + timedelta(days=1),
                )
                demo.count("opportunities")
        elif account.final == "lost":
            opportunities.lose_opportunity(uow, demo.as_rep(account), deal.id, rng.choice(LOST_REASONS), at=closed)
            accounts.move_status(uow, demo.as_rep(account), account.id, "lost", at=closed)


def add_activities(uow: UnitOfWork, demo: Demo) -> None:
    """Calls, visits, emails, WhatsApps, meetings and notes spread over the last 90 days."""
    rng = demo.rng
    kinds, weights = list(ACTIVITY_WEIGHTS), list(ACTIVITY_WEIGHTS.values())
    for account in demo.accounts:
        low, high = ACTIVITIES_BY_STATUS[account.final]
        span = demo.now - account.started
        for _ in range(rng.randint(low, high)):
            kind = rng.choices(kinds, weights)[0]
            contact_id, contact = rng.choice(account.contacts)
            outcome = rng.choice(OUTCOMES[kind]).format(contact=contact, product=rng.choice(PRODUCTS))
            occurred = account.started + span * rng.uniform(0.02, 0.98)
            activities.log_activity(
                uow, demo.as_rep(account), account_id=account.id, type=kind, outcome=outcome,
                occurred_at=occurred, contact_id=contact_id if kind != "note" else None,
                opportunity_id=account.opportunity_id, complete_matching_task=False,
            )
            demo.count("activities")


def _this_week(today: date) -> list[date]:
    """Today and the remaining working days of the week (the next ones when it is the weekend)."""
    days = [today + timedelta(days=i) for i in range(7)]
    working = [d for d in days if d.weekday() < 5]
    this_week = [d for d in working if d.isocalendar()[1] == today.isocalendar()[1]]
    return this_week or working[:5]


def add_tasks(uow: UnitOfWork, demo: Demo) -> None:
    """Planned tasks at local times this week, free tasks, and a couple that are overdue."""
    rng = demo.rng
    in_play = [a for a in demo.accounts if a.final not in ("lost",)]
    for local in ("ana", "bruno", "carla"):
        rep = demo.people[local]
        zone = ZoneInfo(rep.timezone)
        today = demo.now.astimezone(zone).date()
        mine = [a for a in in_play if a.owner.id == rep.id]
        week = _this_week(today)
        for i in range(6):
            day = week[i % len(week)]
            _task(uow, demo, rng.choice(mine), due_at=datetime.combine(day, rng.choice(PLANNED_TIMES), zone))
        for _ in range(2):
            _task(uow, demo, rng.choice(mine), start_date=today - timedelta(days=rng.randint(0, 2)))
        if local != "carla":
            overdue = datetime.combine(today - timedelta(days=rng.randint(2, 5)), time(10, 0), zone)
            _task(uow, demo, rng.choice(mine), due_at=overdue)


def _task(uow: UnitOfWork, demo: Demo, account: DemoAccount, *, due_at: datetime | None = None,
          start_date: date | None = None) -> None:
    kind = demo.rng.choice(list(TASK_TITLES))
    contact = demo.rng.choice(account.contacts)[1]
    title = TASK_TITLES[kind].format(contact=contact, product=demo.rng.choice(PRODUCTS))
    tasks.schedule_task(uow, CLI, type=kind, account_id=account.id, title=f"{title} ({account.name})",
                        assignee_id=account.owner.id, due_at=due_at, start_date=start_date)
    demo.count("tasks")
