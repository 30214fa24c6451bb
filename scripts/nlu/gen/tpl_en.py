T = {}
T["greet"] = """hi
hello
hey
hey there
good morning
good afternoon
good evening
hi rumbo
yo
hiya
howdy
morning!
hello hello
hey, you there?
sup
what's up
hi again
greetings
heyy
hi, how are you?
hey bot
hello there""".split("\n")
T["goodbye"] = """bye
goodbye
see you
see ya
later
talk later
bye bye
catch you later
good night
i'm off
that's all, bye
gotta go
see you tomorrow
cya
signing off
have a good one
ok bye
peace out
done for today
take care
until next time
logging off now""".split("\n")
T["affirm"] = """yes
yeah
yep
yup
sure
ok
okay
correct
right
exactly
of course
yes please
do it
go ahead
absolutely
sounds good
confirm
that's right
definitely
affirmative
sure thing
k
yes, do it
perfect
alright
yes confirmed""".split("\n")
T["deny"] = """no
nope
nah
no thanks
not really
never mind
cancel
don't
no way
not now
negative
not yet
no, that's wrong
forget it
no, cancel that
i don't think so
skip it
that's not it
wrong
absolutely not
nah, leave it""".split("\n")
T["thank"] = """thanks
thank you
thx
ty
thanks a lot
many thanks
cheers
great, thanks
thanks!!
appreciate it
thank you so much
awesome thanks
perfect, thank you
thanks rumbo
much appreciated
nice, ty
cool thanks
thanks a bunch
that helps, thanks
legend, thanks
tysm""".split("\n")
T["help"] = """help
what can you do?
how does this work
i need help
what are the commands
how do i use you
show me what you can do
options
menu
can you help me?
how do i log a call?
what can i ask you
instructions
give me some examples
i'm lost
how does the sprint thing work
what are you for
user guide
help me out
what features do you have
i don't get how this works""".split("\n")
T["out_of_scope"] = """what's the weather like today?
will it rain tomorrow in London?
tell me a joke
who won the game last night?
how are the Lakers doing
give me a recipe for lasagna
how do i make pancakes
what's the capital of Australia?
what's 25 times 17?
play some music
recommend me a movie
who is the president of France
what's the dollar exchange rate?
write me a poem
are you a human?
what's the meaning of life
where can i get good sushi nearby?
book me a flight to Miami
what time is it in Tokyo
translate this to German
any good series on netflix?
how many calories in an avocado?
can you lend me money?
tell me about dinosaurs
order me a pizza
what's the score of the Real Madrid match""".split("\n")

T["log_activity"] = """[called](activity_type) {acc}, they want a quote, remind me {time}
[visited](activity_type) {acc} {time}, all good
[called](activity_type) {con} at {acc}, no answer
[met with](activity_type) {acc} today, they liked the demo
had a [meeting](activity_type) with {acc}, they're asking for a discount
log a [call](activity_type) with {acc}: interested in the annual plan
[whatsapped](activity_type) {con}, she'll get back to me {time}
[emailed](activity_type) {acc} the proposal
note that i [called](activity_type) {acc} and they'll think about it
[note](activity_type) for {acc}: owner is back from vacation {time}
[met](activity_type) {con} from {acc}, they want 3 more licenses
just [visited](activity_type) {acc}, they asked for samples
[texted](activity_type) {con} at {acc} to confirm the order
[sms](activity_type) sent to {acc} about the payment
log [visit](activity_type) to {acc}, manager wasn't there
[rang](activity_type) {acc} but they were busy, call back {time}
[phoned](activity_type) {acc}, went well
talked to {con} on [whatsapp](activity_type), interested in {amt}
[call](activity_type) with {acc}: they want a meeting {time}
[visit](activity_type) to {acc} done, they're happy with the service
[sent an email](activity_type) to {con} with the catalog
[called](activity_type) {acc}, they asked me to call back {time}
add a [note](activity_type) to {acc}: new purchasing manager
yesterday i [visited](activity_type) {acc} with {con}, good vibes
[called](activity_type) {acc} and they hung up lol
just had a [meeting](activity_type) with {con}, they want the proposal by [email](activity_type)
[text message](activity_type) to {con} from {acc}, no reply yet
[dropped by](activity_type) {acc}, left some brochures
log [call](activity_type): {acc} has no budget until {time}
[called](activity_type) {acc}, they want {amt} worth of product, remind me {time}
[zoom](activity_type) with {acc}, went through the integration
[email](activity_type) sent to {acc} with the {amt} quote
[visited](activity_type) {con} at {acc}, wants us back {time}
[whatsapp](activity_type) to {acc}: delivery confirmed
log: [call](activity_type) with {con}, all ok
[called](activity_type) {acc}. they said yes, send the contract
{acc}: [visit](activity_type) done, interested in expanding
super long [call](activity_type) with {con} from {acc}, they're evaluating
[note](activity_type) on {acc}: prefer to be contacted in the afternoon
[sat down with](activity_type) {acc} at their office, they want a tech demo {time}
[stopped by](activity_type) {acc} today, nobody was there""".split("\n")

