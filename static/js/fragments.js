// Parts of a page fetched after it (open recommendations on Pekerjaan saya and the dashboard), so
// that the page itself, and the dashboard's cached figures, cost no more. Without script, the
// placeholder's link leads to the same list.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-fragment]").forEach(function (box) {
      fetch(box.getAttribute("data-fragment"), { credentials: "same-origin", headers: { Accept: "text/html" } })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (html) {
            box.innerHTML = html;
            box.setAttribute("aria-busy", "false");
          }
        })
        .catch(function () { /* the placeholder's link stays */ });
    });
  });
})();
