"""Round 2 templates: weak intents (tense, campaigns and lists by name, reasons, bare amounts),
wider out_of_scope, and the `undo` intent."""
ES, EN = {}, {}

ES["out_of_scope"] = """¿va a nevar en la cordillera?
¿qué temperatura hay en Buenos Aires?
¿necesito paraguas hoy?
¿cuánta humedad hay?
¿quién metió más goles en la última Copa América?
¿cuándo es el próximo partido de la selección?
¿cómo salió River anoche?
¿quién lidera el tour de Francia?
dame la tabla de posiciones
¿cómo preparo un pisco sour?
receta fácil de lasaña
¿cuánto tiempo se cocina un huevo duro?
¿qué cocino hoy para la cena?
¿cuántos años tienes?
¿dónde vives?
¿tienes hermanos?
¿te gusta el fútbol?
¿qué opinas del amor?
¿cuál es la montaña más alta de América?
¿cuántos habitantes tiene México?
¿en qué año llegó el hombre a la luna?
¿quién pintó la Mona Lisa?
¿cuál es la fórmula del agua?
¿qué día es feriado el próximo mes?
¿me cuentas una adivinanza?
dime un trabalenguas
hazme reír
qué aburrido está el día
estoy cansado, ¿me das un consejo?
¿cómo le cambio la contraseña a mi Gmail?
mi Excel no abre, ¿qué hago?
no me funciona el wifi
¿cómo actualizo Windows?
¿cómo configuro la impresora?
mi celular no carga
¿cómo exporto un PDF en Word?
¿cómo se instala Zoom?
¿cómo recupero mi cuenta de Instagram?
¿qué laptop me compro?
¿cuánto cuesta un iPhone?
¿qué libro me recomiendas?
¿a qué hora cierra el supermercado?
¿dónde hay una farmacia de turno?
¿qué hago este fin de semana?
¿cómo se dice gracias en japonés?
¿cuánto mide la torre Eiffel?
¿los gatos ven en colores?
¿por qué el cielo es azul?
¿cuál es tu película favorita?
canta una canción
juguemos al ahorcado
¿me ayudas con mi declaración de impuestos?
¿cómo saco el pasaporte?
¿qué vacunas necesito para viajar a Brasil?""".split("\n")

EN["out_of_scope"] = """will it snow in the mountains?
what's the temperature in Chicago?
do I need an umbrella today?
how humid is it outside?
who won the Champions League?
when do the Lakers play next?
how did the Yankees do last night?
who's leading the Tour de France?
show me the league table
how do I make a margarita?
easy lasagna recipe
how long do I boil an egg?
what should I cook for dinner?
how old are you?
where do you live?
do you have siblings?
do you like football?
what do you think about love?
what's the tallest mountain in America?
how many people live in Canada?
what year did we land on the moon?
who painted the Mona Lisa?
what's the chemical formula of water?
when is the next public holiday?
tell me a riddle
give me a tongue twister
make me laugh
today is so boring
I'm tired, any advice?
how do I change my Gmail password?
my Excel won't open, what do I do?
my wifi isn't working
how do I update Windows?
how do I set up the printer?
my phone won't charge
how do I export a PDF in Word?
how do I install Zoom?
how do I recover my Instagram account?
which laptop should I buy?
how much is an iPhone?
can you recommend a book?
what time does the supermarket close?
where's the nearest pharmacy?
what should I do this weekend?
how do you say thanks in Japanese?
how tall is the Eiffel tower?
can cats see colors?
why is the sky blue?
what's your favorite movie?
sing me a song
let's play hangman
can you help me with my taxes?
how do I renew my passport?
which vaccines do I need to travel to Brazil?""".split("\n")

ES["undo"] = """deshaz eso
deshacer
deshaz lo último
borra lo último que registré
elimina la última actividad
me equivoqué, bórralo
anula eso
revierte lo que acabo de hacer
borra ese registro
quita la última nota
eso no era, deshazlo
cancela lo que registré recién
deshaz la última llamada que anoté
bórrame eso por favor
no, elimina eso que anoté
retrocede, me equivoqué de cuenta
deshacer último registro
anula la actividad que acabo de registrar
borra la visita que registré recién
ups, deshaz""".split("\n")

EN["undo"] = """undo that
undo
undo the last one
delete the last thing I logged
remove the last activity
my mistake, delete it
cancel that
revert what I just did
delete that entry
remove the last note
that was wrong, undo it
scrap what I just logged
undo the last call I logged
please delete that
no, remove what I just logged
go back, wrong account
undo last entry
take back the activity I just logged
delete the visit I just logged
oops, undo""".split("\n")

