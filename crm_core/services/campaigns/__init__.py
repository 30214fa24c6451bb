"""Campaigns: chains of stages applied to a target, the opportunities and tasks they generate,
how activities and customer replies move those opportunities on, and their results.

Managers and admins define and launch campaigns for their team; reps see their team's
campaigns and work the tasks in their agenda. A campaign reaches an account once: applying it
again, or the daily run of a continuous campaign, only adds accounts it has not reached yet.
Tasks of automatic stages wait as `scheduled` (outside every agenda) until the scheduler sends
them (`crm_core.services.campaign_runs`). One module per concept; the public names are
importable from here.
"""

from __future__ import annotations

from crm_core.services.campaigns.browse import (
    campaign_opportunities,
    get_campaign,
    list_campaigns,
    list_stages,
    resolve_campaign,
)
from crm_core.services.campaigns.chain import (
    advance_opportunity,
    end_chain,
    record_activity,
    record_reply,
    stage_task_done,
    trigger,
    undo_activity,
)
from crm_core.services.campaigns.common import load_campaign
from crm_core.services.campaigns.define import (
    add_stage,
    create_campaign,
    set_stages,
    update_campaign,
    update_stage,
)
from crm_core.services.campaigns.launch import (
    apply_target,
    finish_campaign,
    launch_campaign,
    pause_campaign,
)
from crm_core.services.campaigns.results import (
    campaign_results,
    campaigns_report,
    my_campaigns,
)

__all__ = [
    "load_campaign",
    "add_stage",
    "advance_opportunity",
    "apply_target",
    "campaign_opportunities",
    "campaign_results",
    "campaigns_report",
    "create_campaign",
    "end_chain",
    "finish_campaign",
    "get_campaign",
    "launch_campaign",
    "list_campaigns",
    "list_stages",
    "my_campaigns",
    "pause_campaign",
    "record_activity",
    "record_reply",
    "resolve_campaign",
    "set_stages",
    "stage_task_done",
    "trigger",
    "undo_activity",
    "update_campaign",
    "update_stage",
]
