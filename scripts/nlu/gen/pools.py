# Training entity pools. The held-out test set uses its own, disjoint names (not kept here).
TRAIN_ACCOUNTS = """Ferretería El Martillo|Acme Corp|Acme|Distribuidora López|Panadería San José|Grupo Andino|TechNova|Hotel Mirador|Clínica Santa Fe
Constructora Pacífico|Farmacia del Pueblo|Supermercados La Estrella|Transportes Rápidos del Sur|Café Tostado|Inmobiliaria Horizonte
Lácteos La Vaquita|Textiles Medellín|Agrícola Valle Verde|Minera Los Andes|Restaurante El Fogón|Colegio San Marcos|Óptica Visión Clara
Muebles Roble|Librería Cervantes|Talleres Hermanos Ruiz|Globex|Initech|Umbrella Logistics|Wayne Enterprises|Stark Industries|Soylent Foods
Bluebird Software|Northwind Traders|Contoso|Fabrikam|Pinecrest Dental|Riverside Bakery|Summit Health|Orion Retail|Vertex Labs|BrightPath Consulting
Hotel Las Palmas|Clínica Alemana|Droguería Central|Bodegas Rioja Alta|Autopartes El Chino|Frutas del Campo|Seguros Atlas|Pinturas Arcoíris|Cementos Cóndor
Papelería Lápiz Feliz|Gimnasio Power Fit|Veterinaria Patitas|Lavandería Burbujas|Estudio Jurídico Peña|Carnicería Don Pepe|Pizzería Napoli|Tienda La Esquina
Comercial Santa Rosa|Industrias Metálicas Pérez|Ingeniería Delta|Logística Express|Servicios Médicos Integrales|Hostal Camino Real|Viña Santa Carolina|Cervecería Artesanal Kunstmann
Grupo Éxito|Almacenes Paris|Distribuidora Norte|Electro Hogar|Mundo Celular|Turismo Andes Tours|Agencia Creativa Pulpo|Consultora Nexo|Fundación Esperanza
Laboratorios Bagó|Hospital San Rafael|Maderas del Sur|Plásticos Industriales SA|Corporación Azteca|Abarrotes Doña Lupe|Tortillería La Güera|Mariscos El Puerto
Aceros Monterrey|Comercializadora Jalisco|Taquería El Paisa|Fletes Hernández|Hotel Playa Azul|Clínica Dental Sonrisas|Grupo Bimbo|Cinemex|Vidrios y Aluminios García
Zapatería Sol|Joyería Diamante|Floristería Margarita|Imprenta Gráfica Lux|Mercado Central|Cooperativa Agraria Cusco|Pollería El Rey|Inversiones Lima Norte|Textil San Cristóbal
Bodega Mayorista Gamarra|Ferreteria Maestro|Constructora Los Robles|Hostería Patagonia|Salmones Austral|Frigorífico del Plata|Estancia La Paloma|Yerbatera Misiones
Quantum Analytics|Greenleaf Organics|Harbor Freight Co|Blue Ocean Imports|Maple Street Cafe|Apex Manufacturing|Lakeside Clinic|Silverline Hotels|Evergreen Pharma
Redwood Partners|Cobalt Systems|Pioneer Logistics|Sunrise Dental|Golden Gate Foods|Ironclad Security|Nimbus Cloud|Atlas Freight|Crescent Retail|Beacon Health
Falcon Builders|Prairie Farms|Summit Outdoor|Polaris Tech|Keystone Realty|Willow Spa|Copperfield Hardware|Bayview Medical|Starlight Events|Granite Construction
Maple Leaf Insurance|Oakridge School|Velocity Motors|Hilltop Vineyards|Skyline Media|Cornerstone Bank|Tidewater Seafood|Brightwater Utilities|Riverbend Foods|Lighthouse Legal
Nova Textiles|Meridian Hotels|Zenith Electronics|Aurora Pharma|Helix Biotech|Alpine Sports|Coastal Breweries|Urban Roots Cafe|Fresh Market|Peak Performance Gym
Grupo Salinas|Mercadona Express|El Corte Chico|Casa Ley|Farmacias Ahumada|Clínica Las Condes|Banco Pichincha|Pastelería Dulce María|Heladería Polo Norte|Cafetería Aroma
Agroindustrias del Valle|Corporación Lindley|Distribuidora Ramírez|Electricidad Volta|Transportes Cruz del Sur|Hotel Sheraton Quito|Frutícola Los Olmos|Minimarket Don Beto
Eventos Fiesta Total|Escuela de Idiomas Babel|Centro Médico Vida|Odontología Integral|Panificadora La Espiga|Cristalería Andina|Tecnoglass|Sodimac Local|Lubricentro El Rápido"""
TRAIN_ACCOUNTS = [a.strip() for line in TRAIN_ACCOUNTS.split("\n") for a in line.split("|") if a.strip()]