ES["campaign_status"] = """¿qué tal {camp}?
{camp} ¿funcionó?
números de {camp} este mes
¿cuántas ventas lleva {camp}?
¿cuántos leads trajo {camp}?
¿{camp} ya se pagó sola?
conversiones de {camp}
¿cómo vamos con {camp} en conversiones?
¿{camp} sigue activa?
¿cuánto llevamos gastado en {camp}?
tasa de apertura de {camp}
¿cuántos respondieron a {camp}?
¿cuánto vendimos con {camp}?
¿qué resultados dio {camp} {time}?
{camp}: ¿cuántas cuentas convirtió?
dime cómo va {camp}
¿cómo anda {camp}?
ventas atribuidas a {camp}
¿{camp} o {camp}, cuál rindió más?
compárame {camp} con {camp}
¿ya terminó {camp}?
reporte de {camp}
balance de {camp}
{camp} vs el mes pasado
¿cuántos clientes nuevos van con {camp}?
¿cuál es el ROI de {camp}?
¿{camp} está convirtiendo?
avance de la promo {camp}
¿cuánto ha dejado la promo {camp}?
cómo le va a la acción {camp}""".split("\n")

EN["campaign_status"] = """how's {camp} looking?
did {camp} work?
{camp} numbers this month
how many sales has {camp} brought in?
how many leads came from {camp}?
has {camp} paid for itself yet?
{camp} conversions
how are we doing on {camp} conversions?
is {camp} still running?
how much have we spent on {camp}?
open rate for {camp}
how many people replied to {camp}?
how much did we sell through {camp}?
what did {camp} deliver {time}?
{camp}: how many accounts converted?
tell me how {camp} is going
how's {camp} going so far?
revenue attributed to {camp}
{camp} or {camp}, which did better?
compare {camp} with {camp}
is {camp} over?
{camp} report
{camp} results so far
{camp} vs last month
how many new customers from {camp}?
what's the ROI on {camp}?
is {camp} converting?
progress of the {camp} promo
how much has the {camp} promo made?
how's the {camp} push doing?""".split("\n")

ES["add_to_list"] = """agrega {acc} a {list}
pon a {acc} en {list}
{acc} también en {list}
añade a {list} a {acc}
mete {acc} con los de {list}
agrégale {acc} a {list}
{acc} y {acc} a {list} por favor
quiero {acc} en {list}
agrega {acc} junto con las de {list}
súmalo a {list}: {acc}
añade {acc} al grupo {list}
{acc} pertenece a {list}, agrégala
incluye {acc} entre {list}
agrega a {acc} a mis {list}
a {list} súmale {acc} y {acc}
clasifica {acc} como {list}
etiqueta {acc} en {list}
mete a {acc} en el grupo de {list}""".split("\n")

EN["add_to_list"] = """add {acc} to {list}
put {acc} in {list}
{acc} also goes in {list}
add to {list}: {acc}
throw {acc} in with {list}
put {acc} and {acc} in {list} please
I want {acc} in {list}
add {acc} alongside the {list} ones
include {acc} among {list}
add {acc} to my {list}
to {list} add {acc} and {acc}
file {acc} under {list}
tag {acc} as {list}
drop {acc} into {list}
{acc} belongs in {list}, add it
save {acc} to {list}
add {acc} to the {list} group
stick {acc} and {acc} into {list}""".split("\n")

ES["log_activity"] = """ayer [llamé](activity_type) a {acc}, quieren otra cotización
recién [visité](activity_type) a {acc}, todo en orden
acabo de [llamar](activity_type) a {con} de {acc}, no le interesa por ahora
hoy [me reuní](activity_type) con {acc} y quedaron en responder {time}
esta mañana [le mandé un correo](activity_type) a {con} con los precios
el lunes [visité](activity_type) {acc}, pidieron una demo
anoche [le escribí por whatsapp](activity_type) a {con}, ya respondió
[llamé](activity_type) recién a {acc}: están revisando el contrato
acabo de salir de la [reunión](activity_type) con {acc}, quieren {amt}
ya [hablé por teléfono](activity_type) con {con}, todo bien
la semana pasada [visitamos](activity_type) {acc}, vamos bien
recién terminé una [llamada](activity_type) con {acc}
hace un rato [llamé](activity_type) a {acc} y no contestaron
hoy temprano [pasé por](activity_type) {acc} a dejar muestras
ayer tuvimos [reunión](activity_type) con {con} de {acc}
[nota](activity_type) de hoy: {acc} cambió de proveedor de logística
el viernes [le marqué](activity_type) a {con}, pidió llamar {time}
anota: [visité](activity_type) a {acc} ayer en la tarde
[llamé](activity_type) a {acc} esta mañana, piden rebaja
acabo de [mandar un correo](activity_type) a {acc} con la propuesta de {amt}""".split("\n")

