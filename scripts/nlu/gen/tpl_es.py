T = {}
T["greet"] = """hola
holaa
buenas
buenos días
buenas tardes
buenas noches
hola rumbo
qué tal
que onda
hey
hola, ¿cómo estás?
buen día
saludos
holi
qué hubo
ey rumbo
hola hola
wena
buenas, ¿estás ahí?
hola de nuevo
alo
qué pasa
holaaa buenos dias
muy buenas""".split("\n")
T["goodbye"] = """chao
chau
adiós
nos vemos
hasta luego
hasta mañana
me voy
bye
cuídate
nos hablamos
hasta pronto
eso es todo, chao
listo, hasta luego
me desconecto
buenas noches, me voy
chaito
adiós rumbo
nos vemos mañana
ya me voy, gracias por todo
hasta la próxima
me retiro
fin por hoy""".split("\n")
T["affirm"] = """sí
si
sip
claro
dale
ok
okey
vale
de acuerdo
correcto
exacto
por supuesto
sí, hazlo
afirmativo
sí por favor
ya
obvio
perfecto
está bien
sí, confirmo
confirmo
eso
va
sí, adelante
simón
sale
ándale
así es""".split("\n")
T["deny"] = """no
nop
nada
no gracias
para nada
negativo
mejor no
no, cancela
cancelar
no quiero
todavía no
no, está mal
nel
ni hablar
no por ahora
déjalo
no, olvídalo
no es eso
incorrecto
nones
no, gracias igual
jamás""".split("\n")
T["thank"] = """gracias
muchas gracias
mil gracias
gracias!!
te pasaste
genial, gracias
buenísimo, gracias
gracias crack
se agradece
gracias por la ayuda
muy amable
gracias rumbo
excelente, gracias
perfecto, muchas gracias
graciass
grax
gracias, me sirvió
te lo agradezco
qué bueno, gracias
joya, gracias
vale gracias
gracias máquina""".split("\n")
T["help"] = """ayuda
¿qué puedes hacer?
qué sabes hacer
cómo funciona esto
necesito ayuda
help
¿cómo te uso?
¿qué comandos hay?
no sé cómo usarte
¿me ayudas?
qué cosas te puedo pedir
explícame qué haces
opciones
menú
¿cómo registro una llamada?
¿para qué sirves?
instrucciones
dame ejemplos de lo que puedo pedirte
estoy perdido, ayúdame
¿cómo funciona el sprint?
manual de uso
no entiendo cómo funciona""".split("\n")
T["out_of_scope"] = """¿qué tiempo hace hoy?
va a llover mañana en Santiago?
cuéntame un chiste
¿quién ganó el partido del Madrid?
cómo va el Barça en la liga
dame una receta de empanadas
cómo se hace un ceviche
¿cuál es la capital de Australia?
¿cuánto es 25 por 17?
pon música
¿me recomiendas una película?
quién es el presidente de Francia
¿a cuánto está el dólar hoy?
escríbeme un poema
¿eres una persona?
cuál es el sentido de la vida
¿dónde como rico cerca de la oficina?
reserva un vuelo a Cancún
qué hora es en Tokio
¿cómo quedó Boca?
traduce esto al alemán
recomiéndame una serie de netflix
¿cuántas calorías tiene una palta?
¿me prestas plata?
háblame de los dinosaurios
quiero pedir una pizza""".split("\n")

T["log_activity"] = """[llamé](activity_type) a {acc}, quieren cotización, recuérdame {time}
[visité](activity_type) a {acc} {time}, todo bien
[llamé](activity_type) a {con} de {acc}, no contestó
hoy [visité](activity_type) {acc} y les gustó la demo
tuve [reunión](activity_type) con {acc}, piden descuento
registra una [llamada](activity_type) con {acc}: interesados en el plan anual
[le escribí por whatsapp](activity_type) a {con}, me responde {time}
[mandé un correo](activity_type) a {acc} con la propuesta
anota que [llamé](activity_type) a {acc} y quedaron de pensarlo
[nota](activity_type) para {acc}: el dueño vuelve de vacaciones {time}
[me reuní](activity_type) con {con} de {acc}, quieren 3 licencias más
acabo de [visitar](activity_type) a {acc}, pidieron muestras
le mandé un [wasap](activity_type) a {con} de {acc} confirmando el pedido
[sms](activity_type) enviado a {acc} recordando el pago
registrar [visita](activity_type) a {acc}, el encargado no estaba
[llame](activity_type) a {acc} pero estaban ocupados, volver a llamar {time}
[junta](activity_type) con {acc} hoy, muy positiva
hablé con {con} por [wsp](activity_type), está interesada en {amt}
[llamada](activity_type) a {acc}: quieren reunión {time}
[visita](activity_type) a {acc} realizada, quedaron contentos con el servicio
le [mandé un correo](activity_type) a {con} con el catálogo
[le marqué](activity_type) a {acc}, pidieron que los llame {time}
agrega una [nota](activity_type) a {acc}: cambiaron de gerente de compras
ayer [visité](activity_type) a {acc} con {con}, buen feeling
[llamé](activity_type) a {acc} y me colgaron jaja
acabo de tener [reunión](activity_type) con {con}, piden la propuesta por [mail](activity_type)
[mensaje de texto](activity_type) a {con} de {acc}, sin respuesta aún
[pasé por](activity_type) {acc}, dejé folletos
registrar [llamada](activity_type): {acc} no tiene presupuesto hasta {time}
[llamé](activity_type) a {acc}, quieren {amt} en productos, recuérdame {time}
[videollamada](activity_type) con {acc}, vimos la integración
[correo](activity_type) enviado a {acc} con la cotización de {amt}
[visité](activity_type) a {con} en {acc}, quiere que volvamos {time}
[whatsapp](activity_type) a {acc}: confirmaron la entrega
log: [llamada](activity_type) con {con}, todo ok
[llamé](activity_type) a {acc}. dicen que sí, que mande contrato
{acc}: [visita](activity_type) hecha, interesados en ampliar
tuve una [llamada](activity_type) larguísima con {con} de {acc}, están evaluando
[apunte](activity_type) sobre {acc}: prefieren que los contacten en la tarde
[nos reunimos](activity_type) con {acc} en su oficina, piden demo técnica {time}""".split("\n")