T["move_stage"] = """move {acc} to [proposal](stage)
move {acc} to [negotiation](stage)
change {acc} status to [qualified](stage)
{acc} is now in [negotiation](stage)
put {acc} in [proposal](stage)
{acc} is a [lead](stage) now
mark {acc} as [qualified](stage)
advance {acc} to [proposal sent](stage)
update {acc} to [negotiation](stage)
set {acc} stage to [prospect](stage)
change {acc} to [target](stage)
bump {acc} back to [lead](stage)
move {acc} from proposal to [negotiation](stage)
{acc} -> [proposal](stage)
{acc} is [qualified](stage), they have budget
change the stage of {acc} to [quote sent](stage)
set {acc} to [lost](stage)
move {acc} to [client](stage)
{acc} becomes a [customer](stage)
sent them the quote, move {acc} to [proposal](stage)
downgrade {acc} to [prospect](stage)
{acc} should be in [negotiation](stage), update it
move {acc} and {acc} to [proposal](stage)
push {acc} to [negotiation](stage)
{acc} to [qualified](stage) please
stage [negotiation](stage) for {acc}
update status of {acc}: [proposal](stage)
{acc} moved to [negotiating](stage)
put {acc} back in [target](stage)
move {acc} forward to [qualified](stage)
set stage [proposal](stage) on {acc}
{acc} goes to [negotiation](stage)""".split("\n")

T["create_lead"] = """new lead: {acc}, {sector} sector
create a lead {acc}
add {acc} as a prospect
new prospect {acc} in {sector}
register the company {acc}
create account {acc}, industry {sector}
got a new lead: {acc}
add {acc} as a new lead
add the account {acc} in {sector}
new lead {acc}, referred by {con}
new account: {acc}
create {acc} as a lead, they're in {sector}
i want to add a prospect: {acc}
lead: {acc} / {sector}
add {acc} to the crm as a lead
new lead: {acc}, contact {con}
new company {acc} in {sector}, met them at a trade show
create lead {acc} with email {email}
new lead {acc} phone {phone}
enter {acc} as a new prospect
got a potential customer: {acc}
{acc} was referred to me, create it as a lead
create a new account for {acc}
new {sector} lead {acc}, potential {amt}
met {con} from {acc}, add them as a lead
{acc} is a new lead, {sector}
new lead from {sector}: {acc}
add {acc}, found them on linkedin
create prospect {acc}
log a new lead called {acc}""".split("\n")

T["add_contact"] = """add {con} as a contact at {acc}, {email}, {phone}
new contact {con} at {acc}
add {con} to {acc}, email is {email}
the contact at {acc} is {con}, phone {phone}
create contact {con} for {acc}
save {con} from {acc}, cell {phone}
{con} works at {acc}, add as contact
add contact: {con}, {acc}, {email}
the purchasing manager at {acc} is {con}
new contact for {acc}: {con} {phone}
save {con}, {email}, she's from {acc}
add contact {con} to the account {acc}
{con} is the new person in charge at {acc}, email {email}
add phone {phone} for {con} at {acc}
new contact: {con} ({acc}) {email}
register contact {con} with number {phone}
at {acc} we now talk to {con}, add her
create contact {con}, email {email}
add {con} to {acc}'s contacts
the owner of {acc} is {con}, save him
make {con} the main contact for {acc}
new contact {con} - {phone} - {acc}
{con} from {acc}: {email} / {phone}
add {con} with email {email}
add {con}, head of ops at {acc}
save contact: {con}, {phone}
put {con} in as a contact for {acc}
add a contact to {acc}: {con}""".split("\n")

