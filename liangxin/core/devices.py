"""A device as people name it ("华为 ELS-AN00 · Android 12 · 微信 8.0"), from the stored
User-Agent, by uap-core's maintained rules (ua-parser) — never by hand-written regexes."""

from functools import lru_cache

from ua_parser import parse

BRANDS = {
    "Apple": "苹果",
    "Huawei": "华为",
    "Honor": "荣耀",
    "XiaoMi": "小米",
    "Xiaomi": "小米",
    "Redmi": "红米",
    "Samsung": "三星",
    "OnePlus": "一加",
    "Meizu": "魅族",
    "Lenovo": "联想",
    "ZTE": "中兴",
    "Coolpad": "酷派",
    "Generic": "",
    "Generic_Android": "",
    "Generic_Android_Tablet": "",
}
BROWSERS = {
    "Chrome Mobile": "Chrome",
    "Chrome Mobile WebView": "Chrome",
    "Chrome Mobile iOS": "Chrome",
    "Mobile Safari": "Safari",
    "Mobile Safari UI/WKWebView": "Safari",
    "WeChat": "微信",
    "UC Browser": "UC 浏览器",
    "QQ Browser": "QQ 浏览器",
    "QQ Browser Mobile": "QQ 浏览器",
    "Edge Mobile": "Edge",
    "Firefox Mobile": "Firefox",
}
OTHER = "Other"


@lru_cache(maxsize=2048)
def describe(user_agent: str) -> str:
    """ "华为 ELS-AN00 · Android 12 · Chrome 120"; the raw text when nothing is recognised
    (e.g. "演示数据"), "—" when empty."""
    text = (user_agent or "").strip()
    if not text:
        return "—"
    result = parse(text)
    parts = []
    device = result.device
    if device is not None and device.family != OTHER:
        brand = BRANDS.get(device.brand or "", device.brand or "")
        model = device.model or ""
        if model and brand and model.lower().startswith(brand.lower()):
            model = model[len(brand) :].strip()
        name = " ".join(p for p in (brand, model) if p and p != OTHER)
        if name:
            parts.append(name)
    os = result.os
    if os is not None and os.family != OTHER:
        parts.append(" ".join(p for p in (os.family, os.major) if p))
    agent = result.user_agent
    if agent is not None and agent.family != OTHER:
        family = BROWSERS.get(agent.family, agent.family)
        parts.append(" ".join(p for p in (family, agent.major) if p))
    return " · ".join(parts) if parts else text
