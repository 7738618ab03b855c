/* guidepress: Material for MkDocs 9.8.1's inline script partials/javascripts/content.html, as a
   file of the site, so that a Content-Security-Policy with script-src 'self' (no inline script) holds. */
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))
/* guidepress: Material marks its drawer and search checkboxes autocomplete="off" so that a browser
   restoring a page from history does not reopen them; that attribute is not allowed on a checkbox
   (overrides/base.html leaves it out), so they are unchecked here, before Material's script starts. */
;["__drawer","__search"].forEach(function(id){var toggle=document.getElementById(id);toggle&&(toggle.checked=!1)})
