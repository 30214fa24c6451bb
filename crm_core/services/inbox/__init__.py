"""The shared inbox: durable intake queue, routing customer messages to conversations, replies and receipts.

One module per concept; the public names are importable from here, so callers write
`from crm_core.services import inbox` and `inbox.receive(...)`.
"""

from __future__ import annotations

from crm_core.services.inbox.assignment import (
    assignee_for,
    rotation,
)
from crm_core.services.inbox.conversations import (
    claim_conversation,
    get_conversation,
    list_conversations,
    list_messages,
    load_conversation,
    open_conversation,
    pending_conversations,
    reassign_conversation,
    resolve_conversation,
    set_status,
    visible_conversations,
    visitor_messages,
)
from crm_core.services.inbox.delivery import (
    apply_receipt,
    claim_outbound,
    mark_send_failed,
    mark_sent,
    reply,
    send_template,
    start_outbound,
)
from crm_core.services.inbox.intake import (
    JOB_LEASE,
    MAX_ATTEMPTS,
    claim_jobs,
    complete_jobs,
    enqueue,
    fail_job,
    last_received_at,
    list_jobs,
    retry_job,
)
from crm_core.services.inbox.routing import (
    OUT_OF_HOURS_REPEAT,
    message_by_external_id,
    receive,
    update_contact_details,
)
from crm_core.services.inbox.settings import (
    SETTINGS_FIELDS,
    get_settings,
    settings_row,
    update_settings,
)
from crm_core.services.inbox.threads import (
    conversation_of_message,
    find_thread,
    link_thread,
    mark_notified,
    rep_identities,
    threads_of,
)

__all__ = [
    "JOB_LEASE",
    "MAX_ATTEMPTS",
    "OUT_OF_HOURS_REPEAT",
    "SETTINGS_FIELDS",
    "apply_receipt",
    "assignee_for",
    "claim_conversation",
    "claim_jobs",
    "claim_outbound",
    "complete_jobs",
    "conversation_of_message",
    "enqueue",
    "fail_job",
    "find_thread",
    "get_conversation",
    "get_settings",
    "last_received_at",
    "link_thread",
    "list_conversations",
    "list_jobs",
    "list_messages",
    "load_conversation",
    "mark_notified",
    "mark_send_failed",
    "mark_sent",
    "message_by_external_id",
    "open_conversation",
    "pending_conversations",
    "reassign_conversation",
    "receive",
    "rep_identities",
    "reply",
    "resolve_conversation",
    "retry_job",
    "rotation",
    "send_template",
    "set_status",
    "settings_row",
    "start_outbound",
    "threads_of",
    "update_contact_details",
    "update_settings",
    "visible_conversations",
    "visitor_messages",
]
