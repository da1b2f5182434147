/* Small page helpers shared by every page. */
(function () {
  "use strict";
  // On a phone the round's tab bar scrolls sideways: bring the current tab into view.
  var active = document.querySelector(".round-tabs .nav-link.active");
  if (active && active.scrollIntoView) active.scrollIntoView({ block: "nearest", inline: "center" });
})();
