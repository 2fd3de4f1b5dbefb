/* Exam screen behaviour htmx cannot provide: the server-synced countdown, save status with
   retries, keyboard shortcuts and the "choose N" limit. Everything works without it. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  var bar = document.getElementById("exam-bar");
  if (!bar || !window.htmx) return;

  var timerEl = document.getElementById("timer");
  var alertEl = document.getElementById("exam-alert");
  var timeUpForm = document.getElementById("time-up-form");
  var WARNINGS = [[1800, "30 minutes left."], [300, "5 minutes left."]];

  /* ---- Countdown: from the server's seconds left, on the monotonic clock ---- */
  var endAt = 0;
  var warned = {};
  var timeUpSent = false;

  function resync(secondsLeft) {
    endAt = performance.now() + secondsLeft * 1000;
    if (secondsLeft > 0) timeUpSent = false;
  }

  function secondsLeft() {
    return Math.max(0, Math.ceil((endAt - performance.now()) / 1000));
  }

  function format(total) {
    var h = Math.floor(total / 3600), m = Math.floor((total % 3600) / 60), s = total % 60;
    return h + ":" + String(m).padStart(2, "0") + ":" + String(s).padStart(2, "0");
  }

  function showAlert(text, linkText, linkHref) {
    alertEl.textContent = text;
    if (linkText) {
      var link = document.createElement("a");
      link.textContent = linkText;
      link.href = linkHref;
      alertEl.appendChild(document.createTextNode(" "));
      alertEl.appendChild(link);
    }
    alertEl.hidden = false;
  }

  function tick() {
    var left = secondsLeft();
    timerEl.textContent = format(left);
    timerEl.classList.toggle("is-low", left <= 300);
    WARNINGS.forEach(function (warning) {
      if (left <= warning[0] && left > 0 && !warned[warning[0]]) {
        warned[warning[0]] = true;
        showAlert(warning[1] + " Your answers are saved as you go.");
      }
    });
    if (left === 0 && !timeUpSent && timeUpForm) {
      timeUpSent = true;
      htmx.trigger(timeUpForm, "submit");
    }
  }

  var initial = Number(bar.dataset.secondsLeft || 0);
  resync(initial);
  WARNINGS.forEach(function (warning) {
    if (initial <= warning[0]) warned[warning[0]] = true; // warn only when crossing the mark
  });
  tick();
  setInterval(tick, 500);
  document.addEventListener("visibilitychange", tick);

  /* ---- Save status, retries with backoff, stale answers, sign-out ---- */
  var retryDelay = 1000;
  var retryTimer = null;
  var pendingForm = null;

  function setStatus(text, state) {
    var el = document.getElementById("save-status");
    if (!el) return;
    el.textContent = text;
    el.className = "save-status " + state;
  }

  function isAnswerForm(elt) {
    return elt && elt.id === "answer-form";
  }

  function scheduleRetry(form) {
    pendingForm = form;
    clearTimeout(retryTimer);
    var wait = retryDelay;
    setStatus("Not saved — retrying in " + Math.round(wait / 1000) + " s", "is-error");
    retryTimer = setTimeout(function () {
      if (document.body.contains(form)) htmx.trigger(form, "retry");
    }, wait);
    retryDelay = Math.min(retryDelay * 2, 30000);
  }

  function retryNow() {
    if (!pendingForm) return;
    clearTimeout(retryTimer);
    retryDelay = 1000;
    if (document.body.contains(pendingForm)) htmx.trigger(pendingForm, "retry");
  }

  document.body.addEventListener("htmx:beforeRequest", function (event) {
    if (isAnswerForm(event.detail.elt)) setStatus("Saving…", "is-saving");
  });

  /* The server's named events (django-htmx trigger_client_event): exam:clock on every exam
     reply, exam:stale and exam:signed-out on the refusals they explain. */
  var explained = false; // the refusal being handled was explained by a named event
  document.body.addEventListener("exam:clock", function (event) {
    resync(Number(event.detail.secondsLeft));
  });
  document.body.addEventListener("exam:stale", function (event) {
    explained = true;
    showAlert(event.detail.message);
    setStatus("Latest saved answer shown", "is-saved");
    htmx.ajax("GET", window.location.pathname, { target: "#exam-panel", swap: "innerHTML" });
  });
  document.body.addEventListener("exam:signed-out", function (event) {
    explained = true;
    setStatus("Signed out — not saved", "is-error");
    showAlert(event.detail.message, "Sign in to continue", event.detail.loginUrl);
  });

  document.body.addEventListener("htmx:afterRequest", function (event) {
    if (isAnswerForm(event.detail.elt) && event.detail.successful) {
      if (pendingForm) setStatus("Saved — connection restored", "is-saved");
      pendingForm = null;
      retryDelay = 1000;
      clearTimeout(retryTimer);
    }
  });

  document.body.addEventListener("htmx:sendError", function (event) {
    var elt = event.detail.elt;
    if (isAnswerForm(elt)) scheduleRetry(elt);
    else if (elt === timeUpForm) setTimeout(function () { timeUpSent = false; }, 5000);
    else showAlert("The connection failed; check your network and try again.");
  });

  document.body.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    var elt = event.detail.elt;
    if (explained) {
      explained = false;
      return;
    }
    if (xhr.status === 403) {
      setStatus("Not saved — reload the page", "is-error");
      showAlert(xhr.responseText, "Reload", window.location.href);
      return;
    }
    if (xhr.status >= 500 && isAnswerForm(elt)) {
      scheduleRetry(elt);
      return;
    }
    if (isAnswerForm(elt)) setStatus("Not saved: " + xhr.responseText, "is-error");
    else showAlert(xhr.responseText);
  });

  window.addEventListener("online", function () {
    if (pendingForm) setStatus("Connection is back — saving…", "is-saving");
    retryNow();
  });
  window.addEventListener("offline", function () {
    if (pendingForm) setStatus("Offline — your answer will be saved when the connection returns", "is-error");
  });
  window.addEventListener("beforeunload", function (event) {
    if (pendingForm) event.preventDefault();
  });

  /* ---- Multiple response: never more than asked ---- */
  function enforceLimit() {
    var form = document.getElementById("answer-form");
    if (!form || form.dataset.type !== "multiple") return;
    var choose = Number(form.dataset.choose);
    var boxes = form.querySelectorAll('input[type="checkbox"][name="choice"]');
    var checked = 0;
    boxes.forEach(function (box) { if (box.checked) checked += 1; });
    boxes.forEach(function (box) {
      box.disabled = !box.checked && checked >= choose;
      box.closest(".choice").classList.toggle("is-disabled", box.disabled);
    });
    var hint = document.getElementById("limit-hint");
    if (hint) hint.hidden = checked < choose;
  }
  document.body.addEventListener("change", function (event) {
    if (event.target.closest && event.target.closest("#answer-form")) enforceLimit();
  }, true);

  /* After a jump or Next, the new question starts in view below the sticky exam bar. */
  function keepBarHeight() {
    document.documentElement.style.setProperty("--exam-bar-height", bar.offsetHeight + "px");
  }
  keepBarHeight();
  window.addEventListener("resize", keepBarHeight);
  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "exam-panel") {
      enforceLimit();
      keepBarHeight();
      var heading = document.getElementById("q-heading");
      if (heading) {
        heading.focus({ preventScroll: true });
        heading.scrollIntoView({ block: "start" });
      }
    }
  });
  enforceLimit();

  /* ---- Keyboard: 1–6 choose, N next, P previous, F flag ---- */
  function click(id) {
    var el = document.getElementById(id);
    if (el) el.click();
    return Boolean(el);
  }
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    var typing = target.tagName === "TEXTAREA" || target.isContentEditable ||
      (target.tagName === "INPUT" && ["radio", "checkbox", "hidden"].indexOf(target.type) === -1);
    if (typing) return;
    var form = document.getElementById("answer-form");
    if (!form) return;
    var key = event.key.toLowerCase();
    var handled = false;
    if (key === "n") handled = click("next-link");
    else if (key === "p") handled = click("prev-link");
    else if (key === "f") handled = click("flag-button");
    else if (/^[1-6]$/.test(key)) {
      var input = form.querySelectorAll('input[name="choice"]')[Number(key) - 1];
      if (input && !input.disabled) {
        input.click();
        input.focus();
        handled = true;
      }
    }
    if (handled) event.preventDefault();
  });
})();