T["create_opportunity"] = """open a {amt} opportunity with {acc}
new opportunity with {acc} for {amt}
create an opportunity for {acc}
{amt} opp at {acc}
log an opportunity with {acc}, value {amt}, closing {time}
{acc} wants to buy {amt}, create the opportunity
open opp {acc} {amt}
there's a deal with {acc} around {amt}
new opportunity: {acc}, {amt}, contact {con}
create a {amt} deal with {acc}
add a sales opportunity to {acc} for {amt}
new opp for {acc}, estimated {amt}
{acc} asked for a quote for {amt}, open an opportunity
i want to open a deal with {acc} worth {amt}
create opportunity {acc}, expected close {time}
{amt} opportunity with {con} at {acc}
open a deal with {acc}
new deal {acc} {amt}
create a {amt} opportunity with {acc} closing {time}
there's business with {acc}: {amt} in licenses
{acc} is interested, open an opp for {amt}
cross-sell opportunity with {acc} for {amt}
open a {amt} deal with {acc}, closes {time}
new opportunity {acc}
create opportunity for {acc} with an amount of {amt}
potential {amt} sale with {acc}, create it
add an opp: {acc}, {amt}
start a new deal for {acc}""".split("\n")

T["mark_won"] = """we won {acc}!
closed the deal with {acc} for {amt}
{acc} signed!!
we won the {acc} opportunity
mark {acc} as won
{acc} accepted the proposal, won
closed {acc} 🎉
sale closed with {acc} for {amt}
{acc} said yes, mark as won
we signed {acc}
{acc} closed, {amt}
won the {acc} opp
{acc} bought!
closed {acc} for {amt}, let's go!!
mark the {acc} opportunity as won
deal closed: {acc}
{acc} confirmed the {amt} purchase
we finally closed {acc}
{acc} paid, it's a win
{acc} won
record the sale to {acc} for {amt}
{acc} picked us, we won
{acc} signed the contract for {amt}
{acc} opportunity won
{acc} accepted the {amt} quote
{acc} is ours! closed at {amt}
closed won {acc}
nailed it, {acc} signed
booked {acc} at {amt}""".split("\n")

T["mark_lost"] = """we lost {acc}, {reason}
lost {acc}
{acc} said no, {reason}
mark {acc} as lost: {reason}
{acc} fell through, {reason}
{acc} is a no go, {reason}
{acc} opportunity lost due to {reason}
{acc} rejected the proposal, {reason}
lost the sale with {acc}
{acc} walked away, {reason}
close {acc} as lost, reason: {reason}
{acc} didn't happen, {reason}
{acc} dead, {reason}
mark the {acc} opp as lost
{acc} won't buy, {reason}
the {acc} deal fell apart: {reason}
{acc} cancelled, reason {reason}
lost {acc}. reason: {reason}
{acc} backed out, {reason}
the opportunity with {acc} is lost, {reason}
we lost {acc} to a competitor
{acc} declined, {reason}
mark {acc} lost
{acc} didn't sign in the end, {reason}
closed lost {acc} - {reason}
{acc} passed, {reason}
lost the {amt} deal with {acc}, {reason}
{acc} turned us down, {reason}""".split("\n")

T["sprint_status"] = """how's my sprint going
how am i doing on my goal?
sprint status
my sprint progress
how much is left to hit my target?
how am i doing?
how many conversions do i have
how many days left in the sprint?
am i on track for my goal?
sprint summary
how much have i sold this sprint?
percent of goal
show me my current sprint
what's my progress
my sprint
how's the sprint looking {time}
which accounts are in my sprint?
how many accounts left to convert
will i hit my number?
goal progress
status of my sprint
how far am i from quota
show me how my sprint is going
how are my numbers
how many clients have i converted this sprint?
how am i doing this month
how many prospects in my sprint
where am i at with my sprint
my % to goal
sprint check""".split("\n")

