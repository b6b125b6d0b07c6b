// The console's only script (its pages allow no inline script): a day picker that opens the
// day picked, the forms a change of language takes along, and a light poll that keeps the tab
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

  // The switch takes one form to the server. The page's other kept forms (a "remember" tick
  // beside the move she typed last) wait in this tab's session storage and are put back when
  // the page comes back in the new language: read once and removed then, never a password.
  var KEPT = "console-kept-forms";
  function pageOf(button) {
    if (!button) return null;
    if (button.hasAttribute("formaction")) {
      return new URL(button.getAttribute("formaction"), location.href).searchParams.get("next");
    }
    var next = button.form && button.form.elements.namedItem("next");
    return next ? next.value : null;
  }
  function held(element) {
    return element.name && element.name !== "csrf_token" &&
      !/^(hidden|password|file|submit|button|reset)$/.test(element.type);
  }
  function ticked(element) { return element.type === "checkbox" || element.type === "radio"; }
  function typedIn(form) {
    return Array.prototype.filter.call(form.elements, held).map(function (element) {
      return ticked(element) ? [element.name, element.value, element.checked]
                             : [element.name, null, element.value];
    });
  }
  function putBack(form, fields) {
    var changed = false;
    fields.forEach(function (field) {
      Array.prototype.forEach.call(form.elements, function (element) {
        if (!held(element) || element.name !== field[0]) return;
        if (ticked(element) && element.value === field[1]) element.checked = field[2];
        else if (!ticked(element) && field[1] === null) element.value = field[2];
        else return;
        changed = changed || (ticked(element) ? element.checked !== element.defaultChecked
                                              : element.value !== element.defaultValue);
      });
    });
    var details = form.closest("details");
    if (changed && details) details.open = true;  // shown as she left it, not folded away
  }
  var languageButtons = document.querySelectorAll("#languages button");
  try {
    var waiting = JSON.parse(sessionStorage.getItem(KEPT) || "null");
    sessionStorage.removeItem(KEPT);
    // Only the page the switch came back to, and only then: a switch refused (its token
    // expired) leaves nothing to surprise her when she opens the page again later.
    if (waiting && waiting.page === pageOf(languageButtons[0]) && Date.now() - waiting.at < 60000) {
      Object.keys(waiting.forms).forEach(function (id) {
        var form = document.getElementById(id);
        if (form && form.hasAttribute("data-language-keep")) putBack(form, waiting.forms[id]);
      });
    }
  } catch (e) { /* no session storage: the switch keeps the one form it takes */ }
  Array.prototype.forEach.call(languageButtons, function (button) {
    button.addEventListener("click", function () {
      var forms = {};
      Array.prototype.forEach.call(keepable, function (form) {
        if (form.id && form.id !== button.getAttribute("form")) forms[form.id] = typedIn(form);
      });
      try {
        if (Object.keys(forms).length) {
          var kept = {page: pageOf(button), at: Date.now(), forms: forms};
          sessionStorage.setItem(KEPT, JSON.stringify(kept));
        }
      } catch (e) { /* as above */ }
    });
  });

  // A switch that is a form of its own (the sign-in page's, which must never send the
  // password) carries a copy of a box typed in outside it: filled as it is sent, so what she
  // typed goes along; without this script, what the page was shown with.
  var copies = document.querySelectorAll("#languages input[data-copy-of]");
  Array.prototype.forEach.call(copies, function (copy) {
    copy.form.addEventListener("submit", function () {
      var typed = document.getElementById(copy.getAttribute("data-copy-of"));
      if (typed) copy.value = typed.value;
    });
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
