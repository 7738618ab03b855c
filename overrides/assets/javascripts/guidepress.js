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

// guidepress: glossary terms explained in place. The build writes each explained term as a link to
// its glossary entry, so without JavaScript it is a plain link. Here it becomes a disclosure
// button (WAI-ARIA pattern) that shows the definition right after the word, with a link to the
// glossary: it works with touch, mouse and keyboard (Enter or Space, Escape closes), never on hover.
document$.subscribe(function () {
  var count = 0;
  document.querySelectorAll("a.gp-term[data-gp-definition]").forEach(function (link) {
    var id = "gp-term-" + (++count);
    var wrap = document.createElement("span");
    wrap.className = "gp-term";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "gp-term__button";
    button.textContent = link.textContent;
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", id);
    var panel = document.createElement("span");
    panel.className = "gp-term__panel";
    panel.id = id;
    panel.hidden = true;
    var definition = document.createElement("span");
    definition.className = "gp-term__definition";
    definition.textContent = link.getAttribute("data-gp-definition");
    var more = document.createElement("a");
    more.className = "gp-term__more";
    more.href = link.getAttribute("href");
    more.textContent = link.getAttribute("data-gp-more");
    more.lang = document.documentElement.lang;  // the interface's language, also inside a fallback page
    panel.append(definition, " ", more);
    wrap.append(button, panel);
    link.replaceWith(wrap);
    function show(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      panel.hidden = !open;
    }
    button.addEventListener("click", function () {
      show(button.getAttribute("aria-expanded") !== "true");
    });
    wrap.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !panel.hidden) {
        show(false);
        button.focus();
        event.stopPropagation();
      }
    });
  });
});

// guidepress: a video on an external host (issue #14). The page holds only a button that says which
// host the video loads from; nothing is requested from that host until the reader presses it. Then,
// and only then, the player's iframe is made (the page's Content-Security-Policy allows frames from
// that host alone). Focus moves to the player, so keyboard users keep their place.
document$.subscribe(function () {
  document.querySelectorAll(".gp-video__external[data-gp-embed]").forEach(function (box) {
    var button = box.querySelector("button.gp-video__load");
    if (!button || button.getAttribute("data-gp-ready")) return;
    button.setAttribute("data-gp-ready", "1");
    button.addEventListener("click", function () {
      var frame = document.createElement("iframe");
      frame.src = box.getAttribute("data-gp-embed");
      frame.title = box.getAttribute("data-gp-embed-title") || "";
      frame.className = "gp-video__iframe";
      frame.setAttribute("allow", "fullscreen; picture-in-picture");
      frame.setAttribute("allowfullscreen", "");
      frame.setAttribute("referrerpolicy", "no-referrer");
      frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-popups");
      frame.setAttribute("tabindex", "0");
      box.replaceChildren(frame);
      frame.focus();
    });
  });
});