EN["log_activity"] = """yesterday I [called](activity_type) {acc}, they want another quote
just [visited](activity_type) {acc}, all good
I just [called](activity_type) {con} from {acc}, not interested for now
today I [met with](activity_type) {acc} and they'll answer {time}
this morning I [emailed](activity_type) {con} the prices
on monday I [visited](activity_type) {acc}, they asked for a demo
last night I [whatsapped](activity_type) {con}, already replied
[called](activity_type) {acc} just now: they're reviewing the contract
just got out of the [meeting](activity_type) with {acc}, they want {amt}
already [spoke on the phone](activity_type) with {con}, all fine
last week we [visited](activity_type) {acc}, going well
just finished a [call](activity_type) with {acc}
a while ago I [called](activity_type) {acc} and nobody picked up
earlier today I [dropped by](activity_type) {acc} to leave samples
yesterday we had a [meeting](activity_type) with {con} from {acc}
[note](activity_type) from today: {acc} switched logistics providers
on friday I [rang](activity_type) {con}, asked to call {time}
log it: [visited](activity_type) {acc} yesterday afternoon
[called](activity_type) {acc} this morning, they want a discount
I just [sent an email](activity_type) to {acc} with the {amt} proposal""".split("\n")

ES["schedule_task"] = """mañana tengo que [llamar](activity_type) a {acc}, agéndalo
el jueves [visito](activity_type) a {acc}, ponlo en la agenda
la próxima semana hay que [llamar](activity_type) a {con}, créame la tarea
[llamar](activity_type) a {acc} {time}
[visita](activity_type) a {acc} {time}, anótala como tarea
recuérdame que {time} debo [llamar](activity_type) a {acc}
{time} [reunión](activity_type) con {con}, agéndala
agenda para {time}: [visitar](activity_type) {acc}
quiero [llamar](activity_type) a {acc} {time}, pon recordatorio
no me dejes olvidar [llamar](activity_type) a {con} {time}
hay que [mandar un correo](activity_type) a {acc} {time}
tengo pendiente [visitar](activity_type) {acc} {time}, agéndame
programa para {time} una [llamada](activity_type) con {acc}
mándame un aviso {time} para [llamar](activity_type) a {acc}
tarea para {time}: [reunión](activity_type) con {acc}
me toca [visitar](activity_type) a {acc} {time}, anótalo""".split("\n")

EN["schedule_task"] = """tomorrow I need to [call](activity_type) {acc}, schedule it
on thursday I'll [visit](activity_type) {acc}, put it on the agenda
next week I have to [call](activity_type) {con}, create the task
[call](activity_type) {acc} {time}
[visit](activity_type) {acc} {time}, add it as a task
remind me that {time} I must [call](activity_type) {acc}
{time} [meeting](activity_type) with {con}, schedule it
schedule for {time}: [visit](activity_type) {acc}
I want to [call](activity_type) {acc} {time}, set a reminder
don't let me forget to [call](activity_type) {con} {time}
need to [email](activity_type) {acc} {time}
I still have to [visit](activity_type) {acc} {time}, book it
set up a [call](activity_type) with {acc} for {time}
give me a nudge {time} so I [call](activity_type) {acc}
task for {time}: [meeting](activity_type) with {acc}
I'm due to [visit](activity_type) {acc} {time}, note it down""".split("\n")

ES["reschedule_task"] = """la [llamada](activity_type) de {time} con {acc} pásala a {time}
no puedo {time}, mueve la [visita](activity_type) de {acc} a {time}
cambia mi tarea de [llamar](activity_type) a {con} para {time}
la [reunión](activity_type) con {acc} ya no es {time}, ahora es {time}
corre para {time} la tarea de {acc}
reprograma para {time} la [visita](activity_type) a {acc}
mejor deja la [reunión](activity_type) con {con} para {time}
{acc} pidió aplazar la [visita](activity_type) a {time}
traslada la tarea de {acc} a {time}
pasa para {time} todas las tareas de {acc}
la tarea de [llamar](activity_type) a {acc} cámbiala a {time}
retrasa un día la [llamada](activity_type) a {acc}""".split("\n")

EN["reschedule_task"] = """move the {time} [call](activity_type) with {acc} to {time}
can't make it {time}, push the [visit](activity_type) to {acc} to {time}
change my task to [call](activity_type) {con} to {time}
the [meeting](activity_type) with {acc} isn't {time} anymore, it's {time}
push the {acc} task to {time}
reschedule the [visit](activity_type) to {acc} for {time}
better leave the [meeting](activity_type) with {con} for {time}
{acc} asked to postpone the [visit](activity_type) to {time}
shift the {acc} task to {time}
move all the {acc} tasks to {time}
the task to [call](activity_type) {acc}, change it to {time}
delay the [call](activity_type) with {acc} by a day""".split("\n")

