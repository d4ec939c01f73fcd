/*
 * sales-assistant agents' console. No build step: the page at /console loads this file as is.
 *
 * The agent signs in with a store id and an agent key; both are kept in sessionStorage, so
 * they last as long as the tab. Everything else comes from the console API under
 * /v1/stores/{store}/console. Live updates arrive as Server-Sent Events read with fetch()
 * (EventSource cannot send the Authorization header); an event only names what changed, and
 * the page re-reads the queue, the agent's conversations and the open conversation. When the
 * stream cannot be held the page polls every 5 s and keeps trying to reconnect, backing off.
 */
(function () {
  "use strict";

  var STORAGE_KEY = "sales-assistant:console";
  var POLL_MS = 5000;
  var RECONNECT_MIN_MS = 1000;
  var RECONNECT_MAX_MS = 30000;
  var REFRESH_DEBOUNCE_MS = 150;
  var CLOCK_TICK_MS = 15000;

  var ROLES = {
    user: "Shopper",
    assistant: "Assistant",
    agent: "Agent",
    note: "Internal note",
    system: "System",
  };
  var STATES = {
    bot: "With the assistant",
    waiting: "Waiting for a person",
    human: "With a person",
    resolved: "Resolved",
  };
  var HANDOFF_STATUS = {
    waiting: "Waiting",
    claimed: "Claimed",
    unavailable: "Told nobody is available",
    ticket: "Left a message",
    returned: "Handed back",
    resolved: "Resolved",
  };

  var state = {
    // Handoff reason -> label, from GET .../console/handoff-reasons (loaded once).
    reasons: null,
    store: null,
    key: null,
    me: null,
    queue: [],
    mine: [],
    queueFetchedAt: 0,
    openId: null,
    detail: null,
    shownIds: {},
    editingCanned: null,
    contextName: null,
    finishing: null,
    stream: null,
    streamUp: false,
    reconnectMs: RECONNECT_MIN_MS,
    reconnectTimer: null,
    pollTimer: null,
    refreshTimer: null,
    refreshWanted: { lists: false, open: false },
    cannedTimer: null,
    generation: 0,
  };

  var ui = {};

  // ---- small helpers: text always goes in as textContent, never as HTML --------------------

  var staff = window.SalesAssistantStaff; // staff.js, loaded first
  var $ = staff.$;
  var el = staff.el;
  var clear = staff.clear;
  var percent = staff.percent;

  function announce(text) {
    ui.announce.textContent = "";
    window.setTimeout(function () {
      ui.announce.textContent = text;
    }, 30);
  }

  function money(value, currency) {
    if (value === null || value === undefined) {
      return "—";
    }
    if (typeof value === "object") {
      return value.display || value.amount_minor / 100 + " " + (value.currency || "");
    }
    var amount = Number(value);
    if (isNaN(amount)) {
      return String(value);
    }
    try {
      return new Intl.NumberFormat(undefined, {
        style: "currency",
        currency: currency || "USD",
      }).format(amount);
    } catch (ignored) {
      return amount.toFixed(2) + " " + (currency || "");
    }
  }

  function when(iso) {
    if (!iso) {
      return "";
    }
    var date = new Date(iso);
    if (isNaN(date.getTime())) {
      return String(iso);
    }
    return date.toLocaleString(undefined, {
      month: "short",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
    });
  }

  function duration(seconds) {
    seconds = Math.max(0, Math.round(seconds));
    if (seconds < 60) {
      return seconds + " s";
    }
    var minutes = Math.floor(seconds / 60);
    if (minutes < 60) {
      return minutes + " min";
    }
    var hours = Math.floor(minutes / 60);
    return hours + " h " + (minutes % 60) + " min";
  }

  // The figure beside a handoff is what triggered it: retrieval's confidence for a low-confidence
  // handoff, the probability that the shopper wants a person or complains for those.
  // No figure at all when nothing measured one (a brain that chose to hand over).
  function figure(reason, value) {
    return value === null || value === undefined ? null : figureLabel(reason) + percent(value);
  }

  function figureLabel(reason) {
    if (reason === "low_confidence") return "retrieval confidence ";
    if (reason === "asked_for_human") return "wants a person ";
    if (reason === "complaint") return "complaint ";
    return "bot confidence ";
  }

  function reasonLabel(reason) {
    var label = state.reasons && state.reasons[reason];
    return label || (reason ? String(reason).replace(/_/g, " ") : "No reason given");
  }

  function customerName(customer) {
    if (!customer) {
      return "Anonymous shopper";
    }
    return customer.name || customer.email || "Customer #" + customer.id;
  }

  // ---- messages to the agent ---------------------------------------------------------------

  function showAlert(text) {
    ui.alertText.textContent = text;
    ui.alert.hidden = false;
  }

  function hideAlert() {
    ui.alert.hidden = true;
    ui.alertText.textContent = "";
  }

  // What an agent should read for a failed request; `conflict` is the 409 text for this action.
  function problemText(error, conflict) {
    if (error.status === 401) {
      return "The agent key was not accepted: it is wrong, revoked or expired. Sign in again.";
    }
    if (error.status === 403) {
      return "This key may not use the console of this store: it needs the agent or admin scope.";
    }
    if (error.status === 409) {
      return conflict || error.message || "The conversation changed meanwhile; it has been reloaded.";
    }
    if (error.status === 404) {
      return error.message || "Not found: it may have been deleted.";
    }
    if (error.status === 422) {
      return "Please check the form: " + (error.message || "some values are not valid.");
    }
    if (error.status === 429) {
      return "Too many requests; please wait a moment and try again.";
    }
    if (!error.status) {
      return "Cannot reach the service. Check your connection; the page keeps trying.";
    }
    return error.message || "Something went wrong (HTTP " + error.status + ").";
  }

  // ---- the API -----------------------------------------------------------------------------

  function base() {
    return "/v1/stores/" + encodeURIComponent(state.store) + "/console";
  }

  function ApiError(status, message, details) {
    this.status = status;
    this.message = message;
    this.details = details;
  }

  function readError(response) {
    return response
      .json()
      .catch(function () {
        return null;
      })
      .then(function (body) {
        var error = (body && body.error) || {};
        var message = error.message;
        if (!message && body && body.detail) {
          message = Array.isArray(body.detail)
            ? body.detail
                .map(function (item) {
                  return item.msg;
                })
                .join("; ")
            : String(body.detail);
        }
        throw new ApiError(response.status, message || "", error.details);
      });
  }

  // A console request; resolves with the parsed JSON (or null for 204), rejects with ApiError.
  function request(path, options, credentials) {
    var creds = credentials || { store: state.store, key: state.key };
    var settings = Object.assign({}, options || {});
    settings.headers = Object.assign({}, settings.headers || {}, {
      Authorization: "Bearer " + creds.key,
      Accept: "application/json",
    });
    if (settings.json !== undefined) {
      settings.headers["Content-Type"] = "application/json";
      settings.body = JSON.stringify(settings.json);
      delete settings.json;
    }
    var url = "/v1/stores/" + encodeURIComponent(creds.store) + "/console" + path;
    return fetch(url, settings).then(
      function (response) {
        if (!response.ok) {
          return readError(response);
        }
        if (response.status === 204) {
          return null;
        }
        return response.json();
      },
      function () {
        throw new ApiError(0, "");
      }
    );
  }

  // Errors every caller treats alike: a key that stopped working ends the session.
  function handleAuth(error) {
    if (error && (error.status === 401 || error.status === 403)) {
      signOut(problemText(error));
      return true;
    }
    return false;
  }

  function report(conflict) {
    return function (error) {
      if (!handleAuth(error)) {
        showAlert(problemText(error, conflict));
      }
      throw error;
    };
  }

  function quietly(error) {
    if (!handleAuth(error) && !(error instanceof ApiError)) {
      window.console.error(error);
    }
  }

  // ---- sign-in -----------------------------------------------------------------------------

  function saved() {
    try {
      var raw = JSON.parse(window.sessionStorage.getItem(STORAGE_KEY) || "null");
      if (raw && raw.store && raw.key) {
        return raw;
      }
    } catch (ignored) {
      /* storage blocked or corrupt: sign in again */
    }
    return null;
  }

  function showSignIn(message) {
    ui.app.hidden = true;
    ui.signout.hidden = true;
    ui.who.hidden = true;
    ui.live.hidden = true;
    ui.signin.hidden = false;
    ui.signinError.hidden = !message;
    ui.signinError.textContent = message || "";
    var params = new URLSearchParams(window.location.search);
    if (!ui.storeInput.value && params.get("store")) {
      ui.storeInput.value = params.get("store");
    }
    (ui.storeInput.value ? ui.keyInput : ui.storeInput).focus();
  }

  function signInError(text) {
    ui.signinError.textContent = text;
    ui.signinError.hidden = false;
  }

  function onSignIn(event) {
    event.preventDefault();
    var store = ui.storeInput.value.trim().toLowerCase();
    var key = ui.keyInput.value.trim();
    if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(store)) {
      ui.storeInput.setAttribute("aria-invalid", "true");
      signInError("Enter the store id: lower-case letters, digits and dashes, e.g. demo.");
      ui.storeInput.focus();
      return;
    }
    ui.storeInput.removeAttribute("aria-invalid");
    if (!key) {
      ui.keyInput.setAttribute("aria-invalid", "true");
      signInError("Paste your agent key.");
      ui.keyInput.focus();
      return;
    }
    ui.keyInput.removeAttribute("aria-invalid");
    ui.signinButton.disabled = true;
    ui.signinError.hidden = true;
    request("/me", {}, { store: store, key: key })
      .then(function (me) {
        try {
          window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ store: store, key: key }));
        } catch (ignored) {
          /* storage blocked: the sign-in lasts until the page reloads */
        }
        ui.keyInput.value = "";
        start(store, key, me);
      })
      .catch(function (error) {
        var text = problemText(error);
        if (error.status === 404) {
          text = "No store " + JSON.stringify(store) + " here, or the console is not available.";
        }
        signInError(text);
        ui.keyInput.focus();
      })
      .then(function () {
        ui.signinButton.disabled = false;
      });
  }

  function signOut(message) {
    state.generation += 1;
    stopLive();
    try {
      window.sessionStorage.removeItem(STORAGE_KEY);
    } catch (ignored) {
      /* nothing stored */
    }
    state.store = null;
    state.key = null;
    state.me = null;
    state.openId = null;
    state.detail = null;
    hideAlert();
    showSignIn(message);
  }

  function start(store, key, me) {
    state.generation += 1;
    state.store = store;
    state.key = key;
    state.me = me;
    state.queue = [];
    state.mine = [];
    state.queueFetchedAt = 0;
    ui.signin.hidden = true;
    ui.app.hidden = false;
    ui.signout.hidden = false;
    ui.who.hidden = false;
    ui.who.textContent = (me.name || me.agent_id) + " · store " + (me.store_id || store);
    closeConversation();
    loadReasons().then(refreshLists);
    startLive();
    loadCanned();
    ui.queueTitle.focus();
  }

  // The reasons' labels are the server's (one list in the code); the lists wait for them.
  function loadReasons() {
    if (state.reasons) {
      return Promise.resolve();
    }
    return request("/handoff-reasons")
      .then(function (items) {
        var labels = {};
        (items || []).forEach(function (item) {
          labels[item.reason] = item.label;
        });
        state.reasons = labels;
      })
      .catch(quietly);
  }

  // ---- the queue and the agent's conversations ---------------------------------------------

  function waitedNow(item) {
    var base = typeof item.waited_s === "number" ? item.waited_s : null;
    if (base === null) {
      return (Date.now() - new Date(item.waiting_since).getTime()) / 1000;
    }
    return base + (Date.now() - state.queueFetchedAt) / 1000;
  }

  function openButton(conversationId, label, children) {
    return el(
      "button",
      {
        type: "button",
        className: "c-item",
        "data-conversation": conversationId,
        "aria-current": conversationId === state.openId ? "true" : null,
        "aria-label": label,
        onclick: function () {
          openConversation(conversationId, true);
        },
      },
      children
    );
  }

  function queueItem(item) {
    var ticket = item.kind === "ticket";
    var waited = el("span", { className: "c-waited", "data-waited": item.conversation_id });
    waited.textContent = "waiting " + duration(waitedNow(item));
    var badges = el("p", { className: "c-badges" }, [
      el("span", { className: "c-badge c-reason", text: reasonLabel(item.reason) }),
      ticket ? el("span", { className: "c-badge c-ticket", text: "Ticket" }) : null,
      item.priority > 0
        ? el("span", { className: "c-badge c-priority", text: "Priority " + item.priority })
        : null,
      item.handoff_status === "unavailable"
        ? el("span", { className: "c-badge", text: "Told nobody is free" })
        : null,
    ]);
    var facts = [
      figure(item.reason, item.confidence),
      item.language ? "language " + item.language : null,
      item.cart_items
        ? "cart " + money(item.cart_value, item.currency) + " (" + item.cart_items +
          (item.cart_items === 1 ? " item)" : " items)")
        : "cart empty",
    ].filter(Boolean);
    var label =
      customerName(item.customer) +
      ", " +
      reasonLabel(item.reason) +
      (ticket ? ", ticket" : "") +
      ", waiting " +
      duration(waitedNow(item));
    return el("li", { className: "c-queue-item" + (ticket ? " c-is-ticket" : "") }, [
      openButton(item.conversation_id, label, [
        el("span", { className: "c-item-head" }, [
          el("strong", { text: customerName(item.customer) }),
          waited,
        ]),
        badges,
        item.summary || item.detail
          ? el("span", { className: "c-summary", text: item.summary || item.detail })
          : null,
        item.last_message ? el("span", { className: "c-last", text: "“" + item.last_message + "”" }) : null,
        el("span", { className: "c-facts", text: facts.join(" · ") }),
        ticket && item.contact_email
          ? el("span", { className: "c-contact", text: "Reply by email: " + item.contact_email })
          : null,
      ]),
    ]);
  }

  function mineItem(item) {
    var label = customerName(item.customer) + ", " + (STATES[item.state] || item.state);
    return el("li", { className: "c-mine-item" }, [
      openButton(item.conversation_id, label, [
        el("span", { className: "c-item-head" }, [
          el("strong", { text: customerName(item.customer) }),
          el("span", { className: "c-waited", text: when(item.updated_at) }),
        ]),
        item.summary ? el("span", { className: "c-summary", text: item.summary }) : null,
        item.last_message ? el("span", { className: "c-last", text: "“" + item.last_message + "”" }) : null,
      ]),
    ]);
  }

  function renderList(list, items, render, empty, count) {
    var focused = document.activeElement;
    var focusedId = focused && list.contains(focused) ? focused.getAttribute("data-conversation") : null;
    clear(list);
    items.forEach(function (item) {
      list.appendChild(render(item));
    });
    empty.hidden = items.length > 0;
    count.textContent = String(items.length);
    if (focusedId) {
      var again = list.querySelector('[data-conversation="' + focusedId + '"]');
      (again || list.parentNode.querySelector("h2")).focus();
    }
  }

  function renderQueue(items) {
    var before = {};
    state.queue.forEach(function (item) {
      before[item.conversation_id] = true;
    });
    var arrived = items.filter(function (item) {
      return !before[item.conversation_id];
    });
    var first = !state.queueFetchedAt;
    state.queue = items;
    state.queueFetchedAt = Date.now();
    renderList(ui.queue, items, queueItem, ui.queueEmpty, ui.queueCount);
    if (arrived.length && !first) {
      announce(
        arrived.length === 1
          ? "New in the queue: " + customerName(arrived[0].customer) + ", " + reasonLabel(arrived[0].reason)
          : arrived.length + " new conversations in the queue"
      );
    }
  }

  function renderMine(items) {
    state.mine = items;
    renderList(ui.mine, items, mineItem, ui.mineEmpty, ui.mineCount);
  }

  function tickClocks() {
    state.queue.forEach(function (item) {
      var node = ui.queue.querySelector('[data-waited="' + item.conversation_id + '"]');
      if (node) {
        node.textContent = "waiting " + duration(waitedNow(item));
      }
    });
  }

  function refreshLists() {
    var generation = state.generation;
    return Promise.all([
      request("/queue").then(function (body) {
        if (generation === state.generation) {
          renderQueue(body.items || []);
        }
      }),
      request("/conversations?state=human&mine=true").then(function (body) {
        if (generation === state.generation) {
          renderMine(body.items || []);
        }
      }),
    ]).catch(quietly);
  }

  // ---- the open conversation ---------------------------------------------------------------

  function isMine(detail) {
    return !!(detail && state.me && detail.state === "human" && detail.assigned_agent === state.me.agent_id);
  }

  function closeConversation() {
    state.openId = null;
    state.detail = null;
    state.shownIds = {};
    clear(ui.messages);
    clear(ui.transitions);
    ui.convTitle.textContent = "No conversation open";
    ui.convMeta.textContent = "Pick one from the queue or from your conversations.";
    ui.convHandoff.hidden = true;
    ui.convSummary.hidden = true;
    state.contextName = null;
    ui.actions.hidden = true;
    ui.replyForm.hidden = true;
    ui.canned.hidden = true;
    ui.cannedToggle.setAttribute("aria-expanded", "false");
    ui.history.hidden = true;
    ui.contextBody.hidden = true;
    ui.contextEmpty.hidden = false;
  }

  function markCurrent() {
    [ui.queue, ui.mine].forEach(function (list) {
      Array.prototype.forEach.call(list.querySelectorAll("[data-conversation]"), function (node) {
        if (node.getAttribute("data-conversation") === state.openId) {
          node.setAttribute("aria-current", "true");
        } else {
          node.removeAttribute("aria-current");
        }
      });
    });
  }

  function openConversation(conversationId, focus) {
    if (state.openId !== conversationId) {
      closeConversation();
      state.openId = conversationId;
      ui.convTitle.textContent = "Loading the conversation…";
      ui.convMeta.textContent = "";
    }
    markCurrent();
    hideAlert();
    return Promise.all([loadConversation(), loadContext()]).then(function () {
      if (focus) {
        ui.convTitle.focus();
      }
    });
  }

  function loadConversation() {
    var conversationId = state.openId;
    if (!conversationId) {
      return Promise.resolve();
    }
    return request("/conversations/" + encodeURIComponent(conversationId))
      .then(function (detail) {
        if (state.openId === conversationId) {
          renderConversation(detail);
        }
      })
      .catch(function (error) {
        if (state.openId === conversationId && !handleAuth(error)) {
          showAlert(problemText(error));
        }
      });
  }

  function messageItem(message) {
    var role = message.role;
    var who = ROLES[role] || role;
    if (role === "agent" || role === "note") {
      who += message.author ? " · " + message.author : "";
    }
    var item = el("li", { className: "c-msg c-" + role, "data-message": String(message.id) }, [
      el("p", { className: "c-msg-head" }, [
        el("span", { className: "c-msg-role", text: who }),
        el("time", { dateTime: message.created_at, text: when(message.created_at) }),
      ]),
      el("p", { className: "c-msg-text", text: message.content }),
    ]);
    if (role === "note") {
      item.setAttribute("aria-label", "Internal note, not shown to the shopper");
    }
    if (message.citations && message.citations.length) {
      item.appendChild(
        el(
          "p",
          { className: "c-msg-sources" },
          [
            "Sources: " +
              message.citations
                .map(function (citation) {
                  return citation.title + (citation.section ? " › " + citation.section : "");
                })
                .join("; "),
          ]
        )
      );
    }
    return item;
  }

  function renderConversation(detail) {
    var changed = !state.detail || state.detail.state !== detail.state ||
      state.detail.assigned_agent !== detail.assigned_agent;
    state.detail = detail;
    var listed = state.queue.concat(state.mine).filter(function (item) {
      return item.conversation_id === detail.conversation_id;
    })[0];
    var who = listed ? customerName(listed.customer) : state.contextName || "Conversation";
    ui.convTitle.textContent = who + " · " + detail.conversation_id.slice(0, 8);
    var meta = [STATES[detail.state] || detail.state];
    if (detail.assigned_agent) {
      meta.push(
        "held by " +
          (state.me && detail.assigned_agent === state.me.agent_id
            ? "you"
            : detail.assigned_agent_name || detail.assigned_agent)
      );
    }
    if (detail.language) {
      meta.push("language " + detail.language);
    }
    if (detail.outcome) {
      meta.push("outcome " + detail.outcome.replace(/_/g, " "));
    }
    meta.push("started " + when(detail.created_at));
    ui.convMeta.textContent = meta.join(" · ");
    var handoff = detail.handoff;
    if (handoff) {
      var parts = [
        reasonLabel(handoff.reason),
        figure(handoff.reason, handoff.confidence),
        HANDOFF_STATUS[handoff.status] || handoff.status,
      ].filter(Boolean);
      if (handoff.detail) {
        parts.push(handoff.detail);
      }
      if (handoff.contact_email) {
        parts.push("reply by email: " + handoff.contact_email);
      }
      ui.convHandoff.textContent = "Handoff: " + parts.join(" · ");
    }
    ui.convHandoff.hidden = !handoff;
    ui.convSummary.textContent = detail.summary ? "Summary: " + detail.summary : "";
    ui.convSummary.hidden = !detail.summary;

    var fresh = detail.messages.filter(function (message) {
      return !state.shownIds[message.id];
    });
    // A conversation just opened is read, not announced: only later messages are spoken.
    var opening = !Object.keys(state.shownIds).length;
    if (opening) {
      ui.messages.setAttribute("aria-live", "off");
    }
    fresh.forEach(function (message) {
      state.shownIds[message.id] = true;
      ui.messages.appendChild(messageItem(message));
    });
    if (opening) {
      window.setTimeout(function () {
        ui.messages.setAttribute("aria-live", "polite");
      }, 0);
    }
    if (fresh.length) {
      ui.messages.scrollTop = ui.messages.scrollHeight;
    }

    clear(ui.transitions);
    detail.transitions.forEach(function (step) {
      ui.transitions.appendChild(
        el("li", {
          text:
            when(step.at) + ": " + step.from_state + " → " + step.to_state + " by " + (step.actor_name || step.actor) +
            (step.note ? " (" + step.note + ")" : ""),
        })
      );
    });
    ui.history.hidden = !detail.transitions.length;
    renderActions(detail);
    if (changed) {
      markCurrent();
    }
  }

  function renderActions(detail) {
    var mine = isMine(detail);
    var open = detail.state !== "resolved";
    ui.actions.hidden = !open;
    ui.claim.hidden = detail.state !== "waiting";
    ui.handback.hidden = !mine;
    ui.resolve.hidden = !(detail.state === "waiting" || mine);
    ui.replyForm.hidden = !open;
    ui.send.hidden = !mine;
    ui.replyLabel.textContent = mine
      ? "Reply to the shopper, or write an internal note"
      : "Internal note (claim the conversation to reply to the shopper)";
    ui.cannedToggle.hidden = !mine;
    if (!mine && !ui.canned.hidden) {
      ui.canned.hidden = true;
      ui.cannedToggle.setAttribute("aria-expanded", "false");
    }
  }

  // ---- the context panel -------------------------------------------------------------------

  function definitionList(pairs) {
    var list = el("dl", { className: "c-facts-list" });
    pairs.forEach(function (pair) {
      if (pair[1] === null || pair[1] === undefined || pair[1] === "") {
        return;
      }
      list.appendChild(el("dt", { text: pair[0] }));
      list.appendChild(el("dd", {}, [pair[1]]));
    });
    return list;
  }

  function renderContext(context) {
    ui.contextEmpty.hidden = true;
    ui.contextBody.hidden = false;

    clear(ui.profile);
    var customer = context.customer;
    var known = customer
      ? [customer.first_name, customer.last_name].filter(Boolean).join(" ") || customer.email
      : null;
    if (known && known !== state.contextName) {
      state.contextName = known;
      if (state.detail) {
        ui.convTitle.textContent = known + " · " + state.detail.conversation_id.slice(0, 8);
      }
    }
    if (!customer) {
      ui.profile.appendChild(el("p", { className: "c-empty", text: "Anonymous shopper (not signed in)." }));
    } else {
      var name = [customer.first_name, customer.last_name].filter(Boolean).join(" ");
      var tags = (customer.tags || []).length
        ? el(
            "span",
            { className: "c-tags" },
            customer.tags.map(function (tag) {
              return el("span", { className: "c-badge", text: tag });
            })
          )
        : "none";
      var consents = (customer.consents || []).length
        ? el(
            "ul",
            { className: "c-plain" },
            customer.consents.map(function (consent) {
              return el("li", {
                text:
                  consent.purpose.replace(/_/g, " ") + ": " + (consent.granted ? "granted" : "withdrawn") +
                  (consent.at ? " (" + when(consent.at) + ")" : ""),
              });
            })
          )
        : "none recorded";
      ui.profile.appendChild(
        definitionList([
          ["Name", name || "—"],
          ["Email", customer.email || "—"],
          ["Tags", tags],
          ["Consent", consents],
        ])
      );
    }

    clear(ui.cart);
    var cart = context.cart;
    if (!cart || !cart.lines || !cart.lines.length) {
      ui.cart.appendChild(el("p", { className: "c-empty", text: "The cart is empty." }));
    } else {
      var table = el("table", { className: "c-table" }, [
        el("caption", { className: "c-visually-hidden", text: "Cart lines" }),
        el("thead", {}, [
          el("tr", {}, [
            el("th", { scope: "col", text: "Item" }),
            el("th", { scope: "col", text: "Qty" }),
            el("th", { scope: "col", text: "Total" }),
          ]),
        ]),
        el(
          "tbody",
          {},
          cart.lines.map(function (line) {
            return el("tr", {}, [
              el("td", {}, [el("span", { text: line.name }), el("small", { text: line.sku })]),
              el("td", { text: String(line.quantity) }),
              el("td", { text: money(line.line_total, cart.currency) }),
            ]);
          })
        ),
      ]);
      ui.cart.appendChild(table);
      ui.cart.appendChild(
        el("p", { className: "c-total", text: "Subtotal: " + money(cart.subtotal, cart.currency) })
      );
    }

    clear(ui.orders);
    var orders = context.recent_orders || [];
    if (!orders.length) {
      ui.orders.appendChild(el("p", { className: "c-empty", text: "No orders." }));
    } else {
      ui.orders.appendChild(
        el(
          "ul",
          { className: "c-plain" },
          orders.map(function (order) {
            return el("li", { className: "c-order" }, [
              el("strong", { text: "#" + order.number }),
              " ",
              el("span", { className: "c-badge c-status-" + order.status, text: order.status.replace(/_/g, " ") }),
              " " + money(order.total, order.currency) + " · " + when(order.created_at),
            ]);
          })
        )
      );
    }

    clear(ui.past);
    var past = (context.past_conversations || []).filter(function (item) {
      return item.conversation_id !== state.openId;
    });
    if (!past.length) {
      ui.past.appendChild(el("p", { className: "c-empty", text: "None." }));
    } else {
      ui.past.appendChild(
        el(
          "ul",
          { className: "c-plain" },
          past.map(function (item) {
            return el("li", {}, [
              el("button", {
                type: "button",
                className: "c-link",
                text: when(item.created_at) + " · " + (item.outcome || STATES[item.state] || item.state),
                onclick: function () {
                  openConversation(item.conversation_id, true);
                },
              }),
              item.summary ? el("p", { className: "c-summary", text: item.summary }) : null,
            ]);
          })
        )
      );
    }
  }

  function loadContext() {
    var conversationId = state.openId;
    return request("/conversations/" + encodeURIComponent(conversationId) + "/context")
      .then(function (context) {
        if (state.openId === conversationId) {
          renderContext(context);
        }
      })
      .catch(function (error) {
        if (state.openId === conversationId && !handleAuth(error)) {
          ui.contextEmpty.hidden = false;
          ui.contextBody.hidden = true;
          ui.contextEmpty.textContent = "The shopper's details could not be loaded: " + problemText(error);
        }
      });
  }

  // ---- actions -----------------------------------------------------------------------------

  function conversationPath(suffix) {
    return "/conversations/" + encodeURIComponent(state.openId) + suffix;
  }

  function busy(buttons, on) {
    buttons.forEach(function (button) {
      button.disabled = on;
    });
  }

  function claim() {
    var conversationId = state.openId;
    busy([ui.claim], true);
    hideAlert();
    request(conversationPath("/claim"), { method: "POST" })
      .then(function (detail) {
        if (state.openId === conversationId) {
          renderConversation(detail);
          announce("You claimed the conversation.");
          ui.replyInput.focus();
        }
        refreshLists();
      })
      .catch(function (error) {
        if (!handleAuth(error)) {
          showAlert(problemText(error, "Another agent claimed this conversation."));
          loadConversation();
          refreshLists();
        }
      })
      .then(function () {
        busy([ui.claim], false);
      });
  }

  function post(kind) {
    var text = ui.replyInput.value.trim();
    if (!text) {
      showAlert(kind === "notes" ? "Write the note first." : "Write the reply first.");
      ui.replyInput.focus();
      return;
    }
    var conversationId = state.openId;
    busy([ui.send, ui.note], true);
    hideAlert();
    var conflict =
      kind === "messages"
        ? "You no longer hold this conversation, so the reply was not sent."
        : null;
    request(conversationPath("/" + kind), { method: "POST", json: { content: text } })
      .then(function () {
        if (state.openId === conversationId) {
          ui.replyInput.value = "";
          announce(kind === "notes" ? "Note added." : "Reply sent.");
          return loadConversation();
        }
      })
      .catch(function (error) {
        if (!handleAuth(error)) {
          showAlert(problemText(error, conflict));
          loadConversation();
        }
      })
      .then(function () {
        busy([ui.send, ui.note], false);
        ui.replyInput.focus();
      });
  }

  function askToFinish(kind) {
    state.finishing = kind;
    var resolving = kind === "resolve";
    ui.finishTitle.textContent = resolving ? "Resolve the conversation" : "Hand back to the assistant";
    ui.finishConfirm.textContent = resolving ? "Resolve" : "Hand back";
    ui.outcomeField.hidden = !resolving;
    ui.outcome.value = "resolved";
    ui.finishNote.value = "";
    if (typeof ui.finish.showModal === "function") {
      ui.finish.showModal();
      (resolving ? ui.outcome : ui.finishNote).focus();
    } else {
      finish();
    }
  }

  function finish() {
    var kind = state.finishing;
    state.finishing = null;
    if (ui.finish.open) {
      ui.finish.close();
    }
    if (!kind || !state.openId) {
      return;
    }
    var body = {};
    var note = ui.finishNote.value.trim();
    if (note) {
      body.note = note;
    }
    if (kind === "resolve") {
      body.outcome = ui.outcome.value;
    }
    var conversationId = state.openId;
    hideAlert();
    busy([ui.handback, ui.resolve], true);
    request(conversationPath(kind === "resolve" ? "/resolve" : "/handback"), {
      method: "POST",
      json: body,
    })
      .then(function (detail) {
        if (state.openId === conversationId) {
          renderConversation(detail);
          announce(kind === "resolve" ? "Conversation resolved." : "Conversation handed back to the assistant.");
          ui.convTitle.focus();
        }
        refreshLists();
      })
      .catch(function (error) {
        if (!handleAuth(error)) {
          showAlert(
            problemText(
              error,
              kind === "resolve"
                ? "This conversation cannot be resolved now: another agent holds it or it changed meanwhile."
                : "You no longer hold this conversation, so it cannot be handed back."
            )
          );
          loadConversation();
          refreshLists();
        }
      })
      .then(function () {
        busy([ui.handback, ui.resolve], false);
      });
  }

  function cancelFinish() {
    state.finishing = null;
    if (ui.finish.open) {
      ui.finish.close();
    }
    (ui.resolve.hidden ? ui.convTitle : ui.resolve).focus();
  }

  // ---- canned replies ----------------------------------------------------------------------

  function toggleCanned() {
    var opening = ui.canned.hidden;
    ui.canned.hidden = !opening;
    ui.cannedToggle.setAttribute("aria-expanded", String(opening));
    if (opening) {
      loadCanned();
      ui.cannedSearch.focus();
    }
  }

  function loadCanned() {
    var query = ui.cannedSearch.value.trim();
    var generation = state.generation;
    return request("/canned-replies" + (query ? "?q=" + encodeURIComponent(query) : ""))
      .then(function (body) {
        if (generation === state.generation) {
          renderCanned(Array.isArray(body) ? body : body.items || []);
        }
      })
      .catch(quietly);
  }

  function renderCanned(items) {
    clear(ui.cannedList);
    ui.cannedEmpty.hidden = items.length > 0;
    items.forEach(function (reply) {
      var title = reply.title + (reply.shortcut ? " (/" + reply.shortcut + ")" : "");
      ui.cannedList.appendChild(
        el("li", { className: "c-canned-item" }, [
          el("p", { className: "c-canned-title", text: title }),
          el("p", { className: "c-canned-body", text: reply.body }),
          (reply.tags || []).length
            ? el(
                "p",
                { className: "c-tags" },
                reply.tags.map(function (tag) {
                  return el("span", { className: "c-badge", text: tag });
                })
              )
            : null,
          el("div", { className: "c-canned-buttons" }, [
            el("button", {
              type: "button",
              className: "c-primary",
              text: "Insert",
              "aria-label": "Insert: " + reply.title,
              onclick: function () {
                insertCanned(reply);
              },
            }),
            el("button", {
              type: "button",
              text: "Edit",
              "aria-label": "Edit: " + reply.title,
              onclick: function () {
                editCanned(reply);
              },
            }),
            el("button", {
              type: "button",
              className: "c-danger",
              text: "Delete",
              "aria-label": "Delete: " + reply.title,
              onclick: function () {
                deleteCanned(reply);
              },
            }),
          ]),
        ])
      );
    });
  }

  function insertText(text) {
    var box = ui.replyInput;
    var startAt = box.selectionStart || 0;
    var endAt = box.selectionEnd || 0;
    var before = box.value.slice(0, startAt);
    var after = box.value.slice(endAt);
    var joiner = before && !/\s$/.test(before) ? " " : "";
    box.value = before + joiner + text + after;
    var caret = (before + joiner + text).length;
    box.focus();
    box.setSelectionRange(caret, caret);
  }

  function insertCanned(reply) {
    if (!state.openId) {
      return;
    }
    request("/canned-replies/" + reply.id + "/render", {
      method: "POST",
      json: { conversation_id: state.openId },
    })
      .then(function (rendered) {
        insertText(rendered.text);
        announce("Inserted: " + reply.title);
      })
      .catch(report(null))
      .catch(function () {
        /* reported */
      });
  }

  function resetCannedForm() {
    state.editingCanned = null;
    ui.cannedFormTitle.textContent = "New canned reply";
    ui.cannedSave.textContent = "Save canned reply";
    ui.cannedCancel.hidden = true;
    ui.cannedTitleInput.value = "";
    ui.cannedBodyInput.value = "";
    ui.cannedShortcutInput.value = "";
    ui.cannedTagsInput.value = "";
    ui.cannedError.hidden = true;
    [ui.cannedTitleInput, ui.cannedBodyInput].forEach(function (input) {
      input.removeAttribute("aria-invalid");
    });
  }

  function editCanned(reply) {
    state.editingCanned = reply.id;
    ui.cannedFormTitle.textContent = "Edit canned reply";
    ui.cannedSave.textContent = "Save changes";
    ui.cannedCancel.hidden = false;
    ui.cannedTitleInput.value = reply.title;
    ui.cannedBodyInput.value = reply.body;
    ui.cannedShortcutInput.value = reply.shortcut || "";
    ui.cannedTagsInput.value = (reply.tags || []).join(", ");
    ui.cannedTitleInput.focus();
  }

  function cannedError(text, input) {
    ui.cannedError.textContent = text;
    ui.cannedError.hidden = false;
    if (input) {
      input.setAttribute("aria-invalid", "true");
      input.focus();
    }
  }

  function saveCanned(event) {
    event.preventDefault();
    var title = ui.cannedTitleInput.value.trim();
    var body = ui.cannedBodyInput.value.trim();
    [ui.cannedTitleInput, ui.cannedBodyInput].forEach(function (input) {
      input.removeAttribute("aria-invalid");
    });
    if (!title) {
      cannedError("Give the canned reply a title.", ui.cannedTitleInput);
      return;
    }
    if (!body) {
      cannedError("Write the text of the canned reply.", ui.cannedBodyInput);
      return;
    }
    var shortcut = ui.cannedShortcutInput.value.trim().replace(/^\//, "");
    var tags = ui.cannedTagsInput.value
      .split(",")
      .map(function (tag) {
        return tag.trim();
      })
      .filter(Boolean);
    var payload = { title: title, body: body, shortcut: shortcut || null, tags: tags };
    var editing = state.editingCanned;
    ui.cannedSave.disabled = true;
    request(editing ? "/canned-replies/" + editing : "/canned-replies", {
      method: editing ? "PATCH" : "POST",
      json: payload,
    })
      .then(function () {
        announce(editing ? "Canned reply saved." : "Canned reply created.");
        resetCannedForm();
        return loadCanned();
      })
      .catch(function (error) {
        if (!handleAuth(error)) {
          cannedError(
            problemText(error, "A canned reply with this title or shortcut already exists.")
          );
        }
      })
      .then(function () {
        ui.cannedSave.disabled = false;
      });
  }

  function deleteCanned(reply) {
    if (!window.confirm("Delete the canned reply “" + reply.title + "”?")) {
      return;
    }
    request("/canned-replies/" + reply.id, { method: "DELETE" })
      .then(function () {
        if (state.editingCanned === reply.id) {
          resetCannedForm();
        }
        announce("Canned reply deleted.");
        return loadCanned();
      })
      .catch(report(null))
      .catch(function () {
        ui.cannedSearch.focus();
      });
  }

  // "/shortcut" then Tab in the reply box inserts the canned reply with that shortcut.
  function expandShortcut(event) {
    if (event.key !== "Tab" || event.shiftKey) {
      return false;
    }
    var box = ui.replyInput;
    var before = box.value.slice(0, box.selectionStart);
    var match = /(^|\s)\/([A-Za-z0-9_.\/-]{1,64})$/.exec(before);
    if (!match) {
      return false;
    }
    event.preventDefault();
    var shortcut = match[2];
    request("/canned-replies?q=" + encodeURIComponent(shortcut))
      .then(function (body) {
        var items = Array.isArray(body) ? body : body.items || [];
        var found = items.filter(function (item) {
          return item.shortcut === shortcut;
        })[0];
        if (!found) {
          announce("No canned reply has the shortcut /" + shortcut + ".");
          return;
        }
        box.value = before.slice(0, before.length - shortcut.length - 1) + box.value.slice(box.selectionEnd);
        box.setSelectionRange(before.length - shortcut.length - 1, before.length - shortcut.length - 1);
        insertCanned(found);
      })
      .catch(quietly);
    return true;
  }

  function onReplyKeyDown(event) {
    if (expandShortcut(event)) {
      return;
    }
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      post(isMine(state.detail) ? "messages" : "notes");
    }
  }

  // ---- live updates: SSE over fetch, polling while the stream is down ----------------------

  function setLive(text, good) {
    ui.live.hidden = false;
    ui.live.textContent = text;
    ui.live.className = "c-live " + (good ? "c-live-on" : "c-live-off");
  }

  function parseFrames(buffer, onEvent) {
    var blocks = buffer.split(/\r?\n\r?\n/);
    var rest = blocks.pop();
    blocks.forEach(function (block) {
      var name = "message";
      var data = [];
      block.split(/\r?\n/).forEach(function (line) {
        if (line.indexOf("event:") === 0) {
          name = line.slice(6).trim();
        } else if (line.indexOf("data:") === 0) {
          data.push(line.slice(5).replace(/^ /, ""));
        }
      });
      if (data.length) {
        var payload = null;
        try {
          payload = JSON.parse(data.join("\n"));
        } catch (ignored) {
          return; // a malformed frame is skipped, the stream goes on
        }
        onEvent(payload && payload.kind ? payload.kind : name, payload || {});
      }
    });
    return rest;
  }

  function scheduleRefresh(lists, open) {
    state.refreshWanted.lists = state.refreshWanted.lists || lists;
    state.refreshWanted.open = state.refreshWanted.open || open;
    if (state.refreshTimer) {
      return;
    }
    state.refreshTimer = window.setTimeout(function () {
      var wanted = state.refreshWanted;
      state.refreshTimer = null;
      state.refreshWanted = { lists: false, open: false };
      if (wanted.lists) {
        refreshLists();
      }
      if (wanted.open && state.openId) {
        loadConversation();
        loadContext();
      }
    }, REFRESH_DEBOUNCE_MS);
  }

  function onLiveEvent(kind, event) {
    var touchesOpen = !!state.openId && event.conversation_id === state.openId;
    if (kind === "message.created") {
      // Only the open conversation shows messages; the lists show the last message too.
      scheduleRefresh(true, touchesOpen);
    } else if (kind === "conversation.state" || kind === "queue.entered" || kind === "queue.updated") {
      scheduleRefresh(true, touchesOpen);
    }
  }

  function startPolling() {
    if (!state.pollTimer) {
      state.pollTimer = window.setInterval(function () {
        refreshLists();
        if (state.openId) {
          loadConversation();
        }
      }, POLL_MS);
    }
  }

  function stopPolling() {
    if (state.pollTimer) {
      window.clearInterval(state.pollTimer);
      state.pollTimer = null;
    }
  }

  function streamDown(generation, reason) {
    if (generation !== state.generation) {
      return;
    }
    state.stream = null;
    state.streamUp = false;
    startPolling();
    var wait = state.reconnectMs;
    state.reconnectMs = Math.min(RECONNECT_MAX_MS, state.reconnectMs * 2);
    setLive("Live updates paused (" + reason + "); refreshing every 5 s", false);
    state.reconnectTimer = window.setTimeout(function () {
      state.reconnectTimer = null;
      connect(generation);
    }, wait);
  }

  function connect(generation) {
    if (generation !== state.generation || !state.key) {
      return;
    }
    var controller = window.AbortController ? new AbortController() : null;
    state.stream = controller;
    fetch(base() + "/events", {
      headers: { Authorization: "Bearer " + state.key, Accept: "text/event-stream" },
      cache: "no-store",
      signal: controller ? controller.signal : undefined,
    })
      .then(function (response) {
        if (response.status === 401 || response.status === 403) {
          handleAuth(new ApiError(response.status, ""));
          return;
        }
        if (!response.ok || !response.body) {
          streamDown(generation, "HTTP " + response.status);
          return;
        }
        if (generation !== state.generation) {
          return;
        }
        state.streamUp = true;
        state.reconnectMs = RECONNECT_MIN_MS;
        stopPolling();
        setLive("Live", true);
        // Catch up on whatever happened while the stream was down.
        scheduleRefresh(true, true);
        var reader = response.body.getReader();
        var decoder = new TextDecoder();
        var buffer = "";
        function pump() {
          return reader.read().then(function (chunk) {
            if (generation !== state.generation) {
              return;
            }
            if (chunk.done) {
              streamDown(generation, "the stream ended");
              return;
            }
            buffer = parseFrames(buffer + decoder.decode(chunk.value, { stream: true }), onLiveEvent);
            return pump();
          });
        }
        return pump();
      })
      .catch(function () {
        streamDown(generation, "connection lost");
      });
  }

  function startLive() {
    stopLive();
    startPolling(); // until the stream is up
    setLive("Connecting…", false);
    connect(state.generation);
  }

  function stopLive() {
    stopPolling();
    if (state.reconnectTimer) {
      window.clearTimeout(state.reconnectTimer);
      state.reconnectTimer = null;
    }
    if (state.stream) {
      state.stream.abort();
      state.stream = null;
    }
    state.streamUp = false;
    state.reconnectMs = RECONNECT_MIN_MS;
  }

  // ---- start -------------------------------------------------------------------------------

  function bind() {
    [
      ["alert", "c-alert"],
      ["alertText", "c-alert-text"],
      ["alertClose", "c-alert-close"],
      ["announce", "c-announce"],
      ["who", "c-who"],
      ["live", "c-live"],
      ["signout", "c-signout"],
      ["signin", "c-signin"],
      ["signinForm", "c-signin-form"],
      ["storeInput", "c-store-input"],
      ["keyInput", "c-key-input"],
      ["signinError", "c-signin-error"],
      ["signinButton", "c-signin-button"],
      ["app", "c-app"],
      ["queue", "c-queue"],
      ["queueTitle", "c-queue-title"],
      ["queueCount", "c-queue-count"],
      ["queueEmpty", "c-queue-empty"],
      ["mine", "c-mine"],
      ["mineCount", "c-mine-count"],
      ["mineEmpty", "c-mine-empty"],
      ["convTitle", "c-conv-title"],
      ["convMeta", "c-conv-meta"],
      ["convHandoff", "c-conv-handoff"],
      ["convSummary", "c-conv-summary"],
      ["actions", "c-actions"],
      ["claim", "c-claim"],
      ["handback", "c-handback"],
      ["resolve", "c-resolve"],
      ["messages", "c-messages"],
      ["history", "c-history"],
      ["transitions", "c-transitions"],
      ["replyForm", "c-reply-form"],
      ["replyInput", "c-reply-input"],
      ["send", "c-send"],
      ["note", "c-note"],
      ["cannedToggle", "c-canned-toggle"],
      ["canned", "c-canned"],
      ["cannedSearch", "c-canned-search"],
      ["cannedList", "c-canned-list"],
      ["cannedEmpty", "c-canned-empty"],
      ["cannedForm", "c-canned-form"],
      ["cannedFormTitle", "c-canned-form-title"],
      ["cannedTitleInput", "c-canned-title-input"],
      ["cannedBodyInput", "c-canned-body-input"],
      ["cannedShortcutInput", "c-canned-shortcut-input"],
      ["cannedTagsInput", "c-canned-tags-input"],
      ["cannedError", "c-canned-error"],
      ["cannedSave", "c-canned-save"],
      ["cannedCancel", "c-canned-cancel"],
      ["contextEmpty", "c-context-empty"],
      ["contextBody", "c-context-body"],
      ["profile", "c-profile"],
      ["cart", "c-cart"],
      ["orders", "c-orders"],
      ["past", "c-past"],
      ["finish", "c-finish"],
      ["finishForm", "c-finish-form"],
      ["finishTitle", "c-finish-title"],
      ["finishConfirm", "c-finish-confirm"],
      ["finishCancel", "c-finish-cancel"],
      ["finishNote", "c-finish-note"],
      ["outcome", "c-outcome"],
      ["outcomeField", "c-outcome-field"],
    ].forEach(function (pair) {
      ui[pair[0]] = $(pair[1]);
    });
    ui.replyLabel = ui.replyForm.querySelector("label");
    ui.queueTitle.setAttribute("tabindex", "-1");

    ui.signinForm.addEventListener("submit", onSignIn);
    ui.signout.addEventListener("click", function () {
      signOut("You signed out.");
    });
    ui.alertClose.addEventListener("click", hideAlert);
    ui.claim.addEventListener("click", claim);
    ui.handback.addEventListener("click", function () {
      askToFinish("handback");
    });
    ui.resolve.addEventListener("click", function () {
      askToFinish("resolve");
    });
    ui.replyForm.addEventListener("submit", function (event) {
      event.preventDefault();
      post("messages");
    });
    ui.note.addEventListener("click", function () {
      post("notes");
    });
    ui.replyInput.addEventListener("keydown", onReplyKeyDown);
    ui.cannedToggle.addEventListener("click", toggleCanned);
    ui.cannedSearch.addEventListener("input", function () {
      window.clearTimeout(state.cannedTimer);
      state.cannedTimer = window.setTimeout(loadCanned, 200);
    });
    ui.cannedForm.addEventListener("submit", saveCanned);
    ui.cannedCancel.addEventListener("click", function () {
      resetCannedForm();
      ui.cannedSearch.focus();
    });
    ui.finishForm.addEventListener("submit", function (event) {
      event.preventDefault();
      finish();
    });
    ui.finishCancel.addEventListener("click", cancelFinish);
    ui.finish.addEventListener("cancel", function () {
      state.finishing = null;
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !ui.canned.hidden && ui.canned.contains(document.activeElement)) {
        toggleCanned();
        ui.cannedToggle.focus();
      }
    });
    window.setInterval(tickClocks, CLOCK_TICK_MS);
  }

  function init() {
    bind();
    var creds = saved();
    if (!creds) {
      showSignIn();
      return;
    }
    ui.storeInput.value = creds.store;
    request("/me", {}, creds)
      .then(function (me) {
        start(creds.store, creds.key, me);
      })
      .catch(function (error) {
        if (error.status === 401 || error.status === 403 || error.status === 404) {
          signOut(problemText(error));
        } else {
          showSignIn(problemText(error));
        }
      });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
