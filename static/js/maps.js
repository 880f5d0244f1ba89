/* The three maps (stack map, integration map, touchpoint matrix): pan and zoom (issue 17:
   on phones they were thumbnails). templates/assessment/inventory/map.html loads this with
   Panzoom (static/vendor/panzoom/, MIT).

   Markup: [data-map-viewer] holds the [data-map-controls] (+, −, reset; hidden until wired),
   the [data-map-viewport] (the box one looks through) and in it the [data-map-stage] (the
   element Panzoom moves, holding the server-drawn <svg>). static/css/mobile.css sizes them:
   below lg the drawing keeps its own size (its labels readable) inside a box one drags
   across; at lg and above it fits the page's width as before, and the buttons zoom it.

   - Drag (finger or mouse) pans; pinch, Ctrl + wheel (a trackpad's pinch), the buttons and
     the + / − / 0 keys (when the map or a link in it has focus) zoom; arrows pan.
   - The map never leaves its box: wider than the box it covers it, narrower it stays inside.
   - Links and tooltips in the drawing still work: a press that moved more than a few pixels
     was a drag, and its click is swallowed; a tap or a click follows the link. Tabbing to a
     link outside the box pans to it.
   - Right to left the drawing is mirrored by the server (data-layout="rtl"): the box starts
     on the drawing's right edge, where its first category is. */
