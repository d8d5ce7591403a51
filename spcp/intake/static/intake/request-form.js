// Progressive enhancement: the critical-incident questions show only when that reason is chosen.
// Without JavaScript every question is shown, and the server ignores incident answers for a proactive request.
(function () {
  "use strict";
  var section = document.querySelector("[data-incident-fields]");
  var radios = document.querySelectorAll('input[type="radio"][name="trigger"]');
  if (!section || !radios.length) {
    return;
  }
  function update() {
    var checked = document.querySelector('input[type="radio"][name="trigger"]:checked');
    var show = checked !== null && checked.value === "critical_incident";
    section.hidden = !show;
    // Hidden questions are not sent, so an answer left there cannot block a proactive request.
    section.querySelectorAll("input, textarea").forEach(function (input) {
      input.disabled = !show;
    });
  }
  radios.forEach(function (radio) {
    radio.addEventListener("change", update);
  });
  update();
})();
