// Legweak's only script of its own: progressive enhancement on top of htmx.
// Every page works without it.
"use strict";

// After htmx puts an answer's feedback in the page, move focus to it, so that keyboard and
// screen reader users land on what changed (the feedback is also a polite live region).
document.addEventListener("htmx:afterSwap", function () {
  var target = document.querySelector("[data-autofocus]");
  if (target) {
    target.removeAttribute("data-autofocus");
    target.focus();
  }
});

// Without htmx (a plain page load after answering), the address ends in #feedback-N: focus it.
document.addEventListener("DOMContentLoaded", function () {
  if (window.location.hash.indexOf("#feedback-") === 0 || window.location.hash === "#summary") {
    var target = document.getElementById(window.location.hash.slice(1));
    if (target) {
      target.focus();
    }
  }
  document.querySelectorAll("[data-autofocus]").forEach(function (element) {
    element.removeAttribute("data-autofocus");
  });
});

// The localizer's body map: each area becomes a button that cycles its radio buttons (not tested,
// reduced, normal), so the result updates as if the radio had been ticked. Without this script
// the map is a picture and the radio buttons below it do the job.
(function () {
  var STATES = ["", "loss", "normal"];
  var WORDS = { "": "not tested", loss: "reduced", normal: "normal" };
  var CLASSES = { "": "map-untested", loss: "map-lost", normal: "map-normal" };

  function current(slug) {
    var checked = document.querySelector('input[name="area.' + slug + '"]:checked');
    return checked ? checked.value : "";
  }

  function describe(region) {
    var slug = region.getAttribute("data-area-toggle");
    region.setAttribute(
      "aria-label",
      region.getAttribute("data-label") + ": " + WORDS[current(slug)] + ". Press to change."
    );
    region.classList.remove("map-untested", "map-lost", "map-normal");
    region.classList.add(CLASSES[current(slug)]);
  }

  function cycle(region) {
    var slug = region.getAttribute("data-area-toggle");
    var next = STATES[(STATES.indexOf(current(slug)) + 1) % STATES.length];
    var radio = document.querySelector('input[name="area.' + slug + '"][value="' + next + '"]');
    if (!radio) {
      return;
    }
    radio.checked = true;
    radio.dispatchEvent(new Event("change", { bubbles: true }));
    describe(region);
  }

  function enhance() {
    document.querySelectorAll("[data-area-toggle]").forEach(function (region) {
      region.setAttribute("tabindex", "0");
      region.setAttribute("role", "button");
      describe(region);
      region.addEventListener("click", function () {
        cycle(region);
      });
      region.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          cycle(region);
        }
      });
    });
    // Keep the map in step when a radio button is ticked directly.
    document.querySelectorAll('input[name^="area."]').forEach(function (radio) {
      radio.addEventListener("change", function () {
        var region = document.querySelector('[data-area-toggle="' + radio.name.slice(5) + '"]');
        if (region) {
          describe(region);
        }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", enhance);
})();