T["team_status"] = """how's the team doing?
team status
team sprint status
how are the team's sprints going
is my team on track?
team summary
team progress
who's doing best on the team?
team leaderboard
how is {con} doing on her sprint?
how are the reps doing
team progress this month
who's falling behind?
team sprints
show me all sprints
how much has the team sold?
how are we doing as a team?
who hasn't moved on their goal?
show each rep's progress
team ranking
how's the team looking {time}
{con}'s progress
is the team hitting quota?
who converted the most clients?
sales team sprint summary
how's everyone doing
team dashboard
how's {con}'s team doing?
overall team status
status of my reps""".split("\n")

T["close_sprint"] = """close sprint
close my sprint
i want to close the sprint
end sprint
close the current sprint
wrap up the sprint
finish my sprint
close this month's sprint
sprint's over, close it
sprint close
close the sprint and roll accounts into the next one
close sprint and carry over what's pending
end my sprint now
close it, the sprint is done
let's close out the sprint
close sprint now
i want to finish the current sprint
close the sprint, move open accounts to the next
end the sprint please
close my {time} sprint
sprint is finished, close it please
need to close my sprint
close the march sprint
time to close the sprint
end the current sprint and start a new one
shut down this sprint
finalize the sprint""".split("\n")

T["add_to_sprint"] = """add {acc} to the sprint
put {acc} in my sprint
add {acc} to the current sprint
add the list [strategic](list) to my sprint
add the list {list} to my sprint
throw {acc} into the sprint
add accounts from the {list} list to the sprint
include {acc} in my sprint
add {acc} and {acc} to the sprint
put the {list} list in the sprint
{acc} to sprint
add {acc} to this month's sprint
i want to work {acc} this sprint
load the {list} list into my sprint
add me {acc} to the sprint
add all accounts in {list} to the sprint
put {acc} in the sprint please
include the {list} list in the current sprint
add {acc}, {acc} and {acc} to the sprint
sprint: add {acc}
add account {acc} to sprint
drop {acc} into my sprint
put everything from {list} in the sprint
add {acc} to the active sprint
{acc} goes into the sprint
move the {list} list into my sprint
stick {acc} in my sprint""".split("\n")

T["add_to_list"] = """add {acc} to the [strategic](list) list
add {acc} to the {list} list
put {acc} in the {list} list
put {acc} in {list}
add {acc} to {list}
add {acc} and {acc} to the {list} list
{acc} to the {list} list
save {acc} in the {list} list
include {acc} in {list}
add the sprint accounts to the {list} list
put {acc} on my {list} list
create a list {list} with {acc}
add {acc} to my {list} list
list {list}: add {acc}
i want {acc} in the {list} list
throw {acc} in {list}
add {acc} to {list} please
{acc} goes in the {list} list
add {acc}, {acc} to the {list} list
save the sprint accounts to the {list} list
include {acc} in the {list} list
add account {acc} to list {list}
add {acc} into the {list} list
tag {acc} as {list}
put {acc} on the list {list}
add {acc} to the list called {list}
save {acc} to {list}""".split("\n")

T["show_agenda"] = """what do i have today?
agenda for {time}
what's on {time}
what's on this week
my agenda
show me my agenda for {time}
do i have meetings {time}?
tasks for {time}
what's on my plate {time}?
my to-dos for {time}
what tasks do i have?
show agenda
agenda
what's planned for {time}
what are my tasks {time}?
anything {time}?
my pending tasks
what [calls](activity_type) do i have {time}?
which [visits](activity_type) do i have {time}?
task list
who do i need to call {time}?
give me my agenda
how does my week look
am i free {time}?
what's pending
show me overdue tasks
my day
what's on the calendar {time}
how many tasks do i have {time}?
schedule for {time}""".split("\n")

