// The one script of the page: the print button (the page works without it; the browser's
// own print command uses the same print stylesheet).
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var button = document.getElementById("print");
  if (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  }
});
