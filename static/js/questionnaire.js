/* Questionnaire autosave: a visible saving / saved / failed state for every question form.
   Forms carry data-handles-errors so app.js's generic error banner stays out of the way.
   - 200: the server re-renders the question (saved, new version, who and when).
   - 409: a newer version was saved first (by someone else, or by this user in another tab
     or on another device); the conflict partial is swapped in (keep mine / use theirs).
   - 400/422: the message is swapped in and the input stays as typed.
   - network error or 5xx: the input stays as typed, "Not saved — retrying…", retries after
     2, 4 and 8 seconds, then a Retry button and a plain message.
   - 403: refused; said plainly, no retry. */
(function () {
  "use strict";

  var DELAYS = [2000, 4000, 8000];
  var attempts = new WeakMap();
  var sent = new WeakMap();

  function sourceOf(detail) {
    return (detail.requestConfig && detail.requestConfig.elt) || detail.elt || null;
  }

  function questionForm(elt) {
    return elt && elt.closest ? elt.closest(".question-form, .note-form") : null;
  }

  function setStatus(form, text, kind) {
    var status = form.querySelector("[data-status]");
    if (!status) return;
    status.textContent = text || "";
    status.className = "save-status" + (kind ? " text-" + kind : "");
  }

  function clearRetry(form) {
    var slot = form.querySelector("[data-retry-slot]");
    if (slot) slot.textContent = "";
  }

  function showRetryButton(form, message) {
    setStatus(form, message, "danger");
    var slot = form.querySelector("[data-retry-slot]");
    if (!slot) return;
    slot.textContent = "";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-sm btn-outline-danger";
    button.textContent = form.getAttribute("data-retry-label") || "Retry";
    button.addEventListener("click", function () {
      attempts.set(form, 0);
      clearRetry(form);
      htmx.trigger(form, "retry");
    });
    slot.appendChild(button);
  }

  function failed(form) {
    var n = attempts.get(form) || 0;
    if (n < DELAYS.length) {
      attempts.set(form, n + 1);
      setStatus(form, form.getAttribute("data-retrying-text"), "warning");
      form.setAttribute("data-unsaved", "");
      window.setTimeout(function () {
        if (document.body.contains(form)) htmx.trigger(form, "retry");
      }, DELAYS[n]);
    } else {
      showRetryButton(form, form.getAttribute("data-failed-text"));
    }
  }

  document.addEventListener("htmx:configRequest", function (event) {
    var form = questionForm(event.detail.elt);
    if (!form) return;
    // Which text value went to the server, to tell whether the user typed on meanwhile.
    var active = document.activeElement;
    if (active && form.contains(active) && "value" in active && active.id) {
      sent.set(form, { id: active.id, value: active.value });
    } else {
      sent.delete(form);
    }
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = questionForm(event.detail.elt);
    if (!form) return;
    clearRetry(form);
    setStatus(form, form.getAttribute("data-saving-text"), "secondary");
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    var form = questionForm(sourceOf(event.detail));
    if (!form) return;
    var status = event.detail.xhr.status;
    if (status === 409 || status === 422 || status === 400) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
    // Keep what the user is typing right now: the swap must not eat keystrokes.
    var active = document.activeElement;
    if (active && form.contains(active) && active.id && "value" in active &&
        (active.tagName === "TEXTAREA" || active.type === "text")) {
      var before = sent.get(form);
      event.detail.keep = {
        id: active.id,
        value: active.value,
        start: active.selectionStart,
        end: active.selectionEnd,
        typedOn: !before || before.id !== active.id || before.value !== active.value,
      };
      form.__keep = event.detail.keep;
    } else {
      form.__keep = null;
    }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var oldForm = questionForm(event.detail.requestConfig && event.detail.requestConfig.elt);
    var keep = oldForm && oldForm.__keep;
    if (!keep || event.detail.xhr.status !== 200) return;
    var input = document.getElementById(keep.id);
    if (!input) return;
    if (input.value !== keep.value) {
      input.value = keep.value;
      try { input.setSelectionRange(keep.start, keep.end); } catch (e) { /* not a text field */ }
    }
    input.focus();
    if (keep.typedOn) {
      var form = questionForm(input);
      if (form) htmx.trigger(form, "retry");
    }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var form = questionForm(event.detail.elt);
    if (!form || !event.detail.xhr) return;
    var status = event.detail.xhr.status;
    if (status === 200 || status === 409 || status === 422 || status === 400) {
      attempts.set(form, 0);
      return;
    }
    if (status === 403 || status === 404) {
      showRetryButton(form, form.getAttribute("data-refused-text"));
      return;
    }
    if (status >= 500) failed(form);
  });

  document.addEventListener("htmx:sendError", function (event) {
    var form = questionForm(event.detail.elt);
    if (form) failed(form);
  });

  // Typing in a text answer or a note saves after a pause: the forms listen for
  // "text-keyup" (hx-trigger "text-keyup delay:…"). A trigger filter
  // (keyup[event.target.matches(…)]) would need eval, which the CSP forbids.
  document.addEventListener("keyup", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[type=text], textarea")) return;
    var form = questionForm(input);
    if (form && window.htmx) htmx.trigger(form, "text-keyup");
  });

  // "Not applicable" and a real answer exclude each other. Runs in the capture phase, so
  // the form's htmx handler (bubble phase) already sends the corrected values.
  document.addEventListener("change", function (event) {
    var input = event.target;
    var fieldset = input.closest && input.closest(".question-form fieldset");
    if (!fieldset) return;
    var box = fieldset.querySelector(".answer-na input[type=checkbox]");
    if (!box) return;
    if (input === box) {
      if (!box.checked) return;
      fieldset.querySelectorAll("input, textarea, select").forEach(function (other) {
        if (other === box || other.type === "hidden") return;
        if (other.type === "radio" || other.type === "checkbox") other.checked = false;
        else other.value = "";
      });
    } else if (box.checked) {
      box.checked = false;
    }
  }, true);
})();
