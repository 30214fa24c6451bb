"""Writes the NLU training data (nlu/<lang>/<topic>.yml and nlu/synonyms.yml) from templates and pools.
usage: python build.py OUT_DIR"""
import os
import random
import sys

sys.path.insert(0, os.path.dirname(__file__))
import pools as P
import pools_more as M
import tpl_en
import tpl_es
import tpl_more
from engine import Filler, generate, strip_acc
from synonyms import ACTIVITY, STAGE

OUT = sys.argv[1]
BASIC = ["greet","goodbye","affirm","deny","thank","help","out_of_scope","undo"]
TOPICS = {
 "basics": BASIC,
 "activities": ["log_activity"],
 "accounts": ["move_stage","create_lead","add_contact","account_info","find_accounts","add_to_list"],
 "opportunities": ["create_opportunity","mark_won","mark_lost","pipeline_summary"],
 "sprints": ["sprint_status","team_status","close_sprint","add_to_sprint"],
 "agenda": ["show_agenda","schedule_task","complete_task","reschedule_task"],
 "reports": ["report_profitability","campaign_status","inbox_pending"],
}
def pools(lang):
    es = lang == "es"
    return {"acc": list(P.TRAIN_ACCOUNTS), "con": list(P.TRAIN_CONTACTS),
            "time": list(P.TRAIN_TIMES_ES if es else P.TRAIN_TIMES_EN) + (M.TIMES_ES if es else M.TIMES_EN),
            "amt": list(P.TRAIN_AMOUNTS_ES if es else P.TRAIN_AMOUNTS_EN) + (M.AMOUNTS_ES if es else M.AMOUNTS_EN),
            "list": list(P.TRAIN_LISTS_ES if es else P.TRAIN_LISTS_EN) + (M.LISTS_ES if es else M.LISTS_EN),
            "sector": list(P.TRAIN_SECTORS_ES if es else P.TRAIN_SECTORS_EN),
            "reason": list(P.TRAIN_REASONS_ES if es else P.TRAIN_REASONS_EN) + (M.REASONS_ES if es else M.REASONS_EN),
            "camp": list(P.TRAIN_CAMPAIGNS_ES if es else P.TRAIN_CAMPAIGNS_EN) + (M.CAMPAIGNS_ES if es else M.CAMPAIGNS_EN),
            "email": list(P.TRAIN_EMAILS), "phone": list(P.TRAIN_PHONES)}

def block(intent, exs):
    lines = [f"- intent: {intent}", "  examples: |"]
    for r in exs:
        lines.append(f"    - {r}")
    return "\n".join(lines)

counts = {}
for lang, mod in (("es", tpl_es), ("en", tpl_en)):
    rng = random.Random(1234 if lang == "es" else 4321)
    filler = Filler(pools(lang), rng)
    os.makedirs(f"{OUT}/{lang}", exist_ok=True)
    for topic, intents in TOPICS.items():
        blocks = []
        for it in intents:
            more = (tpl_more.ES if lang == "es" else tpl_more.EN).get(it, [])
            tpls = [t.strip() for t in mod.T.get(it, []) + more if t.strip()]
            if it in BASIC:
                exs = generate(tpls, filler, rng, per_template=1, noise=False)
            else:
                exs = generate(tpls, filler, rng, per_template=2, target=60)
            counts[(it, lang)] = len(exs)
            blocks.append(block(it, [e[0] for e in exs]))
        with open(f"{OUT}/{lang}/{topic}.yml", "w") as f:
            f.write('version: "3.1"\nnlu:\n' + "\n\n".join(blocks) + "\n")

# synonyms
blocks = []
for d in (ACTIVITY, STAGE):
    for v, forms in d.items():
        allf = []
        for f in forms:
            for g in (f, strip_acc(f)):
                if g.lower() != v and g.lower() not in [x.lower() for x in allf]:
                    allf.append(g)
        blocks.append(f"- synonym: {v}\n  examples: |\n" + "\n".join(f"    - {f}" for f in allf))
with open(f"{OUT}/synonyms.yml", "w") as f:
    f.write('version: "3.1"\nnlu:\n' + "\n\n".join(blocks) + "\n")

for _k in sorted(counts, key=lambda x: (x[0], x[1])):
    pass
allints = BASIC + [i for t, l in TOPICS.items() if t != "basics" for i in l]
print("intent es en")
for it in allints:
    print(f"{it:22s} {counts[(it,'es')]:4d} {counts[(it,'en')]:4d}")
print("total", sum(counts.values()))
