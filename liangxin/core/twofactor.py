"""Two-factor sign-in (TOTP, django-otp): required for the roles in settings.TWO_FACTOR_ROLES
(county admins and auditors) and superusers; optional for everyone else, and enforced for
anyone who has enrolled. The QR code is drawn here (segno): no external QR service."""

import base64

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from liangxin.core import audit
from liangxin.core.models import AuditAction

ENROLLED = "_2fa_enrolled"


def required_by_role(user) -> bool:
    return (user.is_superuser and settings.TWO_FACTOR_SUPERUSERS) or (
        user.role in settings.TWO_FACTOR_ROLES
    )


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def remember_enrolment(request, user) -> None:
    """At login: whether the user has a confirmed device, so pages need no extra query."""
    request.session[ENROLLED] = confirmed_device(user) is not None


class CodeForm(forms.Form):
    code = forms.CharField(
        label="动态口令",
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={
                "class": "form-control",
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "pattern": "[0-9]{6}",
                "autofocus": True,
            }
        ),
        error_messages={
            "required": "请输入 6 位动态口令。",
            "min_length": "动态口令为 6 位数字。",
            "max_length": "动态口令为 6 位数字。",
        },
    )

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not code.isdigit():
            raise forms.ValidationError("动态口令为 6 位数字。")
        return code


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return reverse("home")


def _with_next(url_name: str, target: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': target})}"


def _check(request, device, form) -> bool:
    """Verify the code on the device (django-otp throttles repeated failures)."""
    allowed, info = device.verify_is_allowed()
    if not allowed:
        form.add_error("code", "动态口令错误次数过多，请稍后再试。")
        return False
    if device.verify_token(form.cleaned_data["code"]):
        return True
    form.add_error("code", "动态口令不正确或已过期，请重新输入。")
    audit.log(user=request.user, action=AuditAction.LOGIN_FAILED, note="动态口令错误")
    return False


@login_required
def verify(request):
    """Second step of signing in: the code from the enrolled authenticator app."""
    device = confirmed_device(request.user)
    if device is None:
        return redirect(_with_next("twofactor_setup", _next(request)))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _check(request, device, form):
        otp_login(request, device)
        audit.log(user=request.user, action=AuditAction.LOGIN, note="动态口令验证通过")
        return redirect(_next(request))
    return render(
        request,
        "registration/twofactor_verify.html",
        {"form": form, "next": _next(request), "title": "动态口令验证"},
    )


@login_required
def setup(request):
    """Enrolment: scan the QR code with an authenticator app, then confirm one code."""
    user = request.user
    current = confirmed_device(user)
    if current is not None and not user.is_verified():
        # a password alone never replaces an enrolled device
        return redirect(_with_next("twofactor_verify", _next(request)))
    pending = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if pending is None:
        pending = TOTPDevice.objects.create(user=user, name="手机令牌", confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _check(request, pending, form):
        TOTPDevice.objects.filter(user=user).exclude(pk=pending.pk).delete()
        pending.confirmed = True
        pending.save(update_fields=["confirmed"])
        otp_login(request, pending)
        request.session[ENROLLED] = True
        audit.log(user=user, action=AuditAction.UPDATE, obj=user, note="启用动态口令")
        messages.success(request, "已启用动态口令，今后登录时需要输入。")
        return redirect(_next(request))
    qr = segno.make(pending.config_url, error="m").svg_data_uri(scale=5)
    secret = base64.b32encode(pending.bin_key).decode()
    return render(
        request,
        "registration/twofactor_setup.html",
        {
            "form": form,
            "qr": qr,
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "enrolled": current is not None,
            "required": required_by_role(user),
            "next": _next(request),
            "title": "动态口令",
        },
    )


class TwoFactorMiddleware:
    """Sends a signed-in user who needs a second factor to enrol or to enter the code
    before anything else; the API answers 403."""

    EXEMPT = ("/2fa/", "/logout/", "/login/", "/static/", "/healthz", "/admin/logout/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(self.EXEMPT)
            and (required_by_role(user) or request.session.get(ENROLLED))
            and not user.is_verified()
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": "请先在网页上完成动态口令验证。"}, status=403
                )
            enrolled = request.session.get(ENROLLED)
            name = "twofactor_verify" if enrolled else "twofactor_setup"
            return redirect(_with_next(name, request.get_full_path()))
        return self.get_response(request)
