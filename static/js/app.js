/* Small page helpers shared by every page. No inline handlers: the Content Security Policy
   allows only script files, so pages mark elements with data attributes instead. */
(function () {
  "use strict";
  // <select data-autosubmit>: choosing an option submits its form (the language menu).
  document.addEventListener("change", function (event) {
    var select = event.target.closest && event.target.closest("select[data-autosubmit]");
    if (select && select.form) select.form.submit();
  });
  // <form data-confirm="question">: ask before submitting (deleting something).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });
})();
