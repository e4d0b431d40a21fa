// What every page needs from script; loaded from our own files (the CSP allows no inline
// script). Pages work without it, except the phone menu, which opens with its button.
"use strict";

// The phone menu: the button says whether the navigation it controls is open.
document.addEventListener("click", (event) => {
  const toggle = event.target.closest(".nav-toggle[aria-controls]");
  if (!toggle) return;
  toggle.setAttribute("aria-expanded", String(toggle.getAttribute("aria-expanded") !== "true"));
});

// A refused form: its error summary takes the focus, so a screen reader reads it at once
// and the keyboard starts from its links to the fields.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
});
