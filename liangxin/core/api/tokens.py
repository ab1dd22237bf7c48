"""API tokens (django-rest-knox): a new token per sign-in with a lifetime, stored hashed,
revoked by DELETE, on logout, password change and deactivation (core.signals)."""

from django.contrib.auth.signals import user_logged_in
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from knox.auth import TokenAuthentication
from knox.views import LoginView
from rest_framework import serializers, status
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from liangxin.core import audit, twofactor
from liangxin.core.models import AuditAction


def _second_factor_refusal(user, code) -> str:
    """The API asks the same second factor as the web sign-in: required by role, and for
    anyone who has enrolled. Returns the Chinese reason to refuse, or "" to go on."""
    device = twofactor.confirmed_device(user)
    if device is None:
        if twofactor.required_by_role(user):
            return "该账号须先在网页上启用两步验证，之后才能申请 API 令牌。"
        return ""
    code = str(code or "").strip()
    if not (len(code) == 6 and code.isdigit()):
        return "该账号已启用两步验证：请在 otp_token 中附上 6 位动态口令。"
    allowed, _info = device.verify_is_allowed()
    if not allowed or not device.verify_token(code):
        return "动态口令不正确或尝试过于频繁，请稍后重试。"
    return ""


class TokenView(LoginView):
    """POST username and password → {"token": …, "expiry": …}; failures count toward the
    login lockout. DELETE with `Authorization: Token …` revokes that token."""

    authentication_classes = [TokenAuthentication]
    permission_classes = [AllowAny]
    serializer_class = AuthTokenSerializer

    def get_authenticators(self):
        # POST signs in with a password: a stale or wrong token header must not block it
        if getattr(self, "request", None) is not None and self.request.method == "POST":
            return []
        return super().get_authenticators()

    @extend_schema(
        request=AuthTokenSerializer,
        responses={
            200: inline_serializer(
                "TokenOut",
                {
                    "token": serializers.CharField(),
                    "expiry": serializers.DateTimeField(),
                },
            )
        },
        description=(
            "用户名和密码换取令牌（有效期见 expiry）；需要两步验证的账号另附 otp_token"
            "（6 位动态口令）。请求头：Authorization: Token …"
        ),
    )
    def post(self, request, format=None):
        credentials = AuthTokenSerializer(
            data=request.data, context={"request": request}
        )
        credentials.is_valid(raise_exception=True)
        user = credentials.validated_data["user"]
        refusal = _second_factor_refusal(user, request.data.get("otp_token"))
        if refusal:
            audit.log(user=user, action=AuditAction.LOGIN_FAILED, note=refusal)
            return Response(
                {"otp_token": [refusal]}, status=status.HTTP_400_BAD_REQUEST
            )
        request.user = user
        instance, token = self.create_token()
        user_logged_in.send(
            sender=request.user.__class__, request=request, user=request.user
        )
        return Response(self.get_post_response_data(request, token, instance))

    @extend_schema(
        request=None,
        responses={204: OpenApiResponse(description="令牌已注销")},
        description="注销当前请求所用的令牌。",
    )
    def delete(self, request, format=None):
        if request.auth is None:
            return Response(
                {"detail": "请在请求头中提供要注销的令牌：Authorization: Token …"},
                status=status.HTTP_401_UNAUTHORIZED,
            )
        request.auth.delete()
        audit.log(user=request.user, action=AuditAction.LOGOUT, note="注销 API 令牌")
        return Response(status=status.HTTP_204_NO_CONTENT)
