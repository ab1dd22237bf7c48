from liangxin.core.models.audit import AuditAction, AuditLog  # noqa: F401
from liangxin.core.models.base import TrackedModel  # noqa: F401
from liangxin.core.models.calendar import (  # noqa: F401
    CalendarSource,
    WorkCalendarDay,
    WorkCalendarYear,
)
from liangxin.core.models.notification import Notification  # noqa: F401
from liangxin.core.models.policy import Policy  # noqa: F401
from liangxin.core.models.region import Region, RegionLevel  # noqa: F401
from liangxin.core.models.session import UserSession  # noqa: F401
from liangxin.core.models.user import Role, User  # noqa: F401
