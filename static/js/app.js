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
    // the form the box belongs to: its ancestor, or the one its form="" attribute names
    var form = all.form || all.closest("form");
    Array.prototype.forEach.call(form.elements, function (box) {
      if (box.name === name && box.type === "checkbox") box.checked = all.checked;
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

/* Global search in the navigation bar: "/" focuses the box; htmx fills the drop-down with
   the first matches as one types; ↓ and ↑ move through them, Escape closes it. */
(function () {
  "use strict";

  function input() { return document.getElementById("global-search-input"); }
  function dropdown() { return document.getElementById("global-search-dropdown"); }
  function links() {
    var box = dropdown();
    return box ? Array.prototype.slice.call(box.querySelectorAll("a[href]")) : [];
  }
  function hasResults() { var box = dropdown(); return !!(box && box.querySelector("*")); }
  var dismissed = false;  // closed with Escape: stays closed until the next results
  function open() { var box = dropdown(); if (box) box.hidden = !hasResults(); }
  function close() { var box = dropdown(); if (box) box.hidden = true; }
  // Where "/" is a character someone types (a text field, an editable area, a list).
  function typing(element) {
    if (!element || !element.tagName) return false;
    if (element.isContentEditable || element.tagName === "TEXTAREA" || element.tagName === "SELECT") return true;
    return element.tagName === "INPUT" &&
      !/^(checkbox|radio|button|submit|reset|range|color|file|image)$/.test(element.type);
  }
  function focusBox() {
    var box = input();
    if (!box) return;
    box.focus();
    box.select();
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    if (typing(event.target) || !input()) return;
    event.preventDefault();
    var box = input();
    var menu = box.closest(".collapse");
    if (!box.offsetParent && menu && window.bootstrap) {
      // a narrow screen: the box is in the collapsed menu; open it first
      menu.addEventListener("shown.bs.collapse", focusBox, { once: true });
      window.bootstrap.Collapse.getOrCreateInstance(menu).show();
      return;
    }
    focusBox();
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var box = dropdown();
    if (!box || event.detail.target !== box) return;
    dismissed = false;
    var form = box.closest("form");
    if (form && form.contains(document.activeElement)) open();
    else close();
  });

  document.addEventListener("focusin", function (event) {
    if (event.target === input() && !dismissed) open();
  });
  document.addEventListener("click", function (event) {
    if (event.target !== input()) return;
    dismissed = false;
    open();
  });

  document.addEventListener("keydown", function (event) {
    var box = dropdown();
    if (!box) return;
    var form = box.closest("form");
    if (!form || !form.contains(event.target)) return;
    var items = links();
    var index = items.indexOf(event.target);
    if (event.key === "Escape") {
      if (box.hidden) return;  // (the browser then clears the box)
      event.preventDefault();
      dismissed = true;
      close();
      input().focus();
    } else if (event.key === "ArrowDown" && items.length && !box.hidden) {
      event.preventDefault();
      items[Math.min(index + 1, items.length - 1)].focus();
    } else if (event.key === "ArrowUp" && index !== -1) {
      event.preventDefault();
      if (index === 0) input().focus();
      else items[index - 1].focus();
    }
  });

  // A click elsewhere, or Tab out of the search, closes the drop-down.
  document.addEventListener("click", function (event) {
    var box = dropdown();
    if (box && !box.hidden && !box.closest("form").contains(event.target)) close();
  });
  document.addEventListener("focusout", function (event) {
    var box = dropdown();
    var next = event.relatedTarget;
    if (box && next && !box.closest("form").contains(next)) close();
  });
})();

/* A form with a category and a subcategory select offers only the chosen category's
   subcategories (their options carry data-category: assessment/inventory/widgets.py). */
(function () {
  "use strict";

  function sync(form) {
    var category = form.querySelector('select[name="category"]');
    var sub = form.querySelector('select[name="subcategory"]');
    if (!category || !sub) return;
    Array.prototype.forEach.call(sub.options, function (option) {
      var own = option.getAttribute("data-category");
      var other = Boolean(category.value && own && own !== category.value);
      option.hidden = other;
      option.disabled = other;
    });
    var selected = sub.options[sub.selectedIndex];
    if (selected && selected.disabled) sub.value = "";
  }
  function syncAll() {
    document.querySelectorAll("form").forEach(sync);
  }
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches && target.matches('select[name="category"]') && target.form) sync(target.form);
  }, true);
  document.addEventListener("DOMContentLoaded", syncAll);
  document.addEventListener("htmx:afterSettle", syncAll);
})();

/* A PDF the person just asked for (or waited for) downloads by itself, once: the export's
   card arrives by htmx with its Download link marked data-autodownload. */
(function () {
  "use strict";
  document.addEventListener("htmx:afterSettle", function () {
    document.querySelectorAll("[data-autodownload]").forEach(function (link) {
      link.removeAttribute("data-autodownload");
      window.location.assign(link.href);
    });
  });
})();
