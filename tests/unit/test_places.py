"""Countries and sectors normalised against what the CRM holds."""

from __future__ import annotations

import pytest

from crm_core.domain.places import canonical_sector, country_of

EXISTING = ["Alimentación", "Retail", "Salud", "Construcción"]


@pytest.mark.parametrize(
    ("text", "code"),
    [("nuevo lead: Andes, sector retail, Chile", "CL"), ("de mexico", "MX"), ("en México", "MX"),
     ("Spain", "ES"), ("pais CO", "CO"), ("lead en peru", "PE"), ("sin país", None), ("EEUU", "US")],
)
def test_the_country_is_an_iso_code_from_its_name_or_code(text, code):
    assert country_of(text) == code


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("alimentación", "Alimentación"), ("alimentacion", "Alimentación"), ("food", "Alimentación"),
     ("retail", "Retail"), ("RETAIL", "Retail"), ("healthcare", "Salud"), ("salud", "Salud"),
     ("construction", "Construcción"), ("minería", "Minería"), (None, None)],
)
def test_a_sector_is_stored_as_the_crm_already_spells_it(typed, stored):
    assert canonical_sector(typed, EXISTING) == stored