T["move_stage"] = """pasa a {acc} a [negociación](stage)
mueve {acc} a [propuesta](stage)
cambia el estado de {acc} a [calificado](stage)
{acc} pasa a [negociación](stage)
pon a {acc} en [propuesta](stage)
{acc} ya es [cliente potencial](stage)
marca {acc} como [calificado](stage)
avanza {acc} a [cotización enviada](stage)
actualiza {acc} a [negociación](stage)
mover {acc} a [prospecto](stage)
cambia {acc} a [público objetivo](stage)
{acc} ahora está en [negociacion](stage)
devuelve {acc} a [lead](stage)
pasa {acc} de propuesta a [negociación](stage)
estado de {acc}: [cualificado](stage)
{acc} -> [propuesta](stage)
sube a {acc} a [calificado](stage), ya tienen presupuesto
cambiar etapa de {acc} a [propuesta enviada](stage)
pon {acc} en estado [perdido](stage)
mueve a {acc} a [cliente](stage)
{acc} pasa a ser [cliente](stage)
ya les mandé la cotización, pasa {acc} a [propuesta](stage)
baja {acc} a [prospecto](stage)
que {acc} quede en [negociación](stage)
cambia el status de {acc} a [qualified](stage)
mueve {acc} y {acc} a [propuesta](stage)
{acc} debería estar en [negociación](stage), actualízalo
pásame {acc} a la etapa de [propuesta](stage)
{acc} avanza a [calificada](stage)
deja a {acc} como [público objetivo](stage)
retrocede {acc} a [calificado](stage)
cambia la etapa de {acc}: [negociacion](stage)
{acc} a [cotización](stage) por favor
estado [negociación](stage) para {acc}""".split("\n")

T["create_lead"] = """nuevo lead: {acc}, sector {sector}
crea un lead {acc}
agrega {acc} como prospecto
nuevo prospecto {acc} del sector {sector}
registra la empresa {acc}
crear cuenta {acc}, rubro {sector}
tengo un lead nuevo: {acc}
da de alta a {acc}
añade la cuenta {acc} en {sector}
lead nuevo {acc}, me lo pasó {con}
nueva cuenta: {acc}
crea {acc} como cliente potencial, son de {sector}
quiero registrar un prospecto: {acc}
alta de lead {acc} ({sector})
sumar {acc} a la base como lead
anota un lead: {acc}, contacto {con}
nueva empresa {acc} sector {sector}, la conocí en una feria
crea el lead {acc} con email {email}
nuevo lead {acc} tel {phone}
ingresa {acc} como nuevo prospecto
tengo un posible cliente: {acc}
me refirieron a {acc}, créalo como lead
lead: {acc} / {sector}
crea una cuenta nueva para {acc}
nuevo lead {acc} del rubro {sector}, potencial de {amt}
registrar nuevo cliente potencial {acc}
agrega la empresa {acc} al crm
crear prospecto {acc}
conocí a {con} de {acc}, agrégalo como lead
{acc} es un lead nuevo, sector {sector}
nuevo lead de {sector}: {acc}
sube {acc} como lead, los vi en linkedin""".split("\n")

T["add_contact"] = """agrega a {con} como contacto de {acc}, {email}, {phone}
nuevo contacto {con} en {acc}
añade a {con} a {acc}, su correo es {email}
el contacto de {acc} es {con}, tel {phone}
crea el contacto {con} para {acc}
registra a {con} de {acc}, celular {phone}
{con} trabaja en {acc}, agrégalo como contacto
suma a {con} como contacto en {acc}
agrega contacto: {con}, {acc}, {email}
el gerente de compras de {acc} es {con}
nuevo contacto para {acc}: {con} {phone}
guarda a {con}, {email}, es de {acc}
añadir contacto {con} a la cuenta {acc}
{con} es la nueva encargada en {acc}, su mail es {email}
agrega el teléfono {phone} de {con} de {acc}
contacto nuevo: {con} ({acc}) {email}
anota a {con} como contacto de {acc}
registra el contacto {con} con el número {phone}
en {acc} ahora hablamos con {con}, agrégala
crear contacto {con}, correo {email}
agrega a {con} a los contactos de {acc}
el dueño de {acc} se llama {con}, guárdalo
pon a {con} como contacto principal de {acc}
nuevo contacto {con} - {phone} - {acc}
{con} de {acc}: {email} / {phone}
agrega a {con} con el mail {email}
registra a {con}, jefe de operaciones en {acc}
guardar contacto: {con}, {phone}""".split("\n")

