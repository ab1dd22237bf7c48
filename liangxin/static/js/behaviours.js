// Small page behaviours declared by data attributes. They replace inline event handlers
// (onclick=, onsubmit=, javascript: links) and style attributes, which the
// Content-Security-Policy forbids.
(function () {
  "use strict";
  // <form data-confirm="确定…？">: ask before submitting
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { event.preventDefault(); }
  }, true);
  // <a data-history-back>: back to the previous page
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-history-back]");
    if (link) { event.preventDefault(); window.history.back(); }
  });
  // <select data-autosubmit>, or any field of a <form data-autosubmit>: filter as soon as
  // the choice changes (no click on 查询)
  document.addEventListener("change", function (event) {
    var field = event.target;
    var form = field.form;
    if (!form || !field.hasAttribute || !field.name) return;
    if (field.hasAttribute("data-autosubmit") || form.hasAttribute("data-autosubmit")) {
      form.submit();
    }
  });
  // <div data-width="40">: a bar's width in percent (CSSOM is allowed, style="" is not)
  function widths(root) {
    root.querySelectorAll("[data-width]").forEach(function (bar) {
      var value = Math.max(0, Math.min(100, parseFloat(bar.getAttribute("data-width")) || 0));
      bar.style.width = value + "%";
    });
  }
  widths(document);
  // a list filtered through htmx (core/list.html): empty filters stay out of the address
  document.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.verb !== "get" || !event.detail.elt.matches("#list-filters")) return;
    var params = event.detail.parameters;
    Object.keys(params).forEach(function (key) {
      if (params[key] === "") { delete params[key]; }
    });
  });
  document.addEventListener("htmx:afterSwap", function (event) { widths(event.target); });
})();
