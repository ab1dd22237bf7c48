from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers, viewsets


class ServiceModelViewSet(viewsets.ModelViewSet):
    """Scoped reads; writes validated by the page's form and saved by the app's service.

    Subclasses set `form_class` (the same ModelForm as the page, so the rules are identical)
    and `perform_save(instance, expected_version)`.
    """

    form_class = None
    related: tuple[str, ...] = ()

    def get_queryset(self):
        return self.queryset.model.objects.visible_to(self.request.user).select_related(
            *self.related
        )

    def _form_data(self, serializer, instance=None):
        # Start from the record's values (or the model's defaults), then apply what was sent,
        # so a PATCH or a minimal POST validates like the page form does.
        data = {}
        form = self.form_class(instance=instance, user=self.request.user)
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            data[name] = value.pk if hasattr(value, "pk") else value
        for name, value in self.request.data.items():
            if name in self.form_class.base_fields or name == "version":
                data[name] = value
        return {k: v for k, v in data.items() if v is not None}

    def _save(self, serializer, instance=None):
        form = self.form_class(
            data=self._form_data(serializer, instance),
            instance=instance,
            user=self.request.user,
        )
        if not form.is_valid():
            raise serializers.ValidationError(
                {k: [str(m) for m in v] for k, v in form.errors.items()}
            )
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
