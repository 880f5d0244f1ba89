/* Stackscope behaviour shared by every page: htmx configuration and small helpers. */
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    if (window.htmx) {
      // Validation errors (400, 422) come back as the re-rendered partial: swap them in.
      htmx.config.responseHandling = [
        { code: "204", swap: false },
        { code: "[23]..", swap: true },
        { code: "(400|422)", swap: true, error: false },
        { code: "[45]..", swap: false, error: true },
      ];
    }
  });

  // Copy-to-clipboard buttons: <button data-copy-target="#id">.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-target]");
    if (!button) return;
    var field = document.querySelector(button.getAttribute("data-copy-target"));
    if (!field) return;
    field.select();
    var done = function () {
      var label = button.getAttribute("data-copied-label");
      if (label) button.textContent = label;
    };
    if (navigator.clipboard) {
      navigator.clipboard.writeText(field.value).then(done, function () {
        document.execCommand("copy");
        done();
      });
    } else {
      document.execCommand("copy");
      done();
    }
  });

  // Failed htmx requests are never silent.
  document.addEventListener("htmx:responseError", function (event) {
    var box = document.getElementById("messages");
    if (!box || event.detail.elt.hasAttribute("data-handles-errors")) return;
    var alert = document.createElement("div");
    alert.className = "alert alert-danger";
    alert.setAttribute("role", "alert");
    alert.textContent = box.getAttribute("data-error-text") || "Something went wrong; nothing was changed. Please try again.";
    box.appendChild(alert);
  });
  document.addEventListener("htmx:sendError", function (event) {
    var box = document.getElementById("messages");
    if (!box || event.detail.elt.hasAttribute("data-handles-errors")) return;
    var alert = document.createElement("div");
    alert.className = "alert alert-warning";
    alert.setAttribute("role", "alert");
    alert.textContent = box.getAttribute("data-offline-text") || "The server could not be reached. Check your connection and try again.";
    box.appendChild(alert);
  });
})();
