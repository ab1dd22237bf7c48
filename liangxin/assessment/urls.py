from django.urls import path

from liangxin.assessment.views import payouts, results, rounds, schemes

app_name = "assessment"
urlpatterns = [
    path("schemes/", schemes.SchemeList.as_view(), name="scheme_list"),
    path("schemes/new/", schemes.scheme_seed, name="scheme_seed"),
    path("schemes/<int:pk>/", schemes.SchemeDetail.as_view(), name="scheme_detail"),
    path("schemes/<int:pk>/points/", schemes.scheme_points, name="scheme_points"),
    path(
        "schemes/<int:pk>/indicators/new/",
        schemes.indicator_edit,
        name="indicator_create",
    ),
    path(
        "schemes/<int:pk>/indicators/<int:item_pk>/",
        schemes.indicator_edit,
        name="indicator_update",
    ),
    path("schemes/<int:pk>/rules/", schemes.scheme_rules, name="scheme_rules"),
    path("schemes/<int:pk>/vetoes/new/", schemes.veto_edit, name="veto_create"),
    path(
        "schemes/<int:pk>/vetoes/<int:veto_pk>/", schemes.veto_edit, name="veto_update"
    ),
    path(
        "schemes/<int:pk>/vetoes/<int:veto_pk>/delete/",
        schemes.veto_delete,
        name="veto_delete",
    ),
    path("rounds/", rounds.RoundList.as_view(), name="round_list"),
    path("rounds/new/", rounds.RoundCreate.as_view(), name="round_create"),
    path("rounds/<int:pk>/", rounds.RoundDetail.as_view(), name="round_detail"),
    path("rounds/<int:pk>/action/", rounds.round_action, name="round_action"),
    path("rounds/<int:pk>/veto/", rounds.round_veto, name="round_veto"),
    path("rounds/<int:pk>/tie/", rounds.round_tie, name="round_tie"),
    path("rounds/<int:pk>/awards/", results.awards, name="awards"),
    path(
        "rounds/<int:pk>/indicators/<int:item_pk>/",
        rounds.score_sheet,
        name="score_sheet",
    ),
    path("results/", results.ResultList.as_view(), name="result_list"),
    path("results/<int:pk>/", results.ResultDetail.as_view(), name="result_detail"),
    path("results/<int:pk>/appeal/", results.appeal, name="appeal"),
    path("results/<int:pk>/pdf/", results.result_pdf, name="result_pdf"),
    path("scores/<int:pk>/rescore/", results.rescore, name="rescore"),
    path("appeals/<int:pk>/answer/", results.answer_appeal, name="answer_appeal"),
    path("allowances/", payouts.PolicyList.as_view(), name="policy_list"),
    path("allowances/new/", payouts.PolicyCreate.as_view(), name="policy_create"),
    path("payouts/", payouts.PayoutList.as_view(), name="payout_list"),
    path("payouts/new/", payouts.PayoutCreate.as_view(), name="payout_create"),
    path("payouts/<int:pk>/", payouts.PayoutDetail.as_view(), name="payout_detail"),
    path("payouts/<int:pk>/action/", payouts.payout_action, name="payout_action"),
    path(
        "payouts/<int:pk>/adjustments/<int:batch_pk>/action/",
        payouts.adjustment_action,
        name="adjustment_action",
    ),
    path("payouts/<int:pk>/xlsx/", payouts.payout_export, name="payout_export"),
]
