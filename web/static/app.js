/* Pasar Koperasi: the few lines of script the pages need besides htmx. */
(() => {
  "use strict";
  // An error summary (GOV.UK pattern) takes focus and comes to the top of the screen, on a whole
  // page and after an htmx swap; each time it is rendered anew, so each new one is shown once.
  const showSummary = () => {
    const summary = document.querySelector("[data-error-summary]:not([data-shown])");
    if (!summary) return;
    summary.dataset.shown = "1";
    summary.focus({ preventScroll: true });
    summary.scrollIntoView({ block: "start" });
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", showSummary);
  else showSummary(); // loaded after the page was parsed (base.html asks for it after the stylesheet)
  document.addEventListener("htmx:after:settle", showSummary);

  // A summary's link focuses its field (or a group's first control) with its label in view.
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("[data-error-summary] a[href^='#']");
    const target = link && document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!target) return;
    event.preventDefault();
    const control = target.matches("input, select, textarea, button") ? target : target.querySelector("input, select, textarea");
    const label = (control && control.id && document.querySelector(`label[for="${CSS.escape(control.id)}"]`))
      || target.closest("fieldset")?.querySelector("legend") || target;
    (control || target).focus({ preventScroll: true });
    label.scrollIntoView({ block: "start" });
  });
})();