T["schedule_task"] = """schedule a [visit](activity_type) to {acc} {time}
remind me to [call](activity_type) {acc} {time}
set up a [meeting](activity_type) with {acc} {time}
book a [call](activity_type) with {con} {time}
create a task to [call](activity_type) {acc}
put a [visit](activity_type) to {acc} on {time}
i need to [call](activity_type) {acc} {time}, schedule it
schedule [call](activity_type) to {acc} {time}
reminder: [email](activity_type) {acc} {time}
schedule a [meeting](activity_type) with {con} from {acc} {time}
new task: [visit](activity_type) {acc} {time}
remind me to [whatsapp](activity_type) {con} {time}
schedule me to [visit](activity_type) {acc}
create a reminder for {time}: [call](activity_type) {con}
task: [call](activity_type) {acc} {time}
schedule a follow-up [call](activity_type) with {acc} {time}
pencil in a [meeting](activity_type) with {acc} {time}
plan a [visit](activity_type) to {acc}
remind me {time} to follow up with {acc}
put [call](activity_type) {con} on my agenda for {time}
[visit](activity_type) {acc} {time}, add it to my schedule
create an [email](activity_type) task for {acc} {time}
need to [visit](activity_type) {acc} {time}, note it down as a task
remind me to [text](activity_type) {con} {time}
book a [meeting](activity_type) with {acc} for {time}
assign me a task to [call](activity_type) {acc} {time}
set a reminder to [call](activity_type) {acc} {time}
schedule {time} a [meeting](activity_type) with {acc}""".split("\n")

T["complete_task"] = """mark the {acc} [call](activity_type) as done
done with the [visit](activity_type) to {acc}
i did the [call](activity_type) to {acc}
completed the {acc} task
{acc} task done
already [called](activity_type) {acc}, mark the task done
done: [call](activity_type) to {con}
close the task to [visit](activity_type) {acc}
finished the task to [call](activity_type) {acc}
complete task {acc}
mark the {acc} task as complete
the [meeting](activity_type) with {acc} is done, tick it off
check off the [call](activity_type) to {acc}
{acc} task is finished
mark the [call](activity_type) with {con} as completed
sent the [email](activity_type) to {acc}, close the task
mark the {acc} follow-up as done
completed the {time} [visit](activity_type) to {acc}
the task to [call](activity_type) {con} is done
ok did the {acc} thing
task complete: [whatsapp](activity_type) to {acc}
finish the {acc} task
done with the {acc} [call](activity_type), mark it complete
went there, close the [visit](activity_type) task for {acc}
mark my {time} task as done
{acc} tasks completed
tick off the {acc} [meeting](activity_type)
{acc} [call](activity_type) done ✅""".split("\n")

T["reschedule_task"] = """move the [meeting](activity_type) with {acc} to {time}
reschedule the [visit](activity_type) to {acc} for {time}
push the [call](activity_type) with {con} to {time}
move the {acc} task to {time}
postpone the [visit](activity_type) to {acc} until {time}
postpone the [meeting](activity_type) with {acc}
push the {acc} [call](activity_type) to {time}
reschedule {acc} [visit](activity_type) {time}
change the date of the {acc} task to {time}
move my {acc} task to {time}
the [meeting](activity_type) with {acc} is moved to {time}
delay the [call](activity_type) with {acc} to {time}
reschedule task {acc} {time}
{acc} asked to move the [meeting](activity_type) to {time}
move today's [call](activity_type) with {acc} to {time}
bump the {acc} [visit](activity_type) to {time}
push my {acc} task back to {time}
make the [call](activity_type) with {con} {time} instead
move all my tasks today to {time}
move the [visit](activity_type) from {time} to {time}
reschedule [meeting](activity_type) {acc} to {time}
push back the {acc} task
change the time of the [meeting](activity_type) with {acc} to {time}
can't make it, move the {acc} [visit](activity_type) to {time}
bring the [meeting](activity_type) with {acc} forward to {time}
shift the [call](activity_type) with {acc} to {time}
reschedule the {acc} thing for {time}""".split("\n")