TRAIN_CONTACTS = """María Pérez|Juan González|Carlos Ramírez|Ana López|Luis Fernández|Sofía Martínez|Diego Torres|Valentina Rojas|Jorge Herrera|Camila Díaz
Pedro Sánchez|Lucía Morales|Andrés Castro|Paula Vargas|Miguel Ángel Ruiz|Daniela Muñoz|Fernando Silva|Isabel Navarro|Ricardo Ortega|Gabriela Flores
Javier|Marta|don Ramón|doña Carmen|Pepe|Rocío|el Flaco Gómez|Alejandro|Natalia|Tomás Bravo|Francisca Soto|Matías Contreras|Renata Gil|Héctor Medina
John Smith|Sarah Johnson|Michael Brown|Emily Davis|David Wilson|Jessica Taylor|Chris Anderson|Laura Thomas|Kevin Moore|Rachel Green|Tom|Mike|Jenny|Bob Miller
Olivia Martin|James Lee|Hannah White|Ryan Clark|Megan Lewis|Steve Walker|Amanda Hall|Brian Young|Nicole King|Mark Wright"""
TRAIN_CONTACTS = [a.strip() for line in TRAIN_CONTACTS.split("\n") for a in line.split("|") if a.strip()]


TRAIN_LISTS_ES = ["estratégicos", "Retail Chile", "clientes VIP", "top 20", "hostelería Madrid", "cuentas dormidas", "prioridad alta", "zona norte", "farmacias Lima", "grandes cuentas", "recuperar 2024", "constructoras Bogotá"]
TRAIN_LISTS_EN = ["strategic", "Retail Chile", "VIP accounts", "top 20", "key accounts", "dormant accounts", "high priority", "west coast", "healthcare leads", "Q3 targets", "big fish", "upsell candidates"]

TRAIN_SECTORS_ES = ["retail", "hostelería", "construcción", "salud", "tecnología", "logística", "alimentación", "educación", "minería", "farmacéutico", "agricultura", "inmobiliario", "transporte", "restaurantes", "manufactura", "seguros", "turismo", "textil"]
TRAIN_SECTORS_EN = ["retail", "hospitality", "construction", "healthcare", "tech", "technology", "logistics", "manufacturing", "food", "education", "mining", "real estate", "insurance", "pharma", "transportation", "agriculture", "finance"]

TRAIN_REASONS_ES = ["precio muy alto", "se fueron con la competencia", "no tienen presupuesto", "no hay presupuesto este año", "eligieron a otro proveedor", "el gerente no aprobó", "no respondieron más", "muy caro", "cerraron el local", "timing, lo dejan para el próximo año", "prefirieron la solución de la competencia", "no les convenció la demo", "falta de funcionalidades", "cambio de gerencia"]
TRAIN_REASONS_EN = ["no budget", "price too high", "went with a competitor", "they chose another vendor", "bad timing", "ghosted us", "too expensive", "lost to the competition", "missing features", "decision maker left", "budget frozen", "they built it in house"]

