"""Extra training pools (round 2): more campaign, list, reason, time and amount shapes."""
CAMPAIGNS_ES = ["Liquidación de Otoño", "Semana del Emprendedor", "Expo Pyme", "Ofertón de Marzo",
    "Doble Puntos", "Club de Socios", "Martes de Descuento", "Lanzamiento App", "Regreso a Clases",
    "Promo Aniversario", "Verano Pyme 2025", "Clientes Dormidos", "Plan Oro", "Semana Dulce",
    "Mundial de Ofertas", "Ruta del Vino", "Temporada Alta", "Plan Referidos", "Primavera Total",
    "Despegue Digital", "Mes de la Ferretería", "Webinar Agro", "Gira Norte", "Promo Mayoristas",
    "Descuento Pronto Pago", "Segunda Oportunidad", "Upgrade Gold", "Mega Sale", "Oferta Flash",
    "Cuotas sin interés", "Navidad Corporativa", "Win-back Q4", "Lealtad Plus", "Fin de temporada"]
CAMPAIGNS_EN = ["Spring Clearance", "Founders Week", "Small Biz Expo", "March Madness Deals",
    "Double Points", "Members Club", "Tuesday Deals", "App Launch", "Autumn Kickoff", "Gold Plan",
    "Dormant Customers", "Sweet Week", "Partner Roadshow", "Peak Season", "Digital Takeoff",
    "Hardware Month", "Agro Webinar", "North Tour", "Wholesale Promo", "Early Payment Discount",
    "Second Chance", "Upgrade Gold", "Mega Sale", "Flash Offer", "Zero Interest", "Corporate Holidays",
    "Win-back Q4", "Loyalty Plus", "End of Season", "Product Hunt Launch", "Webinar Series", "Q2 Outbound"]
LISTS_ES = ["socios clave", "cadenas de farmacias", "cuentas en riesgo", "oportunidades calientes",
    "región centro", "hoteles boutique", "distribuidores", "leads de la feria", "Santiago oriente",
    "clientes inactivos", "potenciales 2026", "cuentas medianas", "pymes Quito", "seguimiento mensual",
    "aliados", "restaurantes Lima", "prioridad media", "clientes de toda la vida", "Bogotá centro",
    "renovaciones"]
LISTS_EN = ["key partners", "pharmacy chains", "at risk", "warm opportunities", "central region",
    "boutique hotels", "distributors", "expo leads", "Boston area", "inactive customers",
    "2026 pipeline", "mid market", "Florida clinics", "monthly follow-up", "allies", "LA restaurants",
    "medium priority", "lifetime customers", "downtown", "renewals"]
REASONS_ES = ["no les alcanzó la plata", "se quedaron sin fondos", "eligieron algo más barato",
    "la competencia les dio mejor precio", "no vieron el valor", "nunca más contestaron", "cambiaron de prioridades",
    "lo van a hacer con su equipo interno", "el proyecto se canceló", "no cumplimos con los plazos",
    "no teníamos la función de facturación", "les subimos el precio", "el jefe de compras se fue",
    "se fusionaron con otra empresa", "prefirieron esperar al otro año", "la demo salió mal",
    "no pasamos la licitación", "no les gustó el contrato", "encontraron otra alternativa"]
REASONS_EN = ["they ran out of money", "the owner said no", "picked something cheaper",
    "the competitor beat our price", "didn't see the value", "never replied again", "priorities changed",
    "doing it with their own team", "project got cancelled", "we missed the deadline",
    "we lacked the invoicing feature", "our price went up", "their buyer quit", "they merged with another company",
    "they'd rather wait until next year", "the demo went badly", "we lost the tender",
    "didn't like the contract terms", "found another option", "too much paperwork"]
TIMES_ES = ["ahora", "ahora mismo", "en un rato", "más tarde", "esta mañana", "mañana por la tarde",
    "el lunes por la mañana", "a las 10", "a las 3 y media", "a las 9 de la mañana", "el 5 de mayo",
    "el próximo viernes a las 16:00", "en 10 días", "antes del viernes",
    "la próxima semana el martes", "el 12", "el 28 de febrero", "mañana a mediodía",
    "el viernes por la tarde", "hoy antes de las 5", "a primera hora", "el martes que viene",
    "en la tarde", "el jueves a las 10:30", "en tres días", "el primero de junio", "el 30",
    "a fin de semana", "la semana del 15", "pasado mañana en la tarde", "enseguida", "el finde"]
TIMES_EN = ["now", "right away", "in a bit", "later", "this morning", "tomorrow afternoon",
    "monday morning", "at 10", "at 3:30", "at 9 am", "may 5th", "next friday at 4pm",
    "in 10 days", "before friday", "next week on tuesday", "the 12th", "february 28", "tomorrow at noon",
    "tonight at 8", "friday afternoon", "today before 5", "first thing in the morning", "this coming tuesday",
    "in the afternoon", "thursday at 10:30", "in three days", "june 1st", "on the 30th",
    "by the end of the week", "the week of the 15th", "the day after tomorrow in the afternoon", "asap"]
AMOUNTS_ES = ["3000", "12000", "2500", "150000", "1.500", "80.000", "7000", "45000", "600", "1200",
    "250 mil", "1,5 millones", "US$ 4.000", "9.000 pesos", "20.000 dólares", "3 millones de pesos", "35 lucas",
    "$18.500", "5.000 euros", "100k"]
AMOUNTS_EN = ["3000", "12000", "2500", "150000", "1,500", "80,000", "7000", "45000", "600", "1200",
    "250k", "1.5M", "US$ 4,000", "9,000 pesos", "20,000 dollars", "3 million", "35 thousand",
    "$18,500", "5,000 euros", "100 grand"]