T["account_info"] = """info on {acc}
tell me about {acc}
what do we know about {acc}?
show me {acc}
details for {acc}
how's {acc} doing?
account info {acc}
who's the contact at {acc}?
history of {acc}
what stage is {acc} in?
when was the last [call](activity_type) to {acc}?
summary of {acc}
{acc} profile
what opportunities does {acc} have?
tell me everything about {acc}
who owns the {acc} account?
{acc}?
data on {acc}
what's the phone number for {acc}?
what activities does {acc} have
status of the {acc} account
how much potential does {acc} have?
look up {acc}
open account {acc}
when did we last talk to {acc}?
contacts at {acc}
show info for {acc}
what happened with {acc}?
pull up {acc}
what sector is {acc} in?""".split("\n")

T["find_accounts"] = """show me leads in {sector}
{sector} accounts in Chile
which accounts do i have in {sector}?
find customers in {sector}
list of prospects in [negotiation](stage)
accounts in [proposal](stage)
which accounts are [qualified](stage)?
{sector} companies in Texas
give me {sector} accounts with no activity
{sector} clients in Mexico
my accounts in [negotiation](stage)
what are my {sector} [leads](stage)?
filter accounts by {sector} sector
{sector} accounts in [proposal](stage)
who are my {sector} [customers](stage)?
search accounts {sector} Madrid
all accounts in [target](stage)
which [prospects](stage) do i have in Bogota?
accounts not contacted in 30 days
show accounts from the {list} list
{sector} leads i haven't called yet
how many accounts in [negotiation](stage)?
{sector} accounts north zone
all [prospects](stage) in {sector}
list [clients](stage) in Argentina
what {sector} companies do we have?
new accounts this week
which {sector} accounts are [lost](stage)?
find {sector} companies in California
{sector} accounts""".split("\n")

T["report_profitability"] = """profitability by sector
which sectors are least profitable
profitability of {acc}
which sector is most profitable?
profitability report
conversion rate by sector
which sectors do we work least?
how much have we won in {sector}?
{sector} sector profitability
which sector do we lose the most deals in?
win rate by sector
profitability report {time}
how much does {acc} bring in?
is {sector} worth it?
least effective sectors
account profitability this quarter
which sector has the best close rate?
won revenue by sector
which accounts are most profitable?
sector report
activities spent on {sector} vs revenue
is {acc} profitable?
profitability analysis by account
which industry converts best?
{sector} vs {sector} profitability
won and lost opportunities by sector
where are we losing money?
rank sectors by revenue
what's the win rate in {sector}
profitability last month""".split("\n")

T["pipeline_summary"] = """pipeline summary
how's the pipeline
how much is in the pipeline?
funnel status
how's the sales funnel looking?
pipeline
total pipeline value
how many open opportunities do i have?
show me the pipeline
how much do i have in [negotiation](stage)?
pipeline by stage
how many accounts in each stage?
forecast for the month
what's closing {time}?
team pipeline
how much is sitting in [proposal](stage)?
opportunities summary
how's my funnel?
how much open potential do i have?
opps by stage
my sales pipeline
how much money is on the table?
total open opportunities {time}
sales funnel
pipeline for {time}
which deals close this month?
summarize my open opportunities
how's the pipe looking
funnel value by stage
how many deals in [proposal](stage)?""".split("\n")

T["campaign_status"] = """how's the {camp} campaign going?
{camp} campaign status
campaign ROI
ROI of {camp}
{camp} results
how many conversions from {camp}?
how is the {camp} campaign doing?
how much has the {camp} campaign cost?
active campaigns
how are the campaigns doing?
campaign performance
how much revenue did {camp} bring?
{camp} campaign summary
is {camp} working?
which campaign has the best ROI?
return on {camp}
rep occupancy in {camp}
how many accounts came in through {camp}?
status of my campaigns
which campaign converts best?
{camp}, how's it going?
{camp} campaign metrics
cost per conversion for {camp}
is the {camp} campaign worth it?
{camp} results by rep
what stage are the {camp} accounts at?
campaign report {time}
give me the numbers for {camp}
how many [sms](activity_type) went out in {camp}?
how did {camp} do?""".split("\n")

