// Before the page is drawn: a phone that already joined this forum (a token in the link or in storage)
// shows its screen at once instead of flashing the join form. Loaded synchronously in <head>.
(function () {
  var code = document.currentScript.getAttribute("data-join-code");
  try {
    if (/[?&]t=/.test(location.search) || localStorage.getItem("spcp:forum:" + code)) {
      document.documentElement.className = "has-token";
    }
  } catch (e) {
    // Storage blocked (private mode): the join form shows, as it would for a new phone.
  }
})();