ES["mark_lost"] = """perdimos {acc} porque {reason}
{acc} no compró, el motivo fue que {reason}
se cayó lo de {acc}: {reason}
marca perdida {acc}, la razón es que {reason}
{acc} dijo que no ya que {reason}
perdimos a {acc} por {reason}
{acc} perdida. motivo: {reason}
chao {acc}, {reason}
{acc} no sigue: {reason}
nos bajamos de {acc} porque {reason}
perdida la venta de {acc}; {reason}
{acc} se perdió, dicen que {reason}""".split("\n")

EN["mark_lost"] = """we lost {acc} because {reason}
{acc} didn't buy, the reason was {reason}
{acc} fell through: {reason}
mark {acc} lost, the reason is {reason}
{acc} said no since {reason}
lost {acc} due to {reason}
{acc} lost. reason: {reason}
bye {acc}, {reason}
{acc} is not moving forward: {reason}
we dropped {acc} because {reason}
lost the {acc} deal; {reason}
{acc} is gone, they say {reason}""".split("\n")

ES["create_opportunity"] = """abre una oportunidad con {acc} por {amt}
oportunidad de {amt} para {acc}
{acc} quiere comprar por {amt}, crea la oportunidad
nueva opp {acc} de {amt}
crea un negocio de {amt} con {acc}
{acc} está interesado, oportunidad por {amt} que cierra {time}
registra oportunidad {acc} valor {amt}
oportunidad con {acc}: {amt}""".split("\n")

EN["create_opportunity"] = """open an opportunity with {acc} for {amt}
{amt} opportunity for {acc}
{acc} wants to buy for {amt}, create the opportunity
new opp {acc} worth {amt}
create a deal of {amt} with {acc}
{acc} is interested, opportunity for {amt} closing {time}
log opportunity {acc} value {amt}
opportunity with {acc}: {amt}""".split("\n")

ES["mark_won"] = """ganamos {acc} por {amt}
{acc} firmó por {amt}
cerramos {acc} en {amt}
venta ganada con {acc}, fueron {amt}""".split("\n")

EN["mark_won"] = """we won {acc} for {amt}
{acc} signed for {amt}
closed {acc} at {amt}
deal won with {acc}, it was {amt}""".split("\n")

# Round 3: CRM questions that read like general questions, and short closings.
ES["account_info"] = """¿qué sabemos de {acc}?
¿cuándo fue la última vez que hablamos con {acc}?
¿quién es el contacto en {acc}?
¿cuál es el teléfono de {acc}?
¿en qué etapa está {acc}?
¿cuánto nos ha comprado {acc}?
¿de quién es {acc}?
¿qué pasó con {acc}?
¿{acc} tiene oportunidades abiertas?
¿cuándo visitamos {acc} por última vez?
resumen de la cuenta {acc}
ficha de {acc}
historial de {acc}
¿a qué se dedica {acc}?""".split("\n")
EN["account_info"] = """what do we know about {acc}?
when did we last talk to {acc}?
who's the contact at {acc}?
what's the phone number for {acc}?
what stage is {acc} in?
how much has {acc} bought from us?
whose account is {acc}?
what happened with {acc}?
does {acc} have open deals?
when did we last visit {acc}?
tell me about {acc}
{acc} profile
history of {acc}
what does {acc} do?""".split("\n")
ES["goodbye"] = """listo, nos vemos
ok, chao
perfecto, hasta luego
bueno, me retiro por hoy
eso es todo, adiós
ya, hablamos mañana""".split("\n")
EN["goodbye"] = """ok, see you
alright, bye
perfect, talk later
ok I'm off
that's all, goodbye
cool, catch you tomorrow""".split("\n")
ES["team_status"] = """¿cómo anda {con} con su meta?
¿qué tal va {con} este sprint?
¿cómo va mi equipo?
¿quién va atrasado en el equipo?
avance del equipo {time}
¿cómo van los chicos?""".split("\n")
EN["team_status"] = """how's {con} doing on their goal?
how is {con} tracking this sprint?
how's my team doing?
who's behind on the team?
team progress {time}
how are the reps doing?""".split("\n")
ES["find_accounts"] = """¿qué cuentas tenemos en {sector}?
lista las empresas de {sector}
¿cuáles son mis cuentas en [propuesta](stage)?
muéstrame los clientes de {sector} de Lima""".split("\n")
EN["find_accounts"] = """which accounts do we have in {sector}?
list the {sector} companies
which of my accounts are in [proposal](stage)?
show me {sector} customers in Texas""".split("\n")
ES["mark_lost"] += """{acc}: perdida, {reason}
ponle perdida a {acc}, {reason}
{acc} no, al final {reason}
perdimos {acc}, razón: {reason}""".split("\n")
EN["mark_lost"] += """{acc}: lost, {reason}
set {acc} to lost, {reason}
{acc} is a no, in the end {reason}
we lost {acc}, reason: {reason}""".split("\n")

