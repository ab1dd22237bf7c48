"""Approved leave excuses days from the monthly minimum on site (domain-rules §7)."""

from liangxin.core.obligations import register_excuse
from liangxin.duties.services.conduct import approved_leave_days

register_excuse(approved_leave_days)
