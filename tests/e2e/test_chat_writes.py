"""Acceptance: conversations typed the way reps type, each turn checked against the CRM afterwards.

Every write path of the assistant, in Spanish and English: money and its currency, hours in
the rep's working day, impossible dates, close months, short task titles, clarifications that
keep the rep's report, pending questions that a different request interrupts, undo (typed and
by button), leads with country, sector and contact, duplicate accounts, unknown stages, lost
and won deals, and answers to emoji. How to add a case: docs/conversations.md.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.processes import Assistant
from bot.rasa_client import RasaClient
from bot.senders import sender_id
from crm_core.bootstrap import Core
from tests.e2e.writes_support import (
    Conversation,
    Turn,
    accounts_named,
    activity,
    both,
    contact_at,
    lead,
    lost,
    no_activity,
    no_open_task,
    nothing_written,
    opportunity,
    set_up,
    stage,
    task,
    won,
)

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(1800)]

MON, TUE, WED, THU, FRI = range(5)

CONVERSATIONS = [
    Conversation("dinero-es", "es", accounts=[("Cafetería Los Aromos", "CO"), ("Ferretería Don Lucho", "CL"),
                                              ("Andes Export", None)], turns=[
        Turn("abre una oportunidad de 12 millones de pesos con Cafetería Los Aromos", "COP",
             opportunity("Cafetería Los Aromos", 12_000_000, "COP")),
        Turn("oportunidad de 20 lucas con Ferretería Don Lucho", "",
             opportunity("Ferretería Don Lucho", 20_000, "CLP")),
        Turn("abre oportunidad por USD 800 con Andes Export", "US$",
             opportunity("Andes Export", 800, "USD")),
        Turn("nueva oportunidad con Andes Export por 3,5k", "",
             opportunity("Andes Export", 3_500, "USD")),
        Turn("abre una oportunidad de 12 palos con Ferretería Don Lucho para marzo", "Cierre esperado",
             opportunity("Ferretería Don Lucho", 12_000_000, "CLP", close_month=3)),
        Turn("oportunidad de 500 euros con Cafetería Los Aromos", "€",
             opportunity("Cafetería Los Aromos", 500, "EUR")),
        Turn("ganamos Ferretería Don Lucho!!", "Ferretería Don Lucho", won("Ferretería Don Lucho")),
        Turn("perdimos Andes Export porque eligieron a la competencia", "Andes Export", nothing_written()),
        Turn("si", "", lost("Andes Export", "competencia")),
    ]),
    Conversation("horas-es", "es", accounts=[("Café de la Plaza", "CL"), ("Distribuidora Norte", "CL"),
                                             ("Imprenta Lasso", "CL")], turns=[
        Turn("agenda una llamada a Café de la Plaza para mañana a las 3", "15:00",
             task("Café de la Plaza", hour=15, days=1, title="Llamar a Café de la Plaza", kind="call")),
        Turn("agenda una reunion con Distribuidora Norte mañana a las 10 de la mañana", "10:00",
             task("Distribuidora Norte", hour=10, days=1, kind="meeting")),
        Turn("recuerdame visitar Imprenta Lasso el viernes a las 4 de la tarde", "16:00",
             task("Imprenta Lasso", hour=16, weekday=FRI, kind="visit")),
        Turn("agenda llamada con Distribuidora Norte el 30 de febrero", "no existe", nothing_written()),
        Turn("el 27 de febrero a las 11", "11:00", task("Distribuidora Norte", hour=11, kind="call")),
        Turn("agendame una reunion con Café de la Plaza pasado mañana al mediodia", "12:00",
             task("Café de la Plaza", hour=12, days=2, kind="meeting")),
        Turn("👍", "", nothing_written()),
    ]),
    Conversation("aclaracion-es", "es", accounts=[("Constructora Cordillera", "CL"), ("Cordillera Foods", "CL")],
                 turns=[
        Turn("llame a Cordillera, hablamos 40 min con el gerente de obras, quieren cotizacion de 300 sacos "
             "de cemento y fierro para la obra de maipu, recuerdame el jueves", "", nothing_written()),
        Turn("constructora cordillera", "Constructora Cordillera",
             both(activity("Constructora Cordillera", outcome_has="300 sacos de cemento", follow_up=True),
                  task("Constructora Cordillera", hour=9, weekday=THU))),
    ]),
    Conversation("interrumpir-es", "es", accounts=[("Bruno Ltda", "CL"), ("Panadería La Espiga", "CL")], turns=[
        Turn("pasa a negociacion", "", nothing_written()),
        Turn("recuerdame llamar a Panadería La Espiga mañana a las 4", "pregunta anterior",
             both(task("Panadería La Espiga", hour=16, days=1, kind="call"), stage("Bruno Ltda", "lead"))),
        Turn("pasa Bruno Ltda a propuesta", "Propuesta", stage("Bruno Ltda", "proposal")),
        Turn("pasa Bruno Ltda a congelado", "No conozco la etapa",
             both(stage("Bruno Ltda", "proposal"), nothing_written())),
    ]),
    Conversation("deshacer-es", "es", accounts=[("Óptica Central", "CL")], turns=[
        Turn("llamé a Óptica Central, no contestaron", "Óptica Central",
             activity("Óptica Central", outcome_has="no contestaron", kind="call")),
        Turn("deshacer", "borré", no_activity("Óptica Central")),
        Turn("deshacer", "No encuentro", nothing_written()),
        Turn("pasa Óptica Central a calificado", "Calificado", stage("Óptica Central", "qualified")),
        Turn("deshacer", "etapa anterior", stage("Óptica Central", "lead")),
    ]),
    Conversation("leads-es", "es", others=[("Comercial Andina", "Bruno Díaz", "Alimentación")], turns=[
        Turn("nuevo lead: Minimarket El Sol, sector alimentacion, Chile", "Minimarket El Sol",
             lead("Minimarket El Sol", sector="Alimentación", country="CL")),
        Turn("crea un lead Comercial Andina", "Ya existe", accounts_named("Comercial Andina", 1)),
        Turn("nuevo lead Talleres Rivas, peru, contacto Luis Soto luis@rivas.pe", "Talleres Rivas",
             lead("Talleres Rivas", country="PE", contact="Luis Soto", email="luis@rivas.pe")),
    ]),
    Conversation("money-en", "en", timezone="Europe/Madrid",
                 accounts=[("Globex Iberia", "ES"), ("Initech Chile", "CL")], turns=[
        Turn("open a 5k opportunity with Globex Iberia", "€", opportunity("Globex Iberia", 5_000, "EUR")),
        Turn("new deal with Initech Chile for 8 million pesos", "CLP",
             opportunity("Initech Chile", 8_000_000, "CLP")),
        Turn("open an opportunity with Globex Iberia for USD 800, closing in January", "Expected close",
             opportunity("Globex Iberia", 800, "USD", close_month=1)),
        Turn("we won Globex Iberia", "Globex Iberia", won("Globex Iberia")),
    ]),
    Conversation("hours-en", "en", timezone="Europe/Madrid", accounts=[("Acme Foods", "ES"), ("Umbrella Corp", "ES")],
                 turns=[
        Turn("schedule a call with Acme Foods tomorrow at 4", "4:00",
             task("Acme Foods", hour=16, days=1, title="Call Acme Foods", kind="call")),
        Turn("remind me to meet Umbrella Corp tomorrow at 9am", "9:00",
             task("Umbrella Corp", hour=9, days=1, kind="meeting")),
        Turn("set up a meeting with Acme Foods on february 30", "isn't a real date", nothing_written()),
    ]),
    Conversation("undo-en", "en", timezone="Europe/Madrid", accounts=[("Hooli Spain", "ES")], turns=[
        Turn("called Hooli Spain, they want a quote for 20 licenses", "Hooli Spain",
             activity("Hooli Spain", outcome_has="20 licenses", kind="call")),
        Turn("undo", "removed", no_activity("Hooli Spain")),
        Turn("undo", "can't find", nothing_written()),
    ]),
    Conversation("leads-en", "en", timezone="Europe/Madrid", others=[("Stark Retail", "Bruno Díaz", "Retail")],
                 turns=[
        Turn("new lead Wayne Logistics, sector retail, Spain", "Wayne Logistics",
             lead("Wayne Logistics", sector="Retail", country="ES")),
        Turn("create lead Stark Retail", "already exists", accounts_named("Stark Retail", 1)),
    ]),
    Conversation("dictado-es", "es", accounts=[("Supermercado Santa Ana", "CL"), ("Clínica Los Robles", "CL")],
                 turns=[
        Turn("visite supermercado santa ana, el jefe de compras quiere ver precios de la linea nueva, "
             "quedo de mandarle catalogo, recuerdame mañana a las 5", "Supermercado Santa Ana",
             both(activity("Supermercado Santa Ana", outcome_has="jefe de compras", kind="visit", follow_up=True),
                  task("Supermercado Santa Ana", hour=17, days=1))),
        Turn("hable con clinica los robles por whatsapp, todo ok", "Clínica Los Robles",
             activity("Clínica Los Robles", outcome_has="todo ok")),
        Turn("abre oportunidad de 8 mil con Clínica Los Robles", "CLP",
             opportunity("Clínica Los Robles", 8_000, "CLP")),
        Turn("pasa clinica los robles a negociacion", "Negociación", stage("Clínica Los Robles", "negotiation")),
        Turn("🙏🙏", "", nothing_written()),
        Turn("gracias!", "", nothing_written()),
    ]),
    Conversation("pesos-mx", "es", timezone="America/Mexico_City",
                 accounts=[("Abarrotes Doña Mary", "MX")], turns=[
        Turn("abre una oportunidad de 45 mil pesos con Abarrotes Doña Mary", "MXN",
             opportunity("Abarrotes Doña Mary", 45_000, "MXN")),
        Turn("agenda una llamada con Abarrotes Doña Mary mañana a las 2", "14:00",
             task("Abarrotes Doña Mary", hour=14, days=1, kind="call")),
        Turn("recuerdame visitar a Abarrotes Doña Mary mañana a las 7 de la mañana", "7:00",
             task("Abarrotes Doña Mary", hour=7, days=1, kind="visit")),
    ]),
    Conversation("mixed-en", "en", timezone="America/Santiago", accounts=[("Viña Santa Rita", "CL")],
                 open_opportunity=("Viña Santa Rita", "CLP"), turns=[
        Turn("add a 2.5M opportunity with Viña Santa Rita", "CLP",
             opportunity("Viña Santa Rita", 2_500_000, "CLP")),
        Turn("move Viña Santa Rita to proposal", "Proposal", stage("Viña Santa Rita", "proposal")),
        Turn("undo", "previous stage", stage("Viña Santa Rita", "lead")),
        Turn("schedule a visit to Viña Santa Rita tomorrow at noon", "12:00",
             task("Viña Santa Rita", hour=12, days=1, kind="visit")),
        Turn("ok", "", nothing_written()),
    ]),
    Conversation("interrupt-en", "en", timezone="Europe/Madrid",
                 accounts=[("Soylent Iberia", "ES"), ("Tyrell Systems", "ES")], turns=[
        Turn("move to negotiation", "", nothing_written()),
        Turn("remind me to call Tyrell Systems tomorrow at 3", "earlier question",
             both(task("Tyrell Systems", hour=15, days=1, kind="call"), stage("Soylent Iberia", "lead"))),
        Turn("move Soylent Iberia to frozen", "don't know the stage",
             both(stage("Soylent Iberia", "lead"), nothing_written())),
    ]),
    Conversation("semana-es", "es", accounts=[("Transportes Rápidos", "CL"), ("Hotel Bahía", "CL"),
                                              ("Agrícola San José", "CL")], turns=[
        Turn("llamé a Transportes Rápidos, piden descuento por volumen", "Transportes Rápidos",
             activity("Transportes Rápidos", outcome_has="descuento por volumen", kind="call")),
        Turn("pasa Transportes Rápidos a propuesta", "Propuesta", stage("Transportes Rápidos", "proposal")),
        Turn("abre una oportunidad de 3 millones con Transportes Rápidos", "CLP",
             opportunity("Transportes Rápidos", 3_000_000, "CLP")),
        Turn("reunión con Hotel Bahía, les interesa el plan anual", "Hotel Bahía",
             activity("Hotel Bahía", outcome_has="plan anual", kind="meeting")),
        Turn("pasa Hotel Bahía a negociación", "Negociación", stage("Hotel Bahía", "negotiation")),
        Turn("abre una oportunidad de 900 dolares con Agrícola San José", "US$",
             opportunity("Agrícola San José", 900, "USD")),
        Turn("ganamos Agrícola San José", "Agrícola San José", won("Agrícola San José")),
        Turn("deshacer", "", stage("Agrícola San José", "client")),
    ]),
    Conversation("week-en", "en", timezone="America/Santiago", accounts=[("Blue Ocean Imports", "CL"),
                                                                      ("Northwind Traders", "US")], turns=[
        Turn("called Blue Ocean Imports, they need a proposal by friday", "Blue Ocean Imports",
             activity("Blue Ocean Imports", outcome_has="proposal by friday", kind="call")),
        Turn("move Blue Ocean Imports to proposal", "Proposal", stage("Blue Ocean Imports", "proposal")),
        Turn("open a 12k opportunity with Northwind Traders", "$",
             opportunity("Northwind Traders", 12_000, "USD")),
        Turn("open an opportunity with Blue Ocean Imports for 4 million", "CLP",
             opportunity("Blue Ocean Imports", 4_000_000, "CLP")),
        Turn("we won Northwind Traders", "Northwind Traders", won("Northwind Traders")),
    ]),
    Conversation("tareas-es", "es", accounts=[("Muebles Rústicos", "CL"), ("Lavandería Express", "CL")], turns=[
        Turn("agenda una llamada con Muebles Rústicos mañana a las 11", "11:00",
             task("Muebles Rústicos", hour=11, days=1, title="Llamar a Muebles Rústicos", kind="call")),
        Turn("mueve la llamada con Muebles Rústicos al viernes a las 3", "15:00",
             task("Muebles Rústicos", hour=15, weekday=FRI)),
        Turn("listo la llamada con Muebles Rústicos", "", no_open_task("Muebles Rústicos")),
        Turn("agenda visita a Lavandería Express el lunes a las 9", "9:00",
             task("Lavandería Express", hour=9, weekday=MON, kind="visit")),
        Turn("recuerdame escribirle a Lavandería Express mañana a las 6 de la tarde", "18:00",
             task("Lavandería Express", hour=18, days=1, kind="email")),
    ]),
    Conversation("monedas-es", "es", accounts=[("Minera Los Andes", "PE"), ("Tienda Carioca", "BR"),
                                               ("Hostal Madrid Centro", "ES")], turns=[
        Turn("abre una oportunidad de 15 mil soles con Minera Los Andes", "PEN",
             opportunity("Minera Los Andes", 15_000, "PEN")),
        Turn("oportunidad de 20 mil reales con Tienda Carioca", "BRL",
             opportunity("Tienda Carioca", 20_000, "BRL")),
        Turn("abre oportunidad de 2000 con Hostal Madrid Centro", "€",
             opportunity("Hostal Madrid Centro", 2_000, "EUR")),
        Turn("abre una oportunidad de US$ 1.500 con Minera Los Andes", "US$",
             opportunity("Minera Los Andes", 1_500, "USD")),
        Turn("oportunidad de 7000 con Tienda Carioca", "BRL", opportunity("Tienda Carioca", 7_000, "BRL")),
    ]),
    Conversation("perdidas-es", "es", accounts=[("Gimnasio Fuerza", "CL")], open_opportunity=("Gimnasio Fuerza", "CLP"),
                 turns=[
        Turn("perdimos Gimnasio Fuerza, se fueron con otro proveedor mas barato", "Gimnasio Fuerza",
             nothing_written()),
        Turn("no", "", nothing_written()),
        Turn("perdimos Gimnasio Fuerza porque el precio era muy alto", "Gimnasio Fuerza", nothing_written()),
        Turn("si", "", lost("Gimnasio Fuerza", "precio")),
    ]),
    Conversation("tasks-en", "en", timezone="America/New_York", accounts=[("Cyberdyne Labs", "US")], turns=[
        Turn("schedule a call with Cyberdyne Labs tomorrow at 2pm", "2:00",
             task("Cyberdyne Labs", hour=14, days=1, title="Call Cyberdyne Labs", kind="call")),
        Turn("move the call with Cyberdyne Labs to friday at 10", "10:00",
             task("Cyberdyne Labs", hour=10, weekday=FRI)),
        Turn("open a 3k opportunity with Cyberdyne Labs", "$", opportunity("Cyberdyne Labs", 3_000, "USD")),
        Turn("we lost Cyberdyne Labs because they went with a competitor", "Cyberdyne Labs", nothing_written()),
        Turn("yes", "", lost("Cyberdyne Labs", "competitor")),
    ]),
    Conversation("contacts-en", "en", timezone="Europe/Madrid", accounts=[("Pied Piper Madrid", "ES")], turns=[
        Turn("add contact Laura Vidal to Pied Piper Madrid, laura@piedpiper.es", "Laura",
             contact_at("Pied Piper Madrid", "Laura Vidal", email="laura@piedpiper.es")),
        Turn("new lead Dunder Paper, sector retail, spain, contact Jim Halpert jim@dunder.es", "Dunder Paper",
             lead("Dunder Paper", country="ES", contact="Jim Halpert", email="jim@dunder.es")),
    ]),
    Conversation("vendedor-dia-es", "es", accounts=[("Distribuidora El Roble", "CL"), ("Pastelería Dulce Hogar", "CL"),
                                                    ("Servicios Técnicos Pérez", "CL")], turns=[
        Turn("hola", "", nothing_written()),
        Turn("llame a Distribuidora El Roble, quieren 200 cajas para enero, recuerdame el lunes", "Distribuidora El Roble",
             both(activity("Distribuidora El Roble", outcome_has="200 cajas", kind="call", follow_up=True),
                  task("Distribuidora El Roble", hour=9, weekday=MON))),
        Turn("abre una oportunidad de 4,5 millones con Distribuidora El Roble, cierre en enero", "Cierre esperado",
             opportunity("Distribuidora El Roble", 4_500_000, "CLP", close_month=1)),
        Turn("pasa Distribuidora El Roble a propuesta", "Propuesta", stage("Distribuidora El Roble", "proposal")),
        Turn("visite Pastelería Dulce Hogar, la dueña no estaba, volver la otra semana", "Pastelería Dulce Hogar",
             activity("Pastelería Dulce Hogar", outcome_has="la dueña no estaba", kind="visit")),
        Turn("agenda una visita a Pastelería Dulce Hogar el miercoles a las 10", "10:00",
             task("Pastelería Dulce Hogar", hour=10, weekday=WED, kind="visit")),
        Turn("abre oportunidad de 350 lucas con Servicios Técnicos Pérez", "CLP",
             opportunity("Servicios Técnicos Pérez", 350_000, "CLP")),
        Turn("ganamos Servicios Técnicos Pérez", "Servicios Técnicos Pérez", won("Servicios Técnicos Pérez")),
        Turn("gracias, chao", "", nothing_written()),
    ]),
    Conversation("rep-day-en", "en", timezone="America/Santiago",
                 accounts=[("Oceanic Freight", "CL"), ("Vandelay Industries", "US"), ("Bluth Company", "US")], turns=[
        Turn("hi", "", nothing_written()),
        Turn("visited Oceanic Freight, they want a demo next week", "Oceanic Freight",
             activity("Oceanic Freight", outcome_has="demo next week", kind="visit")),
        Turn("schedule a meeting with Oceanic Freight on monday at 11", "11:00",
             task("Oceanic Freight", hour=11, weekday=MON, kind="meeting")),
        Turn("open a 2 million pesos opportunity with Oceanic Freight", "CLP",
             opportunity("Oceanic Freight", 2_000_000, "CLP")),
        Turn("open an opportunity with Vandelay Industries for 15k", "$",
             opportunity("Vandelay Industries", 15_000, "USD")),
        Turn("move Vandelay Industries to negotiation", "Negotiation", stage("Vandelay Industries", "negotiation")),
        Turn("called Bluth Company, they want the price list", "Bluth Company",
             activity("Bluth Company", outcome_has="price list", kind="call")),
        Turn("undo", "removed", no_activity("Bluth Company")),
        Turn("thanks!", "", nothing_written()),
    ]),
    Conversation("typos-es", "es", accounts=[("Comercializadora Austral", "CL"), ("Vidrios del Sur", "CL")], turns=[
        Turn("llame a Comercializadora Austral, ta todo ok, mandan la oc el viernes", "Comercializadora Austral",
             activity("Comercializadora Austral", outcome_has="mandan la oc", kind="call")),
        Turn("abre una oportunida de 6 palos con Comercializadora Austral", "CLP",
             opportunity("Comercializadora Austral", 6_000_000, "CLP")),
        Turn("pasa Vidrios del Sur a calificado", "Calificado", stage("Vidrios del Sur", "qualified")),
        Turn("agenda llamada con Vidrios del Sur mañana a las 4", "16:00",
             task("Vidrios del Sur", hour=16, days=1, kind="call")),
        Turn("👌", "", nothing_written()),
    ]),
    Conversation("colombia-es", "es", timezone="America/Bogota",
                 accounts=[("Tostadora El Cafetal", "CO"), ("Droguería San Jorge", "CO")], turns=[
        Turn("abre una oportunidad de 25 millones de pesos con Tostadora El Cafetal", "COP",
             opportunity("Tostadora El Cafetal", 25_000_000, "COP")),
        Turn("abre oportunidad de 800 mil con Droguería San Jorge", "COP",
             opportunity("Droguería San Jorge", 800_000, "COP")),
        Turn("agenda una llamada con Tostadora El Cafetal mañana a las 3", "15:00",
             task("Tostadora El Cafetal", hour=15, days=1, kind="call")),
        Turn("llame a Droguería San Jorge, piden muestra gratis, recuerdame el viernes", "Droguería San Jorge",
             both(activity("Droguería San Jorge", outcome_has="muestra gratis", follow_up=True),
                  task("Droguería San Jorge", hour=9, weekday=FRI))),
        Turn("pasa Droguería San Jorge a propuesta", "Propuesta", stage("Droguería San Jorge", "proposal")),
        Turn("deshacer", "etapa anterior", stage("Droguería San Jorge", "lead")),
    ]),
    Conversation("madrid-es", "es", timezone="Europe/Madrid",
                 accounts=[("Bodegas Ribera", "ES"), ("Talleres Gómez", "ES")], turns=[
        Turn("abre una oportunidad de 3.500 con Bodegas Ribera", "€", opportunity("Bodegas Ribera", 3_500, "EUR")),
        Turn("agenda una reunion con Bodegas Ribera mañana a las 5 de la tarde", "17:00",
             task("Bodegas Ribera", hour=17, days=1, kind="meeting")),
        Turn("llamé a Talleres Gómez, quieren presupuesto, recuérdame mañana a las 10", "Talleres Gómez",
             both(activity("Talleres Gómez", outcome_has="presupuesto", kind="call"),
                  task("Talleres Gómez", hour=10, days=1))),
        Turn("abre una oportunidad de 1200 dólares con Talleres Gómez", "US$",
             opportunity("Talleres Gómez", 1_200, "USD")),
        Turn("ganamos Bodegas Ribera", "Bodegas Ribera", won("Bodegas Ribera")),
    ]),
    Conversation("manager-en", "en", timezone="America/Mexico_City",
                 accounts=[("Taquería El Güero", "MX"), ("Grupo Industrial Norte", "MX")], turns=[
        Turn("open an opportunity with Taquería El Güero for 50 thousand pesos", "MX$",
             opportunity("Taquería El Güero", 50_000, "MXN")),
        Turn("open a 200k opportunity with Grupo Industrial Norte", "MX$",
             opportunity("Grupo Industrial Norte", 200_000, "MXN")),
        Turn("schedule a call with Grupo Industrial Norte tomorrow at 5", "5:00",
             task("Grupo Industrial Norte", hour=17, days=1, kind="call")),
        Turn("move Grupo Industrial Norte to proposal", "Proposal", stage("Grupo Industrial Norte", "proposal")),
        Turn("we won Taquería El Güero", "Taquería El Güero", won("Taquería El Güero")),
    ]),
    Conversation("contacto-es", "es", accounts=[("Librería Nacional", "CO")], turns=[
        Turn("agrega a Ana Perez en Librería Nacional, ana@libreria.co", "Ana",
             contact_at("Librería Nacional", "Ana Perez", email="ana@libreria.co")),
    ]),
]

RESULTS = Path(__file__).resolve().parents[2] / ".pytest_cache" / "chat_writes.json"


def count_turns() -> tuple[int, int]:
    """The suite's size: turns, and turns that write."""
    turns = [t for c in CONVERSATIONS for t in c.turns]
    return len(turns), sum(1 for t in turns if t.writes)


