"""Writes of meetings (三会一课, 主题党日, 组织生活会 …) checked against the rule set."""

from liangxin.core.services import ServiceError, create_record, update_record
from liangxin.core.uploads import IMAGE_TYPES, check_upload
from liangxin.partylife.models import Meeting, MeetingKind, MeetingRule
from liangxin.partylife.services.base import (
    _check_date,
    _check_writer,
    _wrap,
    ruleset_for,
)


def check_meeting(meeting: Meeting) -> None:
    """The quorum and grading rules of the rule set in force on the meeting's date."""
    if not meeting.expected_count:
        raise ServiceError("应到人数须大于 0。", field="expected_count")
    if meeting.present_count > meeting.expected_count:
        raise ServiceError("实到人数不能多于应到人数。", field="present_count")
    ruleset = ruleset_for(meeting.party_organization.region_id, meeting.date)
    rule = MeetingRule.objects.filter(ruleset=ruleset, kind=meeting.kind).first()
    if rule is not None and rule.quorum_more_than_percent is not None:
        if (
            meeting.present_count * 100
            <= meeting.expected_count * rule.quorum_more_than_percent
        ):
            raise ServiceError(
                f"{meeting.get_kind_display()}实到人数须超过应到人数的 "
                f"{rule.quorum_more_than_percent}%，本次未达到，不能作为有效会议。",
                field="present_count",
            )
    graded = meeting.graded_count
    if meeting.kind != MeetingKind.EVALUATION:
        if graded is not None:
            raise ServiceError(
                "只有民主评议党员可以填写评议等次。", field="excellent_count"
            )
        return
    if graded is None:
        return
    if graded > meeting.present_count:
        raise ServiceError(
            "评议等次人数合计不能多于实到人数。", field="excellent_count"
        )
    if not ruleset.excellent_allowed(meeting.excellent_count or 0, graded):
        raise ServiceError(
            f"评为优秀的党员一般不超过参评党员的 {ruleset.excellent_max_numerator}/"
            f"{ruleset.excellent_max_denominator}。",
            field="excellent_count",
        )


MEETING_PHOTO_MAX_BYTES = 5 * 1024 * 1024


def save_meeting(
    *, user, meeting: Meeting, expected_version: int | None = None
) -> Meeting:
    """Record or correct a meeting of a party organization the user writes for."""
    _check_writer(user, meeting.party_organization)
    _check_date(meeting.date)
    meeting.topic = (meeting.topic or "").strip()
    if not meeting.topic:
        raise ServiceError("请填写会议主题。", field="topic")
    check_meeting(meeting)
    if meeting.photo and not getattr(meeting.photo, "_committed", True):  # a new upload
        check_upload(
            meeting.photo,
            types=IMAGE_TYPES,
            max_bytes=MEETING_PHOTO_MAX_BYTES,
            field="photo",
            what="照片",
            formats="JPEG、PNG 或 WebP 图片",
        )
    meeting.region_id = meeting.party_organization.region_id
    if meeting.pk is None:
        meeting.entered_by = user
        return _wrap(
            create_record,
            user=user,
            instance=meeting,
            note=f"登记{meeting.get_kind_display()}",
        )
    return _wrap(
        update_record,
        user=user,
        instance=meeting,
        expected_version=expected_version,
        note=f"修改{meeting.get_kind_display()}",
    )
