/* Segment timers (the run page and the projector): the time left of the current segment, counted down here.
 *
 * An element with data-timer-start (ISO time the segment started) and data-timer-minutes (its planned length)
 * shows "12:05 left" and then "3:10 over", from the sentences it carries (data-timer-left / data-timer-over,
 * with %(time)s). The countdown itself is role="timer" and silent; only the thresholds are announced, once,
 * in the polite live region named by data-timer-announce: 5 minutes left, 1 minute left, time is up.
 * data-timer-now (the server's time when the page was made) corrects a phone or laptop clock that is off.
 */
(function () {
  "use strict";

  var skew = 0; // server time minus this device's time, in milliseconds
  var stamp = document.querySelector("[data-timer-now]");
  if (stamp) {
    var server = Date.parse(stamp.getAttribute("data-timer-now"));
    if (!isNaN(server)) skew = server - Date.now();
  }

  function fmt(text, values) {
    return String(text || "").replace(/%\((\w+)\)s/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : match;
    });
  }

  function clock(seconds) {
    var hours = Math.floor(seconds / 3600);
    var minutes = Math.floor((seconds % 3600) / 60);
    var rest = seconds % 60;
    var mm = hours ? (minutes < 10 ? "0" : "") + minutes : String(minutes);
    return (hours ? hours + ":" : "") + mm + ":" + (rest < 10 ? "0" : "") + rest;
  }

  // 0: plenty of time, 1: five minutes or less, 2: one minute or less, 3: over time.
  function level(left) {
    if (left < 0) return 3;
    if (left <= 60) return 2;
    if (left <= 300) return 1;
    return 0;
  }

  var SAY = { 1: "data-timer-soon", 2: "data-timer-last", 3: "data-timer-up" };

  function tick() {
    var nodes = document.querySelectorAll("[data-timer-start]");
    for (var i = 0; i < nodes.length; i++) update(nodes[i]);
  }

  function update(node) {
    var start = Date.parse(node.getAttribute("data-timer-start") || "");
    var minutes = Number(node.getAttribute("data-timer-minutes"));
    if (isNaN(start) || !minutes) {
      if (node.textContent) node.textContent = "";
      node._timerLevel = undefined;
      return;
    }
    var left = Math.floor((start + minutes * 60000 - (Date.now() + skew)) / 1000);
    var text = left >= 0 ? fmt(node.getAttribute("data-timer-left"), { time: clock(left) }) : fmt(node.getAttribute("data-timer-over"), { time: clock(-left) });
    if (node.textContent !== text) node.textContent = text;
    var now = level(left);
    node.classList.toggle("is-soon", now === 1 || now === 2);
    node.classList.toggle("is-over", now === 3);
    var key = node.getAttribute("data-timer-start") + "/" + minutes;
    // A new segment (or a changed length) starts quiet: announce only thresholds crossed while watching.
    if (node._timerKey !== key) {
      node._timerKey = key;
      node._timerLevel = now;
      return;
    }
    if (now > node._timerLevel) {
      node._timerLevel = now;
      var region = document.getElementById(node.getAttribute("data-timer-announce") || "");
      var sentence = node.getAttribute(SAY[now]);
      if (region && sentence) region.textContent = sentence;
    }
  }

  window.SPCPTimer = { tick: tick };
  tick();
  setInterval(tick, 1000);
})();
