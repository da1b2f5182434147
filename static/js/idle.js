/* Idle logout (accounts/identity.py): a minute before the server ends an idle session, a notice
   with a button to stay logged in; when the time is up the page reloads (the server then shows the
   login page). Another tab's activity counts: the server is asked before warning. */
(function () {
  "use strict";
  var body = document.body;
  var box = document.getElementById("idle-warning");
  if (!body.dataset.idleSeconds || !box || !window.fetch) return;
  var url = body.dataset.sessionUrl;
  var form = box.querySelector("form");
  var countdown = box.querySelector("[data-idle-countdown]");
  var WARN = 60;
  var timer = null;
  var ticking = null;

  function schedule(remaining) {
    clearTimeout(timer);
    clearInterval(ticking);
    box.hidden = true;
    timer = setTimeout(check, Math.max(remaining - WARN, 1) * 1000);
  }

  function warn(remaining) {
    box.hidden = false;
    var ends = Date.now() + remaining * 1000;
    function tick() {
      var left = Math.max(0, Math.round((ends - Date.now()) / 1000));
      countdown.textContent = String(left);
      if (left <= 0) {
        clearInterval(ticking);
        window.location.reload();
      }
    }
    tick();
    ticking = setInterval(tick, 1000);
    var button = box.querySelector("button");
    if (button) button.focus();
  }

  function answer(response) {
    return response.json().then(function (data) {
      if (data.expired) {
        window.location.reload();
      } else if (data.remaining > WARN + 5) {
        schedule(data.remaining);
      } else {
        warn(data.remaining);
      }
    });
  }

  function check() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(answer)
      .catch(function () { schedule(WARN + 30); });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    fetch(url, { method: "POST", credentials: "same-origin", body: new FormData(form) })
      .then(answer)
      .catch(function () { form.submit(); });
  });

  schedule(parseInt(body.dataset.idleSeconds, 10));
})();
