"""Signals the accounts layer sends for the programs layer to record.

The audit log lives in spcp.programs, a layer above accounts (import-linter forbids importing it from here), so
account services announce what they did and spcp.programs.audit writes the entry in the same transaction
(Django signals are synchronous).
"""

from django.dispatch import Signal

# Sent by account services inside their transaction, with keyword arguments
# actor (User | None), user (User, the account changed) and action (str, e.g. "accounts.two_factor_enrolled").
account_audited = Signal()
