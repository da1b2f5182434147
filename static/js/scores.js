/* Reading a typed score in the browser the way the server does (inspections/values.py):
   full-width digits and the IME's 。 are what the person meant; 1_0, 1e1 and other scripts'
   digits are not numbers. Totals are added in hundredths, as integers, to match the server. */
(function () {
  "use strict";
  var NUMBER = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/;

  function normalise(text) {
    return String(text || "").trim().replace(/[０-９．。－＋]/g, function (ch) {
      if (ch === "．" || ch === "。") return ".";
      if (ch === "－") return "-";
      if (ch === "＋") return "+";
      return String.fromCharCode(ch.charCodeAt(0) - 0xfee0);
    });
  }

  // null when blank, NaN when not a number, else the number.
  function read(text) {
    var plain = normalise(text);
    if (plain === "") return null;
    return NUMBER.test(plain) ? Number(plain) : NaN;
  }

  // Σ weight × value over [value, weight] pairs, written like the server writes a score (56.5, 75).
  function total(pairs) {
    var sum = 0;
    pairs.forEach(function (pair) { sum += Math.round(pair[0] * 100) * Math.round(pair[1] * 100); });
    return (sum / 10000).toFixed(2).replace(/\.?0+$/, "") || "0";
  }

  window.lsbScores = { normalise: normalise, read: read, total: total };
})();
