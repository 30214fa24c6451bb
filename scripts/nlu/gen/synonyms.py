ACTIVITY = {
 "call": ["llamé", "llame", "llamada", "llamadas", "llamar", "llamo", "llamó", "llamamos", "llamarle", "llamarlo", "llamarla", "le marqué", "marqué", "telefoneé", "llamada telefónica", "call", "called", "calling", "calls", "rang", "phoned", "phone call", "ring", "gave a call", "hablé por teléfono", "spoke on the phone"],
 "meeting": ["reunión", "reunion", "reuniones", "junta", "met with", "meeting", "met", "me reuní", "me reuni", "nos reunimos", "reunirme", "zoom", "videollamada", "meet", "sat down with", "catch-up meeting"],
 "email": ["email", "mail", "correo", "e-mail", "mandé un correo", "mande un correo", "le mandé un mail", "le escribí un correo", "emailed", "mailed", "sent an email", "correo electrónico", "emails", "mails"],
 "visit": ["visité", "visite", "visita", "visitar", "visitamos", "fui a ver", "pasé por", "visited", "visit", "dropped by", "stopped by", "went to see", "on-site visit", "visitarlos"],
 "sms": ["sms", "mensaje de texto", "mensajito", "texted", "text", "text message", "le mandé un sms", "sent a text"],
 "whatsapp": ["whatsapp", "wasap", "wsp", "wpp", "guasap", "le escribí por whatsapp", "por whatsapp", "whatsapped", "whatsapp message", "wa", "le hablé por wsp"],
 "note": ["nota", "note", "apunte", "anota", "anotar", "notes", "jot down", "apunta"],
}
STAGE = {
 "target": ["público objetivo", "publico objetivo", "target", "objetivo", "targets"],
 "lead": ["cliente potencial", "prospecto", "lead", "potencial", "prospect", "leads", "prospectos"],
 "qualified": ["calificado", "cualificado", "calificada", "cualificada", "qualified", "calificados", "lead calificado", "qualified lead"],
 "proposal": ["propuesta", "cotización enviada", "cotizacion enviada", "propuesta enviada", "presupuesto enviado", "proposal", "quote sent", "proposal sent", "cotización"],
 "negotiation": ["negociación", "negociacion", "negotiation", "negotiating", "en negociación", "negotiations"],
 "client": ["cliente", "ganado", "ganada", "won", "client", "customer", "closed won", "clientes"],
 "lost": ["perdido", "perdida", "lost", "closed lost", "perdidos"],
}
ACTIVITY["visit"] += ["visitas", "visits"]
ACTIVITY["whatsapp"] += ["whatsapps"]
ACTIVITY["email"] += ["mandar un correo"]
STAGE["lost"] += ["perdidas"]
STAGE["client"] += ["customers", "clients"]
STAGE["lead"] += []
STAGE["target"] += []
STAGE["lead"] += ["prospects"]
ACTIVITY["email"] += ["mandé un mail", "mande un mail", "le mandé un mail"]
ACTIVITY["email"] = list(dict.fromkeys(ACTIVITY["email"]))
STAGE["qualified"] += ["calificadas"]
# round 2 forms
ACTIVITY["email"] += ["le mandé un correo"]
ACTIVITY["visit"] += ["visito"]
ACTIVITY["call"] += ["rang"] if "rang" not in ACTIVITY["call"] else []
