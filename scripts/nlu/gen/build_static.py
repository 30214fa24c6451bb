import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from regexes import AMOUNT, EMAIL, PHONE

OUT = sys.argv[1]
amount_parts = AMOUNT.split("|\\b")  # keep as separate patterns for readability
amount_parts = [amount_parts[0]] + ["\\b" + p for p in amount_parts[1:]]
open(f"{OUT}/regex.yml", "w").write(f'''version: "3.1"
nlu:
- regex: email
  examples: |
    - {EMAIL}

- regex: phone
  examples: |
    - {PHONE}

- regex: amount
  examples: |
''' + "".join(f"    - {p}\n" for p in amount_parts))
SECTORS = """retail|comercio minorista|hostelería|hosteleria|hotelería|hoteleria|restaurantes|gastronomía|construcción|construccion|salud|clínicas|tecnología|tecnologia|software|logística|logistica|transporte|alimentación|alimentacion|alimentos|educación|educacion|minería|mineria|farmacéutico|farmaceutico|farmacias|agricultura|agro|inmobiliario|inmobiliaria|seguros|turismo|textil|manufactura|industria|automotriz|energía|energia|banca|finanzas|telecomunicaciones|servicios profesionales|hospitality|construction|healthcare|health|tech|technology|logistics|transportation|manufacturing|food|food and beverage|education|mining|real estate|insurance|pharma|pharmaceutical|agriculture|finance|banking|automotive|energy|telecom|tourism|textiles|professional services|wholesale|mayoristas""".split("|")
open(f"{OUT}/lookups.yml", "w").write('version: "3.1"\nnlu:\n- lookup: sector\n  examples: |\n' + "".join(f"    - {s}\n" for s in SECTORS))
from names import FIRST_NAMES

with open(f"{OUT}/lookups.yml", "a") as f:
    f.write("\n- lookup: contact\n  examples: |\n" + "".join(f"    - {n}\n" for n in FIRST_NAMES))
# Time words: a token feature for the CRF so that unseen date/time phrases still look like `time`.
TIME_WORDS = """hoy|mañana|manana|pasado|tarde|noche|mediodía|mediodia|temprano|ahora|luego|lunes|martes|miércoles|miercoles|jueves|viernes|sábado|sabado|domingo|semana|finde|mes|próximo|proximo|próxima|proxima|siguiente|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre|horas|hora|minutos|días|dias
today|tomorrow|tonight|morning|afternoon|evening|noon|midday|midnight|now|later|asap|monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend|week|month|next|january|february|march|april|may|june|july|august|september|october|november|december|hours|hour|minutes|days|am|pm|a.m.|p.m.""".replace("\n", "|").split("|")
with open(f"{OUT}/lookups.yml", "a") as f:
    f.write("\n- lookup: time\n  examples: |\n" + "".join(f"    - {w}\n" for w in TIME_WORDS))
