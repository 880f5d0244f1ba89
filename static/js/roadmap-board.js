/* The roadmap board (templates/assessment/results/roadmap.html), loaded for members who may
   edit it. Every move goes to the card's move endpoint (roadmap_item_move: `horizon` and
   `position`, the place in the whole column, 0 = top, or `direction` up / down) through
   htmx, and the server re-renders the board (#roadmap) with the page's filters (`query`).
   - Drag and drop (SortableJS, static/vendor/sortable/) within and between the columns.
   - Alt + arrow keys on a focused card: up / down in its column; left / right to the
     previous / next column in reading order (so mirrored in a right-to-left page).
   - Moves made from a card's menu or with the keys give the focus back to the card, and
     every move is announced in #roadmap-status ("Moved “X” to Next, position 2.").
   - A card's "Dismiss" menu item shows its reason form; Cancel hides it again.
   Set up again after every htmx swap (htmx.onLoad). */
(function () {
  "use strict";

  if (!window.htmx) return;

  var CARD = ".roadmap-item[data-item]";
  var pending = null; // the card whose move or action is on its way: {id, announce, focus}

  function boardOf(element) {
    return element && element.closest ? element.closest("[data-roadmap-board]") : null;
  }

  function cardsOf(list) {
    return Array.prototype.filter.call(list.children, function (child) {
      return child.matches(CARD) && !child.classList.contains("sortable-fallback");
    });
  }

  function columnsOf(board) {
    return Array.prototype.slice.call(board.querySelectorAll("[data-sortable-column]"));
  }

  function moveUrl(board, card) {
    return board.getAttribute("data-move-url").replace("{pk}", card.getAttribute("data-item"));
  }

  function say(text) {
    var region = document.getElementById("roadmap-status");
    if (!region || !text) return;
    // a new text node each time, so the same words twice are announced twice
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 50);
  }

  function template(name) {
    var region = document.getElementById("roadmap-status");
    return region ? region.getAttribute("data-" + name) || "" : "";
  }

  function fill(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : match;
    });
  }

  function reloadBoard(board) {
    var query = board ? board.getAttribute("data-query") || "" : "";
    htmx.ajax("GET", window.location.pathname + (query ? "?" + query : ""), {
      target: "#roadmap",
      swap: "outerHTML",
    });
  }

  function send(card, values, focus) {
    var board = boardOf(card);
    if (!board) return;
    values.query = board.getAttribute("data-query") || "";
    pending = { id: card.id, announce: true, focus: focus };
    htmx.ajax("POST", moveUrl(board, card), {
      target: "#roadmap",
      swap: "outerHTML",
      values: values,
    });
  }

  // -- drag and drop ------------------------------------------------------------------

  function dropped(event) {
    var card = event.item;
    var list = event.to;
    var same = event.from === list;
    if (same && event.oldDraggableIndex === event.newDraggableIndex) return;
    var cards = cardsOf(list);
    var index = cards.indexOf(card);
    var next = cards[index + 1];
    var previous = cards[index - 1];
    var original = Number(card.getAttribute("data-position"));
    // The server takes the card out of its column first, then puts it at `position`
    // among the others: count the places of the whole column (a filtered board shows
    // part of it), one less after the card's old place in the same column.
    var position = null;
    if (next) position = Number(next.getAttribute("data-position"));
    else if (previous) position = Number(previous.getAttribute("data-position")) + 1;
    if (position !== null && same && original < position) position -= 1;
    var values = { horizon: list.getAttribute("data-sortable-column") };
    if (position !== null && !isNaN(position)) values.position = String(position);
    send(card, values, false);
  }

  function setUp(root) {
    if (!window.Sortable || !root.querySelectorAll) return;
    var lists = Array.prototype.slice.call(root.querySelectorAll("[data-sortable-column]"));
    if (root.matches && root.matches("[data-sortable-column]")) lists.push(root);
    lists.forEach(function (list) {
      if (window.Sortable.get(list)) return;
      window.Sortable.create(list, {
        group: "roadmap",
        draggable: CARD,
        // the card's own controls stay clickable (and its text selectable in inputs)
        filter: "a, button, input, textarea, select, label, summary, .dropdown-menu, .dismiss-form",
        preventOnFilter: false,
        forceFallback: true, // pointer events: the same on mouse, pen and touch
        fallbackTolerance: 5,
        delay: 200,
        delayOnTouchOnly: true, // a touch must rest a moment: a swipe still scrolls
        animation: 150,
        ghostClass: "roadmap-item-ghost",
        chosenClass: "roadmap-item-chosen",
        dragClass: "roadmap-item-drag",
        onEnd: dropped,
      });
    });
  }

  htmx.onLoad(setUp);

  // -- keys ---------------------------------------------------------------------------

  document.addEventListener("keydown", function (event) {
    if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    var card = event.target;
    if (!card.matches || !card.matches(CARD)) return;
    var board = boardOf(card);
    if (!board) return;
    var values;
    if (event.key === "ArrowUp" || event.key === "ArrowDown") {
      values = { direction: event.key === "ArrowUp" ? "up" : "down" };
    } else if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
      var rtl = window.getComputedStyle(board).direction === "rtl";
      var forward = (event.key === "ArrowRight") !== rtl;
      var columns = columnsOf(board);
      var target = columns[columns.indexOf(card.parentElement) + (forward ? 1 : -1)];
      event.preventDefault(); // Alt+Left is also the browser's "back"
      if (!target) return;
      values = {
        horizon: target.getAttribute("data-sortable-column"),
        position: card.getAttribute("data-position"),
      };
    } else {
      return;
    }
    event.preventDefault();
    send(card, values, true);
  });

  // -- a card's menu: focus and announcements after its moves --------------------------

  document.addEventListener("htmx:configRequest", function (event) {
    var source = event.detail.elt;
    var card = source && source.closest ? source.closest(CARD) : null;
    var board = boardOf(card);
    if (!card || !board || event.detail.target.id !== "roadmap") return;
    pending = {
      id: card.id,
      announce: event.detail.path === moveUrl(board, card),
      focus: true,
    };
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    if (!pending) return;
    var xhr = event.detail.xhr;
    if (!xhr || xhr.status === 200) return;
    var board = document.querySelector("[data-roadmap-board]");
    if (pending.announce) say(template("failed"));
    // a refused action (422) came back with the board as it is (and a reason form with its
    // error, which gets the focus); on any other failure a dragged card would stay where
    // it was dropped: ask for the board again
    pending = xhr.status === 422 ? { invalid: true } : null;
    if (xhr.status !== 422) reloadBoard(board);
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    if (!pending) return;
    // only the board's own swaps: another part of the page (the navigation's bell loads
    // by htmx too) must not take the announcement of a move still on its way
    var settled = event.target;
    var roadmap = document.getElementById("roadmap");
    if (!roadmap || !settled || !(settled === roadmap || roadmap.contains(settled) ||
        (settled.contains && settled.contains(roadmap)))) return;
    var done = pending;
    pending = null;
    if (done.invalid) {
      var field = document.querySelector("#roadmap .is-invalid");
      if (field) field.focus();
      return;
    }
    var card = document.getElementById(done.id);
    if (!card) return;
    var list = card.parentElement;
    if (done.announce && list && list.hasAttribute("data-sortable-column")) {
      var title = card.querySelector(".roadmap-item-title");
      say(
        fill(template("moved"), {
          title: title ? title.textContent.trim() : "",
          column: list.getAttribute("data-label"),
          position: String(cardsOf(list).indexOf(card) + 1),
        })
      );
    }
    if (done.focus && card.getClientRects().length) {
      if (!card.hasAttribute("tabindex")) card.setAttribute("tabindex", "-1");
      card.focus();
    }
  });

  // -- dismissing: the menu item shows the reason form ---------------------------------

  document.addEventListener("click", function (event) {
    var opener = event.target.closest && event.target.closest("[data-dismiss-open]");
    var closer = event.target.closest && event.target.closest("[data-dismiss-cancel]");
    var button = opener || closer;
    if (!button) return;
    var form = document.getElementById(
      button.getAttribute(opener ? "data-dismiss-open" : "data-dismiss-cancel")
    );
    if (!form) return;
    form.hidden = !opener;
    if (opener) {
      var reason = form.querySelector("[name=reason]");
      if (reason) reason.focus();
    } else {
      var card = form.closest(".roadmap-item");
      var toggle = card && card.querySelector("[data-bs-toggle=dropdown]");
      if (toggle) toggle.focus();
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var form = event.target.closest && event.target.closest(".dismiss-form");
    var cancel = form && form.querySelector("[data-dismiss-cancel]");
    if (cancel) cancel.click();
  });
})();
