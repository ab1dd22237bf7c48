"""The sidebar entries of this app (core.navigation: grouped by mechanism, ordered)."""

from liangxin.core.navigation import (
    INSTRUCTOR,
    MANAGERS,
    UNIT_LIAISON,
    NavItem,
    register,
)

register(
    "沉得下",
    50,
    NavItem("重要事项请示", "duties:request_list", "duties.view_matterrequest"),
)
register(
    "沉得下", 60, NavItem("定期汇报", "duties:report_list", "duties.view_regularreport")
)
register("沉得下", 70, NavItem("请假", "duties:leave_list", "duties.view_leaverequest"))
register(
    "沉得下",
    80,
    NavItem("年终述职报告", "duties:duty_report_list", "duties.view_dutyreport"),
)
register(
    "沉得下",
    90,
    NavItem("述职评议", "duties:review_list", "duties.view_evaluationround"),
)
register("沉得下", 100, NavItem("通报", "duties:notice_list", "duties.view_notice"))
register("沉得下", 110, NavItem("先进典型", "duties:role_models", "duties.view_notice"))
register(
    "用得好", 50, NavItem("培训", "duties:training_list", "duties.view_trainingevent")
)
register(
    "用得好",
    60,
    NavItem(
        "培训学时",
        "duties:training_hours",
        "duties.view_trainingevent",
        roles=MANAGERS + (INSTRUCTOR, UNIT_LIAISON),
    ),
)
register(
    "用得好",
    70,
    NavItem("行为规范", "duties:conduct", "duties.view_conductacknowledgement"),
)
