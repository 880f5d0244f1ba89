/* Feedback: Django messages as Bootstrap toasts, and the highlight of rows just added or
   brought back by "Undo".

   The server writes each message as a toast already shown (templates/core/_messages.html),
   so it reads without JavaScript. Here each toast — on page load, or arriving later out of
   band with an htmx fragment into #messages — gets Bootstrap's Toast: success and info
   hide after data-bs-delay (6 s, 10 s with an Undo button), paused while hovered or
   focused; errors and warnings stay until closed. Escape closes the focused toast. The red
   notes app.js adds to #messages when a request fails become toasts too.

   A toast with data-highlight="<pk>" marks the list row #results tr[data-testid="row-<pk>"]
   (its background fades over 3 s: feedback.css) and scrolls it into view when it is off
   screen, as soon as the row is there: at once, or after the htmx swap that brings the
   list back (an inline add reloads #results, and its toast comes with that answer). */
(function () {
  "use strict";

  var HIGHLIGHT_MS = 3000;
  var WAIT_FOR_ROW_MS = 8000;
  var pending = null; // { pk: "12", until: time } — a row to highlight once it is there

  function region() {
    return document.getElementById("messages");
  }

  function reducedMotion() {
    return window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  }

  function closeButton(label) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn-close app-toast-close";
    button.setAttribute("data-bs-dismiss", "toast");
    button.setAttribute("aria-label", label);
    return button;
  }

  // app.js's failure notes (<div class="alert alert-danger" role="alert">) as toasts that stay.
  function wrapAlert(alert) {
    var box = region();
    var colour = alert.classList.contains("alert-warning") ? "warning" : "danger";
    var toast = document.createElement("div");
    toast.className = "toast show app-toast app-toast-" + colour;
    toast.setAttribute("role", "alert");
    toast.setAttribute("aria-atomic", "true");
    toast.setAttribute("data-toast", "");
    toast.setAttribute("data-bs-autohide", "false");
    toast.setAttribute("data-testid", "toast");
    var body = document.createElement("div");
    body.className = "app-toast-body";
    var text = document.createElement("div");
    text.className = "app-toast-text";
    text.textContent = alert.textContent;
    body.appendChild(text);
    body.appendChild(closeButton((box && box.getAttribute("data-close-text")) || "Close"));
    toast.appendChild(body);
    alert.replaceWith(toast);
    return toast;
  }

  function initToast(element) {
    if (element.hasAttribute("data-toast-ready")) return;
    element.setAttribute("data-toast-ready", "");
    var pk = element.getAttribute("data-highlight");
    if (pk) highlightWhenThere(pk);
    if (!window.bootstrap || !window.bootstrap.Toast) return;
    // No fade: the server wrote it shown, and showing it again through Bootstrap (which
    // starts its timer) must not make it blink.
    var toast = window.bootstrap.Toast.getOrCreateInstance(element, { animation: false });
    element.addEventListener("hidden.bs.toast", function () {
      toast.dispose();
      element.remove();
    });
    toast.show();
  }

  function initAll(root) {
    var box = region();
    if (!box) return;
    Array.prototype.forEach.call(box.querySelectorAll(".alert:not([data-toast])"), wrapAlert);
    Array.prototype.forEach.call((root || box).querySelectorAll("[data-toast]"), initToast);
  }

  // --- rows to highlight ------------------------------------------------------------------

  function highlightWhenThere(pk) {
    pending = { pk: String(pk), until: Date.now() + WAIT_FOR_ROW_MS };
    highlightPending();
  }

  function highlightPending() {
    if (!pending) return;
    if (Date.now() > pending.until) {
      pending = null;
      return;
    }
    var row = document.querySelector(
      '#results tr[data-testid="row-' + window.CSS.escape(pending.pk) + '"]'
    );
    if (!row) return;
    pending = null;
    row.classList.remove("is-highlighted");
    void row.offsetWidth; // restart the fade when the same row is marked again
    row.classList.add("is-highlighted");
    row.setAttribute("data-highlighted", "");
    var box = row.getBoundingClientRect();
    if (box.top < 0 || box.bottom > window.innerHeight) {
      row.scrollIntoView({ block: "center", behavior: reducedMotion() ? "auto" : "smooth" });
    }
    window.setTimeout(function () {
      row.classList.remove("is-highlighted");
    }, HIGHLIGHT_MS);
  }

  // --- wiring -----------------------------------------------------------------------------

  function start() {
    var box = region();
    if (!box) return;
    initAll();
    // Toasts (and app.js's notes) added later: htmx's out-of-band swaps, app.js.
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        Array.prototype.forEach.call(change.addedNodes, function (node) {
          if (node.nodeType !== 1) return;
          if (node.classList.contains("alert") && !node.hasAttribute("data-toast")) {
            initToast(wrapAlert(node));
          } else if (node.hasAttribute("data-toast")) {
            initToast(node);
          } else {
            initAll(node);
          }
        });
      });
    }).observe(box, { childList: true, subtree: true });
  }

  document.addEventListener("htmx:afterSettle", highlightPending);

  // A page htmx restores from its history keeps the toasts it showed then: stale now.
  document.addEventListener("htmx:historyRestore", function () {
    var box = region();
    if (!box) return;
    Array.prototype.forEach.call(box.querySelectorAll("[data-toast]"), function (toast) {
      toast.remove();
    });
  });

  // Escape closes the toast that has the focus (its Undo or close button).
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !event.target.closest) return;
    var toast = event.target.closest("#messages [data-toast]");
    if (!toast || !window.bootstrap) return;
    window.bootstrap.Toast.getOrCreateInstance(toast).hide();
  });

  // An Undo button is pressed once.
  document.addEventListener("submit", function (event) {
    var form = event.target.closest && event.target.closest("#messages form");
    if (!form) return;
    var button = form.querySelector("button[type=submit]");
    if (button) window.setTimeout(function () { button.disabled = true; }, 0);
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
