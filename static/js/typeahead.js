/* The tool form's name typeahead (WAI-ARIA combobox with a listbox popup).

   The name input (role="combobox", data-typeahead) asks the server as one types (htmx:
   hx-get with a 200 ms delay, newer requests replace older ones); the options arrive in
   its listbox (aria-controls), each carrying what picking it fills in (data-name,
   data-slug, data-vendor, data-website, data-description, data-category, data-subcategory:
   templates/assessment/inventory/catalogue_options.html). ↓/↑ move through the options
   (aria-activedescendant: focus stays in the input), Enter picks, Escape closes; a click
   or tap picks too. Picking sets the name and the known product (the hidden
   catalogue_slug) and fills only the fields that are still empty (vendor, website,
   description); the category and subcategory only when no subcategory is chosen yet.
   Typing the name over afterwards clears the known product — unless the name is typed
   back to the one the product was picked (or saved) with. Nothing is saved
   until the form is. Events are delegated from the document, so the form works whether it
   came with the page or later by htmx (the list page's inline editor); the script may be
   loaded more than once (each inline form brings it) and sets itself up once. */
(function () {
  "use strict";
  if (window.stackscopeTypeahead) return;
  window.stackscopeTypeahead = true;

  var SELECTOR = "input[data-typeahead]";

  function listboxOf(input) {
    return document.getElementById(input.getAttribute("aria-controls"));
  }
  function inputOf(listbox) {
    return document.querySelector(SELECTOR + '[aria-controls="' + listbox.id + '"]');
  }
  function options(listbox) {
    return Array.prototype.slice.call(listbox.querySelectorAll('[role="option"]'));
  }
  function activeIndex(input, listbox) {
    var id = input.getAttribute("aria-activedescendant");
    if (!id) return -1;
    return options(listbox).findIndex(function (option) { return option.id === id; });
  }

  function setActive(input, listbox, index) {
    var all = options(listbox);
    all.forEach(function (option, i) {
      var active = i === index;
      option.setAttribute("aria-selected", active ? "true" : "false");
      option.classList.toggle("is-active", active);
      if (active) option.scrollIntoView({ block: "nearest" });
    });
    if (index >= 0 && all[index]) input.setAttribute("aria-activedescendant", all[index].id);
    else input.removeAttribute("aria-activedescendant");
  }

  function open(input, listbox) {
    var has = options(listbox).length > 0;
    listbox.hidden = !has;
    input.setAttribute("aria-expanded", has ? "true" : "false");
  }
  function close(input, listbox) {
    if (!input || !listbox) return;
    listbox.hidden = true;
    input.setAttribute("aria-expanded", "false");
    setActive(input, listbox, -1);
  }

  function fieldOf(form, name) {
    var field = form.elements.namedItem(name);
    return field && field.tagName ? field : null;
  }
  function fillEmpty(form, name, value) {
    var field = fieldOf(form, name);
    if (!field || !value || field.value.trim()) return false;
    field.value = value;
    field.dispatchEvent(new Event("input", { bubbles: true }));
    field.dispatchEvent(new Event("change", { bubbles: true }));
    return true;
  }

  // The known product the name stands for: set by picking, cleared by typing a name it
  // is not. The name it was picked (or saved) with is remembered, so typing that name
  // back restores it.
  function slugFieldOf(input) {
    return input.form ? fieldOf(input.form, "catalogue_slug") : null;
  }
  function sameName(a, b) {
    return (a || "").trim().toLowerCase() === (b || "").trim().toLowerCase();
  }
  function nameTyped(input) {
    var slug = slugFieldOf(input);
    if (!slug) return;
    if (input.dataset.pickedName !== undefined && sameName(input.value, input.dataset.pickedName)) {
      slug.value = input.dataset.pickedSlug || "";
    } else if (slug.defaultValue && sameName(input.value, input.defaultValue)) {
      slug.value = slug.defaultValue;
    } else {
      slug.value = "";
    }
  }

  function pick(input, option) {
    var form = input.form;
    var data = option.dataset;
    input.value = data.name || input.value;
    if (form) {
      var slug = slugFieldOf(input);
      if (slug) {
        slug.value = data.slug || "";
        input.dataset.pickedName = input.value;
        input.dataset.pickedSlug = slug.value;
      }
      fillEmpty(form, "vendor", data.vendor);
      fillEmpty(form, "website", data.website);
      fillEmpty(form, "description", data.description);
      var category = fieldOf(form, "category");
      var sub = fieldOf(form, "subcategory");
      if (data.subcategory && sub && !sub.value &&
          (!category || !category.value || category.value === data.category)) {
        if (category && !category.value) {
          category.value = data.category;
          // (static/js/app.js then offers only this category's subcategories)
          category.dispatchEvent(new Event("change", { bubbles: true }));
        }
        sub.value = data.subcategory;
        sub.dispatchEvent(new Event("change", { bubbles: true }));
      }
    }
    close(input, listboxOf(input));
    input.focus();
  }

  // New options: open the list while the name still has the focus.
  document.addEventListener("htmx:afterSwap", function (event) {
    var listbox = event.detail.target;
    if (!listbox || listbox.getAttribute("role") !== "listbox") return;
    var input = inputOf(listbox);
    if (!input) return;
    setActive(input, listbox, -1);
    if (document.activeElement === input && input.value.trim()) open(input, listbox);
    else close(input, listbox);
  });

  document.addEventListener("input", function (event) {
    var input = event.target.closest && event.target.closest(SELECTOR);
    if (!input) return;
    nameTyped(input);
    var listbox = listboxOf(input);
    if (!input.value.trim() && listbox) {
      listbox.innerHTML = "";
      close(input, listbox);
    }
  });

  document.addEventListener("keydown", function (event) {
    var input = event.target.closest && event.target.closest(SELECTOR);
    if (!input || event.isComposing) return;
    var listbox = listboxOf(input);
    if (!listbox) return;
    var all = options(listbox);
    var index = activeIndex(input, listbox);
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!all.length) return;
      event.preventDefault();
      if (listbox.hidden) {
        open(input, listbox);
        setActive(input, listbox, event.key === "ArrowDown" ? 0 : all.length - 1);
        return;
      }
      var next = event.key === "ArrowDown" ? index + 1 : index - 1;
      if (next >= all.length) next = 0;
      if (next < -1) next = all.length - 1;
      setActive(input, listbox, next);
    } else if (event.key === "Enter") {
      // Enter picks the highlighted product; without one it submits the form as usual.
      if (listbox.hidden || index < 0) return;
      event.preventDefault();
      pick(input, all[index]);
    } else if (event.key === "Escape") {
      if (listbox.hidden) return;
      event.preventDefault();
      event.stopPropagation();
      close(input, listbox);
    }
  });

  // A press on an option must not blur the input first (that would close the list).
  document.addEventListener("pointerdown", function (event) {
    var option = event.target.closest && event.target.closest('.typeahead-listbox [role="option"]');
    if (option) event.preventDefault();
  });
  document.addEventListener("click", function (event) {
    var option = event.target.closest && event.target.closest('.typeahead-listbox [role="option"]');
    if (option) {
      var input = inputOf(option.closest('[role="listbox"]'));
      if (input) pick(input, option);
      return;
    }
    document.querySelectorAll(SELECTOR + '[aria-expanded="true"]').forEach(function (input) {
      if (event.target !== input) close(input, listboxOf(input));
    });
  });
  document.addEventListener("focusout", function (event) {
    var input = event.target.closest && event.target.closest(SELECTOR);
    if (!input) return;
    var listbox = listboxOf(input);
    if (listbox && !(event.relatedTarget && listbox.contains(event.relatedTarget))) {
      close(input, listbox);
    }
  });

  // A form that arrives (with the page, or by htmx) starts closed.
  function reset() {
    document.querySelectorAll(SELECTOR).forEach(function (input) {
      var listbox = listboxOf(input);
      if (listbox && listbox.hidden) input.setAttribute("aria-expanded", "false");
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", reset);
  else reset();
  document.addEventListener("htmx:afterSettle", reset);
})();
