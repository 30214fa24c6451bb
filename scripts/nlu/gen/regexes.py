EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"
PHONE = r"(?<![\w$€.,])\+?\(?\d[\d\s()-]{6,}\d(?!\w|[.,]\d)"
AMOUNT = r"(?:\$|€|us\$|usd|eur|clp|mxn)\s?\d[\d.,]*(?:\s?(?:k|m|mil|millones))?\b|\b\d[\d.,]*\s?(?:(?:mil|millones)\s(?:de\s)?(?:pesos|d[oó]lares|euros?|usd)|k|mil|millones|grand|thousand|euros?|d[oó]lares|dollars|pesos|lucas|usd|eur)\b|\b\d[\d.,]*\s?€"
