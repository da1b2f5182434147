/* Small page helpers shared by every page. No inline handlers: the Content Security Policy
   allows only script files, so pages mark elements with data attributes instead. */
(function () {
  "use strict";
  // <select data-autosubmit>: choosing an option submits its form (the language menu).
  document.addEventListener("change", function (event) {
    var select = event.target.closest && event.target.closest("select[data-autosubmit]");
    if (select && select.form) select.form.submit();
  });
  // <form data-confirm="question">: ask before submitting (deleting something); with
  // data-confirm-when="selector", only when the form holds a match (a ticked 删除 box).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.dataset || !form.dataset.confirm) return;
    if (form.dataset.confirmWhen && !form.querySelector(form.dataset.confirmWhen)) return;
    if (!window.confirm(form.dataset.confirm)) event.preventDefault();
  });
})();
