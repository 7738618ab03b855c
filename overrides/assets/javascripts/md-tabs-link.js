/* guidepress: Material for MkDocs 9.8.1's inline script partials/javascripts/content.html (feature content.tabs.link), as a
   file of the site, so that a Content-Security-Policy with script-src 'self' (no inline script) holds. */
var tabs=__md_get("__tabs");if(Array.isArray(tabs))e:for(var set of document.querySelectorAll(".tabbed-set")){var labels=set.querySelector(".tabbed-labels");for(var tab of tabs)for(var label of labels.getElementsByTagName("label"))if(label.innerText.trim()===tab){var input=document.getElementById(label.htmlFor);input.checked=!0;continue e}}
