// Long exports (the Laporan Monev, the evidence bundle): a spinner on the button until the download starts.
// The request carries a random download_token; the server answers a file with a cookie of that name
// (zi_tracker/download_token.py), which appears as soon as the response's headers arrive. The page
// stays usable meanwhile: the browser downloads in the background; a second click is ignored.
(function () {
  "use strict";

  var POLL_MS = 250;
  var GIVE_UP_MS = 10 * 60 * 1000;

  function token() {
    var bytes = new Uint8Array(12);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function cookieName(value) { return "zi_download_" + value; }

  function hasCookie(name) {
    return document.cookie.split("; ").some(function (pair) { return pair.indexOf(name + "=") === 0; });
  }

  function clearCookie(name) {
    document.cookie = name + "=; Max-Age=0; path=/; SameSite=Lax";
  }

  function busy(element) {
    element.dataset.idleHtml = element.innerHTML;
    element.setAttribute("aria-busy", "true");
    element.classList.add("disabled");
    var label = element.getAttribute("data-busy") || "…";
    element.innerHTML = '<span class="spinner-border spinner-border-sm" aria-hidden="true"></span> ';
    element.appendChild(document.createTextNode(label));
  }

  function idle(element) {
    element.removeAttribute("aria-busy");
    element.classList.remove("disabled");
    if (element.dataset.idleHtml !== undefined) element.innerHTML = element.dataset.idleHtml;
    delete element.dataset.idleHtml;
  }

  function watch(element, value) {
    var name = cookieName(value);
    var started = Date.now();
    var timer = window.setInterval(function () {
      if (hasCookie(name) || Date.now() - started > GIVE_UP_MS) {
        window.clearInterval(timer);
        clearCookie(name);
        idle(element);
      }
    }, POLL_MS);
  }

  function onClick(event) {
    var element = event.currentTarget;
    if (element.getAttribute("aria-busy") === "true") {
      event.preventDefault(); // already preparing: a second click would render it twice
      return;
    }
    var value = token();
    if (element.tagName === "A") {
      var url = new URL(element.href, window.location.href);
      url.searchParams.set("download_token", value);
      element.href = url.toString();
    } else if (element.form) {
      var field = element.form.querySelector("input[name=download_token]");
      if (!field) {
        field = document.createElement("input");
        field.type = "hidden";
        field.name = "download_token";
        element.form.appendChild(field);
      }
      field.value = value;
      if (typeof element.form.reportValidity === "function" && !element.form.noValidate && !element.form.reportValidity()) return;
    }
    // After the click has gone through (a disabled-looking button must still submit).
    window.setTimeout(function () { busy(element); watch(element, value); }, 0);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-download]").forEach(function (element) {
      element.addEventListener("click", onClick);
    });
  });
})();