T["create_opportunity"] = """abre una oportunidad de {amt} con {acc}
nueva oportunidad con {acc} por {amt}
crea una oportunidad para {acc}
oportunidad de {amt} en {acc}
registra una oportunidad con {acc}, valor {amt}, cierre {time}
{acc} quiere comprar por {amt}, crea la oportunidad
abrir oportunidad {acc} {amt}
hay una oportunidad con {acc} de unos {amt}
nueva oportunidad: {acc}, {amt}, contacto {con}
crea un negocio de {amt} con {acc}
agrega una oportunidad de venta a {acc} por {amt}
oportunidad nueva para {acc}, estimado {amt}
{acc} pidió cotización por {amt}, ábrele una oportunidad
quiero abrir un deal con {acc} de {amt}
crea oportunidad {acc}, cierre esperado {time}
oportunidad por {amt} con {con} de {acc}
abre un negocio con {acc}
registrar oportunidad de {amt} para {acc}
nueva opp {acc} {amt}
crea una oportunidad de {amt} con {acc} que cierra {time}
hay negocio con {acc}: {amt} en licencias
{acc} está interesado, abre oportunidad de {amt}
anota una oportunidad de {amt} con {acc}
oportunidad de venta cruzada con {acc} por {amt}
abrir deal de {amt} con {acc}, cierra {time}
nueva oportunidad {acc}
crear oportunidad para {acc} por un monto de {amt}
potencial venta de {amt} con {acc}, créala""".split("\n")

T["mark_won"] = """ganamos {acc}!
cerramos el trato con {acc} por {amt}
{acc} firmó!!
ganamos la oportunidad de {acc}
marca {acc} como ganada
{acc} aceptó la propuesta, ganada
cerré {acc} 🎉
venta cerrada con {acc} por {amt}
{acc} dijo que sí, marcar como ganado
firmamos con {acc}
se cerró {acc}, {amt}
ganada la opp de {acc}
{acc} compró!
cerramos {acc} por {amt}, vamos!!
marca como ganada la oportunidad con {acc}
trato cerrado: {acc}
{acc} confirmó la compra de {amt}
logramos cerrar con {acc}
{acc} ya pagó, es venta ganada
{acc} ganado
registra la venta a {acc} por {amt}
{acc} nos eligió, ganamos
por fin cerré {acc}
firmaron el contrato en {acc} por {amt}
oportunidad {acc} ganada
{acc} aceptó la cotización de {amt}
se ganó {acc}, cerrar oportunidad
{acc} es nuestro! cerrado en {amt}
cerrado ganado {acc}""".split("\n")

T["mark_lost"] = """perdimos {acc}, {reason}
perdimos {acc}
{acc} dijo que no, {reason}
marca {acc} como perdida: {reason}
se cayó {acc}, {reason}
{acc} no va, {reason}
oportunidad de {acc} perdida por {reason}
{acc} rechazó la propuesta, {reason}
perdí la venta con {acc}
{acc} se fue, {reason}
cerrar {acc} como perdida, motivo: {reason}
no se dio {acc}, {reason}
{acc} descartado, {reason}
marca como perdida la opp de {acc}
{acc} no compra, {reason}
se nos cayó el negocio con {acc}: {reason}
{acc} cancelado, motivo {reason}
perdida {acc}. razón: {reason}
{acc} se echó para atrás, {reason}
la oportunidad con {acc} se perdió, {reason}
nos ganaron {acc}, {reason}
{acc} declinó, {reason}
dar por perdida {acc}
{acc} no firmó al final, {reason}
marcar perdida {acc} - {reason}
{acc} no quiso, {reason}
perdimos la de {acc} por {amt}, {reason}
{acc} nos dijo que no, {reason}""".split("\n")

T["sprint_status"] = """¿cómo voy con mi meta?
cómo va mi sprint
estado de mi sprint
¿cuánto me falta para la meta?
progreso del sprint
¿cómo voy?
cuántas conversiones llevo
mi avance del sprint
¿cuántos días quedan del sprint?
¿voy bien con la meta del mes?
resumen de mi sprint
¿cuánto llevo vendido este sprint?
porcentaje de la meta
dame el estado de mi sprint actual
¿cómo vamos con el objetivo?
mi sprint
cómo voy con el sprint {time}
¿qué cuentas tengo en el sprint?
cuántas cuentas me quedan por convertir
¿llego a la meta?
avance de mi meta
status sprint
ver sprint
¿cuánto me falta para cumplir?
muéstrame cómo va mi sprint
cómo estoy con mis números
¿cuántos clientes he convertido en el sprint?
¿qué tal voy este mes?
cuántos prospectos tengo en mi sprint
meta del sprint, ¿cómo voy?
dime mi progreso
mi % de la meta""".split("\n")