TRAIN_CAMPAIGNS_ES = ["Trae un amigo", "Black Friday", "Vuelta al cole", "Fidelización 2025", "Cobranza morosos", "Encuesta satisfacción", "Verano Caliente", "Día de la Madre", "Venta cruzada seguros", "Navidad"]
TRAIN_CAMPAIGNS_EN = ["Refer a friend", "Black Friday", "Back to School", "Spring Promo", "Win back", "Customer survey", "Holiday Push", "Cyber Monday", "Upsell Q2", "Trae un amigo"]

TRAIN_TIMES_ES = ["mañana", "hoy", "el martes", "el próximo martes", "mañana a las 10", "el jueves a las 11", "el viernes a las 9:30", "esta semana", "la próxima semana", "en dos semanas", "el lunes", "pasado mañana", "el 15 de marzo", "esta tarde", "mañana en la mañana", "el lunes a primera hora", "dentro de 3 días", "a fin de mes", "el miércoles a las 4", "hoy a las 17:00", "el sábado", "mañana a las 3 de la tarde", "la semana que viene", "el 3 de junio a las 12", "en 15 días", "este viernes", "mañana temprano", "el próximo lunes a las 9", "hoy en la tarde", "el jueves"]
TRAIN_TIMES_EN = ["tomorrow", "today", "next friday at 3pm", "on monday", "this week", "next week", "in two weeks", "tomorrow at 10am", "tuesday", "next tuesday", "march 15", "this afternoon", "tonight", "end of month", "in 3 days", "thursday at 11", "friday morning", "monday at 9", "tomorrow morning", "wednesday at 4pm", "next monday", "the day after tomorrow", "june 3rd at noon", "later today", "this friday", "on the 20th", "tomorrow at 2:30", "next month"]

TRAIN_AMOUNTS_ES = ["5000", "$5,000", "12k", "3.500 €", "USD 800", "8 mil", "20 lucas", "$12.000", "15.000 dólares", "2 millones", "$450.000", "10k", "7.500 euros", "USD 25,000", "30 mil pesos", "1.200 €", "$3.000.000", "4500", "90 mil", "50k", "€ 9.900", "18.000"]
TRAIN_AMOUNTS_EN = ["5000", "$5,000", "12k", "$5k", "5,000 dollars", "€3,200", "10 grand", "USD 12,500", "2.5k", "$800", "40k", "$1.2M", "15000", "EUR 7,000", "$250", "20 thousand", "3,500 euros", "$99,000", "60k", "USD 1500"]

TRAIN_EMAILS = ["maria@acme.com", "jgonzalez@martillo.cl", "ventas@grupoandino.pe", "ana.lopez@technova.io", "compras@hotelmirador.com", "carlos.r@gmail.com", "info@panaderiasanjose.mx", "sarah.j@globex.com", "mike@northwind.co", "d.wilson@initech.com", "contacto@clinicasantafe.co", "rocio_97@hotmail.com", "pepe.ventas@yahoo.es", "jenny@bluebird.dev"]
TRAIN_PHONES = ["+56 9 1234 5678", "+52 55 1234 5678", "3001234567", "+34 612 345 678", "555-123-4567", "+1 415 555 0199", "+51 987 654 321", "+57 310 555 1234", "(555) 987-6543", "912345678", "+54 9 11 2345 6789", "+44 7700 900123"]

