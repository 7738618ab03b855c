// guidepress: tables that scroll sideways on small screens can be reached and scrolled with the
// keyboard, and are announced as regions (WCAG 2.1.1). Material wraps tables after each page load.
document$.subscribe(function () {
  var label = document.documentElement.getAttribute("data-gp-table-label") || "Table";
  document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
    wrap.setAttribute("tabindex", "0");
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-label", label);
  });
});