T["team_status"] = """¿cómo va el equipo?
estado del equipo
cómo van los sprints del equipo
¿cómo va mi equipo con la meta?
resumen del equipo
progreso de los vendedores
¿quién va mejor en el equipo?
ranking del equipo
¿cómo va {con} con su sprint?
cómo van los chicos
avance del equipo este mes
¿quién está más atrasado?
sprints del equipo
dame el estado de todos los sprints
¿cuánto lleva vendido el equipo?
¿cómo vamos como equipo?
estado de los sprints de mi equipo
¿quién no ha avanzado en su meta?
muéstrame el avance de cada vendedor
cómo van los reps
ranking de ventas del equipo
¿cómo está el equipo {time}?
progreso de {con}
¿cumple el equipo la meta?
¿quién ha convertido más clientes?
resumen de sprints del equipo de ventas
cómo va la gente
tablero del equipo
¿qué tal va el equipo de {con}?
estado general del equipo comercial""".split("\n")

T["close_sprint"] = """cerrar sprint
cierra mi sprint
quiero cerrar el sprint
terminar sprint
cerrar el sprint actual
da por terminado el sprint
finaliza mi sprint
cierra el sprint de este mes
ya terminó el sprint, ciérralo
cierre de sprint
cerrar sprint y pasar las cuentas al siguiente
cierra el sprint y arrastra lo pendiente
se acabó el sprint, cerrar
finalizar sprint
ciérrame el sprint
terminemos el sprint
cerrar sprint ya
quiero finalizar el sprint actual
cierra el sprint, mueve las cuentas abiertas al próximo
doy por cerrado el sprint
cerrar mi sprint de {time}
fin del sprint, ciérralo por favor
necesito cerrar el sprint
cerrar el sprint de marzo
cierra sprint
hay que cerrar el sprint
termina el sprint actual y abre otro
cerrá el sprint""".split("\n")

T["add_to_sprint"] = """agrega {acc} al sprint
mete a {acc} en mi sprint
añade {acc} al sprint actual
suma {acc} al sprint
agrega la lista [estratégicos](list) a mi sprint
pon {acc} en el sprint
agrega las cuentas de la lista {list} al sprint
incluye a {acc} en mi sprint
añadir {acc} y {acc} al sprint
mete la lista {list} en el sprint
{acc} al sprint
agrega {acc} a mi sprint de este mes
sumar la lista {list} al sprint
quiero trabajar {acc} en este sprint
carga la lista {list} en mi sprint
pon a {acc} dentro del sprint
agrégame {acc} al sprint
añade todas las cuentas de {list} al sprint
mete {acc} al sprint por favor
incluye la lista {list} en el sprint actual
agrega {acc}, {acc} y {acc} al sprint
sprint: agrega {acc}
agregar cuenta {acc} al sprint
súmame {acc} al sprint
mete todas las de {list} al sprint
añade {acc} al sprint activo
{acc} entra al sprint
pasa la lista {list} a mi sprint""".split("\n")

T["add_to_list"] = """añade {acc} a la lista [estratégicos](list)
agrega {acc} a la lista {list}
mete {acc} en la lista {list}
pon {acc} en {list}
suma {acc} a la lista {list}
agregar {acc} a {list}
añade {acc} y {acc} a la lista {list}
{acc} a la lista {list}
guarda {acc} en la lista {list}
incluye a {acc} en {list}
agrega las cuentas del sprint a la lista {list}
mete a {acc} en mis {list}
crea una lista {list} con {acc}
agrega {acc} a mi lista de {list}
añadir a {acc} en la lista {list}
pon a {acc} en la lista de {list}
lista {list}: agrega {acc}
quiero que {acc} esté en la lista {list}
suma a {acc} a {list}
añade {acc} a {list} por favor
mete {acc} a la lista {list}
agrega {acc}, {acc} a la lista {list}
guarda las cuentas del sprint en la lista {list}
incluir {acc} en la lista {list}
{acc} va a la lista {list}
añade la cuenta {acc} a la lista {list}
agrega {acc} en la lista {list}
agrégame {acc} a {list}""".split("\n")

T["show_agenda"] = """¿qué tengo hoy?
agenda de {time}
qué tengo {time}
mi agenda
muéstrame mi agenda de {time}
¿tengo reuniones {time}?
tareas de {time}
¿qué me toca {time}?
mis pendientes de {time}
¿qué tareas tengo?
ver agenda
agenda
qué hay para {time}
¿cuáles son mis tareas de {time}?
¿tengo algo {time}?
mis tareas pendientes
¿qué [llamadas](activity_type) tengo {time}?
¿qué [visitas](activity_type) tengo {time}?
lista de tareas
¿a quién tengo que llamar {time}?
dame mi agenda
cómo tengo la semana
¿estoy libre {time}?
qué tengo pendiente
muéstrame las tareas vencidas
mi día
¿qué hay en la agenda {time}?
agenda {time} porfa
¿cuántas tareas tengo {time}?
calendario de {time}""".split("\n")

