"""Casework beyond one review and one decision: the stages a case passes through and the roles
that act at each, and appeals against decisions. The case's state machine lives beside
``applications`` (whose decisions, reversals and send-backs it calls), not inside it."""
