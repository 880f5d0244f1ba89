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

  // Forms that ask first: <form data-confirm="Really?"> (no inline onsubmit: the CSP
  // forbids inline event handlers). Capture phase, so nothing else sees a cancelled submit.
  document.addEventListener("submit", function (event) {
    var form = event.target.closest && event.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // Selects that submit their form on change (the language switcher): <select data-autosubmit>.
  document.addEventListener("change", function (event) {
    var select = event.target.closest && event.target.closest("[data-autosubmit]");
    if (!select || !select.form) return;
    if (select.form.requestSubmit) select.form.requestSubmit();
    else select.form.submit();
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

  // Tables: a header checkbox selects every row checkbox of the same name.
  document.addEventListener("change", function (event) {
    var all = event.target.closest("[data-select-all]");
    if (!all) return;
    var name = all.getAttribute("data-select-all");
    all.closest("form").querySelectorAll('input[name="' + name + '"]').forEach(function (box) {
      box.checked = all.checked;
    });
  });

  // Inline editors: closed by their Cancel button, and after a successful save.
  document.addEventListener("click", function (event) {
    if (!event.target.closest("[data-close-editor]")) return;
    var editor = document.getElementById("inline-editor");
    if (editor) editor.innerHTML = "";
  });
  document.addEventListener("inventory-changed", function () {
    var editor = document.getElementById("inline-editor");
    if (editor) editor.innerHTML = "";
  });

  // Integration map: hovering or focusing a tool highlights its integrations.
  function focusNode(svg, id) {
    svg.classList.add("is-focused");
    svg.querySelectorAll(".integration[data-source]").forEach(function (edge) {
      var related = edge.getAttribute("data-source") === id || edge.getAttribute("data-target") === id;
      edge.classList.toggle("is-related", related);
      if (related) {
        [edge.getAttribute("data-source"), edge.getAttribute("data-target")].forEach(function (n) {
          var node = svg.querySelector('[data-tool-id="' + n + '"]');
          if (node) node.classList.add("is-related");
        });
      }
    });
  }
  function clearFocus(svg) {
    svg.classList.remove("is-focused");
    svg.querySelectorAll(".is-related").forEach(function (el) { el.classList.remove("is-related"); });
  }
  ["mouseover", "focusin"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var node = event.target.closest && event.target.closest("[data-tool-id]");
      if (!node) return;
      var svg = node.closest("svg");
      clearFocus(svg);
      node.classList.add("is-related");
      focusNode(svg, node.getAttribute("data-tool-id"));
    });
  });
  ["mouseout", "focusout"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var node = event.target.closest && event.target.closest("[data-tool-id]");
      if (node) clearFocus(node.closest("svg"));
    });
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