T["schedule_task"] = """agenda una [visita](activity_type) a {acc} {time}
recuérdame [llamar](activity_type) a {acc} {time}
programa una [reunión](activity_type) con {acc} {time}
agéndame una [llamada](activity_type) con {con} {time}
crea una tarea para [llamar](activity_type) a {acc}
pon una [visita](activity_type) a {acc} para {time}
tengo que [llamar](activity_type) a {acc} {time}, agéndalo
programar [llamada](activity_type) a {acc} {time}
recordatorio: [mandar un correo](activity_type) a {acc} {time}
agenda [reunión](activity_type) con {con} de {acc} {time}
nueva tarea: [visitar](activity_type) {acc} {time}
recuérdame escribirle por [whatsapp](activity_type) a {con} {time}
agéndame [visitar](activity_type) a {acc}
crea un recordatorio para {time}: [llamar](activity_type) a {con}
tarea: [llamar](activity_type) a {acc} {time}
agenda una [llamada](activity_type) de seguimiento con {acc} {time}
apúntame una [reunión](activity_type) con {acc} {time}
programa una [visita](activity_type) a {acc}
recuérdame {time} hacer seguimiento a {acc}
pon en mi agenda [llamar](activity_type) a {con} {time}
agenda [visita](activity_type) {acc} {time}
que me recuerde [llamar](activity_type) a {acc} {time}
crea tarea de [email](activity_type) a {acc} para {time}
agenda una [junta](activity_type) con {acc} {time}
necesito [visitar](activity_type) a {acc} {time}, anótalo
recuérdame mandarle un [sms](activity_type) a {con} {time}
agendar [llamada](activity_type) con {acc} para {time}
asígname una tarea de [llamar](activity_type) a {acc} {time}
planifica una [visita](activity_type) a {acc} {time}
agenda {time} [reunión](activity_type) con {acc}""".split("\n")

T["complete_task"] = """ya hice la [llamada](activity_type) a {acc}
marca como hecha la [visita](activity_type) a {acc}
listo la [reunión](activity_type) con {acc}
completé la tarea de {acc}
tarea de {acc} terminada
ya [llamé](activity_type) a {acc}, marca la tarea como hecha
hecho: [llamada](activity_type) a {con}
cierra la tarea de [visitar](activity_type) a {acc}
terminé la tarea de [llamar](activity_type) a {acc}
completar tarea {acc}
marca la tarea de {acc} como completada
ya está la [visita](activity_type) a {acc}
tacha la [llamada](activity_type) a {acc}
la [reunión](activity_type) con {acc} ya se hizo
hecha la tarea de {acc}
da por completada la [llamada](activity_type) con {con}
ya mandé el [correo](activity_type) a {acc}, cierra la tarea
marcar como hecho el seguimiento a {acc}
completada la [visita](activity_type) de {time} a {acc}
ya cumplí con la tarea de {acc}
la tarea de [llamar](activity_type) a {con} está lista
ok ya hice lo de {acc}
tarea completada: [whatsapp](activity_type) a {acc}
finaliza la tarea de {acc}
termine la [llamada](activity_type) con {acc}, marcala como lista
ya fui, cierra la tarea de [visita](activity_type) a {acc}
marca hecha mi tarea de {time}
tareas de {acc} completadas
check en la [llamada](activity_type) a {acc}
listo lo de {acc}, tarea cerrada""".split("\n")

T["reschedule_task"] = """mueve la [reunión](activity_type) con {acc} a {time}
cambia la [visita](activity_type) a {acc} para {time}
reprograma la [llamada](activity_type) con {con} para {time}
pasa la tarea de {acc} a {time}
posponer la [visita](activity_type) a {acc} hasta {time}
aplaza la [reunión](activity_type) con {acc}
corre la [llamada](activity_type) a {acc} para {time}
reagenda la [visita](activity_type) a {acc} {time}
cambia la fecha de la tarea de {acc} a {time}
mueve mi tarea de {acc} para {time}
la [reunión](activity_type) con {acc} se cambia a {time}
posterga la [llamada](activity_type) con {acc} a {time}
reprogramar tarea {acc} {time}
{acc} pidió mover la [reunión](activity_type) a {time}
pasa la [llamada](activity_type) de hoy con {acc} a {time}
cambia para {time} la [visita](activity_type) de {acc}
atrasa la tarea de {acc} para {time}
deja la [llamada](activity_type) con {con} para {time}
mueve todas mis tareas de hoy a {time}
mueve la [visita](activity_type) de {time} a {time}
reagendar [reunión](activity_type) {acc} para {time}
la [llamada](activity_type) a {acc} mejor {time}
pospón la tarea de {acc}
cambia la hora de la [reunión](activity_type) con {acc} a {time}
no alcanzo, pasa la [visita](activity_type) de {acc} a {time}
reprograma lo de {acc} para {time}
adelanta la [reunión](activity_type) con {acc} a {time}
mover la [llamada](activity_type) con {acc} a {time}""".split("\n")

T["account_info"] = """info de {acc}
¿qué sabemos de {acc}?
dame la ficha de {acc}
muéstrame {acc}
detalles de {acc}
¿cómo está {acc}?
información de la cuenta {acc}
¿quién es el contacto en {acc}?
historial de {acc}
¿en qué etapa está {acc}?
¿cuándo fue la última [llamada](activity_type) a {acc}?
resumen de {acc}
ficha {acc}
¿qué oportunidades tiene {acc}?
dime todo sobre {acc}
¿quién lleva la cuenta {acc}?
{acc}?
datos de {acc}
¿cuál es el teléfono de {acc}?
qué actividades tiene {acc}
estado de la cuenta {acc}
¿cuánto potencial tiene {acc}?
busca {acc}
abre la cuenta {acc}
¿cuándo hablamos por última vez con {acc}?
contactos de {acc}
mostrar info de {acc}
¿qué pasó con {acc}?
ver cuenta {acc}
¿de qué sector es {acc}?""".split("\n")