# ---- round 2: wider entity pools ----
TRAIN_CONTACTS += """Roberto Álvarez|Claudia Reyes|Eduardo Pizarro|Mariana Fuentes|Gonzalo Tapia|Ximena Cárdenas|Felipe Araya|Carolina Leiva|Andrea Poblete|Sergio Valenzuela
Adriana Quintero|Julián Restrepo|Lina Marcela Ospina|Óscar Zapata|Beatriz Guzmán|Arturo Domínguez|Guadalupe Ríos|Rodrigo Maldonado|Pilar Cortés|Enrique Salazar
la señora Inés|el ingeniero Mora|Nacho|Maite|Fede|Juanjo|Lupita|Chema|Kike|Paco Jiménez|Iñaki Etxeberria|Nuria Puig|Jordi Soler|Álvaro Ramos|Belén Castillo
Jennifer Lopez|Robert Garcia|Linda Martinez|William Thompson|Elizabeth Harris|Daniel Robinson|Patricia Lewis|Matthew Walker|Ashley Young|Joshua Allen
Kimberly Scott|Andrew Hill|Stephanie Adams|Justin Baker|Melissa Nelson|Tyler Carter|Brittany Mitchell|Aaron Perez|Samantha Roberts|Kyle Turner
Priya Patel|Wei Chen|Ahmed Hassan|Yuki Tanaka|Lars Andersen|Fatima Ali|Jake|Liz|Dave|Kate|Ben|Sophie Durand|Marco Rossi|Anna Schmidt""".replace("\n", "|").split("|")
TRAIN_LISTS_ES += ["sector salud", "Lima Norte", "cuentas grandes", "clientes fieles", "por reactivar", "Monterrey", "prospectos feria", "cartera Juan", "restaurantes Palermo", "top clientes 2025", "colegios", "clínicas privadas", "ferreterías", "mayoristas", "Valparaíso", "nuevos ingresos", "morosos", "premium Bogotá"]
TRAIN_LISTS_EN += ["enterprise accounts", "midwest", "trade show leads", "churn risk", "loyal customers", "SMB", "Texas retail", "reactivation", "NYC restaurants", "clinics", "hardware stores", "wholesalers", "new signups", "overdue", "Europe", "partners", "top 50", "warm leads"]
TRAIN_CAMPAIGNS_ES += ["Cyber Day", "Reactivación Q1", "Bienvenida nuevos clientes", "Renovación anual", "Promo invierno", "Fiestas Patrias", "Buen Fin", "Descuento pymes", "Upgrade premium", "Referidos 2025", "Recupera tu cliente", "Mes del Padre", "Cumpleaños clientes", "Cobranza Q3", "Feria Expo Retail"]
TRAIN_CAMPAIGNS_EN += ["Winter Sale", "Welcome Series", "Annual Renewal", "Customer Appreciation", "Referral Bonus", "Q1 Reactivation", "Upgrade to Pro", "Payment Reminder", "NPS Survey", "Trade Show Follow-up", "Free Trial Push", "Fall Campaign", "Partner Program", "Easter Deals", "Anniversary Sale"]
TRAIN_REASONS_ES += ["nos salió caro frente a la competencia", "compraron a un proveedor local", "se quedaron con su proveedor actual", "no era el momento", "el proyecto se congeló", "no había decisión de compra", "el directorio lo rechazó", "presupuesto recortado", "les faltaba una integración con SAP", "el plazo de entrega era muy largo", "nos ganó otro por precio", "quebraron", "no les interesa por ahora", "pidieron un descuento que no podíamos dar", "prefieren seguir con Excel", "el contacto dejó la empresa"]
TRAIN_REASONS_EN += ["chose a cheaper option", "stayed with their current vendor", "project put on hold", "not the right time", "no decision maker", "board rejected it", "lead time too long", "needed a SAP integration", "went out of business", "not interested right now", "asked for a discount we couldn't give", "sticking with spreadsheets", "our contact left the company", "procurement picked another supplier", "price", "legal blocked it"]
TRAIN_TIMES_ES += ["el viernes", "el martes a las 10", "mañana a primera hora", "el lunes que viene", "la otra semana", "el 20", "el 1 de diciembre", "en una hora", "a las 4 de la tarde", "el miércoles", "dentro de dos semanas", "el próximo mes", "el jueves 14", "pasado mañana a las 9", "esta noche a las 8", "después de almuerzo", "el fin de semana", "a mediados de mes", "el martes en la mañana", "hoy a las 6"]
TRAIN_TIMES_EN += ["friday", "tuesday at 10", "first thing tomorrow", "next wednesday", "the 20th", "december 1st", "in an hour", "at 4pm", "wednesday", "in two days", "thursday the 14th", "this weekend", "mid month", "tuesday morning", "at 6 today", "after lunch", "monday 9am", "next sunday", "tomorrow evening", "on friday at 11:30"]
