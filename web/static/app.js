/* Pasar Koperasi: the few lines of script the pages need besides htmx. */
(() => {
  "use strict";
  // A first page brings the stylesheet inline (web.assets): keep it for the next pages, which take
  // it from here instead of the network once the cookie says it is kept. Without storage (private
  // mode, full, turned off) no cookie is set, and every page keeps bringing it.
  const sheet = document.getElementById("pk-css");
  if (sheet && sheet.dataset.version) {
    try {
      localStorage.setItem("pk-css", `${sheet.dataset.version}\n${sheet.textContent}`);
      const secure = location.protocol === "https:" ? "; secure" : "";
      document.cookie = `pk_css=${sheet.dataset.version}; path=/; max-age=31536000; samesite=lax${secure}`;
    } catch (e) { /* not kept */ }
  }
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
  else showSummary(); // loaded after the page was parsed (base.html asks for it at the end)
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