T["find_accounts"] = """cuentas de {sector} en Chile
muéstrame los leads de {sector}
¿qué cuentas tengo en {sector}?
busca clientes del sector {sector}
lista de prospectos en [negociación](stage)
cuentas en [propuesta](stage)
¿qué cuentas están en [calificado](stage)?
empresas de {sector} en Lima
dame las cuentas de {sector} sin actividad
clientes de {sector} en México
mis cuentas en [negociación](stage)
¿cuáles son mis [leads](stage) de {sector}?
filtra cuentas por sector {sector}
cuentas de {sector} en [propuesta](stage)
¿quiénes son mis [clientes](stage) de {sector}?
buscar cuentas {sector} Madrid
todas las cuentas en [público objetivo](stage)
¿qué [prospectos](stage) tengo en Bogotá?
cuentas sin contacto hace 30 días
muéstrame cuentas de la lista {list}
leads del sector {sector} que no he llamado
¿cuántas cuentas tengo en [negociación](stage)?
cuentas de {sector} zona norte
dame todos los [prospectos](stage) de {sector}
listado de [clientes](stage) en Argentina
¿qué empresas de {sector} tenemos?
cuentas nuevas de esta semana
¿qué cuentas de {sector} están [perdidas](stage)?
busca empresas de {sector} en Valparaíso
cuentas {sector}""".split("\n")

T["report_profitability"] = """rentabilidad por sector
¿qué sectores son menos rentables?
rentabilidad de {acc}
¿qué sector es más rentable?
reporte de rentabilidad
tasa de conversión por sector
¿qué sectores trabajamos menos?
¿cuánto hemos ganado en {sector}?
rentabilidad del sector {sector}
¿en qué sector perdemos más oportunidades?
win rate por sector
informe de rentabilidad {time}
¿cuánto nos deja {acc}?
¿vale la pena seguir con {sector}?
¿qué sectores son menos efectivos?
rentabilidad de las cuentas este trimestre
¿cuál es el sector con mejor tasa de cierre?
ingresos ganados por sector
¿qué cuentas son más rentables?
reporte de sectores
¿cuántas actividades gastamos en {sector} vs lo ganado?
¿es rentable {acc}?
análisis de rentabilidad por cuenta
¿en qué rubro convertimos mejor?
rentabilidad {sector} vs {sector}
oportunidades ganadas y perdidas por sector
¿dónde estamos perdiendo plata?
ranking de sectores por ingresos
cuál es la tasa de éxito en {sector}
rentabilidad del último mes""".split("\n")

T["pipeline_summary"] = """cómo está el pipeline
resumen del pipeline
¿cuánto hay en el pipeline?
estado del embudo
¿cómo va el embudo de ventas?
pipeline
valor total del pipeline
¿cuántas oportunidades abiertas tengo?
muéstrame el pipeline
¿cuánto tengo en [negociación](stage)?
pipeline por etapa
¿cuántas cuentas hay en cada etapa?
forecast del mes
¿qué va a cerrar {time}?
dame el pipeline del equipo
¿cuánto suman las oportunidades en [propuesta](stage)?
resumen de oportunidades
¿cómo está mi embudo?
¿cuánto potencial tengo abierto?
oportunidades por etapa
mi pipeline de ventas
¿cuánta plata hay en juego?
total de oportunidades abiertas {time}
embudo comercial
pipeline de {time}
¿qué oportunidades cierran este mes?
dame un resumen de mis oportunidades abiertas
cómo viene el pipe
valor del embudo por etapa
¿cuántos deals tengo en [propuesta](stage)?""".split("\n")

T["campaign_status"] = """¿cómo va la campaña {camp}?
estado de la campaña {camp}
ROI de la campaña {camp}
resultados de {camp}
¿cuántas conversiones lleva {camp}?
¿qué tal va la campaña de {camp}?
¿cuánto ha costado la campaña {camp}?
campañas activas
¿cómo van las campañas?
rendimiento de las campañas
¿cuánta plata ha generado {camp}?
resumen de campaña {camp}
¿funciona la campaña {camp}?
¿cuál campaña tiene mejor ROI?
retorno de la campaña {camp}
ocupación de los vendedores en {camp}
¿cuántas cuentas entraron por {camp}?
estado de mis campañas
¿qué campaña convierte más?
{camp}, ¿cómo va?
métricas de la campaña {camp}
costo por conversión de {camp}
¿vale la pena la campaña {camp}?
resultados por vendedor de la campaña {camp}
¿en qué etapa van las cuentas de {camp}?
informe de campañas {time}
dame los números de {camp}
campaña {camp} status
¿cuántos [sms](activity_type) se han enviado en {camp}?
¿cómo le fue a {camp}?""".split("\n")

