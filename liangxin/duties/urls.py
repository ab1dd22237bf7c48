from django.urls import path

from liangxin.duties.views import (
    conduct,
    notices,
    record,
    reports,
    requests,
    training,
    year_end,
)

app_name = "duties"
urlpatterns = [
    path("requests/", requests.RequestList.as_view(), name="request_list"),
    path("requests/new/", requests.RequestCreate.as_view(), name="request_create"),
    path("requests/<int:pk>/", requests.RequestDetail.as_view(), name="request_detail"),
    path(
        "requests/<int:pk>/edit/",
        requests.RequestUpdate.as_view(),
        name="request_update",
    ),
    path("requests/<int:pk>/submit/", requests.request_submit, name="request_submit"),
    path(
        "requests/<int:pk>/withdraw/",
        requests.request_withdraw,
        name="request_withdraw",
    ),
    path("requests/<int:pk>/attach/", requests.request_attach, name="request_attach"),
    path("requests/<int:pk>/reply/", requests.request_reply, name="request_reply"),
    path("requests/<int:pk>/return/", requests.request_return, name="request_return"),
    # attachments are evidence: only through this permission check, never a public URL
    path("attachments/<int:pk>/", requests.attachment, name="attachment"),
    path("reports/", reports.ReportList.as_view(), name="report_list"),
    path("reports/new/", reports.report_create, name="report_create"),
    path("reports/<int:pk>/", reports.ReportDetail.as_view(), name="report_detail"),
    path("reports/<int:pk>/save/", reports.report_save, name="report_save"),
    path(
        "reports/<int:pk>/review/<slug:verdict>/",
        reports.report_review,
        name="report_review",
    ),
    path("duty-reports/", year_end.DutyReportList.as_view(), name="duty_report_list"),
    path("duty-reports/new/", year_end.duty_report_create, name="duty_report_create"),
    path(
        "duty-reports/<int:pk>/",
        year_end.DutyReportDetail.as_view(),
        name="duty_report_detail",
    ),
    path(
        "duty-reports/<int:pk>/save/",
        year_end.duty_report_save,
        name="duty_report_save",
    ),
    path(
        "duty-reports/<int:pk>/return/",
        year_end.duty_report_return,
        name="duty_report_return",
    ),
    path("reviews/", year_end.ReviewList.as_view(), name="review_list"),
    path("reviews/open/", year_end.review_open, name="review_open"),
    path("reviews/<int:pk>/", year_end.ReviewDetail.as_view(), name="review_detail"),
    path("reviews/<int:pk>/move/<slug:to>/", year_end.review_move, name="review_move"),
    path(
        "reviews/<int:pk>/rate/<int:instructor_pk>/",
        year_end.review_rate,
        name="review_rate",
    ),
    path("trainings/", training.TrainingList.as_view(), name="training_list"),
    path("trainings/new/", training.TrainingCreate.as_view(), name="training_create"),
    path("trainings/hours/", training.training_hours, name="training_hours"),
    path(
        "trainings/<int:pk>/", training.TrainingDetail.as_view(), name="training_detail"
    ),
    path(
        "trainings/<int:pk>/edit/",
        training.TrainingUpdate.as_view(),
        name="training_update",
    ),
    path("trainings/<int:pk>/enrol/", training.training_enrol, name="training_enrol"),
    path(
        "trainings/<int:pk>/attendance/",
        training.training_attendance,
        name="training_attendance",
    ),
    path(
        "trainings/<int:pk>/sign-in/<str:token>/",
        training.training_signin,
        name="training_signin",
    ),
    path("leave/", conduct.LeaveList.as_view(), name="leave_list"),
    path("leave/new/", conduct.leave_create, name="leave_create"),
    path("leave/<int:pk>/", conduct.LeaveDetail.as_view(), name="leave_detail"),
    path("leave/<int:pk>/withdraw/", conduct.leave_withdraw, name="leave_withdraw"),
    path("leave/<int:pk>/<slug:verdict>/", conduct.leave_decide, name="leave_decide"),
    path("notices/", notices.NoticeList.as_view(), name="notice_list"),
    path("notices/new/", notices.NoticeCreate.as_view(), name="notice_create"),
    path("notices/role-models/", notices.role_models, name="role_models"),
    path("notices/<int:pk>/", notices.NoticeDetail.as_view(), name="notice_detail"),
    path(
        "notices/<int:pk>/edit/", notices.NoticeUpdate.as_view(), name="notice_update"
    ),
    path("notices/<int:pk>/move/<slug:to>/", notices.notice_move, name="notice_move"),
    path("conduct/", conduct.conduct, name="conduct"),
    path(
        "conduct/acknowledge/", conduct.conduct_acknowledge, name="conduct_acknowledge"
    ),
    path(
        "record/<int:instructor_id>/<int:year>/",
        record.instructor_record,
        name="instructor_record",
    ),
]
