/* SPCPLive: follow a forum room live (phones, the projector, staff screens).
 *
 * Protocol: spcp/forum/consumers.py. The room's state is a dict of collections changed by sequenced
 * events with three operations (set / put / del), the same reducer as spcp/forum/events.py apply_event.
 * A screen that misses an event (a gap in sequence numbers) says hello again with its last number and
 * gets the missing events or a fresh snapshot. While the websocket is down the screen polls stateUrl.
 *
 *   var live = SPCPLive.connect({code, token, stateUrl, headers, onState, onTally, onStatus, onAck});
 *   onState(state, events)  events: the events just applied, or null after a snapshot
 *   onTally(tally)          {type: "tally", participants, dots, voters, solutions}
 *   onAck(ack)              {type: "ack", id, ok, result | status, error}: the answer to a message sent
 *   onStatus(status, info)  "connecting" | "open" | "reconnecting" | "polling" | "closed"
 *                           (info.code 4403: not allowed, 4404: unknown room; no reconnecting then)
 *   live.send(message)  true if the socket is open and took it (a phone's dots or response), else false
 *   live.close()  live.reconnect()  live.state()
 */
(function (global) {
  "use strict";

  var PING_MS = 25000;
  var POLL_MS = 3000;
  var SILENT_MS = 60000; // no message for this long (pongs included): the socket is dead
  var CATCH_UP_MS = 5000; // a hello unanswered this long may be sent again

  function uuid() {
    var c = global.crypto;
    if (c && c.randomUUID) return c.randomUUID();
    var b = new Uint8Array(16);
    if (c && c.getRandomValues) c.getRandomValues(b);
    else for (var i = 0; i < 16; i++) b[i] = Math.floor(Math.random() * 256);
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    var h = "";
    for (var j = 0; j < 16; j++) {
      h += (b[j] + 256).toString(16).slice(1);
      if (j === 3 || j === 5 || j === 7 || j === 9) h += "-";
    }
    return h;
  }

  // The reducer. Returns a new state and leaves the old one untouched (only the touched collection is
  // copied, so a screen can tell what changed by comparing collections).
  function applyEvent(state, event) {
    var next = {};
    for (var k in state) next[k] = state[k];
    var coll = event.coll;
    if (event.op === "set") {
      next[coll] = event.data;
    } else {
      var items = {};
      var old = state[coll] || {};
      for (var id in old) items[id] = old[id];
      if (event.op === "put") items[String(event.id)] = event.data;
      else delete items[String(event.id)];
      next[coll] = items;
    }
    next.seq = event.seq;
    return next;
  }

  function connect(opts) {
    var state = null;
    var ws = null;
    var status = null;
    var stopped = false;
    var attempt = 0;
    var lastHeard = 0;
    var helloAt = 0;
    var timers = { reconnect: null, ping: null, poll: null, firstPoll: null };
    var noop = function () {};
    var onState = opts.onState || noop;
    var onTally = opts.onTally || noop;
    var onStatus = opts.onStatus || noop;
    var onAck = opts.onAck || noop;

    function setStatus(next, info) {
      if (next === status) return;
      status = next;
      onStatus(next, info || {});
    }

    function seq() {
      return state ? state.seq || 0 : 0;
    }

    function url() {
      var scheme = global.location.protocol === "https:" ? "wss://" : "ws://";
      return scheme + global.location.host + "/ws/forum/" + encodeURIComponent(opts.code) + "/";
    }

    function send(message) {
      if (!ws || ws.readyState !== 1) return false;
      try {
        ws.send(JSON.stringify(message));
      } catch (e) {
        return false;
      }
      return true;
    }

    function hello() {
      helloAt = Date.now();
      send({ type: "hello", seq: seq(), token: opts.token || null });
    }

    function snapshot(next) {
      state = next;
      helloAt = 0;
      onState(state, null);
    }

    // Apply events in order; ignore what is already applied; on a gap ask for what is missing.
    function apply(events, viaSocket) {
      if (!state) return;
      var applied = [];
      for (var i = 0; i < events.length; i++) {
        var ev = events[i];
        if (ev.seq <= state.seq) continue;
        if (ev.seq > state.seq + 1) {
          if (viaSocket && Date.now() - helloAt > CATCH_UP_MS) hello();
          break;
        }
        state = applyEvent(state, ev);
        applied.push(ev);
      }
      if (applied.length) onState(state, applied);
    }

    function tally(data) {
      var t = { type: "tally" };
      for (var k in data) t[k] = data[k];
      onTally(t);
    }

    function receive(text) {
      var msg;
      try {
        msg = JSON.parse(text);
      } catch (e) {
        return;
      }
      lastHeard = Date.now();
      if (msg.type === "snapshot") snapshot(msg.state);
      else if (msg.type === "events") {
        helloAt = 0;
        apply(msg.events || [], true);
      } else if (msg.type === "event") apply([msg.event], true);
      else if (msg.type === "tally") tally(msg);
      else if (msg.type === "ack") onAck(msg);
    }

    function open() {
      clearTimeout(timers.reconnect);
      if (stopped || (ws && ws.readyState < 2)) return;
      setStatus(state ? "reconnecting" : "connecting");
      var socket;
      try {
        socket = new global.WebSocket(url());
      } catch (e) {
        startPolling(); // refused outright (a blocked scheme or port): follow the room by polling meanwhile
        later();
        return;
      }
      ws = socket;
      // A phone on a network that blocks websockets still follows the room by polling.
      clearTimeout(timers.firstPoll);
      timers.firstPoll = setTimeout(function () {
        if (ws === socket && socket.readyState !== 1) startPolling();
      }, POLL_MS);
      socket.onopen = function () {
        if (ws !== socket) return;
        attempt = 0;
        lastHeard = Date.now();
        stopPolling();
        setStatus("open");
        hello();
        clearInterval(timers.ping);
        timers.ping = setInterval(function () {
          if (Date.now() - lastHeard > SILENT_MS) socket.close();
          else send({ type: "ping" });
        }, PING_MS);
      };
      socket.onmessage = function (e) {
        if (ws === socket) receive(e.data);
      };
      socket.onclose = function (e) {
        if (ws !== socket) return;
        ws = null;
        clearInterval(timers.ping);
        if (e.code === 4403 || e.code === 4404) {
          stop();
          setStatus("closed", { code: e.code });
          return;
        }
        if (stopped) return;
        setStatus("reconnecting");
        startPolling();
        later();
      };
    }

    // Jittered exponential backoff between 1 and 10 seconds, so a room of phones does not reconnect at once.
    function later() {
      if (stopped) return;
      var ceiling = Math.min(10000, 1000 * Math.pow(2, attempt));
      attempt += 1;
      var delay = Math.max(1000, ceiling / 2 + (Math.random() * ceiling) / 2);
      clearTimeout(timers.reconnect);
      timers.reconnect = setTimeout(open, delay);
    }

    function startPolling() {
      if (timers.poll || stopped || !opts.stateUrl) return;
      poll();
    }

    function stopPolling() {
      clearTimeout(timers.poll);
      timers.poll = null;
    }

    function poll() {
      var sep = opts.stateUrl.indexOf("?") < 0 ? "?" : "&";
      var headers = { Accept: "application/json" };
      for (var k in opts.headers || {}) headers[k] = opts.headers[k];
      timers.poll = setTimeout(poll, POLL_MS);
      global
        .fetch(opts.stateUrl + sep + "since=" + seq(), { headers: headers, credentials: "same-origin" })
        .then(function (r) {
          if (r.status === 403 || r.status === 404) {
            stop();
            setStatus("closed", { code: r.status === 403 ? 4403 : 4404 });
            return null;
          }
          return r.ok ? r.json() : null;
        })
        .then(function (data) {
          if (!data || stopped || (ws && ws.readyState === 1)) return;
          if (data.snapshot) snapshot(data.snapshot);
          else if (data.events) apply(data.events, false);
          if (data.tally) tally(data.tally);
          setStatus("polling");
        })
        .catch(function () {
          if (!stopped && !(ws && ws.readyState === 1)) setStatus(state ? "closed" : "reconnecting");
        });
    }

    function stop() {
      stopped = true;
      stopPolling();
      clearTimeout(timers.reconnect);
      clearTimeout(timers.firstPoll);
      clearInterval(timers.ping);
    }

    // A phone waking up or getting its signal back reconnects at once instead of waiting out the backoff.
    function wake() {
      if (stopped || (global.document && global.document.hidden)) return;
      if (!ws || ws.readyState > 1) {
        attempt = 0;
        open();
      } else if (ws.readyState === 1) send({ type: "ping" });
    }
    if (global.addEventListener) {
      global.addEventListener("online", wake);
      global.addEventListener("pageshow", wake);
    }
    if (global.document && global.document.addEventListener) {
      global.document.addEventListener("visibilitychange", wake);
    }

    open();

    return {
      state: function () {
        return state;
      },
      reconnect: wake,
      send: send,
      close: function () {
        stop();
        if (ws) ws.close();
        ws = null;
        setStatus("closed");
      },
    };
  }

  global.SPCPLive = { connect: connect, applyEvent: applyEvent, uuid: uuid };
})(window);
