// Searchable selects (tom-select): a long list (organizations, instructors, …) or one marked
// <select data-search> can be filtered by typing a name. Short lists stay native selects,
// and <select data-no-search> opts out (e.g. a select that scripts set by value).
(function () {
  "use strict";
  var LONG_LIST = 15;

  function searchable(select) {
    if (select.tomselect || select.hasAttribute("data-no-search")) return false;
    if (select.hasAttribute("data-search")) return true;
    return select.options.length >= LONG_LIST;
  }

  function enhance(root) {
    if (!window.TomSelect) return;
    root.querySelectorAll("select").forEach(function (select) {
      if (!searchable(select)) return;
      var empty = select.querySelector('option[value=""]');
      var ts = new window.TomSelect(select, {
        allowEmptyOption: true,
        maxOptions: null,
        // names, and the pinyin / initials an option carries (core.forms.SearchKeySelect)
        searchField: ["text", "keys"],
        placeholder: empty ? empty.textContent : "请选择",
        plugins: select.multiple ? ["remove_button"] : [],
        render: {
          no_results: function () {
            return '<div class="no-results">没有匹配的选项</div>';
          },
        },
      });
      if (select.multiple) {
        // a name chosen: the typed text goes, ready for the next name
        ts.on("item_add", function () {
          ts.setTextboxValue("");
          ts.refreshOptions(false);
        });
      } else {
        // while a name is typed, the current choice ("请选择", "全部", …) steps aside
        ts.on("type", function (query) { ts.wrapper.classList.toggle("ts-typing", !!query); });
        ts.on("dropdown_close", function () { ts.wrapper.classList.remove("ts-typing"); });
        ts.on("change", function () { ts.wrapper.classList.remove("ts-typing"); });
      }
    });
  }

  enhance(document);
  document.addEventListener("htmx:afterSwap", function (event) { enhance(event.target); });
  window.LiangxinSelects = { enhance: enhance };
})();
