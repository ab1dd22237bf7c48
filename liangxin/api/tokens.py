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

from liangxin.core import audit
from liangxin.core.models import AuditAction


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
        description="用户名和密码换取令牌（有效期见 expiry）。请求头：Authorization: Token …",
    )
    def post(self, request, format=None):
        credentials = AuthTokenSerializer(
            data=request.data, context={"request": request}
        )
        credentials.is_valid(raise_exception=True)
        request.user = credentials.validated_data["user"]
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
