/* Small page helpers shared by every page. */
(function () {
  "use strict";
})();
