"""Countries and sectors as reps type them, normalised to what the CRM already holds."""

from __future__ import annotations

import re
from collections.abc import Iterable

from crm_core.domain.names import search_key

# Country names in Spanish and English (accent-free, lower case) to ISO 3166 alpha-2.
COUNTRIES = {
    "chile": "CL", "colombia": "CO", "mexico": "MX", "méxico": "MX", "argentina": "AR", "peru": "PE",
    "uruguay": "UY", "paraguay": "PY", "bolivia": "BO", "ecuador": "EC", "venezuela": "VE", "brasil": "BR",
    "brazil": "BR", "espana": "ES", "spain": "ES", "portugal": "PT", "estados unidos": "US", "eeuu": "US",
    "ee uu": "US", "usa": "US", "united states": "US", "panama": "PA", "costa rica": "CR", "guatemala": "GT",
    "el salvador": "SV", "honduras": "HN", "nicaragua": "NI", "republica dominicana": "DO",
    "dominican republic": "DO", "cuba": "CU", "francia": "FR", "france": "FR", "alemania": "DE",
    "germany": "DE", "italia": "IT", "italy": "IT", "reino unido": "GB", "united kingdom": "GB", "uk": "GB",
    "inglaterra": "GB", "canada": "CA",
}
ISO_CODES = frozenset(COUNTRIES.values())
_COUNTRY = re.compile(r"\b(" + "|".join(sorted((re.escape(k) for k in COUNTRIES), key=len, reverse=True)) + r")\b")
_ISO = re.compile(r"(?:^|[\s,(;])(" + "|".join(sorted(ISO_CODES)) + r")(?=$|[\s,.);])")

# Sector words in either language, grouped: each group is one sector whatever the spelling.
SECTOR_GROUPS = (
    ("retail", "comercio", "comercio minorista", "tiendas", "minorista", "venta al por menor"),
    ("salud", "healthcare", "health", "health care", "sanidad", "clinicas", "farmaceutico", "pharma"),
    ("alimentacion", "alimentos", "food", "food and beverage", "alimentos y bebidas", "comida", "gastronomia"),
    ("construccion", "construction", "obras", "inmobiliario", "real estate"),
    ("tecnologia", "technology", "tech", "software", "ti", "it"),
    ("educacion", "education", "colegios", "universidades"),
    ("mineria", "mining", "minera"),
    ("logistica", "logistics", "transporte", "transport", "shipping"),
    ("manufactura", "manufacturing", "industria", "industrial", "fabricacion"),
    ("servicios financieros", "finanzas", "finance", "financial services", "banca", "banking", "seguros"),
    ("agricultura", "agriculture", "agro", "agroindustria"),
    ("energia", "energy", "utilities"),
    ("turismo", "tourism", "hoteleria", "hospitality", "hoteles"),
)
_GROUP_OF = {word: index for index, group in enumerate(SECTOR_GROUPS) for word in group}


def country_of(text: str | None) -> str | None:
    """The ISO code of the country a text names ("Chile", "méxico", "Spain", "CL"), or None."""
    if not text:
        return None
    match = _COUNTRY.search(search_key(text))
    if match:
        return COUNTRIES[match.group(1)]
    iso = _ISO.search(text)
    return iso.group(1) if iso else None


def canonical_sector(typed: str | None, existing: Iterable[str]) -> str | None:
    """The sector as the CRM already spells it ("alimentación" -> "Alimentación", "healthcare" -> "Salud").

    A sector nobody used yet keeps the rep's word, capitalised.
    """
    if not typed or not typed.strip():
        return None
    key = search_key(typed)
    known = [s for s in existing if s]
    for sector in known:
        if search_key(sector) == key:
            return sector
    group = _GROUP_OF.get(key)
    if group is not None:
        for sector in known:
            if _GROUP_OF.get(search_key(sector)) == group:
                return sector
    text = typed.strip()
    return text[:1].upper() + text[1:]
