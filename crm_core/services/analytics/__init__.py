"""Sales reports for a period and a scope: funnel, deals, plans, sources, performance, team sprints."""
