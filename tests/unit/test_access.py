"""Who sees which account (docs/architecture.md)."""

from crm_core.domain.access import Principal, can_see_account, can_see_list, can_set_goal

REP = Principal(id=1, role="rep", team_id=10)
MANAGER = Principal(id=2, role="manager", team_id=10)
ADMIN = Principal(id=3, role="admin", team_id=None)


def test_rep_sees_own_and_team_shared_accounts_only():
    assert can_see_account(REP, owner_id=1, team_id=10, shared=False)
    assert can_see_account(REP, owner_id=5, team_id=10, shared=True)
    assert not can_see_account(REP, owner_id=5, team_id=10, shared=False)
    assert not can_see_account(REP, owner_id=9, team_id=20, shared=True)


def test_manager_sees_the_whole_team_and_admin_everything():
    assert can_see_account(MANAGER, owner_id=5, team_id=10, shared=False)
    assert not can_see_account(MANAGER, owner_id=9, team_id=20, shared=True)
    assert can_see_account(ADMIN, owner_id=9, team_id=20, shared=False)


def test_goals_are_for_managers_and_private_lists_for_owners():
    assert not can_set_goal(REP) and can_set_goal(MANAGER) and can_set_goal(ADMIN)
    assert can_see_list(REP, owner_id=1, public=False)
    assert not can_see_list(REP, owner_id=7, public=False)
    assert can_see_list(REP, owner_id=7, public=True)
    assert can_see_list(ADMIN, owner_id=7, public=False)


def test_records_go_to_oneself_a_managers_team_or_anyone_for_admins():
    from crm_core.domain.access import can_assign_to, can_see_user

    assert can_assign_to(REP, user_id=1, user_team_id=10)
    assert not can_assign_to(REP, user_id=5, user_team_id=10)
    assert can_assign_to(MANAGER, user_id=5, user_team_id=10)
    assert not can_assign_to(MANAGER, user_id=9, user_team_id=20)
    assert can_assign_to(ADMIN, user_id=9, user_team_id=20)
    assert can_see_user(REP, user_id=5, user_team_id=10) and not can_see_user(REP, user_id=9, user_team_id=20)
