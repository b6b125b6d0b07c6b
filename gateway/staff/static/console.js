// The console's only script (its pages allow no inline script): a day picker that opens the
// day picked, the form a change of language takes along, and a light poll that keeps the tab
// title and the inbox list current.
(function () {
  "use strict";
  var pickers = document.querySelectorAll("[data-submit-on-change]");
  Array.prototype.forEach.call(pickers, function (picker) {
    picker.addEventListener("change", function () {
      if (picker.value) picker.form.submit();
    });
  });

  // A change of language takes along the form she last typed in (a form marked
  // data-language-keep, known to the switch by its id or by that attribute's value); without
  // this script, the page's own.
  var switches = document.querySelectorAll("#languages button[formaction]");
  var keepable = document.querySelectorAll("form[data-language-keep]");
  Array.prototype.forEach.call(keepable, function (form) {
    function takeAlong() {
      Array.prototype.forEach.call(switches, function (button) {
        var address = new URL(button.getAttribute("formaction"), location.href);
        if (!address.searchParams.has("keep")) return;  // a GET form's switch: not this
        address.searchParams.set("keep", form.getAttribute("data-language-keep") || form.id);
        button.setAttribute("form", form.id);
        button.setAttribute("formaction", address.pathname + address.search);
      });
    }
    form.addEventListener("input", takeAlong);
    form.addEventListener("change", takeAlong);
  });

  var body = document.body;
  var url = body.getAttribute("data-summary");
  if (!url) return;
  var baseTitle = body.getAttribute("data-title") || document.title;
  var list = document.getElementById("inbox-items");
  var badge = document.getElementById("waiting-badge");

  function show(summary) {
    document.title = (summary.waiting ? "(" + summary.waiting + ") " : "") + baseTitle;
    if (badge) {
      badge.textContent = summary.waiting;
      badge.hidden = !summary.waiting;
    }
    if (list && summary.html !== undefined &&
        String(summary.newest_id) !== list.getAttribute("data-newest")) {
      list.innerHTML = summary.html;
      list.setAttribute("data-newest", String(summary.newest_id));
    }
  }

  function poll() {
    var query = "?list=" + (list ? "1" : "");
    if (list && list.getAttribute("data-show")) query += "&show=" + list.getAttribute("data-show");
    fetch(url + query, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (summary) { if (summary) show(summary); })
      .catch(function () {})
      .then(function () { setTimeout(poll, document.hidden ? 60000 : 5000); });
  }
  setTimeout(poll, 5000);
})();