(function () {
  "use strict";

  var PHONE = window.matchMedia("(max-width: 991.98px)");
  var STEP = 0.35; // one button press or key: ×1.42
  var MAX_SCALE = 4;
  var DRAG_SLOP = 6; // px a press may move and still be a click
  var KEY_PAN = 60; // px an arrow key moves the map

  function setup(viewer) {
    if (viewer.hasAttribute("data-map-ready") || typeof window.Panzoom !== "function") return;
    var viewport = viewer.querySelector("[data-map-viewport]");
    var stage = viewer.querySelector("[data-map-stage]");
    var svg = stage && stage.querySelector("svg");
    if (!viewport || !svg) return;
    viewer.setAttribute("data-map-ready", "");
    viewer.classList.add("is-pannable");
    var mirrored = svg.getAttribute("data-layout") === "rtl" ||
      (!svg.hasAttribute("data-layout") && document.documentElement.dir === "rtl");
    var phone = PHONE.matches;
    var pz = null;

    // The translations that keep an edge of the stage (size `size`, scaled by `scale` about
    // its centre) on the box's edges: between them the map covers the box (or, smaller than
    // the box, stays inside it).
    function range(scale, size, room) {
      var startAtStart = -size * (1 - scale) / (2 * scale);
      var endAtEnd = (room - size * (1 + scale) / 2) / scale;
      return [Math.min(startAtStart, endAtEnd), Math.max(startAtStart, endAtEnd)];
    }
    function clamp(x, y, scale) {
      var rx = range(scale, stage.offsetWidth, viewport.clientWidth);
      var ry = range(scale, stage.offsetHeight, viewport.clientHeight);
      return {
        x: Math.min(Math.max(x, rx[0]), rx[1]),
        y: Math.min(Math.max(y, ry[0]), ry[1]),
      };
    }
    function options() {
      var fit = Math.min(viewport.clientWidth / stage.offsetWidth, viewport.clientHeight / stage.offsetHeight);
      return {
        minScale: Math.min(1, fit || 1),
        maxScale: MAX_SCALE,
        // Mirrored, the map's beginning is its right edge.
        startX: mirrored ? Math.min(0, viewport.clientWidth - stage.offsetWidth) : 0,
        startY: 0,
      };
    }
    var fixing = false;
    function setTransform(elem, value) {
      var c = clamp(value.x, value.y, value.scale);
      elem.style.transform = "scale(" + value.scale + ") translate(" + c.x + "px, " + c.y + "px)";
      viewer.setAttribute("data-scale", String(Math.round(value.scale * 1000) / 1000));
      // A page-wide map on a large screen lets a finger scroll the page until it is zoomed.
      var touch = !phone && value.scale <= 1.001 ? "pan-y" : "none";
      if (pz && viewport.style.touchAction !== touch) pz.setOptions({ touchAction: touch });
      if (pz && !fixing && (Math.abs(c.x - value.x) > 0.01 || Math.abs(c.y - value.y) > 0.01)) {
        // Panzoom keeps the unconstrained position: bring it to what is shown.
        fixing = true;
        pz.pan(c.x, c.y, { force: true, animate: false, silent: true });
        fixing = false;
      }
    }

    var initial = options();
    pz = window.Panzoom(stage, {
      canvas: true, // drag anywhere in the box
      cursor: "grab",
      origin: "50% 50%",
      step: STEP,
      minScale: initial.minScale,
      maxScale: initial.maxScale,
      startX: initial.startX,
      startY: initial.startY,
      startScale: 1,
      setTransform: setTransform,
    });

    function zoomBy(direction) {
      var o = pz.getOptions();
      var to = pz.getScale() * Math.exp(direction * STEP);
      to = Math.min(Math.max(to, o.minScale), o.maxScale);
      var box = viewport.getBoundingClientRect();
      pz.zoomToPoint(to, { clientX: box.left + box.width / 2, clientY: box.top + box.height / 2 });
    }
    function reset() {
      pz.reset({ animate: false });
    }
    function panBy(dx, dy) {
      var at = pz.getPan();
      var scale = pz.getScale();
      pz.pan(at.x + dx / scale, at.y + dy / scale, { force: true, animate: false });
    }

    viewer.querySelectorAll("[data-map-zoom]").forEach(function (button) {
      button.addEventListener("click", function () {
        var what = button.getAttribute("data-map-zoom");
        if (what === "in") zoomBy(1);
        else if (what === "out") zoomBy(-1);
        else reset();
      });
    });
    var controls = viewer.querySelector("[data-map-controls]");
    if (controls) controls.hidden = false;
    var hint = viewer.querySelector("[data-map-hint]");
    if (hint) hint.hidden = false;

    // Ctrl + wheel (and a trackpad's pinch, which Chromium sends as one) zooms; a plain
    // wheel scrolls the page as before.
    viewport.addEventListener("wheel", function (event) {
      if (event.ctrlKey) pz.zoomWithWheel(event);
    }, { passive: false });

    // Keys, on the box or a link in it.
    viewport.tabIndex = 0;
    viewport.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      var handled = true;
      switch (event.key) {
        case "+": case "=": zoomBy(1); break;
        case "-": case "_": case "−": zoomBy(-1); break;
        case "0": reset(); break;
        case "ArrowLeft": panBy(KEY_PAN, 0); break;
        case "ArrowRight": panBy(-KEY_PAN, 0); break;
        case "ArrowUp": panBy(0, KEY_PAN); break;
        case "ArrowDown": panBy(0, -KEY_PAN); break;
        default: handled = false;
      }
      if (handled) event.preventDefault();
    });

    // A drag is not a click: the link under a press that moved is not followed.
    var down = null;
    var dragged = false;
    viewport.addEventListener("pointerdown", function (event) {
      down = { x: event.clientX, y: event.clientY };
      dragged = false;
    }, true);
    document.addEventListener("pointermove", function (event) {
      if (down && (Math.abs(event.clientX - down.x) > DRAG_SLOP || Math.abs(event.clientY - down.y) > DRAG_SLOP)) {
        dragged = true;
      }
    }, { passive: true });
    document.addEventListener("pointerup", function () { down = null; }, { passive: true });
    viewport.addEventListener("click", function (event) {
      if (!dragged) return;
      dragged = false;
      event.preventDefault();
      event.stopPropagation();
    }, true);
    // Panzoom cancels the press (no text selection, no dragging the link away), which also
    // keeps focus where it was: a press on a link still focuses it, so its highlight shows.
    viewport.addEventListener("pointerup", function (event) {
      if (dragged) return;
      var link = event.target.closest && event.target.closest("a[href]");
      if (link && document.activeElement !== link) link.focus({ preventScroll: true });
    });

    // Focusing a link out of sight makes the browser scroll the box (overflow: hidden boxes
    // still scroll): turn that scroll into a pan.
    viewport.addEventListener("scroll", function () {
      var left = viewport.scrollLeft;
      var top = viewport.scrollTop;
      if (!left && !top) return;
      viewport.scrollLeft = 0;
      viewport.scrollTop = 0;
      panBy(-left, -top);
    });

    // A new width (a phone turned, a window resized across lg) starts the map afresh.
    var timer = null;
    function refit() {
      var wasPhone = phone;
      phone = PHONE.matches;
      var o = options();
      pz.setOptions({ minScale: o.minScale, startX: o.startX, startY: o.startY });
      if (wasPhone !== phone) {
        reset();
      } else {
        var at = pz.getPan();
        pz.zoom(Math.max(pz.getScale(), o.minScale), { animate: false, force: true });
        pz.pan(at.x, at.y, { force: true, animate: false });
      }
    }
    window.addEventListener("resize", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(refit, 150);
    });
  }

  function setupAll(root) {
    (root || document).querySelectorAll("[data-map-viewer]").forEach(setup);
  }
  document.addEventListener("DOMContentLoaded", function () { setupAll(document); });
  // The chart is also fetched on its own by htmx (MapView's "chart" partial).
  document.addEventListener("htmx:afterSettle", function (event) {
    setupAll(event.detail && event.detail.elt && event.detail.elt.parentNode);
  });
})();
