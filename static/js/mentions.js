/* @mentions in comment boxes (WAI-ARIA combobox with a listbox popup).

   A comment textarea (data-mentions, role="combobox", aria-controls → its listbox) asks
   the server for matching members when "@" and at least one letter are typed just before
   the caret (GET data-mention-url?q=…, an HTML list of options from
   templates/assessment/comments/mention_options.html, 200 ms after the last key; a newer
   request wins). ↓/↑ move through the options (aria-activedescendant: focus stays in the
   textarea), Enter or Tab picks, Escape closes; a click or tap picks too. Picking replaces
   the typed "@ana" with the member's handle ("@ana" or "@ana@example.com") and a space.
   Events are delegated from the document, so boxes that arrive later by htmx work too;
   the script sets itself up once. Nothing inline: the CSP forbids it. */
(function () {
  "use strict";
  if (window.stackscopeMentions) return;
  window.stackscopeMentions = true;

  var SELECTOR = "textarea[data-mentions]";
  var TYPED = /(^|[\s(\[{>"'«“])@([^\s@]{1,50})$/;
  var timer = null;
  var serial = 0;

  function listboxOf(box) {
    return document.getElementById(box.getAttribute("aria-controls"));
  }
  function options(listbox) {
    return Array.prototype.slice.call(listbox.querySelectorAll('[role="option"][data-handle]'));
  }
  function typed(box) {
    if (box.selectionStart !== box.selectionEnd) return null;
    var before = box.value.slice(0, box.selectionStart);
    var match = TYPED.exec(before);
    if (!match) return null;
    return { query: match[2], start: before.length - match[2].length - 1 };
  }
  function activeIndex(box, listbox) {
    var id = box.getAttribute("aria-activedescendant");
    if (!id) return -1;
    return options(listbox).findIndex(function (o) { return o.id === id; });
  }
  function setActive(box, listbox, index) {
    var all = options(listbox);
    all.forEach(function (option, i) {
      var on = i === index;
      option.setAttribute("aria-selected", on ? "true" : "false");
      option.classList.toggle("is-active", on);
      if (on && option.scrollIntoView) option.scrollIntoView({ block: "nearest" });
    });
    if (index >= 0 && all[index]) box.setAttribute("aria-activedescendant", all[index].id);
    else box.removeAttribute("aria-activedescendant");
  }
  function close(box) {
    var listbox = box && listboxOf(box);
    if (!listbox) return;
    listbox.hidden = true;
    box.setAttribute("aria-expanded", "false");
    setActive(box, listbox, -1);
  }
  function open(box, listbox) {
    var has = listbox.querySelector('[role="option"]') !== null;
    listbox.hidden = !has;
    box.setAttribute("aria-expanded", has ? "true" : "false");
    setActive(box, listbox, options(listbox).length ? 0 : -1);
  }

  function fetchOptions(box) {
    var found = typed(box);
    var listbox = listboxOf(box);
    if (!listbox) return;
    if (!found) { close(box); return; }
    var mine = ++serial;
    var url = box.getAttribute("data-mention-url") + "?q=" + encodeURIComponent(found.query);
    fetch(url, { credentials: "same-origin", headers: { "HX-Request": "true" } })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) {
        if (mine !== serial || document.activeElement !== box) return;
        listbox.innerHTML = html;
        options(listbox).forEach(function (option, i) { option.id = listbox.id + "-" + i; });
        open(box, listbox);
      })
      .catch(function () { close(box); });
  }

  function pick(box, option) {
    var found = typed(box);
    var handle = option && option.getAttribute("data-handle");
    if (!found || !handle) { close(box); return; }
    var end = box.selectionStart;
    var insert = "@" + handle + " ";
    box.value = box.value.slice(0, found.start) + insert + box.value.slice(end);
    var caret = found.start + insert.length;
    box.setSelectionRange(caret, caret);
    close(box);
    box.dispatchEvent(new Event("input", { bubbles: true }));
    box.focus();
  }

  document.addEventListener("input", function (event) {
    var box = event.target.closest && event.target.closest(SELECTOR);
    if (!box) return;
    clearTimeout(timer);
    if (!typed(box)) { close(box); return; }
    timer = setTimeout(function () { fetchOptions(box); }, 200);
  });

  document.addEventListener("keydown", function (event) {
    var box = event.target.closest && event.target.closest(SELECTOR);
    if (!box || box.getAttribute("aria-expanded") !== "true") return;
    var listbox = listboxOf(box);
    var all = options(listbox);
    var index = activeIndex(box, listbox);
    if (event.key === "ArrowDown") {
      event.preventDefault();
      setActive(box, listbox, all.length ? (index + 1) % all.length : -1);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      setActive(box, listbox, all.length ? (index - 1 + all.length) % all.length : -1);
    } else if ((event.key === "Enter" || event.key === "Tab") && index >= 0) {
      event.preventDefault();
      pick(box, all[index]);
    } else if (event.key === "Escape") {
      event.preventDefault();
      close(box);
    }
  });

  // mousedown, not click: the textarea keeps its focus and caret.
  document.addEventListener("mousedown", function (event) {
    var option = event.target.closest && event.target.closest(".mention-listbox [data-handle]");
    if (!option) return;
    event.preventDefault();
    var listbox = option.closest(".mention-listbox");
    var box = document.querySelector(SELECTOR + '[aria-controls="' + listbox.id + '"]');
    if (box) pick(box, option);
  });

  document.addEventListener("focusout", function (event) {
    var box = event.target.closest && event.target.closest(SELECTOR);
    if (box) setTimeout(function () { if (document.activeElement !== box) close(box); }, 150);
  });
})();

/* A link to a thread (a mention's notification: …#thread-12) scrolls to it once its
   panel has loaded (panels load after the page, so the browser could not). */
(function () {
  "use strict";
  if (window.stackscopeThreadAnchor) return;
  window.stackscopeThreadAnchor = true;
  document.addEventListener("htmx:afterSettle", function () {
    var hash = window.location.hash;
    if (!/^#thread-\d+$/.test(hash) || window.stackscopeThreadShown === hash) return;
    var thread = document.getElementById(hash.slice(1));
    if (!thread) return;
    window.stackscopeThreadShown = hash;
    thread.classList.add("is-target");
    thread.scrollIntoView({ block: "start" });
  });
})();
