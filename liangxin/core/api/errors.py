from rest_framework.views import exception_handler as drf_exception_handler

from liangxin.core.services import ConflictError, ServiceError


def exception_handler(exc, context):
    """DRF's handler, plus our service errors as Chinese JSON (never a stack trace)."""
    from django.core.exceptions import ValidationError as DjangoValidationError
    from django.db import DataError
    from rest_framework import exceptions

    if isinstance(exc, OverflowError | DataError):
        # a number beyond what the database holds: bad input, not a server error
        exc = exceptions.ValidationError(
            detail={"detail": ["数值超出允许范围，请检查输入。"]}
        )
    elif isinstance(exc, ConflictError):
        exc = exceptions.APIException(detail={"detail": str(exc)})
        exc.status_code = 409
    elif isinstance(exc, ServiceError):
        exc = exceptions.ValidationError(detail=exc.as_dict())
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            detail=exc.message_dict
            if hasattr(exc, "error_dict")
            else {"detail": exc.messages}
        )
    response = drf_exception_handler(exc, context)
    if response is not None and response.status_code in (403, 404):
        from liangxin.core import audit

        audit.log_denied(context["request"], response.status_code, str(exc))
    return response
