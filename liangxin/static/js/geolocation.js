/* Where the phone is: fills the check-in's position fields and preselects the assigned
 * organization nearest to it (the options carry data-lat / data-lon). Browsers locate only
 * in a secure context (HTTPS or localhost), so the page says plainly what is missing. */
(function () {
  "use strict";
  var NEAR_ENOUGH_M = 3000;  // farther than this, the phone is not at any of them: no guess

  function distance(lat1, lon1, lat2, lon2) {
    var r = 6371000, rad = Math.PI / 180;
    var dLat = (lat2 - lat1) * rad, dLon = (lon2 - lon1) * rad;
    var a = Math.sin(dLat / 2) * Math.sin(dLat / 2) +
      Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 2 * r * Math.asin(Math.sqrt(a));
  }

  function nearest(select, lat, lon) {
    var best = null;
    Array.prototype.forEach.call(select.options, function (option) {
      if (!option.dataset.lat || !option.dataset.lon) { return; }
      var d = distance(lat, lon, parseFloat(option.dataset.lat), parseFloat(option.dataset.lon));
      if (!best || d < best.d) { best = { option: option, d: d }; }
    });
    return best && best.d <= NEAR_ENOUGH_M ? best : null;
  }

  function locate(form, say) {
    if (!window.isSecureContext) {
      say("无法获取位置：当前网址不是 HTTPS 安全连接，浏览器不允许定位，也不能离线使用。可以继续提交，记录将不带位置，由联络员确认。", "warning");
      return;
    }
    if (!navigator.geolocation) {
      say("无法获取位置：此浏览器不支持定位。可以继续提交，记录将不带位置，由联络员确认。", "warning");
      return;
    }
    navigator.geolocation.getCurrentPosition(function (pos) {
      var lat = pos.coords.latitude, lon = pos.coords.longitude;
      form.querySelector("[name=latitude]").value = lat.toFixed(6);
      form.querySelector("[name=longitude]").value = lon.toFixed(6);
      form.querySelector("[name=accuracy]").value = Math.round(pos.coords.accuracy);
      var text = "已获取位置（精度约 " + Math.round(pos.coords.accuracy) + " 米）。";
      var select = form.querySelector("[name=organization]");
      var near = select && nearest(select, lat, lon);
      if (near && !select.dataset.chosen) {
        select.value = near.option.value;
        select.dispatchEvent(new Event("change", { bubbles: true }));
        text += "已选中距您最近的组织：" + near.option.textContent.trim() + "（约 " + Math.round(near.d) + " 米）。";
      }
      say(text, "success");
    }, function (err) {
      var reason = err.code === 1 ? "您未允许本网站使用位置信息" : "暂时无法定位（信号弱或超时）";
      say("无法获取位置：" + reason + "。可以继续提交，记录将不带位置，由联络员确认。", "warning");
    }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  }

  window.LiangxinGeo = { locate: locate, distance: distance };
})();
