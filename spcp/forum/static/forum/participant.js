/* The participant's phone page: join, then follow the room segment by segment (see forum/participant.html).
 *
 * Every word comes from the page's #i18n blob (Django's catalogs); participants' own text is shown with its
 * language. Every submission carries a client token or revision, so the automatic retries after a lost
 * signal never add anything twice.
 */
(function () {
  "use strict";
  var d = document;
  var $ = function (id) {
    return d.getElementById(id);
  };
  var T = JSON.parse($("i18n").textContent);
  var C = JSON.parse($("config").textContent);
  var LANG = C.lang;
  var KEY = "spcp:forum:" + C.code;
  var uuid = window.SPCPLive.uuid;

  var token = null; // the participant token (X-Participant-Token)
  var me = null; // GET /me
  var S = null; // the room's shared state
  var tally = {}; // the latest live tally
  var live = null;
  var view = null;
  var frame = null;

  /* ---- storage (a private window may refuse localStorage: then memory only) ---- */
  var memory = {};
  function stored() {
    try {
      return JSON.parse(localStorage.getItem(KEY) || "{}") || {};
    } catch (e) {
      return memory;
    }
  }
  function store(key, value) {
    var s = stored();
    if (value == null) delete s[key];
    else s[key] = value;
    memory = s;
    try {
      if (Object.keys(s).length) localStorage.setItem(KEY, JSON.stringify(s));
      else localStorage.removeItem(KEY);
    } catch (e) {
      /* memory only */
    }
  }

  /* ---- words ---- */
  function fmt(text, values) {
    return String(text).replace(/%\((\w+)\)s/g, function (m, k) {
      return values[k] == null ? m : String(values[k]);
    });
  }
  function plural(forms, n) {
    return fmt(forms[n === 1 ? 0 : 1], { count: n });
  }
  // Like fmt, but a value may be a DOM node (participants' text keeps its own lang attribute).
  function fmtNodes(text, values) {
    var out = [];
    var last = 0;
    String(text).replace(/%\((\w+)\)s/g, function (m, k, at) {
      out.push(text.slice(last, at));
      out.push(values[k] == null ? m : values[k]);
      last = at + m.length;
      return m;
    });
    out.push(text.slice(last));
    return out;
  }
  function listOf(items) {
    try {
      return new Intl.ListFormat(LANG, { type: "conjunction" }).format(items);
    } catch (e) {
      return items.join(", ");
    }
  }
  function clock(hhmm) {
    var p = String(hhmm).split(":");
    try {
      return new Date(2000, 0, 1, +p[0], +p[1]).toLocaleTimeString(LANG, { hour: "numeric", minute: "2-digit" });
    } catch (e) {
      return hhmm;
    }
  }

  /* ---- DOM ---- */
  function h(tag, attrs, kids) {
    var e = d.createElement(tag);
    for (var k in attrs || {}) {
      var v = attrs[k];
      if (v == null || v === false) continue;
      if (k === "text") e.textContent = v;
      else if (k === "class") e.className = v;
      else if (k === "style") e.style.cssText = v; // through the CSSOM: the CSP blocks style attributes
      else if (k.slice(0, 2) === "on") e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? "" : v);
    }
    add(e, kids);
    return e;
  }
  function add(e, kids) {
    if (kids == null) return e;
    [].concat(kids).forEach(function (c) {
      if (c == null || c === false) return;
      if (Array.isArray(c)) add(e, c);
      else e.appendChild(typeof c === "object" ? c : d.createTextNode(String(c)));
    });
    return e;
  }
  function fill(e, kids) {
    e.textContent = "";
    return add(e, kids);
  }
  // Participants' text in its own language, with a visible language tag when it is not the page's.
  function langTag(lang) {
    if (!lang || lang === LANG) return null;
    return h("span", { class: "lt" }, [
      h("span", { "aria-hidden": "true", text: C.tags[lang] || lang.toUpperCase() }),
      h("span", { class: "sr-only", lang: lang, text: "(" + (C.names[lang] || lang) + ")" }),
    ]);
  }
  // Participants' text `s` ({text, lang, tr}) in the reader's language where someone translated it (marked when
  // a machine did), the original one tap away in its own language; otherwise the original, tagged.
  function translated(s) {
    return s.lang !== LANG && s.tr && s.tr[LANG] ? s.tr[LANG] : null;
  }
  function plain(s) {
    var t = translated(s);
    return h("span", { lang: t ? null : s.lang && s.lang !== LANG ? s.lang : null, text: t ? t.text : s.text });
  }
  function said(tag, s, cls) {
    var t = translated(s);
    if (!t) return h(tag, { class: cls }, [plain(s), langTag(s.lang)]);
    return h(tag === "p" ? "div" : "span", { class: cls ? cls + " tr" : "tr" }, [
      h("span", { text: t.text }),
      t.machine ? h("span", { class: "lt mt", text: T.machine }) : null,
      h("details", { class: "orig" }, [
        h("summary", { text: T.original }),
        h("span", { lang: s.lang, text: s.text }),
        langTag(s.lang),
      ]),
    ]);
  }
  // Keep a list's elements (and so focus and half-typed forms) when it is redrawn: reuse by key, move only
  // what is out of place, remove what is gone.
  function sync(box, items, key, make, patch) {
    var old = {};
    for (var c = box.firstElementChild; c; c = c.nextElementSibling) old[c.getAttribute("data-k")] = c;
    var prev = null;
    items.forEach(function (item) {
      var k = String(key(item));
      var el = old[k];
      if (el) delete old[k];
      else {
        el = make(item);
        el.setAttribute("data-k", k);
      }
      patch(el, item);
      var want = prev ? prev.nextElementSibling : box.firstElementChild;
      if (el !== want) box.insertBefore(el, want);
      prev = el;
    });
    for (var gone in old) box.removeChild(old[gone]);
  }
  // Redraw `e` only when what it shows changed.
  function once(e, deps, draw) {
    var sig = JSON.stringify(deps);
    if (e._sig === sig) return;
    e._sig = sig;
    draw();
  }
  function announce(text) {
    var region = $("announce");
    region.textContent = "";
    setTimeout(function () {
      region.textContent = text;
    }, 50);
  }

  /* ---- the API: answers 2xx/4xx; a lost connection or a server error is retried with the same body ---- */
  function request(method, path, body, onWait) {
    return new Promise(function (resolve) {
      var tries = 0;
      function again(status) {
        tries += 1;
        if (status && tries > 4) {
          resolve({ status: status, data: { detail: T.failed } });
          return;
        }
        if (onWait) onWait(tries);
        setTimeout(go, Math.min(10000, 1000 * Math.pow(2, tries - 1)) * (0.5 + Math.random() / 2));
      }
      function go() {
        var headers = { Accept: "application/json" };
        if (body !== undefined) headers["Content-Type"] = "application/json";
        if (token) headers["X-Participant-Token"] = token;
        fetch(C.api + path, {
          method: method,
          headers: headers,
          body: body === undefined ? undefined : JSON.stringify(body),
          credentials: "same-origin",
        }).then(
          function (r) {
            if (r.status >= 500 || r.status === 429) return again(r.status);
            return r
              .json()
              .catch(function () {
                return {};
              })
              .then(function (data) {
                if (r.status === 403 && path !== "/join") return forget();
                resolve({ status: r.status, data: data || {} });
              });
          },
          function () {
            again(0);
          },
        );
      }
      go();
    });
  }

  /* ---- dots and responses go over the open websocket (far cheaper for the server than a request); with no
     socket, or no answer within ACK_MS, the same body goes by HTTP: same revision, so never counted twice ---- */
  var ACK_MS = 5000;
  var waiting = {}; // message id → {answer(ack), fallback()}
  var unanswered = false; // this socket let an ack time out: HTTP until it is replaced
  function submit(message, method, path, body, onWait) {
    return new Promise(function (resolve) {
      var id = message.id;
      var timer = null;
      function viaHttp() {
        if (!waiting[id]) return;
        clearTimeout(timer);
        delete waiting[id];
        resolve(request(method, path, body, onWait));
      }
      waiting[id] = {
        fallback: viaHttp,
        answer: function (ack) {
          // Anything but the API's own refusals (a 403, a server error) is settled by HTTP.
          if (!ack.ok && ack.status !== 409 && ack.status !== 422) return viaHttp();
          clearTimeout(timer);
          delete waiting[id];
          resolve(ack.ok ? { status: 200, data: ack.result || {} } : { status: ack.status, data: ack.error || {} });
        },
      };
      if (unanswered || !live || !live.send(message)) return viaHttp();
      timer = setTimeout(function () {
        unanswered = true;
        viaHttp();
      }, ACK_MS);
    });
  }
  function onAck(ack) {
    unanswered = false; // late, perhaps, but the socket answers
    if (waiting[ack.id]) waiting[ack.id].answer(ack);
  }
  // The socket dropped: what it still owes an answer for goes by HTTP now, not after the timeout.
  function socketLost() {
    Object.keys(waiting).forEach(function (id) {
      waiting[id].fallback();
    });
  }

  /* ---- form errors: next to each field and in a summary that takes focus ---- */
  function showErrors(summary, fields, errors, detail) {
    var list = h("ul");
    var any = false;
    Object.keys(errors || {}).forEach(function (name) {
      var messages = [].concat(errors[name]).filter(function (m) {
        return !(name === "__all__" && m === detail); // already the summary's sentence
      });
      var f = fields[name];
      messages.forEach(function (m) {
        any = true;
        add(list, h("li", {}, f && f.input.id ? h("a", { href: "#" + f.input.id, text: m }) : m));
      });
      if (f && f.err) {
        f.err.textContent = messages.join(" ");
        f.err.hidden = false;
        f.wrap.classList.add("has-error");
        (f.inputs || [f.input]).forEach(function (i) {
          i.setAttribute("aria-invalid", "true");
          i.setAttribute("aria-describedby", ((i.getAttribute("aria-describedby") || "") + " " + f.err.id).trim());
        });
      }
    });
    fill(summary, [h("p", { class: "summary-title", text: T.problem }), detail && (!any || detail !== T.fix_errors) ? h("p", { text: detail }) : null, any ? list : null]);
    summary.hidden = false;
    summary.focus();
  }
  function clearErrors(summary, fields) {
    summary.hidden = true;
    Object.keys(fields).forEach(function (name) {
      var f = fields[name];
      if (!f.err) return;
      f.err.hidden = true;
      f.wrap.classList.remove("has-error");
      (f.inputs || [f.input]).forEach(function (i) {
        i.removeAttribute("aria-invalid");
        var rest = (i.getAttribute("aria-describedby") || "").replace(f.err.id, "").trim();
        if (rest) i.setAttribute("aria-describedby", rest);
        else i.removeAttribute("aria-describedby");
      });
    });
  }

  var formCount = 0;
  // A small form posted to the API: fields [{name, label, type: text|textarea|radios|checkbox, ...}].
  function makeForm(spec) {
    var n = ++formCount;
    var summary = h("div", { class: "error-summary", tabindex: "-1", hidden: true });
    var form = h("form", { class: "form", novalidate: true }, summary);
    var fields = {};
    spec.fields.forEach(function (f) {
      var id = "f" + n + "-" + f.name;
      var err = h("p", { class: "field-error", id: id + "-error", hidden: true });
      var hintId = f.hint ? id + "-hint" : null;
      var hint = f.hint ? h("p", { class: f.hintClass || "hint", id: hintId, text: f.hint }) : null;
      var entry = { err: err };
      if (f.type === "radios") {
        entry.inputs = f.options.map(function (o, i) {
          return h("input", { type: "radio", name: id, id: id + "-" + i, value: o[0] });
        });
        entry.input = entry.inputs[0];
        entry.wrap = h("fieldset", { class: "field" }, [
          h("legend", { text: f.label }),
          hint,
          err,
          h(
            "div",
            { class: "choices" },
            f.options.map(function (o, i) {
              return h("div", { class: "choice" }, [entry.inputs[i], h("label", { for: id + "-" + i, text: o[1] })]);
            }),
          ),
        ]);
      } else if (f.type === "checkbox") {
        entry.input = h("input", { type: "checkbox", id: id, name: f.name, checked: f.checked });
        entry.wrap = h("div", { class: "field choice" }, [entry.input, h("label", { for: id, text: f.label }), err]);
      } else {
        var area = f.type === "textarea";
        entry.input = h(area ? "textarea" : "input", {
          id: id,
          name: f.name,
          type: area ? null : f.inputType || "text",
          rows: area ? 3 : null,
          maxlength: f.max,
          autocomplete: "autocomplete" in f ? f.autocomplete : area ? null : "off",
          "aria-describedby": hintId,
        });
        entry.wrap = h("div", { class: "field" }, [h("label", { for: id, text: f.label }), hint, err, entry.input]);
      }
      fields[f.name] = entry;
      add(form, entry.wrap);
    });
    var status = h("p", { class: "form-status", role: "status" });
    var button = h("button", { type: "submit", class: "btn", text: spec.submit });
    add(form, [status, button]);
    var busy = false;

    function values() {
      var out = {};
      spec.fields.forEach(function (f) {
        var e = fields[f.name];
        if (f.type === "radios") {
          var on = e.inputs.filter(function (i) {
            return i.checked;
          })[0];
          out[f.name] = on ? on.value : "";
        } else if (f.type === "checkbox") out[f.name] = e.input.checked;
        else out[f.name] = e.input.value.trim();
      });
      return out;
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (busy) return;
      clearErrors(summary, fields);
      var v = values();
      var problems = {};
      spec.fields.forEach(function (f) {
        if (f.required && !v[f.name]) problems[f.name] = f.required;
      });
      if (Object.keys(problems).length) {
        showErrors(summary, fields, problems, T.fix_errors);
        return;
      }
      var req = spec.request(v);
      busy = true;
      button.setAttribute("aria-disabled", "true");
      status.textContent = T.sending;
      request(req.method || "POST", req.path, req.body, function () {
        status.textContent = T.retrying;
      }).then(function (r) {
        busy = false;
        button.removeAttribute("aria-disabled");
        if (r.status < 300) {
          status.textContent = spec.ok;
          if (spec.done) spec.done(r.data, v);
          if (spec.keep) return;
          spec.fields.forEach(function (f) {
            if (f.type !== "radios" && f.type !== "checkbox") fields[f.name].input.value = "";
          });
        } else {
          status.textContent = "";
          showErrors(summary, fields, r.data.errors, r.data.detail || T.failed);
        }
      });
    });
    return { node: form, fields: fields };
  }

  /* ---- joining ---- */
  function stripToken(url) {
    try {
      var u = new URL(url, location.href);
      u.searchParams.delete("t");
      return u.pathname + u.search + u.hash;
    } catch (e) {
      return url;
    }
  }
  function adoptLinkToken() {
    var params = new URLSearchParams(location.search);
    var linked = params.get("t");
    if (linked) store("token", linked);
    // A ticket's code (?k=, from its QR code) is already in the form; keep it out of the address bar and history.
    if (linked || params.get("k")) {
      params.delete("t");
      params.delete("k");
      var q = params.toString();
      history.replaceState(null, "", location.pathname + (q ? "?" + q : "") + location.hash);
    }
    [].forEach.call(d.querySelectorAll(".langs a"), function (a) {
      a.setAttribute("href", stripToken(a.getAttribute("href")));
    });
    [].forEach.call($("join-language").options, function (o) {
      o.setAttribute("data-url", stripToken(o.getAttribute("data-url")));
    });
  }

  // A ticket code field by default; in an open room the sector is chosen instead (the page has one or the other).
  var ticketInput = $("join-ticket");
  var joinFields = {
    language: { input: $("join-language"), wrap: $("field-language") },
    display_name: { input: $("join-name"), wrap: $("field-display_name"), err: $("error-display_name") },
  };
  if (ticketInput) {
    joinFields.ticket = { input: ticketInput, wrap: $("field-ticket"), err: $("error-ticket") };
  } else {
    joinFields.sector_id = {
      input: d.querySelector("input[name=sector_id]") || $("field-sector_id"),
      inputs: [].slice.call(d.querySelectorAll("input[name=sector_id]")),
      wrap: $("field-sector_id"),
      err: $("error-sector_id"),
    };
  }

  function setUpJoin() {
    var form = $("join-form");
    var summary = $("join-errors");
    var status = $("join-status");
    var button = form.querySelector("button[type=submit]");
    var busy = false;
    $("join-language").addEventListener("change", function () {
      var option = this.options[this.selectedIndex];
      if (option.value !== LANG) location.href = option.getAttribute("data-url");
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (busy) return;
      clearErrors(summary, joinFields);
      var sector = form.querySelector("input[name=sector_id]:checked");
      if (ticketInput && !ticketInput.value.trim()) {
        showErrors(summary, joinFields, { ticket: [T.enter_ticket] }, T.fix_errors);
        return;
      }
      if (!ticketInput && !sector) {
        showErrors(summary, joinFields, { sector_id: [T.choose_sector] }, T.fix_errors);
        return;
      }
      // Kept before sending: a retry after a lost signal is then the same check-in, never a second person.
      var joinToken = stored().joinToken || uuid();
      store("joinToken", joinToken);
      busy = true;
      button.setAttribute("aria-disabled", "true");
      status.textContent = T.joining;
      var body = {
        join_token: joinToken,
        language: LANG,
        display_name: $("join-name").value.trim(),
      };
      if (ticketInput) body.ticket = ticketInput.value.trim();
      else body.sector_id = +sector.value;
      request("POST", "/join", body, function () {
        status.textContent = T.retrying;
      }).then(function (r) {
        busy = false;
        button.removeAttribute("aria-disabled");
        status.textContent = "";
        if (r.status === 200 || r.status === 201) {
          store("joinToken", null);
          store("token", r.data.token);
          token = r.data.token;
          me = r.data.me;
          announce(T.joined);
          begin(true);
        } else {
          showErrors(summary, joinFields, r.data.errors, r.data.detail || T.failed);
        }
      });
    });
  }

  function showJoin(message) {
    d.documentElement.classList.remove("has-token");
    $("loading").hidden = true;
    $("app").hidden = true;
    $("me").hidden = true;
    $("join").hidden = false;
    if (message) showErrors($("join-errors"), joinFields, {}, message);
  }

  // The token was refused (another forum's, or the room was reset): back to the join form.
  function forget() {
    token = null;
    me = null;
    store("token", null);
    waiting = {};
    if (live) live.close();
    live = null;
    showJoin(T.token_invalid);
  }

  function enter() {
    request("GET", "/me", undefined, function () {
      $("loading").textContent = T.status.reconnecting;
    }).then(function (r) {
      if (r.status === 200) {
        me = r.data;
        begin(false);
      } else if (r.status !== 403) showJoin(T.failed);
    });
  }

  var meTimer = null;
  // Tables are not in the shared state per person, so a phone asks again when they may have changed.
  function refreshMe(spread) {
    if (meTimer || !token) return;
    meTimer = setTimeout(function () {
      request("GET", "/me").then(function (r) {
        meTimer = null;
        if (r.status === 200) {
          me = r.data;
          schedule();
        }
      });
    }, Math.random() * spread);
  }
  function tableMissing() {
    if (!S || !me) return false;
    var rounds = {};
    Object.keys(S.breakouts || {}).forEach(function (id) {
      rounds[S.breakouts[id].round] = true;
    });
    return [1, 2].some(function (r) {
      var mine = me.breakouts[r];
      return rounds[r] && (mine == null || !S.breakouts[mine]);
    });
  }

  function begin(justJoined) {
    d.documentElement.classList.remove("has-token");
    $("join").hidden = true;
    $("loading").hidden = true;
    var app = $("app");
    app.hidden = false;
    frame = {
      h: h("h2", { id: "seg-h", tabindex: "-1", text: $("loading").textContent }),
      intro: h("p", { class: "intro" }),
      body: h("div"),
      agenda: h("ol", { class: "agenda" }),
    };
    fill(app, [
      h("section", { "aria-labelledby": "seg-h", class: "segment" }, [frame.h, frame.intro, frame.body]),
      h("section", { "aria-labelledby": "agenda-h", class: "card" }, [
        h("h2", { id: "agenda-h", text: T.agenda }),
        frame.agenda,
      ]),
    ]);
    if (me.language !== LANG) request("PATCH", "/me", { language: LANG, display_name: me.display_name });
    updateMe();
    live = window.SPCPLive.connect({
      code: C.code,
      token: token,
      stateUrl: C.api + "/state",
      headers: { "X-Participant-Token": token },
      onState: onState,
      onTally: function (t) {
        tally = t || {};
        if (view && view.tally) view.tally();
      },
      onStatus: onStatus,
      onAck: onAck,
    });
    if (justJoined) frame.h.focus();
  }

  function onStatus(status, info) {
    if (info && info.code === 4403) return forget();
    if (status !== "open") socketLost();
    else unanswered = false;
    var box = $("status");
    box.hidden = false;
    box.className = "status is-" + status;
    box.textContent = T.status[status] || "";
  }

  function onState(state, events) {
    var before = S;
    S = state;
    if (me) {
      var segmentChanged = before && before.forum && before.forum.segment !== S.forum.segment;
      var rebuilt = (events || []).some(function (e) {
        return e.coll === "breakouts" && e.op === "set";
      });
      if (rebuilt || (!events && before)) refreshMe(5000);
      else if (tableMissing() || (segmentChanged && /^breakout/.test(S.forum.segment || ""))) refreshMe(3000);
    }
    schedule();
  }

  var pending = false;
  function schedule() {
    if (pending) return;
    pending = true;
    setTimeout(render, 30);
  }

  /* ---- the page, segment by segment ---- */
  function render() {
    pending = false;
    if (!S || !me || !frame) return;
    // After "End the day" every phone shows the closing screen, whatever the last segment was.
    var kind = S.forum && S.forum.day_over ? "closed" : (S.forum && S.forum.segment) || "none";
    if (!view || view.kind !== kind) {
      var first = !view;
      view = (VIEWS[kind] || VIEWS.none)();
      view.kind = kind;
      frame.h.textContent = T.seg[kind] || T.seg.none;
      frame.intro.textContent = T.intro[kind] || "";
      fill(frame.body, view.node);
      if (!first) announce(fmt(T.now_segment, { segment: T.seg[kind] || "" }));
    }
    view.update();
    if (view.tally) view.tally();
    updateAgenda();
    updateMe();
  }

  // A sector's name in this phone's language, else (visibly) in a language it has: {text, lang}.
  function sectorNamed(id) {
    var s = S && S.sectors && S.sectors[id];
    if (s) {
      var names = s.names || {};
      if (names[LANG]) return { text: names[LANG], lang: LANG };
      if (s.kind === "law_enforcement") return { text: T.law_enforcement, lang: LANG };
      var order = ["en", "ko", "es", "zh-hans", "vi"].concat(Object.keys(names));
      for (var i = 0; i < order.length; i++) if (names[order[i]]) return { text: names[order[i]], lang: order[i] };
      return { text: s.name, lang: null };
    }
    var label = d.querySelector("label[for=sector-" + id + "]");
    return { text: label ? label.textContent : "", lang: LANG };
  }
  function sectorName(id) {
    var named = sectorNamed(id);
    return named.lang && named.lang !== LANG ? fmt(T.untranslated_name, { name: named.text }) : named.text;
  }
  function updateMe() {
    if (!me) return;
    var box = $("me");
    box.hidden = false;
    var named = sectorNamed(me.sector_id);
    var other = named.lang && named.lang !== LANG;
    var name = other ? said("span", named.text, named.lang) : named.text;
    fill(box, [fmtNodes(T.your_sector, { sector: name }), other ? h("span", { class: "hint", text: " " + T.not_translated }) : null]);
  }

  function updateAgenda() {
    var segments = values(S.segments).sort(function (a, b) {
      return a.order - b.order;
    });
    sync(
      frame.agenda,
      segments,
      function (s) {
        return s.id;
      },
      function () {
        return h("li");
      },
      function (li, s) {
        var now = S.forum.segment === s.kind;
        once(li, [s.start, s.minutes, now], function () {
          if (now) li.setAttribute("aria-current", "step");
          else li.removeAttribute("aria-current");
          li.className = now ? "now" : "";
          fill(li, [
            h("span", { class: "when", text: clock(s.start) + " · " + plural(T.minutes, s.minutes) }),
            h("span", { class: "what", text: T.seg[s.kind] || s.kind }),
            now ? h("span", { class: "tag", text: T.agenda_now }) : null,
          ]);
        });
      },
    );
  }

  function values(obj) {
    return Object.keys(obj || {}).map(function (k) {
      return obj[k];
    });
  }
  function byId(a, b) {
    return a.id - b.id;
  }
  function tableOf(round) {
    var id = me.breakouts[round];
    return (id != null && S.breakouts && S.breakouts[id]) || null;
  }
  function tableNumber(breakoutId) {
    var t = S.breakouts && S.breakouts[breakoutId];
    return t ? t.number : "?";
  }
  function statementsOf(kind) {
    return values(S.statements)
      .filter(function (s) {
        return s.kind === kind;
      })
      .sort(byId);
  }

  // "Your table" card: number, facilitators, and at a mixed table its sectors.
  function tableCard(round) {
    var box = h("div", { class: "card table-card" });
    return {
      node: box,
      update: function () {
        var t = tableOf(round);
        once(box, [t, S.sectors && round === 2 ? Object.keys(S.sectors).length : 0], function () {
          if (!t) {
            fill(box, h("p", { text: T.no_table }));
            return;
          }
          fill(box, [
            h("h3", { text: T.your_table }),
            h("p", { class: "big", text: fmt(T.table, { number: t.number }) }),
            t.facilitators.length ? h("p", { text: fmt(T.facilitators, { names: listOf(t.facilitators) }) }) : null,
            round === 2 && t.sectors.length
              ? h("p", { text: fmt(T.table_sectors, { sectors: listOf(t.sectors.map(sectorName)) }) })
              : null,
          ]);
        });
        return t;
      },
    };
  }

  function itemList(box, items, empty, draw) {
    sync(
      box,
      items.length
        ? items
        : [
            {
              id: "empty",
            },
          ],
      function (s) {
        return s.id;
      },
      function () {
        return h("li");
      },
      function (li, s) {
        if (s.id === "empty") {
          li.className = "empty";
          li.textContent = empty;
          return;
        }
        once(li, s, function () {
          fill(li, draw(s));
        });
      },
    );
  }

  var VIEWS = {
    none: function () {
      return { node: [], update: function () {} };
    },
    opening: function () {
      return { node: [], update: function () {} };
    },
    ground_rules: function () {
      var list = h("ol", { class: "rules" });
      var form = makeForm({
        fields: [{ name: "text", label: T.rule_label, hint: T.rule_hint, type: "textarea", max: 300, required: T.write_first }],
        submit: T.rule_send,
        ok: T.rule_ok,
        request: function (v) {
          return { path: "/rules", body: { client_token: uuid(), text: v.text, language: LANG } };
        },
      });
      return {
        node: [list, h("section", { class: "card", "aria-labelledby": "rule-h" }, [h("h3", { id: "rule-h", text: T.rule_h }), form.node])],
        update: function () {
          var rules = values(S.rules).sort(function (a, b) {
            return a.order - b.order || a.id - b.id;
          });
          itemList(list, rules, T.no_rules, function (r) {
            return r.key && T.rules[r.key] ? T.rules[r.key] : said("span", r);
          });
        },
      };
    },
    breakout_1: function () {
      var card = tableCard(1);
      var form = makeForm({
        fields: [
          {
            name: "kind",
            label: T.st_kind,
            type: "radios",
            options: [
              ["strength", T.st_strength],
              ["issue", T.st_issue],
            ],
            required: T.kind_missing,
          },
          { name: "text", label: T.st_label, type: "textarea", max: 500, required: T.write_first },
        ],
        submit: T.st_send,
        ok: T.st_ok,
        request: function (v) {
          return { path: "/statements", body: { client_token: uuid(), kind: v.kind, text: v.text, language: LANG } };
        },
      });
      var adding = h("section", { class: "card", "aria-labelledby": "st-h" }, [h("h3", { id: "st-h", text: T.st_h }), form.node]);
      var strengths = h("ul", { class: "items" });
      var issues = h("ul", { class: "items" });
      var lists = h("div", {}, [h("h3", { text: T.strengths }), strengths, h("h3", { text: T.issues }), issues]);
      return {
        node: [card.node, adding, lists],
        update: function () {
          var t = card.update();
          adding.hidden = lists.hidden = !t;
          if (!t) return;
          var mine = function (kind) {
            return statementsOf(kind).filter(function (s) {
              return s.breakout === t.id;
            });
          };
          itemList(strengths, mine("strength"), T.nothing_yet, statementBody);
          itemList(issues, mine("issue"), T.nothing_yet, statementBody);
        },
      };
    },
    report_out_1: function () {
      var box = h("div");
      return {
        node: box,
        update: function () {
          var tables = values(S.breakouts)
            .filter(function (t) {
              return t.round === 1;
            })
            .sort(function (a, b) {
              return a.number - b.number;
            });
          var issues = statementsOf("issue");
          once(box, [tables, issues], function () {
            fill(
              box,
              tables.length
                ? tables.map(function (t) {
                    var ul = h("ul", { class: "items" });
                    itemList(
                      ul,
                      issues.filter(function (s) {
                        return s.breakout === t.id;
                      }),
                      T.no_issues,
                      statementBody,
                    );
                    return [h("h3", { text: fmt(T.table, { number: t.number }) }), ul];
                  })
                : h("p", { text: T.no_issues }),
            );
          });
        },
      };
    },
    dot_voting: dotVoting,
    breakout_2: breakoutTwo,
    report_out_2: reportOutTwo,
    council: councilView,
  };

  function statementBody(s) {
    var others = (s.sources || [])
      .map(function (src) {
        return src.breakout;
      })
      .filter(function (b, i, all) {
        return b !== s.breakout && all.indexOf(b) === i;
      });
    return [
      said("p", s, "text"),
      others.length
        ? h("p", {
            class: "meta",
            text: fmt(T.also_raised, {
              tables: listOf(
                others.map(function (b) {
                  return fmt(T.table, { number: tableNumber(b) });
                }),
              ),
            }),
          })
        : null,
    ];
  }

  /* ---- dot voting: the whole allocation is sent with a strictly increasing revision ---- */
  function dotVoting() {
    var alloc = {};
    Object.keys(me.dots || {}).forEach(function (k) {
      alloc[k] = me.dots[k];
    });
    var revision = me.revision || 0;
    var queued = null;
    var inFlight = false;
    var note = null; // why the last press did nothing, or the server's objection
    var rules = h("div", { class: "card" });
    var counter = h("p", { class: "counter", role: "status" });
    var saveState = h("p", { class: "form-status", role: "status" });
    var ballot = h("ul", { class: "ballot" });
    var readOnly = h("ul", { class: "items" });
    var ranked = h("ol", { class: "items ranked" });
    var voting = h("div", {}, [rules, h("div", { class: "sticky" }, [counter, saveState]), ballot]);
    var soon = h("div", {}, [h("p", { class: "notice", text: T.vote_soon }), readOnly]);
    var closed = h("div", {}, [ranked, h("p", { class: "meta", text: T.ties })]);

    function used() {
      return Object.keys(alloc).reduce(function (n, k) {
        return n + alloc[k];
      }, 0);
    }
    function send() {
      if (inFlight || !queued) return;
      var body = queued;
      inFlight = true;
      saveState.textContent = T.saving;
      var message = { type: "dots", id: body.client_token, revision: body.revision, dots: body.dots };
      submit(message, "PUT", "/dots", body, function () {
        saveState.textContent = T.retrying;
      }).then(function (r) {
        inFlight = false;
        if (r.status < 300) {
          if (!r.data.applied && r.data.revision > revision) {
            // A newer ballot from this participant (another tab) is stored: show it.
            alloc = {};
            Object.keys(r.data.dots).forEach(function (k) {
              alloc[k] = r.data.dots[k];
            });
            revision = r.data.revision;
            queued = null;
          }
          if (queued === body) queued = null;
          if (queued) send();
          else saveState.textContent = T.saved;
        } else {
          queued = null;
          saveState.textContent = "";
          note = (r.data.errors && r.data.errors.dots && r.data.errors.dots[0]) || r.data.detail || T.failed;
          request("GET", "/me").then(function (again) {
            if (again.status !== 200) return;
            me = again.data;
            alloc = {};
            Object.keys(me.dots).forEach(function (k) {
              alloc[k] = me.dots[k];
            });
            revision = Math.max(revision, me.revision);
            update();
          });
        }
        update();
      });
    }
    function change(id, delta) {
      var total = S.forum.dots;
      var mine = alloc[id] || 0;
      if (delta > 0 && used() >= total) return refuse(T.no_dots_left);
      if (delta > 0 && !S.forum.stacking && mine >= 1) return refuse(T.one_per_issue);
      if (delta < 0 && mine <= 0) return;
      if (mine + delta) alloc[id] = mine + delta;
      else delete alloc[id];
      note = null;
      revision = Math.max(Date.now(), revision + 1);
      var dots = {};
      Object.keys(alloc).forEach(function (k) {
        dots[k] = alloc[k];
      });
      queued = { client_token: uuid(), revision: revision, dots: dots };
      send();
      update();
    }
    function refuse(text) {
      note = text;
      counter.textContent = "";
      update();
    }
    function dotsLeftText() {
      return fmt(T.dots_left, { left: Math.max(0, S.forum.dots - used()), total: S.forum.dots });
    }

    function issueItem(s) {
      var text = plain(s);
      var minus = h("button", { type: "button", class: "dot-btn" }, [
        h("span", { "aria-hidden": "true", text: "−" }),
        h("span", { class: "sr-only" }, fmtNodes(T.dot_remove, { issue: text.cloneNode(true) })),
      ]);
      var plus = h("button", { type: "button", class: "dot-btn" }, [
        h("span", { "aria-hidden": "true", text: "+" }),
        h("span", { class: "sr-only" }, fmtNodes(T.dot_add, { issue: text.cloneNode(true) })),
      ]);
      minus.addEventListener("click", function () {
        if (minus.getAttribute("aria-disabled") !== "true") change(String(s.id), -1);
      });
      plus.addEventListener("click", function () {
        change(String(s.id), 1);
      });
      var li = h("li", { class: "issue" }, [
        said("p", s, "text"),
        h("p", { class: "meta", text: fmt(T.table, { number: tableNumber(s.breakout) }) }),
        h("div", { class: "dot-row" }, [minus, h("span", { class: "mine" }), plus]),
        h("p", { class: "room meta" }),
      ]);
      li._minus = minus;
      li._plus = plus;
      li._sig = JSON.stringify([s.text, s.tr]);
      return li;
    }

    var phase = null;
    function update() {
      var f = S.forum;
      var now = f.voting_open ? "open" : f.voting_closed ? "closed" : "soon";
      if (phase && phase !== now) announce(now === "open" ? plural(T.you_have, f.dots) : now === "closed" ? T.vote_closed : T.vote_soon);
      phase = now;
      voting.hidden = !f.voting_open;
      closed.hidden = !f.voting_closed || f.voting_open;
      soon.hidden = f.voting_open || f.voting_closed;
      frame.intro.textContent = f.voting_closed && !f.voting_open ? T.vote_closed : T.intro.dot_voting;
      var issues = statementsOf("issue").sort(function (a, b) {
        return tableNumber(a.breakout) - tableNumber(b.breakout) || a.id - b.id;
      });
      if (f.voting_open) {
        once(rules, [f.dots, f.stacking, f.hide_totals], function () {
          fill(rules, [
            h("p", { text: plural(T.you_have, f.dots) }),
            h("p", { text: f.stacking ? T.stacking_yes : T.stacking_no }),
            f.hide_totals ? h("p", { class: "meta", text: T.totals_hidden }) : null,
          ]);
        });
        var count = note ? note + " " + dotsLeftText() : dotsLeftText();
        if (counter.textContent !== count) counter.textContent = count;
        var full = used() >= f.dots;
        sync(
          ballot,
          issues,
          function (s) {
            return s.id;
          },
          issueItem,
          function (li, s) {
            var sig = JSON.stringify([s.text, s.tr]);
            if (li._sig !== sig) {
              li._sig = sig; // a translation arrived (or the text was merged): redraw the words, keep the buttons
              li.replaceChild(said("p", s, "text"), li.firstChild);
            }
            var mine = alloc[s.id] || 0;
            var blocked = full || (!f.stacking && mine >= 1);
            li._plus.setAttribute("aria-disabled", blocked ? "true" : "false");
            li._minus.setAttribute("aria-disabled", mine ? "false" : "true");
            li.classList.toggle("chosen", mine > 0);
            var dots = "";
            for (var i = 0; i < mine; i++) dots += "●";
            once(li.children[2].children[1], [mine], function () {
              fill(li.children[2].children[1], [fmt(T.your_dots, { count: mine }), " ", h("span", { "aria-hidden": "true", class: "pips", text: dots })]);
            });
            paintRoom(li, s.id);
          },
        );
      } else if (f.voting_closed) {
        var priorities = issues
          .filter(function (s) {
            return s.rank != null;
          })
          .sort(function (a, b) {
            return a.rank - b.rank;
          });
        itemList(ranked, priorities, T.no_priorities, function (s) {
          return [
            h("p", { class: "rank", text: fmt(T.priority, { rank: s.rank }) }),
            said("p", s, "text"),
            h("p", { class: "meta", text: plural(T.dots, s.dots || 0) }),
          ];
        });
      } else {
        itemList(readOnly, issues, T.no_issues, statementBody);
      }
    }
    function paintRoom(li, id) {
      var n = (tally.dots && tally.dots[id]) || 0;
      var room = li.children[3];
      // Staff may keep the room's totals off the phones until the reveal, so no one follows the crowd.
      var text = S.forum.hide_totals && S.forum.voting_open ? "" : plural(T.room_dots, n);
      if (room.textContent !== text) room.textContent = text;
    }
    return {
      node: [voting, soon, closed],
      update: update,
      tally: function () {
        for (var li = ballot.firstElementChild; li; li = li.nextElementSibling) paintRoom(li, li.getAttribute("data-k"));
      },
    };
  }

  /* ---- breakout 2: my mixed table's priority issues, its solutions and their action steps ---- */
  function breakoutTwo() {
    var card = tableCard(2);
    var issuesBox = h("div");
    function issueSection(issueId) {
      var solutions = h("ul", { class: "items" });
      var head = h("div");
      var form = makeForm({
        fields: [{ name: "text", label: T.sol_label, type: "textarea", max: 800, required: T.write_first }],
        submit: T.sol_send,
        ok: T.sol_ok,
        request: function (v) {
          return { path: "/solutions", body: { client_token: uuid(), issue_id: issueId, text: v.text, language: LANG } };
        },
      });
      var section = h("section", { class: "card" }, [head, h("h4", { text: T.solutions }), solutions, form.node]);
      section._head = head;
      section._solutions = solutions;
      return section;
    }
    function solutionItem(sol) {
      var steps = h("ul", { class: "steps" });
      var body = h("div");
      var form = makeForm({
        fields: [
          { name: "text", label: T.step_label, type: "textarea", max: 500, required: T.write_first },
          { name: "who", label: T.step_who, max: 200 },
          { name: "by_when", label: T.step_when, max: 100 },
        ],
        submit: T.step_send,
        ok: T.step_ok,
        request: function (v) {
          return {
            path: "/solutions/" + sol.id + "/steps",
            body: { client_token: uuid(), text: v.text, language: LANG, who: v.who, by_when: v.by_when },
          };
        },
      });
      var li = h("li", { class: "solution" }, [
        body,
        h("p", { class: "steps-title", text: T.steps }),
        steps,
        h("details", {}, [h("summary", { text: T.step_h }), form.node]),
      ]);
      li._body = body;
      li._steps = steps;
      return li;
    }
    return {
      node: [card.node, issuesBox],
      update: function () {
        var t = card.update();
        if (!t) return fill(issuesBox, []);
        var issueIds = t.issues.filter(function (id) {
          return S.statements[id];
        });
        if (!issueIds.length) {
          issuesBox._sig = null;
          return fill(issuesBox, h("p", { class: "notice", text: T.no_issue_yet }));
        }
        if (issuesBox.firstElementChild && !issuesBox.firstElementChild.hasAttribute("data-k")) fill(issuesBox, []);
        sync(
          issuesBox,
          issueIds,
          function (id) {
            return id;
          },
          issueSection,
          function (section, id) {
            var issue = S.statements[id];
            once(section._head, issue, function () {
              fill(section._head, [h("h3", { text: fmt(T.priority, { rank: issue.rank }) }), said("p", issue, "text")]);
            });
            var sols = values(S.solutions)
              .filter(function (s) {
                return s.breakout === t.id && s.issue === id;
              })
              .sort(byId);
            if (!sols.length) {
              fill(section._solutions, h("li", { class: "empty", text: T.no_solutions }));
              return;
            }
            if (section._solutions.firstElementChild && !section._solutions.firstElementChild.hasAttribute("data-k")) {
              fill(section._solutions, []);
            }
            sync(
              section._solutions,
              sols,
              function (s) {
                return s.id;
              },
              solutionItem,
              function (li, s) {
                once(li._body, [s.text, s.lang, s.tr], function () {
                  fill(li._body, said("p", s, "text"));
                });
                itemList(li._steps, s.steps, T.no_steps, function (step) {
                  var meta = [];
                  if (step.who) meta.push(fmt(T.who, { who: step.who }));
                  if (step.when) meta.push(fmt(T.when, { when: step.when }));
                  return [said("span", step), meta.length ? h("span", { class: "meta block", text: meta.join(" · ") }) : null];
                });
              },
            );
          },
        );
      },
    };
  }

  /* ---- report-out 2: agree / disagree / pass on every solution, with the room's live support ---- */
  function reportOutTwo() {
    var answers = {};
    Object.keys(me.responses || {}).forEach(function (k) {
      answers[k] = { value: me.responses[k].value, revision: me.responses[k].revision };
    });
    var notice = h("p", { class: "notice", text: T.responses_closed });
    var groups = h("div");
    var choices = [
      [1, T.agree],
      [-1, T.disagree],
      [0, T.pass],
    ];

    function answer(sid, value, status) {
      var a = answers[sid] || { revision: 0 };
      a.value = value;
      a.revision = Math.max(Date.now(), a.revision + 1);
      a.queued = { revision: a.revision, value: value };
      answers[sid] = a;
      flush(sid, status);
    }
    function flush(sid, status) {
      var a = answers[sid];
      if (a.inFlight || !a.queued) return;
      var body = a.queued;
      a.inFlight = true;
      status.textContent = T.saving;
      var message = { type: "respond", id: uuid(), solution: +sid, revision: body.revision, value: body.value };
      submit(message, "PUT", "/responses/" + sid, body, function () {
        status.textContent = T.retrying;
      }).then(function (r) {
        a.inFlight = false;
        if (a.queued === body) a.queued = null;
        if (a.queued) return flush(sid, status);
        status.textContent = r.status < 300 ? T.saved : (r.data.errors && r.data.errors.value && r.data.errors.value[0]) || r.data.detail || T.failed;
      });
    }
    function solutionItem(sol) {
      var name = "r" + sol.id;
      var legend = h("legend");
      var status = h("p", { class: "form-status", role: "status" });
      var radios = choices.map(function (c) {
        var input = h("input", { type: "radio", name: name, id: name + "-" + c[0], value: String(c[0]) });
        input.addEventListener("change", function () {
          if (input.checked) answer(sol.id, c[0], status);
        });
        return h("div", { class: "choice inline" }, [input, h("label", { for: input.id, text: c[1] })]);
      });
      var support = h("div", { class: "support" });
      var fieldset = h("fieldset", { class: "respond" }, [legend, h("div", { class: "choices row" }, radios), status]);
      var li = h("li", { class: "solution" }, [fieldset, support]);
      li._legend = legend;
      li._fieldset = fieldset;
      li._support = support;
      return li;
    }
    function paintSupport(li, sid) {
      var t = tally.solutions && tally.solutions[sid];
      var n = t ? t.agree + t.disagree + t.pass : 0;
      once(li._support, n ? [t.agree, t.disagree, t.pass, t.bridging] : [0], function () {
        if (!n) return fill(li._support, h("p", { class: "meta", text: T.no_responses }));
        var bar = h("div", { class: "bar", "aria-hidden": "true" }, [
          h("span", { class: "agree", style: "width:" + (100 * t.agree) / n + "%" }),
          h("span", { class: "pass", style: "width:" + (100 * t.pass) / n + "%" }),
          h("span", { class: "disagree", style: "width:" + (100 * t.disagree) / n + "%" }),
        ]);
        fill(li._support, [
          h("p", { class: "meta", text: fmt(T.support, { agree: t.agree, disagree: t.disagree, pass: t.pass }) }),
          bar,
          h("p", { class: "bridging", text: t.bridging == null ? T.bridging_pending : fmt(T.bridging, { percent: Math.round(t.bridging * 100) }) }),
        ]);
      });
    }
    function update() {
      var open = S.forum.responses_open;
      notice.hidden = open;
      var sols = values(S.solutions);
      var issueIds = [];
      sols.forEach(function (s) {
        if (issueIds.indexOf(s.issue) < 0) issueIds.push(s.issue);
      });
      issueIds.sort(function (a, b) {
        var x = S.statements[a];
        var y = S.statements[b];
        return ((x && x.rank) || 99) - ((y && y.rank) || 99) || a - b;
      });
      if (!issueIds.length) {
        return fill(groups, h("p", { text: T.no_solutions }));
      }
      if (groups.firstElementChild && !groups.firstElementChild.hasAttribute("data-k")) fill(groups, []);
      sync(
        groups,
        issueIds,
        function (id) {
          return id;
        },
        function () {
          var section = h("section", { class: "card" }, [h("div"), h("ul", { class: "items" })]);
          return section;
        },
        function (section, issueId) {
          var issue = S.statements[issueId];
          var head = section.children[0];
          once(head, issue || null, function () {
            fill(head, issue ? [h("h3", { text: fmt(T.priority, { rank: issue.rank }) }), said("p", issue, "text")] : []);
          });
          sync(
            section.children[1],
            sols
              .filter(function (s) {
                return s.issue === issueId;
              })
              .sort(byId),
            function (s) {
              return s.id;
            },
            solutionItem,
            function (li, s) {
              once(li._legend, [s.text, s.lang, s.tr, s.steps.length], function () {
                fill(li._legend, said("span", s, "text"));
              });
              li._fieldset.disabled = !open;
              var a = answers[s.id];
              [].forEach.call(li._fieldset.querySelectorAll("input"), function (input) {
                input.checked = !!a && a.value != null && String(a.value) === input.value;
              });
              paintSupport(li, s.id);
            },
          );
        },
      );
    }
    return {
      node: [notice, h("p", { class: "meta", text: T.bridging_help }), groups],
      update: update,
      tally: function () {
        [].forEach.call(groups.querySelectorAll("li.solution"), function (li) {
          paintSupport(li, li.getAttribute("data-k"));
        });
      },
    };
  }

  /* ---- council: the representatives by sector, and the volunteer form while sign-up is open ---- */
  function councilView() {
    var reps = h("div");
    var thanks = h("p", { class: "notice", text: T.vol_done, hidden: !me.volunteered });
    var closedNote = h("p", { class: "notice", text: T.council_closed });
    var form = makeForm({
      fields: [
        { name: "name", label: T.vol_name, max: 150, required: T.vol_name_missing, autocomplete: "name" },
        { name: "contact", label: T.vol_contact, hint: T.vol_private, hintClass: "private", max: 200, required: T.vol_contact_missing, autocomplete: null },
        { name: "show_name", label: T.vol_show, type: "checkbox", checked: false },
      ],
      submit: T.vol_send,
      ok: T.vol_ok,
      keep: true,
      request: function (v) {
        return { path: "/council", body: { name: v.name, contact: v.contact, show_name: v.show_name } };
      },
      done: function () {
        me.volunteered = true;
      },
    });
    var volunteer = h("section", { class: "card", "aria-labelledby": "vol-h" }, [
      h("h3", { id: "vol-h", text: T.vol_h }),
      h("p", { text: T.vol_intro }),
      thanks,
      form.node,
    ]);
    return {
      node: [h("h3", { text: T.reps }), reps, volunteer, closedNote],
      update: function () {
        var open = S.forum.council_open;
        volunteer.hidden = !open;
        closedNote.hidden = open;
        var chosen = values(S.council).sort(byId);
        var sectors = values(S.sectors).sort(function (a, b) {
          return a.order - b.order || a.id - b.id;
        });
        once(reps, [chosen, sectors], function () {
          if (!chosen.length) return fill(reps, h("p", { text: T.no_reps }));
          fill(
            reps,
            h(
              "dl",
              { class: "reps" },
              sectors.map(function (sector) {
                var mine = chosen.filter(function (c) {
                  return c.sector === sector.id;
                });
                if (!mine.length) return null;
                return [
                  h("dt", { text: sectorName(sector.id) }),
                  mine.map(function (c) {
                    return h("dd", { text: c.name || T.name_hidden, class: c.name ? null : "meta" });
                  }),
                ];
              }),
            ),
          );
        });
      },
    };
  }

  /* ---- after "End the day": thanks, and the feedback survey when one is open ---- */
  function closedView() {
    var box = h("div", { class: "card" });
    return {
      node: [box],
      update: function () {
        var code = S.forum.feedback;
        once(box, [code], function () {
          if (!code) return fill(box, h("p", { text: T.closed_no_survey }));
          fill(box, [
            h("p", { text: T.closed_survey }),
            h("p", {}, [h("a", { class: "btn", href: C.survey.replace("SURVEYCODE", encodeURIComponent(code)), text: T.closed_survey_link })]),
          ]);
        });
      },
    };
  }
  VIEWS.closed = closedView;

  /* ---- start ---- */
  adoptLinkToken();
  setUpJoin();
  token = stored().token || null;
  if (token) enter();
  else showJoin();
})();
