/* guidepress: Material for MkDocs 9.8.1's inline script partials/javascripts/content.html, as a
   file of the site, so that a Content-Security-Policy with script-src 'self' (no inline script) holds. */
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))