T["inbox_pending"] = """any pending messages?
who is waiting for an answer
inbox
unanswered messages
do i have new messages?
did anyone write to me?
pending conversations
which customers messaged me?
open chats
any unanswered [whatsapps](activity_type)?
pending messages from {acc}
did {con} write to me?
who messaged me {time}?
open conversations
any new leads on [whatsapp](activity_type)?
show me the inbox
what messages do i have?
my unresolved conversations
is anyone waiting?
inbox pending
did any customer [emails](activity_type) come in?
chats with no reply
who do i owe a reply?
check messages
any conversations assigned to me?
anything in my inbox?
unread customer messages
who wrote on instagram?
how many pending messages do i have?
anyone waiting on me""".split("\n")
T["pipeline_summary"] += """how much is in the pipe?
pipeline status {time}
funnel summary by stage
how many open deals are there?
what are my open opportunities worth?
what's in my pipeline?
how's the forecast looking
team pipeline {time}
how much is in [negotiation](stage) right now?
how many accounts in [proposal](stage) and what's their value?
i want to see the funnel
how's the funnel this week
total pipeline value in dollars
projected closes {time}
how many deals are about to close?""".split("\n")
T["sprint_status"] += """how much is left in the sprint?
how's my {time} sprint going?
my sprint numbers
how much of my goal have i hit?
sprint progress
progress on my sales goal
how many accounts have i closed in the sprint?
current sprint, how am i doing?
am i going to make quota?
status of my goal
my goal, how's it going?
how am i tracking on the sprint
how long until the sprint ends?
see progress
my sprint performance
did i hit my goal yet?
how many sales do i have {time}?
goal summary""".split("\n")
T["team_status"] += """how are the reps doing {time}?
progress for everyone on the team
how's {con} doing?
team goals summary
who already hit their goal?
how is the sales team doing on sprints?
rep status
how many conversions does the team have?
sales team progress
who is below goal?""".split("\n")
T["close_sprint"] += """close {con}'s sprint
i want to mark my sprint as closed
close sprint without rolling over
close the sprint and don't move anything
end the {time} sprint
let's close the sprint
time's up, close the sprint
close my current sprint and roll pending stuff to the next one
finish the active sprint
close sprint please
close it, the sprint expired
i want to end my sprint
close the active sprint
wrap it up, sprint is over
sprint done, close it out""".split("\n")
T["inbox_pending"] += """any messages from {acc}?
what conversations are pending {time}?
new customer messages
did anyone write on [whatsapp](activity_type)?
anything unanswered?
pending chats from {acc}
did {con} reply?
pending inbox
how many customers are waiting for a reply?
messages to answer {time}
any new conversations?
who messaged me on messenger?""".split("\n")

# ---- round 2 ----
T["greet"] += """hi, good afternoon
hey rumbo!
hello! all good?
morning, how's it going?
hi, back again
hey, what's new
hello, how are you doing
hey folks
hi hi
good morning to you""".split("\n")
T["goodbye"] += """that'll be all
ok i'm done, bye
bye, have a nice weekend
heading to bed, bye
see you next week
bye bye rumbo
talk to you this afternoon
i have to go
i'm leaving now
farewell""".split("\n")
T["affirm"] += """yes, exactly
ok perfect
yeah go for it
sure, do it
yes it's correct
yes sir
ok, proceed
that's it, yes""".split("\n")
T["deny"] += """no, not that one
better not
no, stop it
no, that's not right
don't move it
no, wait
nope, cancel it""".split("\n")
T["help"] += """what should i ask you?
i don't know what to do here
how do i add an account?
teach me how to use you
how does the agenda work?
what kind of things do you understand?
quick guide please
can you give me a hand?""".split("\n")
T["out_of_scope"] += """is it going to be hot this weekend?
forecast for tomorrow
is it raining in Seattle?
say something funny
tell me a story
how did the derby end?
when do the Yankees play?
formula 1 results
how do i make guacamole?
recipe for chicken soup
how old is Taylor Swift?
what's the square root of 144?
what does ubiquitous mean?
what's the longest river in the world?
who wrote Hamlet?
today's news
what should i wear to a wedding?
where is the bathroom?
do you have a girlfriend?
how are you feeling?
what's your favorite color?
do my math homework
where can i buy cheap sneakers?
how do i lose weight?
i have a headache, what should i take?
what time does the bank open?
how's the traffic?
find cheap flights to Madrid
can you call me an uber?
who's the best soccer player ever?
any new shows out?
blah blah
asdfgh
can you dance?""".split("\n")