def texts(replies: list[dict]) -> str:
    return "\n".join(r.get("text", "") for r in replies)


@pytest.mark.parametrize("conversation", CONVERSATIONS, ids=[c.id for c in CONVERSATIONS])
def test_every_turn_writes_what_the_rep_said(assistant: Assistant, assistant_db: tuple[str, Core],
                                             conversation: Conversation) -> None:
    world = set_up(assistant_db[1], conversation)
    client = RasaClient(assistant.rasa.url, timeout=120)
    me = sender_id(world.actor.user_id, "cli")
    failures, transcript = [], []
    for number, turn in enumerate(conversation.turns, 1):
        world.mark()
        replies = client.send(me, turn.text)
        said = texts(replies)
        transcript.append(f"{turn.text!r} -> {said!r}")
        problem = None
        if not replies:
            problem = "no answer"
        elif turn.says and turn.says.lower() not in said.lower():
            problem = f"reply lacks {turn.says!r}"
        elif turn.check is not None:
            try:
                turn.check(world)
            except AssertionError as error:
                problem = f"CRM: {error}"
        if problem:
            failures.append(f"turn {number} {turn.text!r}: {problem}; reply {said!r}")
    RESULTS.parent.mkdir(exist_ok=True)
    done = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    done[conversation.id] = {"turns": len(conversation.turns), "failed": len(failures), "failures": failures}
    RESULTS.write_text(json.dumps(done, ensure_ascii=False, indent=1))
    assert not failures, "\n".join(failures) + "\n\ntranscript:\n" + "\n".join(transcript)
