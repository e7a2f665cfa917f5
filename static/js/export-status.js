// The export status page: polls its status.json and moves the bar; without JS the page refreshes itself.
(function () {
  "use strict";
  var root = document.getElementById("export");
  if (!root) return;
  var fill = root.querySelector("[data-export-fill]");
  var bar = root.querySelector("[data-export-bar]");
  function show(percent) {
    fill.style.width = percent + "%";
    fill.textContent = percent + "%";
    bar.setAttribute("aria-valuenow", percent);
  }
  show(parseInt(fill.dataset.width, 10) || 0);
  var state = root.dataset.state;
  if (state !== "queued" && state !== "running") return;
  var refresh = root.querySelector("[data-export-refresh]");
  if (refresh) refresh.classList.add("d-none");
  function poll() {
    fetch(root.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (data) {
        show(data.progress);
        root.querySelector("[data-export-label]").textContent = data.label;
        if (data.state === "queued" || data.state === "running") {
          window.setTimeout(poll, 2000);
        } else {
          window.location.reload(); // done or failed: the page shows the download or the error and "Try again"
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1500);
})();