T["inbox_pending"] = """¿hay mensajes pendientes?
¿quién está esperando respuesta?
bandeja de entrada
mensajes sin responder
¿tengo mensajes nuevos?
¿alguien me escribió?
conversaciones pendientes
¿qué clientes me escribieron?
inbox
¿hay chats abiertos?
¿tengo [whatsapps](activity_type) sin contestar?
mensajes pendientes de {acc}
¿me escribió {con}?
¿quién me ha escrito {time}?
conversaciones abiertas
¿hay leads nuevos por [whatsapp](activity_type)?
muéstrame la bandeja
¿qué mensajes tengo?
mis conversaciones sin resolver
¿hay alguien esperando?
pendientes del inbox
¿llegó algún [correo](activity_type) de clientes?
chats sin respuesta
¿a quién le debo respuesta?
revisar mensajes
¿hay conversaciones asignadas a mí?
¿tengo algo en la bandeja?
mensajes de clientes sin leer
¿quién escribió por instagram?
¿cuántos mensajes pendientes tengo?""".split("\n")
T["pipeline_summary"] += """¿cuánto tengo en el pipe?
estado del pipeline {time}
resumen del embudo por etapa
¿cuántos negocios abiertos hay?
¿cuánto valen las oportunidades abiertas?
¿qué hay en mi pipeline?
cómo viene el forecast
pipeline del equipo {time}
¿cuánto suma lo que está en [negociación](stage)?
¿cuántas cuentas tengo en [propuesta](stage) y cuánto valen?
quiero ver el embudo
cómo está el embudo esta semana
total del pipeline en pesos
proyección de cierre {time}
¿cuántos negocios están por cerrar?""".split("\n")
T["sprint_status"] += """¿cuánto me queda del sprint?
¿cómo va mi sprint de {time}?
mis números del sprint
¿cuánto llevo de la meta?
avance sprint
progreso de mi meta de ventas
¿cuántas cuentas he cerrado en el sprint?
sprint actual, ¿cómo voy?
¿me alcanza para la meta?
estado de mi objetivo
mi meta, ¿cómo va?
cómo vengo con el sprint
¿cuánto falta para terminar el sprint?
ver progreso
mi rendimiento en el sprint
¿ya cumplí mi meta?
¿cuántas ventas llevo {time}?
resumen de mi meta""".split("\n")
T["team_status"] += """¿cómo van los vendedores {time}?
avance de cada uno del equipo
¿qué tal va {con}?
resumen de metas del equipo
¿quién ya cumplió su meta?
¿cómo va el equipo de ventas con los sprints?
estado de los vendedores
¿cuántas conversiones lleva el equipo?
progreso del equipo comercial
¿quiénes están bajo la meta?""".split("\n")
T["close_sprint"] += """cierra el sprint de {con}
quiero dar por cerrado mi sprint
cerrar sprint sin pasar cuentas
cierra el sprint y no muevas nada
terminar el sprint de {time}
cerremos el sprint
se terminó el plazo, cierra el sprint
cierra mi sprint actual y pasa lo pendiente al siguiente
finalizar el sprint activo
cerrar sprint por favor
ciérralo, el sprint ya venció
quiero terminar mi sprint
cerrar el sprint activo
dar de baja el sprint actual, ya terminó
listo el sprint, ciérralo""".split("\n")
T["inbox_pending"] += """¿hay mensajes de {acc}?
¿qué conversaciones tengo pendientes {time}?
mensajes nuevos de clientes
¿alguien escribió por [wsp](activity_type)?
¿hay algo sin contestar?
chats pendientes de {acc}
¿{con} me respondió?
bandeja de mensajes pendientes
¿cuántos clientes esperan respuesta?
mensajes por responder {time}
¿hay conversaciones nuevas?
¿quién me escribió por messenger?""".split("\n")

# ---- round 2 ----
T["greet"] += """hola, buenas tardes
holi rumbo
hola! ¿todo bien?
buenos dias, ¿cómo andas?
¡hola! aquí de nuevo
ey, ¿qué tal?
hola, ¿cómo va?
saludos rumbo
buenas, ¿qué tal el día?
hola compa""".split("\n")
T["goodbye"] += """eso sería todo
ok, me piro
chao, buen finde
listo, me voy a dormir
nos vemos el lunes
hasta luego rumbo
bueno, hasta la tarde
me tengo que ir
me salgo
adiosito""".split("\n")
T["affirm"] += """sí, eso
ok perfecto
sí, dale nomás
claro, hazlo
sí, es correcto
exactamente
ok, procede
sí señor""".split("\n")
T["deny"] += """no, eso no
mejor no lo hagas
no, detente
no, está equivocado
no, no lo muevas
no, espera un momento
nop, cancela eso""".split("\n")
T["help"] += """¿qué puedo pedirte?
no sé qué hacer aquí
¿cómo agrego una cuenta?
enséñame a usarte
¿cómo funciona la agenda?
¿qué tipo de cosas entiendes?
guía rápida por favor
¿me das una mano?""".split("\n")
T["out_of_scope"] += """¿va a hacer calor el fin de semana?
pronóstico para mañana
¿está lloviendo en Lima?
dime algo chistoso
cuéntame un cuento
¿cómo salió el clásico?
¿cuándo juega Colo-Colo?
resultados de la Fórmula 1
¿cómo hago una tortilla de patatas?
receta de arroz con pollo
¿cuántos años tiene Shakira?
¿cuánto es la raíz cuadrada de 144?
¿qué significa ubicuo?
¿cuál es el río más largo del mundo?
¿quién escribió el Quijote?
noticias de hoy
¿qué me pongo para una boda?
¿dónde queda el baño?
¿tienes novia?
¿cómo estás de ánimo?
¿cuál es tu color favorito?
hazme la tarea de mates
¿dónde puedo comprar zapatillas baratas?
¿cómo bajo de peso?
me duele la cabeza, ¿qué tomo?
¿a qué hora abre el banco?
¿cómo está el tráfico?
busca vuelos baratos a Madrid
¿me puedes pedir un uber?
¿quién es el mejor jugador del mundo?
¿qué series hay nuevas?
bla bla bla
asdfgh
¿sabes bailar?""".split("\n")

