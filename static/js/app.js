// ZI Tracker's few behaviours; no inline scripts (the CSP forbids them).
(function () {
  "use strict";

  // After a server-side error, move focus to the first field in error (or the error message).
  function focusFirstError() {
    var field = document.querySelector("main .is-invalid, main [aria-invalid=true]");
    if (field) {
      field.focus();
      return;
    }
    var alert = document.querySelector("main .alert-danger");
    if (alert) {
      alert.setAttribute("tabindex", "-1");
      alert.focus();
    }
  }

  // Choosing another month in the progress form loads that month's own entry.
  function reloadOnMonthChange() {
    document.querySelectorAll("select[data-reload-month]").forEach(function (select) {
      var form = select.form;
      var initial = new FormData(form);
      select.addEventListener("change", function () {
        var edited = false;
        new FormData(form).forEach(function (value, name) {
          if (name !== "month" && initial.get(name) !== value) edited = true;
        });
        var question = select.getAttribute("data-reload-month");
        if (edited && question && !window.confirm(question)) {
          select.value = initial.get("month");
          return;
        }
        var url = new URL(window.location.href);
        url.searchParams.set("month", select.value);
        url.hash = "progress-form";
        window.location.assign(url.toString());
      });
    });
  }

  // Buttons that ask before they act: <button data-confirm="Question?">.
  function confirmButtons() {
    document.querySelectorAll("[data-confirm]").forEach(function (button) {
      button.addEventListener("click", function (event) {
        if (!window.confirm(button.getAttribute("data-confirm"))) event.preventDefault();
      });
    });
  }

  // "Previous page" on error pages goes back when there is somewhere to go back to.
  function historyBackLinks() {
    document.querySelectorAll("[data-history-back]").forEach(function (link) {
      if (window.history.length < 2) return;
      link.addEventListener("click", function (event) {
        event.preventDefault();
        window.history.back();
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    historyBackLinks();
    focusFirstError();
    reloadOnMonthChange();
    confirmButtons();
  });
})();
