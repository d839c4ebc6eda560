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

// An open site step: the pathway's buttons pick a site in the list below them (the list is the
// form's field, and works alone without this script); the search box narrows the list and the
// buttons to the sites whose names match. Set up on page load and on whatever htmx swaps in.
(function () {
  function pickerOf(element) {
    var form = element.closest("form");
    return form && {
      form: form,
      select: form.querySelector('select[name="site"]'),
      buttons: form.querySelectorAll("[data-pick]"),
      picked: form.querySelector("[data-picked]"),
    };
  }

  function show(picker) {
    var value = picker.select.value;
    var name = "";
    picker.buttons.forEach(function (button) {
      var on = button.getAttribute("data-pick") === value;
      button.setAttribute("aria-pressed", on ? "true" : "false");
      if (on) {
        name = button.getAttribute("aria-label");
      }
    });
    if (picker.picked) {
      picker.picked.textContent = name ? "Your pick: " + name + "." : "";
    }
  }

  function setUp(root) {
    root.querySelectorAll("[data-site-picker][hidden]").forEach(function (diagram) {
      diagram.removeAttribute("hidden");
      var form = diagram.closest("form");
      form.querySelectorAll("[data-site-search], [data-site-search-label]").forEach(function (element) {
        element.removeAttribute("hidden");
      });
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-pick]");
    var picker = button && pickerOf(button);
    if (!picker || !picker.select) {
      return;
    }
    picker.select.value = button.getAttribute("data-pick");
    show(picker);
  });

  document.addEventListener("change", function (event) {
    if (event.target.matches('select[name="site"]')) {
      show(pickerOf(event.target));
    }
  });

  document.addEventListener("input", function (event) {
    if (!event.target.matches("[data-site-search]")) {
      return;
    }
    var picker = pickerOf(event.target);
    var words = event.target.value.toLowerCase().trim();
    picker.select.querySelectorAll("option").forEach(function (option) {
      option.hidden = words !== "" && option.textContent.toLowerCase().indexOf(words) === -1;
    });
    picker.select.querySelectorAll("optgroup").forEach(function (group) {
      group.hidden = !group.querySelector("option:not([hidden])");
    });
    picker.buttons.forEach(function (button) {
      var name = button.getAttribute("aria-label").toLowerCase();
      button.hidden = words !== "" && name.indexOf(words) === -1;
    });
  });

  document.addEventListener("DOMContentLoaded", function () {
    setUp(document);
  });
  document.addEventListener("htmx:load", function (event) {
    setUp(event.target);
  });
})();