T["add_to_list"] += """stick {acc} on {list}
{acc} into {list}
put {acc} inside {list}
to the {list} list add {acc}
add to {list} the account {acc}
{acc} belongs in {list}
the {acc} account should go on {list}
add {acc} onto {list}
move the sprint accounts into the {list} list
save {acc} and {acc} to {list}
copy my sprint accounts to {list}
add to my {list} list: {acc}, {acc}""".split("\n")
T["add_to_sprint"] += """sprint + {acc}
{acc} for the sprint
into the sprint: {acc} and {acc}
i need {acc} in the sprint
add the {list} list to the sprint""".split("\n")
T["campaign_status"] += """how is {camp} doing?
{camp} by rep
how many new customers did {camp} bring?
how much did we invest in {camp}?
what was the return on {camp}?
which campaign works best?
{camp}: conversions and revenue
is {camp} getting results?
{camp} performance
revenue generated by {camp}
who sold the most in {camp}?
{camp} spend vs return""".split("\n")
T["mark_lost"] += """{acc} is out, {reason}
{acc} didn't go ahead, {reason}
{acc} went elsewhere, {reason}
{acc} rejected us, {reason}
the {acc} one didn't work out, {reason}
{acc} lost, {reason}
{acc} slipped away, {reason}
{acc} is gone, mark it lost
set {acc} to lost, {reason}""".split("\n")
T["mark_won"] += """{acc} just signed!!
{acc} is a customer now, we closed
the {acc} opportunity is won
{acc} bought {amt} from us
{acc} accepted, sale won at {amt}
i won {acc}""".split("\n")
T["account_info"] += """who owns the {acc} account?
what can you tell me about {acc}?
what's the status of {acc}?
where are we with {acc}?
info about {acc}
what do we have on {acc}?
who handles {acc}?
latest actions with {acc}""".split("\n")
T["report_profitability"] += """which accounts make us the most money?
what's the conversion rate for {sector}?
margin by sector
which sector performs worst?
which sector has the worst win rate?
account profitability {time}
how much did we bill in {sector}?
sector comparison
which sectors are least worked?""".split("\n")
T["create_opportunity"] += """there's a possible sale with {acc} for {amt}
log a deal with {acc} for {amt}
new business with {acc}
{acc} could buy {amt}, open an opp
generate opportunity {acc} {amt}
opportunity for {acc} closing {time}""".split("\n")
T["log_activity"] += """[note](activity_type): {acc} wants to renegotiate in march
[went to see](activity_type) {acc}, they asked for a catalog
[spoke on the phone](activity_type) with {con}, very interested
log [meeting](activity_type) with {acc}: agreed on project scope
[met with](activity_type) {con} from {acc} today, will confirm {time}
[gave a call](activity_type) to {con}, wants pricing
[visited](activity_type) {acc}: small order but more coming {time}""".split("\n")
T["reschedule_task"] += """reschedule the {acc} [call](activity_type) to {time}
the [visit](activity_type) with {acc}, better {time}
{acc} cancelled, move the [meeting](activity_type) to {time}
change the {acc} thing to {time}""".split("\n")
T["sprint_status"] += """how many days does my sprint have left?
how much time do i have left?
my conversion progress""".split("\n")
T["show_agenda"] += """what's on today?
what do i have to do {time}?
to-dos {time}
tasks {time}""".split("\n")
T["find_accounts"] += """which {sector} customers do we have in Peru?
find {sector} accounts in Colombia
companies on the {list} list
{sector} accounts without an owner
show me {sector} accounts in [negotiation](stage)""".split("\n")
T["inbox_pending"] += """did {acc} message me?
did {con} send me anything?
do i have replies pending?""".split("\n")
T["add_contact"] += """{con}'s phone at {acc} is {phone}
contact at {acc}: {con}, {email}
{con} handles purchasing at {acc}, save as contact""".split("\n")
