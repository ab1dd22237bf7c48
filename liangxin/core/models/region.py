from django.db import models


class RegionLevel(models.TextChoices):
    PROVINCE = "province", "省"
    CITY = "city", "市"
    COUNTY = "county", "县（区）"


def region_prefix(code: str) -> str:
    """The code prefix shared by a region and all regions below it (GB/T 2260).

    140000 → "14", 140900 → "1409", 140931 → "140931". Fact tables keep the region code as
    their foreign key, so "this region and below" is a prefix match with no join.
    """
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


def region_chain(code: str) -> list[str]:
    """The region and the regions above it, nearest first: 140931 → 140931, 140900, 140000."""
    return list(dict.fromkeys([code, code[:4] + "00", code[:2] + "0000"]))


class Region(models.Model):
    """An administrative division, keyed by its GB/T 2260 six-digit code."""

    code = models.CharField("区划代码", max_length=6, primary_key=True)
    name = models.CharField("名称", max_length=50)
    level = models.CharField("级别", max_length=10, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        ordering = ["code"]
        verbose_name = verbose_name_plural = "行政区划"

    def __str__(self):
        return self.name

    @property
    def prefix(self) -> str:
        return region_prefix(self.code)
