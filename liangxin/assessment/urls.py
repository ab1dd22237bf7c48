from django.urls import path

from liangxin.assessment import views

app_name = "assessment"
urlpatterns = [
    path("schemes/", views.SchemeList.as_view(), name="scheme_list"),
    path("schemes/new/", views.scheme_seed, name="scheme_seed"),
    path("schemes/<int:pk>/", views.SchemeDetail.as_view(), name="scheme_detail"),
    path("schemes/<int:pk>/points/", views.scheme_points, name="scheme_points"),
    path("schemes/<int:pk>/indicators/new/", views.indicator_edit, name="indicator_create"),
    path("schemes/<int:pk>/indicators/<int:item_pk>/", views.indicator_edit,
         name="indicator_update"),
    path("rounds/", views.RoundList.as_view(), name="round_list"),
    path("rounds/new/", views.RoundCreate.as_view(), name="round_create"),
    path("rounds/<int:pk>/", views.RoundDetail.as_view(), name="round_detail"),
    path("rounds/<int:pk>/action/", views.round_action, name="round_action"),
    path("rounds/<int:pk>/veto/", views.round_veto, name="round_veto"),
    path("rounds/<int:pk>/awards/", views.awards, name="awards"),
    path("rounds/<int:pk>/indicators/<int:item_pk>/", views.score_sheet, name="score_sheet"),
    path("results/", views.ResultList.as_view(), name="result_list"),
    path("results/<int:pk>/", views.ResultDetail.as_view(), name="result_detail"),
    path("results/<int:pk>/appeal/", views.appeal, name="appeal"),
    path("results/<int:pk>/pdf/", views.result_pdf, name="result_pdf"),
    path("scores/<int:pk>/rescore/", views.rescore, name="rescore"),
    path("appeals/<int:pk>/answer/", views.answer_appeal, name="answer_appeal"),
    path("allowances/", views.PolicyList.as_view(), name="policy_list"),
    path("allowances/new/", views.PolicyCreate.as_view(), name="policy_create"),
    path("payouts/", views.PayoutList.as_view(), name="payout_list"),
    path("payouts/new/", views.PayoutCreate.as_view(), name="payout_create"),
    path("payouts/<int:pk>/", views.PayoutDetail.as_view(), name="payout_detail"),
    path("payouts/<int:pk>/action/", views.payout_action, name="payout_action"),
    path("payouts/<int:pk>/xlsx/", views.payout_export, name="payout_export"),
]
