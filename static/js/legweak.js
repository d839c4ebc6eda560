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