T["add_to_list"] += """mete a {acc} en {list}
{acc} a {list}
pon {acc} dentro de {list}
a la lista {list} agrégale {acc}
agrega a {list} la cuenta {acc}
{acc} va en {list}
la cuenta {acc} tiene que ir a {list}
súmale {acc} a {list}
mueve las cuentas del sprint a la lista {list}
guarda {acc} y {acc} en {list}
copia las cuentas de mi sprint a {list}
agrega a mi lista {list}: {acc}, {acc}""".split("\n")
T["add_to_sprint"] += """sprint + {acc}
{acc} para el sprint
mete al sprint a {acc}
al sprint: {acc} y {acc}
necesito {acc} en el sprint
agrega al sprint la lista {list}""".split("\n")
T["campaign_status"] += """¿cómo le está yendo a {camp}?
{camp} por vendedor
¿cuántos clientes nuevos trajo {camp}?
¿cuánto invertimos en {camp}?
¿cuánto retorno tuvo {camp}?
¿qué campaña funciona mejor?
{camp}: conversiones e ingresos
¿{camp} está dando resultados?
rendimiento de {camp}
ingresos generados por {camp}
¿quién vendió más en {camp}?
gasto vs retorno de {camp}""".split("\n")
T["mark_lost"] += """{acc} fuera, {reason}
{acc} no avanzó, {reason}
se fue {acc} con otro, {reason}
{acc} nos rechazó, {reason}
la de {acc} no resultó, {reason}
{acc} perdida, {reason}
{acc} se nos fue, {reason}
{acc} no va más, márcala como perdida
bajar {acc} a perdida, {reason}""".split("\n")
T["mark_won"] += """ya firmó {acc}!!
{acc} es cliente, cerramos
se ganó la oportunidad de {acc}
{acc} nos compró {amt}
{acc} aceptó, venta ganada por {amt}
gané {acc}""".split("\n")
T["account_info"] += """¿quién es el dueño de la cuenta {acc}?
¿qué me cuentas de {acc}?
¿cuál es el estado de {acc}?
¿cómo vamos con {acc}?
info sobre {acc}
¿qué tenemos de {acc}?
¿quién atiende {acc}?
últimas acciones con {acc}""".split("\n")
T["report_profitability"] += """¿qué cuentas nos dejan más plata?
¿cuál es la tasa de conversión de {sector}?
margen por sector
¿qué sector rinde menos?
¿en qué sector tenemos peor win rate?
rentabilidad por cuenta {time}
¿cuánto facturamos en {sector}?
comparativa de sectores
¿qué sectores están menos trabajados?""".split("\n")
T["create_opportunity"] += """hay una posible venta con {acc} por {amt}
registra un negocio con {acc} de {amt}
nuevo negocio con {acc}
{acc} puede comprar {amt}, abre opp
genera oportunidad {acc} {amt}
oportunidad para {acc} que cierra {time}""".split("\n")
T["log_activity"] += """[nota](activity_type): {acc} quiere renegociar en marzo
[fui a ver](activity_type) a {acc}, pidieron catálogo
[hablé por teléfono](activity_type) con {con}, muy interesada
registro de [reunión](activity_type) con {acc}: cerramos alcance del proyecto
hoy [me reuní](activity_type) con {con} de {acc}, quedó en confirmar {time}
[le marqué](activity_type) a {con}, pide que le mande precios
[visité](activity_type) {acc}: compraron poco pero quieren más {time}""".split("\n")
T["reschedule_task"] += """reagenda la [llamada](activity_type) de {acc} a {time}
la [visita](activity_type) con {acc} mejor {time}
{acc} canceló, pasa la [reunión](activity_type) a {time}
cambia a {time} lo de {acc}""".split("\n")
T["sprint_status"] += """¿cuántos días le quedan a mi sprint?
¿cuánto tiempo me queda?
mi avance en conversiones""".split("\n")
T["show_agenda"] += """¿qué me toca hoy?
¿qué tengo que hacer {time}?
pendientes {time}
tareas para {time}""".split("\n")
T["find_accounts"] += """¿qué clientes de {sector} tenemos en Perú?
busca cuentas de {sector} en Colombia
empresas de la lista {list}
cuentas de {sector} sin dueño
muéstrame las cuentas de {sector} en [negociación](stage)""".split("\n")
T["inbox_pending"] += """¿{acc} me escribió?
¿me mandó algo {con}?
¿tengo respuestas pendientes?""".split("\n")
T["add_contact"] += """el teléfono de {con} de {acc} es {phone}
contacto de {acc}: {con}, {email}
{con} es el encargado de compras en {acc}, anótalo como contacto""".split("\n")
