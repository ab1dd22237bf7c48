"""Writes of party life, one module per area (import from the module, e.g.
``from liangxin.partylife.services import meetings as meeting_services``).

Meetings, elections, candidates and service activities are entered by the organization's contact
(their own organization's party organization) or the instructor (the party organizations of their
assigned organizations); extensions are approved by the committee or the county. The rules come
from the rule set in force (RuleSet rows)."""
