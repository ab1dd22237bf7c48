from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response

from liangxin.core import summaries
from liangxin.core.forms import INT_MAX, INT_MIN
from liangxin.core.validators import (
    DATE_MAX,
    DATE_MIN,
    validate_clean_text,
    validate_sane_date,
)


def _refusing_overflow(parse):
    """A time like 0001-01-01T00:00 overflows when moved to UTC: the same message as any
    date out of range, on the field, instead of an error of the whole request."""

    def wrapped(data):
        try:
            return parse(data)
        except OverflowError:
            raise serializers.ValidationError(
                f"日期超出合理范围（{DATE_MIN} 至 {DATE_MAX}），请检查年份。"
            ) from None

    return wrapped


def harden_serializer_fields(fields) -> None:
    """The API's side of `core.forms.harden_fields`: the same rules for what a client sends."""
    for field in fields.values():
        if isinstance(field, serializers.ListField):
            harden_serializer_fields({"child": field.child})
        elif isinstance(field, serializers.DateField | serializers.DateTimeField):
            field.validators.append(validate_sane_date)
            field.to_internal_value = _refusing_overflow(field.to_internal_value)
        elif isinstance(field, serializers.IntegerField):
            if field.max_value is None:
                field.validators.append(MaxValueValidator(INT_MAX))
            if field.min_value is None:
                field.validators.append(MinValueValidator(INT_MIN))
        elif isinstance(field, serializers.CharField) and not isinstance(
            field, serializers.ChoiceField
        ):
            field.validators.append(validate_clean_text)


class SafeModelSerializer(serializers.ModelSerializer):
    """Base of every model serializer: the same input rules as SafeSerializer."""

    def get_fields(self):
        fields = super().get_fields()
        harden_serializer_fields(fields)
        return fields


class SafeSerializer(serializers.Serializer):
    """Base of every input serializer: dates in a sane range, integers that fit the
    database, text without bidi overrides or only-invisible content."""

    def get_fields(self):
        fields = super().get_fields()
        harden_serializer_fields(fields)
        return fields


def _wrong_shape(field, value) -> str | None:
    """What is wrong with a JSON value sent to a form field, if anything: a list or object
    where one value is expected, or a number where a date is expected. Refused with a message
    instead of reaching the form field's parser."""
    from django import forms

    if isinstance(field, forms.JSONField):
        return None
    many = isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField)
    if isinstance(value, dict) or (isinstance(value, list | tuple) and not many):
        return "格式无效：应为单个值，不能是列表或对象。"
    temporal = forms.DateField | forms.DateTimeField | forms.TimeField
    if isinstance(field, temporal) and value is not None and not isinstance(value, str):
        return "格式无效：日期应写作文字，如 2026-01-31。"
    return None


def form_errors(form) -> serializers.ValidationError:
    """A page form's errors as the API's 400 body, field by field."""
    return serializers.ValidationError(
        {k: [str(m) for m in v] for k, v in form.errors.items()}
    )


class ScopedViewSet(viewsets.ReadOnlyModelViewSet):
    """The one scoped API base: rows `visible_to` the user, never DELETE.

    Subclasses set `queryset` (for the model), `related` and `prefetch`; reads are scoped
    here, so a record outside the user's scope is a 404 in every subclass.
    """

    related: tuple[str, ...] = ()
    prefetch: tuple[str, ...] = ()
    kept = True  # False: a list holding personal data in full (never in the cache)

    def list(self, request, *args, **kwargs):
        """A page of the list, kept at a county for the next callers with the same role and
        query until anything in the county is recorded (core.summaries.kept_view), as the
        list pages are. The links to the next and previous pages name the host asked. The
        browsable API (HTML) is computed each time: its pager needs the live paginator."""
        if not self.kept or request.accepted_renderer.format != "json":
            return super().list(request, *args, **kwargs)
        name = (
            f"api:{type(self).__module__}.{type(self).__qualname__}:"
            f"{request.scheme}://{request.get_host()}"
        )

        def page():
            data = super(ScopedViewSet, self).list(request, *args, **kwargs).data
            if isinstance(data, dict) and "results" in data:
                return {**data, "results": list(data["results"])}
            return list(data)

        return Response(summaries.kept_view(request, name, page))

    def get_queryset(self):
        qs = self.queryset.model.objects.visible_to(self.request.user)
        if self.related:
            qs = qs.select_related(*self.related)
        if self.prefetch:
            qs = qs.prefetch_related(*self.prefetch)
        return qs


class ScopedCreateViewSet(mixins.CreateModelMixin, ScopedViewSet):
    """Scoped reads; creation through the page's form and the app's service.

    Subclasses set `form_class` and define `create_from(form)` returning the new record.
    """

    form_class = None

    def perform_create(self, serializer):
        form = self.form_class(data=self.request.data, user=self.request.user)
        if not form.is_valid():
            raise form_errors(form)
        serializer.instance = self.create_from(form)

    def create_from(self, form):
        raise NotImplementedError


class ServiceModelViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, ScopedViewSet
):
    """Scoped reads; writes validated by the page's form and saved by the app's service.

    Subclasses set `form_class` (the same ModelForm as the page, so the rules are identical)
    and `perform_save(instance, expected_version)`.
    """

    form_class = None

    def _form_data(self, serializer, instance=None):
        # Start from the record's values (or the model's defaults), then apply what was sent,
        # so a PATCH or a minimal POST validates like the page form does.
        data = {}
        form = self.form_class(instance=instance, user=self.request.user)
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            data[name] = value.pk if hasattr(value, "pk") else value
        errors = {}
        for name, value in self.request.data.items():
            if name in self.form_class.base_fields or name == "version":
                problem = _wrong_shape(self.form_class.base_fields.get(name), value)
                if problem:
                    errors[name] = [problem]
                data[name] = value
        if errors:
            raise serializers.ValidationError(errors)
        return {k: v for k, v in data.items() if v is not None}

    def _save(self, serializer, instance=None):
        form = self.form_class(
            data=self._form_data(serializer, instance),
            instance=instance,
            user=self.request.user,
        )
        if not form.is_valid():
            raise form_errors(form)
        version = form.cleaned_data.get("version") if instance is not None else None
        if instance is not None and "version" not in self.request.data:
            raise serializers.ValidationError(
                {"version": ["请提供记录的 version（版本号），以免覆盖他人的修改。"]}
            )
        try:
            serializer.instance = self.perform_save(form.instance, version)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(
                exc.message_dict
                if hasattr(exc, "error_dict")
                else {"detail": exc.messages}
            ) from exc

    def perform_create(self, serializer):
        self._save(serializer)

    def perform_update(self, serializer):
        self._save(serializer, instance=serializer.instance)

    def perform_save(self, instance, expected_version):
        raise NotImplementedError
