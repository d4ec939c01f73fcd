/*
 * sales-assistant chat widget. No build step: embed it with one tag,
 *
 *   <script src="https://assistant.example/widget/widget.js" data-store="demo" defer></script>
 *
 * Optional attributes: data-api (the service's base URL; default: where this file came from),
 * data-title (the panel's heading). The page gets `window.SalesAssistant` with open(), close()
 * and ask(text); any element with `data-sales-assistant-ask="question"` asks it when clicked.
 *
 * The session token is kept in localStorage, so the conversation survives reloads. Replies
 * stream over Server-Sent Events read with fetch (EventSource cannot POST or send the token).
 * While the conversation waits for a person or is with one, the widget follows the
 * conversation's event stream and reads the transcript when something happens; if the stream
 * cannot be held it polls the transcript instead and keeps trying to reconnect. When nobody is
 * available it offers a form to leave a message and an email address.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || !script.dataset.store) {
    return;
  }
  var STORE = script.dataset.store;
  var API = (script.dataset.api || new URL(script.src, window.location.href).origin).replace(
    /\/+$/,
    ""
  );
  var BASE = API + "/v1/stores/" + encodeURIComponent(STORE);
  var STORAGE_KEY = "sales-assistant:" + STORE + ":session";
  var POLL_MS = 4000;
  var MAX_CHARS = 2000;
  var RECONNECT_MIN_MS = 1000;
  var RECONNECT_MAX_MS = 30000;
  var EVENT_DEBOUNCE_MS = 100;
  var EMAIL_PATTERN = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

  var TEXT = {
    en: {
      launcher: "Chat with us",
      title: script.dataset.title || "Shop assistant",
      close: "Close chat",
      cart: "Cart",
      cartTitle: "Your cart",
      emptyCart: "Your cart is empty.",
      total: "Total",
      placeholder: "Ask about a product or an order…",
      label: "Your message",
      send: "Send",
      add: "Add to cart",
      added: "Added to your cart: ",
      pay: "Pay {total} now",
      payOpens: "opens the checkout page in a new tab",
      inStock: "In stock",
      lowStock: "Only {n} left",
      outOfStock: "Out of stock",
      waiting: "A person will reply shortly.",
      human: "You are chatting with a person.",
      unavailable: "No one is available right now. Leave a message and we will reply by email.",
      ticketWaiting: "We have your message and will reply by email.",
      ticketTitle: "Leave us a message",
      ticketMessage: "Message for our team",
      ticketEmail: "Your email address",
      ticketSend: "Send message",
      ticketEmpty: "Please write a message.",
      ticketBadEmail: "Please enter a valid email address, like name@example.com.",
      ticketThanks: "Thank you! We will reply to {email} as soon as we can.",
      thinking: "Thinking…",
      endChat: "End chat",
      rateTitle: "How did we do?",
      rateStar: "{n} out of 5",
      rateComment: "Anything to add? (optional)",
      rateSend: "Send rating",
      ratePick: "Please choose from 1 to 5 stars.",
      rateThanks: "Thank you for your rating!",
      greeting: "Hi! Ask me about our products, sizes, stock, shipping or your order.",
      starters: ["What's on sale?", "Track my order", "What is your return policy?"],
      sources: "Sources",
      suggestions: "Suggested replies",
      failed: "Sorry, something went wrong. Please try again.",
      tooMany: "You are sending messages quickly; please wait {n} s.",
      tool: {
        search_products: "Searching the catalog…",
        get_product: "Looking at the product…",
        check_stock: "Checking stock…",
        get_price: "Checking the price…",
        add_to_cart: "Updating your cart…",
        view_cart: "Looking at your cart…",
        start_checkout: "Preparing checkout…",
        get_order_status: "Looking up your order…",
        search_knowledge: "Checking our policies…",
        request_human: "Asking a person to help…",
      },
    },
    zh: {
      launcher: "在线咨询",
      title: script.dataset.title || "购物助手",
      close: "关闭对话",
      cart: "购物车",
      cartTitle: "您的购物车",
      emptyCart: "购物车是空的。",
      total: "合计",
      placeholder: "咨询商品、订单、退货…",
      label: "您的消息",
      send: "发送",
      add: "加入购物车",
      added: "已加入购物车：",
      pay: "去支付 {total}",
      payOpens: "在新标签页打开支付页面",
      inStock: "有货",
      lowStock: "仅剩 {n} 件",
      outOfStock: "缺货",
      waiting: "工作人员会尽快回复您。",
      human: "您正在与工作人员对话。",
      unavailable: "目前没有工作人员在线。请留言，我们会通过邮件回复您。",
      ticketWaiting: "我们已收到您的留言，会通过邮件回复您。",
      ticketTitle: "给我们留言",
      ticketMessage: "留言内容",
      ticketEmail: "您的邮箱",
      ticketSend: "提交留言",
      ticketEmpty: "请填写留言内容。",
      ticketBadEmail: "请输入有效的邮箱地址，例如 name@example.com。",
      ticketThanks: "谢谢！我们会尽快回复到 {email}。",
      thinking: "正在思考…",
      endChat: "结束对话",
      rateTitle: "您对本次服务满意吗？",
      rateStar: "{n} 星（满分 5 星）",
      rateComment: "还有什么想说的吗？（选填）",
      rateSend: "提交评价",
      ratePick: "请选择 1 到 5 星。",
      rateThanks: "感谢您的评价！",
      greeting: "您好！可以问我商品、尺码、库存、配送或订单的问题。",
      starters: ["有什么促销？", "查询我的订单", "退货政策是什么？"],
      sources: "来源",
      suggestions: "推荐回复",
      failed: "抱歉，出了点问题，请重试。",
      tooMany: "发送太频繁，请等待 {n} 秒。",
      tool: {},
    },
  };

  var state = {
    session: null,
    // The token of this browser's expired session, offered to the next one to take over.
    previousToken: null,
    lang: /^zh\b/i.test(navigator.language || "") ? "zh" : "en",
    handoff: "bot",
    handoffStatus: null,
    conversationId: null,
    lastId: 0,
    busy: false,
    poller: null,
    polling: Promise.resolve(),
    live: null,
    liveTimer: null,
    // After a checkout link was shown the conversation's events are followed, so the payment's
    // confirmation appears while the shopper pays in another tab.
    awaitingPayment: false,
    liveRetryMs: RECONNECT_MIN_MS,
    eventTimer: null,
    loaded: false,
    composing: false,
    rating: 0,
    ratedConversation: null,
  };

  function t(key) {
    var table = TEXT[state.lang] || TEXT.en;
    return table[key] !== undefined ? table[key] : TEXT.en[key];
  }

  // ---- DOM helpers: text always goes in as textContent, never as HTML ----------------------

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) {
        return;
      }
      if (name === "text") {
        node.textContent = value;
      } else if (name === "className") {
        node.className = value;
      } else if (name.slice(0, 2) === "on") {
        node.addEventListener(name.slice(2), value);
      } else {
        node.setAttribute(name, value === true ? "" : value);
      }
    });
    (children || []).forEach(function (child) {
      if (child) {
        node.appendChild(child);
      }
    });
    return node;
  }

  function uuid() {
    if (window.crypto && window.crypto.randomUUID) {
      return window.crypto.randomUUID();
    }
    return "k" + Date.now().toString(36) + Math.random().toString(36).slice(2);
  }

  // ---- the panel ---------------------------------------------------------------------------

  var ui = {};

  function build() {
    var link = el("link", { rel: "stylesheet", href: API + "/widget/widget.css" });
    document.head.appendChild(link);

    ui.badge = el("span", { className: "sa-badge", "aria-hidden": "true", hidden: true });
    ui.launcher = el(
      "button",
      {
        type: "button",
        className: "sa-launcher",
        "aria-expanded": "false",
        "aria-controls": "sa-panel",
        onclick: toggle,
      },
      [el("span", { text: t("launcher") }), ui.badge]
    );
    ui.cartCount = el("span", { className: "sa-cart-count", text: "0" });
    ui.cartButton = el(
      "button",
      {
        type: "button",
        className: "sa-cart-button",
        "aria-expanded": "false",
        "aria-controls": "sa-cart",
        onclick: toggleCart,
      },
      [el("span", { text: t("cart") + " " }), ui.cartCount]
    );
    ui.close = el("button", {
      type: "button",
      className: "sa-close",
      "aria-label": t("close"),
      text: "×",
      onclick: close,
    });
    ui.endChat = el("button", {
      type: "button",
      className: "sa-end-chat",
      text: t("endChat"),
      hidden: true,
      onclick: endChat,
    });
    ui.handoff = el("div", { className: "sa-handoff", role: "status", hidden: true });
    ui.cartLines = el("ul", { className: "sa-cart-lines" });
    ui.cartTotal = el("p", { className: "sa-cart-total" });
    ui.cart = el("div", { id: "sa-cart", className: "sa-cart", hidden: true }, [
      el("h3", { text: t("cartTitle") }),
      ui.cartLines,
      ui.cartTotal,
    ]);
    ui.messages = el("ol", {
      className: "sa-messages",
      role: "log",
      "aria-live": "polite",
      "aria-relevant": "additions text",
      "aria-label": t("title"),
    });
    ui.quick = el("div", {
      className: "sa-quick",
      role: "group",
      "aria-label": t("suggestions"),
    });
    ui.input = el("textarea", {
      id: "sa-input",
      className: "sa-input",
      rows: "1",
      maxlength: String(MAX_CHARS),
      placeholder: t("placeholder"),
      "aria-label": t("label"),
      onkeydown: onKeyDown,
      oncompositionstart: function () {
        state.composing = true;
      },
      oncompositionend: function () {
        state.composing = false;
      },
    });
    buildTicketForm();
    buildRatingForm();
    ui.send = el("button", { type: "submit", className: "sa-send", text: t("send") });
    ui.form = el("form", { className: "sa-form", onsubmit: onSubmit }, [ui.input, ui.send]);
    ui.announce = el("div", { className: "sa-visually-hidden", "aria-live": "assertive" });
    ui.panel = el(
      "section",
      {
        id: "sa-panel",
        className: "sa-panel",
        role: "dialog",
        "aria-label": t("title"),
        hidden: true,
        onkeydown: function (event) {
          if (event.key === "Escape") {
            close();
          }
        },
      },
      [
        el("header", { className: "sa-header" }, [
          el("h2", { text: t("title") }),
          ui.cartButton,
          ui.endChat,
          ui.close,
        ]),
        ui.handoff,
        ui.cart,
        ui.messages,
        ui.ticket,
        ui.rating,
        ui.quick,
        ui.form,
        ui.announce,
      ]
    );
    ui.root = el("div", { className: "sa-root", "data-store": STORE }, [ui.panel, ui.launcher]);
    document.body.appendChild(ui.root);
  }

  function open() {
    ui.panel.hidden = false;
    ui.launcher.setAttribute("aria-expanded", "true");
    ui.root.classList.add("sa-open");
    ui.input.focus();
    if (!state.loaded) {
      restore();
    }
  }

  function close() {
    ui.panel.hidden = true;
    ui.launcher.setAttribute("aria-expanded", "false");
    ui.root.classList.remove("sa-open");
    ui.launcher.focus();
  }

  function toggle() {
    if (ui.panel.hidden) {
      open();
    } else {
      close();
    }
  }

  function scrollToEnd() {
    ui.messages.scrollTop = ui.messages.scrollHeight;
  }

  // ---- the session and the API -------------------------------------------------------------

  function storedSession() {
    try {
      var saved = JSON.parse(window.localStorage.getItem(STORAGE_KEY) || "null");
      if (saved && saved.token && new Date(saved.expires_at) > new Date()) {
        return saved;
      }
      if (saved && saved.token) {
        // Kept for the next session to take over, so a reminder left for it still shows here.
        state.previousToken = saved.token;
      }
    } catch (ignored) {
      /* private mode or a corrupt entry: start afresh */
    }
    return null;
  }

  function startSession() {
    var body = {};
    if (/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(navigator.language || "")) {
      body.locale = navigator.language;
    }
    if (state.previousToken) {
      body.previous_token = state.previousToken;
    }
    return fetch(BASE + "/sessions", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    }).then(function (response) {
      if (!response.ok) {
        throw new Error("session " + response.status);
      }
      return response.json().then(function (session) {
        state.session = session;
        state.previousToken = null;
        try {
          window.localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
        } catch (ignored) {
          /* storage full or blocked: the session lasts as long as the page */
        }
        return session;
      });
    });
  }

  function ensureSession() {
    return state.session ? Promise.resolve(state.session) : startSession();
  }

  // A request with the session token; an expired or unknown session is replaced once.
  function api(path, options, retried) {
    return ensureSession().then(function (session) {
      var settings = Object.assign({}, options || {});
      settings.headers = Object.assign({}, settings.headers || {}, {
        Authorization: "Bearer " + session.token,
      });
      return fetch(BASE + path, settings).then(function (response) {
        if (response.status === 401 && !retried) {
          state.previousToken = session.token;
          state.session = null;
          return api(path, options, true);
        }
        return response;
      });
    });
  }

  function errorText(response) {
    return response
      .json()
      .then(function (body) {
        if (response.status === 429) {
          return t("tooMany").replace("{n}", response.headers.get("Retry-After") || "30");
        }
        return (body && body.error && body.error.message) || t("failed");
      })
      .catch(function () {
        return t("failed");
      });
  }

  // ---- messages ----------------------------------------------------------------------------

  function addMessage(role, text, lang) {
    var body = el("div", { className: "sa-text", text: text || "" });
    var item = el("li", { className: "sa-msg sa-" + role, lang: lang || null }, [body]);
    ui.messages.appendChild(item);
    scrollToEnd();
    return { item: item, body: body };
  }

  function addNote(text) {
    addMessage("note", text);
  }

  function stockLabel(card) {
    if (card.availability === "out_of_stock") {
      return t("outOfStock");
    }
    if (card.availability === "low_stock") {
      return t("lowStock").replace("{n}", String(card.available));
    }
    return t("inStock");
  }

  // The order's checkout page, in a new tab so the chat stays open for the confirmation.
  function payLink(checkout) {
    var label = t("pay").replace("{total}", checkout.total.display);
    return el("p", { className: "sa-checkout" }, [
      el("a", {
        className: "sa-pay",
        href: checkout.url,
        target: "_blank",
        rel: "noopener noreferrer",
        text: label,
        "aria-label": label + " (" + t("payOpens") + ")",
      }),
    ]);
  }

  function productCard(card) {
    var options = Object.keys(card.options || {})
      .map(function (key) {
        return card.options[key];
      })
      .join(" · ");
    var price = el("p", { className: "sa-price" }, [
      el("span", { text: card.price.display }),
      card.regular_price
        ? el("s", { className: "sa-regular", text: card.regular_price.display })
        : null,
    ]);
    var button = el("button", {
      type: "button",
      className: "sa-add",
      text: t("add"),
      "aria-label": t("add") + ": " + card.title + (options ? " (" + options + ")" : ""),
      disabled: card.availability === "out_of_stock",
      "data-sku": card.sku,
      onclick: function () {
        addToCart(card, button);
      },
    });
    return el("li", { className: "sa-card", "data-sku": card.sku }, [
      el("h3", { className: "sa-card-title", text: card.title }),
      options ? el("p", { className: "sa-options", text: options }) : null,
      price,
      el("p", { className: "sa-stock sa-" + card.availability, text: stockLabel(card) }),
      button,
    ]);
  }

  function citationList(citations) {
    var seen = {};
    var items = [];
    citations.forEach(function (citation) {
      var label = citation.title + (citation.section ? " › " + citation.section : "");
      if (!seen[label]) {
        seen[label] = true;
        items.push(el("li", { text: label }));
      }
    });
    return el("div", { className: "sa-sources" }, [
      el("p", { text: t("sources") }),
      el("ul", {}, items),
    ]);
  }

  function showQuickReplies(replies) {
    ui.quick.textContent = "";
    (replies || []).forEach(function (text) {
      ui.quick.appendChild(
        el("button", {
          type: "button",
          className: "sa-quick-reply",
          text: text,
          onclick: function () {
            send(text);
          },
        })
      );
    });
  }

  // ---- waiting for a person: the banner, the live stream, the fallback poll ----------------

  function handoffText() {
    if (state.handoff === "human") {
      return t("human");
    }
    if (state.handoffStatus === "unavailable") {
      return t("unavailable");
    }
    if (state.handoffStatus === "ticket") {
      return t("ticketWaiting");
    }
    return t("waiting");
  }

  // `handoffStatus` is left as it was when the caller does not know it (a ChatReply).
  function setHandoff(handoffState, handoffStatus) {
    state.handoff = handoffState || "bot";
    if (handoffStatus !== undefined) {
      state.handoffStatus = handoffStatus;
    }
    var active = state.handoff === "waiting" || state.handoff === "human";
    ui.handoff.hidden = !active;
    ui.handoff.textContent = handoffText();
    showTicketForm(state.handoff === "waiting" && state.handoffStatus === "unavailable");
    ui.endChat.hidden = state.handoff !== "bot" || !state.conversationId;
    showRatingForm(state.handoff === "resolved");
    if (active || state.awaitingPayment) {
      follow();
    } else {
      unfollow();
    }
  }

  function startPolling() {
    if (!state.poller) {
      state.poller = window.setInterval(poll, POLL_MS);
    }
  }

  function stopPolling() {
    if (state.poller) {
      window.clearInterval(state.poller);
      state.poller = null;
    }
  }

  // Follow the conversation's events; until the stream is up (or when it fails) poll instead.
  function follow() {
    if (state.live || state.liveTimer) {
      return;
    }
    if (!state.conversationId || !window.ReadableStream || !window.TextDecoder) {
      startPolling();
      return;
    }
    connectLive(state.conversationId);
  }

  function unfollow() {
    stopPolling();
    if (state.liveTimer) {
      window.clearTimeout(state.liveTimer);
      state.liveTimer = null;
    }
    if (state.live) {
      var live = state.live;
      state.live = null;
      live.abort();
    }
    state.liveRetryMs = RECONNECT_MIN_MS;
  }

  function liveDown(controller) {
    if (state.live !== controller) {
      return; // closed on purpose
    }
    state.live = null;
    if (state.handoff !== "waiting" && state.handoff !== "human" && !state.awaitingPayment) {
      return;
    }
    startPolling();
    var wait = state.liveRetryMs;
    state.liveRetryMs = Math.min(RECONNECT_MAX_MS, state.liveRetryMs * 2);
    state.liveTimer = window.setTimeout(function () {
      state.liveTimer = null;
      follow();
    }, wait);
  }

  function onLiveEvent(name, data) {
    if (name === "message.created" && data.data && data.data.role === "user") {
      return; // the shopper's own message is already on screen
    }
    if (state.eventTimer) {
      return;
    }
    state.eventTimer = window.setTimeout(function () {
      state.eventTimer = null;
      poll();
    }, EVENT_DEBOUNCE_MS);
  }

  function connectLive(conversationId) {
    var controller = new AbortController();
    state.live = controller;
    api("/chat/conversations/" + encodeURIComponent(conversationId) + "/events", {
      headers: { Accept: "text/event-stream" },
      cache: "no-store",
      signal: controller.signal,
    })
      .then(function (response) {
        if (!response.ok || !response.body) {
          throw new Error("events " + response.status);
        }
        if (state.live !== controller) {
          return;
        }
        state.liveRetryMs = RECONNECT_MIN_MS;
        stopPolling();
        poll(); // whatever happened before the stream was up
        var reader = response.body.getReader();
        var decoder = new TextDecoder();
        var buffer = "";
        function pump() {
          return reader.read().then(function (chunk) {
            if (chunk.done) {
              throw new Error("the stream ended");
            }
            buffer = parseEvents(buffer + decoder.decode(chunk.value, { stream: true }), onLiveEvent);
            return pump();
          });
        }
        return pump();
      })
      .catch(function () {
        liveDown(controller);
      });
  }

  // ---- leaving a message when nobody is available ------------------------------------------

  function buildTicketForm() {
    ui.ticketMessage = el("textarea", {
      id: "sa-ticket-message",
      className: "sa-input",
      rows: "3",
      maxlength: String(MAX_CHARS),
    });
    ui.ticketEmail = el("input", {
      id: "sa-ticket-email",
      className: "sa-input",
      type: "email",
      autocomplete: "email",
      inputmode: "email",
    });
    ui.ticketError = el("p", {
      id: "sa-ticket-error",
      className: "sa-ticket-error",
      role: "alert",
      hidden: true,
    });
    ui.ticketSend = el("button", { type: "submit", className: "sa-send", text: t("ticketSend") });
    ui.ticket = el(
      "form",
      {
        className: "sa-ticket",
        "aria-labelledby": "sa-ticket-title",
        novalidate: true,
        hidden: true,
        onsubmit: onTicketSubmit,
      },
      [
        el("h3", { id: "sa-ticket-title", text: t("ticketTitle") }),
        el("label", { for: "sa-ticket-message", text: t("ticketMessage") }),
        ui.ticketMessage,
        el("label", { for: "sa-ticket-email", text: t("ticketEmail") }),
        ui.ticketEmail,
        ui.ticketError,
        ui.ticketSend,
      ]
    );
  }

  function showTicketForm(show) {
    if (ui.ticket.hidden === !show) {
      return;
    }
    ui.ticket.hidden = !show;
    if (show) {
      ui.ticket.querySelector("h3").textContent = t("ticketTitle");
      scrollToEnd();
    }
  }

  function ticketProblem(text, field) {
    ui.ticketError.textContent = text;
    ui.ticketError.hidden = false;
    [ui.ticketMessage, ui.ticketEmail].forEach(function (input) {
      if (input === field) {
        input.setAttribute("aria-invalid", "true");
        input.setAttribute("aria-describedby", "sa-ticket-error");
      } else {
        input.removeAttribute("aria-invalid");
        input.removeAttribute("aria-describedby");
      }
    });
    if (field) {
      field.focus();
    }
  }

  function onTicketSubmit(event) {
    event.preventDefault();
    var message = ui.ticketMessage.value.trim();
    var email = ui.ticketEmail.value.trim();
    if (!message) {
      ticketProblem(t("ticketEmpty"), ui.ticketMessage);
      return;
    }
    if (!EMAIL_PATTERN.test(email) || email.length > 320) {
      ticketProblem(t("ticketBadEmail"), ui.ticketEmail);
      return;
    }
    if (!state.conversationId) {
      ticketProblem(t("failed"), null);
      return;
    }
    ticketProblem("", null);
    ui.ticketError.hidden = true;
    ui.ticketSend.disabled = true;
    api("/chat/conversations/" + encodeURIComponent(state.conversationId) + "/ticket", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ message: message, email: email }),
    })
      .then(function (response) {
        if (!response.ok) {
          return errorText(response).then(function (text) {
            ticketProblem(text, null);
          });
        }
        ui.ticketMessage.value = "";
        addMessage("user", message);
        ui.announce.textContent = t("ticketThanks").replace("{email}", email);
        setHandoff(state.handoff, "ticket");
        ui.input.focus();
        return poll(); // the service's confirmation, and past the message just stored
      })
      .catch(function () {
        ticketProblem(t("failed"), null);
      })
      .then(function () {
        ui.ticketSend.disabled = false;
      });
  }

  // ---- rating a resolved conversation (CSAT) ------------------------------------------------

  function buildRatingForm() {
    ui.ratingStars = [1, 2, 3, 4, 5].map(function (n) {
      return el("button", {
        type: "button",
        className: "sa-star",
        "aria-pressed": "false",
        "aria-label": t("rateStar").replace("{n}", String(n)),
        "data-rating": String(n),
        text: "★",
        onclick: function () {
          pickRating(n);
        },
      });
    });
    ui.ratingComment = el("textarea", {
      id: "sa-rating-comment",
      className: "sa-input",
      rows: "2",
      maxlength: "1000",
    });
    ui.ratingError = el("p", { className: "sa-ticket-error", role: "alert", hidden: true });
    ui.ratingSend = el("button", { type: "submit", className: "sa-send", text: t("rateSend") });
    ui.rating = el(
      "form",
      {
        className: "sa-rating",
        "aria-labelledby": "sa-rating-title",
        novalidate: true,
        hidden: true,
        onsubmit: onRatingSubmit,
      },
      [
        el("h3", { id: "sa-rating-title", text: t("rateTitle") }),
        el("div", { className: "sa-stars", role: "group", "aria-labelledby": "sa-rating-title" }, ui.ratingStars),
        el("label", { for: "sa-rating-comment", text: t("rateComment") }),
        ui.ratingComment,
        ui.ratingError,
        ui.ratingSend,
      ]
    );
  }

  function pickRating(n) {
    state.rating = n;
    ui.ratingStars.forEach(function (star, index) {
      star.setAttribute("aria-pressed", index < n ? "true" : "false");
    });
  }

  // Asked once per resolved conversation: not again after it was rated (here or earlier).
  function showRatingForm(show) {
    if (!show) {
      ui.rating.hidden = true;
      return;
    }
    var conversationId = state.conversationId;
    if (!conversationId || state.ratedConversation === conversationId || !ui.rating.hidden) {
      return;
    }
    api("/chat/conversations/" + encodeURIComponent(conversationId) + "/rating")
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (existing) {
        if (existing || state.conversationId !== conversationId) {
          state.ratedConversation = existing ? conversationId : state.ratedConversation;
          return;
        }
        ui.rating.hidden = false;
        scrollToEnd();
      })
      .catch(function () {
        /* no rating form this time */
      });
  }

  function endChat() {
    if (!state.conversationId) {
      return;
    }
    ui.endChat.disabled = true;
    api("/chat/conversations/" + encodeURIComponent(state.conversationId) + "/end", {
      method: "POST",
    })
      .then(function (response) {
        if (response.ok) {
          setHandoff("resolved", null);
        }
      })
      .catch(function () {
        /* the shopper can try again */
      })
      .then(function () {
        ui.endChat.disabled = false;
      });
  }

  function onRatingSubmit(event) {
    event.preventDefault();
    if (!state.rating) {
      ui.ratingError.textContent = t("ratePick");
      ui.ratingError.hidden = false;
      return;
    }
    var conversationId = state.conversationId;
    ui.ratingError.hidden = true;
    ui.ratingSend.disabled = true;
    api("/chat/conversations/" + encodeURIComponent(conversationId) + "/rating", {
      method: "PUT",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ rating: state.rating, comment: ui.ratingComment.value.trim() || null }),
    })
      .then(function (response) {
        if (!response.ok) {
          return errorText(response).then(function (text) {
            ui.ratingError.textContent = text;
            ui.ratingError.hidden = false;
          });
        }
        state.ratedConversation = conversationId;
        ui.rating.hidden = true;
        ui.ratingComment.value = "";
        pickRating(0);
        state.rating = 0;
        ui.announce.textContent = t("rateThanks");
        addMessage("assistant", t("rateThanks"));
      })
      .catch(function () {
        ui.ratingError.textContent = t("failed");
        ui.ratingError.hidden = false;
      })
      .then(function () {
        ui.ratingSend.disabled = false;
      });
  }

  // ---- the transcript ----------------------------------------------------------------------

  // Shows the messages newer than the last one shown. `skip` decides which are not rendered
  // (the shopper's own, already on screen; the reply the stream just wrote).
  function renderTranscript(transcript, skip) {
    if (transcript.conversation_id) {
      state.conversationId = transcript.conversation_id;
    }
    transcript.messages.forEach(function (message) {
      if (message.id <= state.lastId) {
        return; // an overlapping read already showed it
      }
      state.lastId = message.id;
      if (!skip || !skip(message)) {
        var shown = addMessage(message.role, message.content);
        if (message.citations && message.citations.length) {
          shown.item.appendChild(citationList(message.citations));
        }
      }
    });
    setHandoff(transcript.state, transcript.handoff_status);
  }

  // Catch up with messages written since the last look: a person's replies, the service's
  // notes to the shopper. After a streamed turn (`afterTurn`) the turn's own reply is skipped:
  // the stream already wrote it. Reads run one after another so none shows a message twice.
  function poll(afterTurn) {
    var run = function () {
      if (state.busy && !afterTurn) {
        return null; // the turn in flight ends with its own catch-up
      }
      var after = state.lastId ? "?after=" + state.lastId : "";
      return api("/chat/messages" + after)
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (transcript) {
          if (!transcript) {
            return;
          }
          var replySkipped = false;
          renderTranscript(transcript, function (message) {
            if (message.role === "user") {
              return true;
            }
            if (afterTurn === true && message.role === "assistant" && !replySkipped) {
              replySkipped = true;
              return true;
            }
            return false;
          });
        })
        .catch(function () {
          /* offline for a moment: the next event or poll catches up */
        });
    };
    state.polling = state.polling.then(run, run);
    return state.polling;
  }

  // A first visit: a greeting (not part of the conversation) and a few ways to start.
  function greet() {
    if (!ui.messages.children.length) {
      addMessage("assistant", t("greeting"), state.lang);
      showQuickReplies(t("starters"));
    }
  }

  // After a reload: the conversation so far and the cart, if this browser has a session.
  function restore() {
    state.loaded = true;
    state.session = storedSession();
    if (!state.session) {
      greet();
      return Promise.resolve();
    }
    return Promise.all([
      api("/chat/messages")
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (transcript) {
          if (transcript) {
            renderTranscript(transcript, null);
          }
        }),
      refreshCart(),
    ])
      .catch(function () {
        /* the widget still works; history will show on the next load */
      })
      .then(greet);
  }

  // ---- sending and streaming ---------------------------------------------------------------

  function parseEvents(buffer, onEvent) {
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
        try {
          onEvent(name, JSON.parse(data.join("\n")));
        } catch (ignored) {
          /* a malformed event is skipped, the stream goes on */
        }
      }
    });
    return rest;
  }

  function send(text) {
    text = (text || "").trim();
    if (!text || state.busy) {
      return;
    }
    state.busy = true;
    ui.send.disabled = true;
    showQuickReplies([]);
    addMessage("user", text);
    var bubble = addMessage("assistant", "");
    bubble.item.setAttribute("aria-busy", "true");
    bubble.body.textContent = t("thinking");
    var started = false;
    var citations = [];

    function write(piece) {
      if (!started) {
        started = true;
        bubble.body.textContent = "";
      }
      bubble.body.textContent += piece;
      scrollToEnd();
    }

    function onEvent(name, data) {
      if (name === "tool") {
        if (!started) {
          bubble.body.textContent = t("tool")[data.name] || TEXT.en.tool[data.name] || t("thinking");
        }
      } else if (name === "token") {
        write(data.text);
      } else if (name === "citation") {
        citations.push(data);
      } else if (name === "done") {
        finish(data);
      } else if (name === "error") {
        var details = data.details || {};
        if (!started) {
          write(details.reply || data.message || t("failed"));
        }
        if (details.handoff) {
          setHandoff(details.handoff.state);
        }
      }
    }

    function finish(reply) {
      state.lang = reply.language || state.lang;
      if (!started) {
        bubble.body.textContent = reply.reply;
        started = true;
      }
      bubble.item.setAttribute("lang", reply.language);
      if (!reply.reply) {
        bubble.item.remove();
      }
      if (citations.length) {
        bubble.item.appendChild(citationList(citations));
      }
      if (reply.product_cards && reply.product_cards.length) {
        bubble.item.appendChild(
          el("ul", { className: "sa-cards" }, reply.product_cards.map(productCard))
        );
      }
      if (reply.checkout && /^https?:\/\//i.test(reply.checkout.url)) {
        bubble.item.appendChild(payLink(reply.checkout));
        state.awaitingPayment = true;
      }
      showCartCount(reply.cart.item_count);
      showQuickReplies(reply.quick_replies);
      state.conversationId = reply.conversation_id || state.conversationId;
      setHandoff(reply.handoff.state);
    }

    // One key per message: a resend after a dropped connection replays the first answer on
    // the server instead of asking twice.
    var key = uuid();

    function post(resent) {
      return api("/chat/messages/stream", {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          Accept: "text/event-stream",
          "Idempotency-Key": key,
        },
        body: JSON.stringify({ message: text }),
      }).catch(function (error) {
        if (resent) {
          throw error;
        }
        return new Promise(function (resolve) {
          setTimeout(resolve, 1000);
        }).then(function () {
          return post(true);
        });
      });
    }

    post(false)
      .then(function (response) {
        if (!response.ok || !response.body) {
          return errorText(response).then(write);
        }
        var reader = response.body.getReader();
        var decoder = new TextDecoder();
        var buffer = "";
        function pump() {
          return reader.read().then(function (chunk) {
            if (chunk.done) {
              parseEvents(buffer + "\n\n", onEvent);
              return;
            }
            buffer = parseEvents(buffer + decoder.decode(chunk.value, { stream: true }), onEvent);
            return pump();
          });
        }
        return pump();
      })
      .catch(function () {
        write(t("failed"));
      })
      .then(function () {
        bubble.item.removeAttribute("aria-busy");
        state.busy = false;
        ui.send.disabled = false;
        return poll(true);
      });
  }

  function onSubmit(event) {
    event.preventDefault();
    var text = ui.input.value;
    ui.input.value = "";
    send(text);
  }

  function onKeyDown(event) {
    // Enter sends; Shift+Enter is a new line; Enter that confirms an IME composition (Chinese,
    // Japanese, Korean input) must not send half-typed text.
    if (event.key !== "Enter" || event.shiftKey) {
      return;
    }
    if (event.isComposing || state.composing || event.keyCode === 229) {
      return;
    }
    event.preventDefault();
    onSubmit(event);
  }

  // ---- the cart ----------------------------------------------------------------------------

  function showCartCount(count) {
    ui.cartCount.textContent = String(count);
    ui.badge.textContent = String(count);
    ui.badge.hidden = !count;
    ui.cartButton.setAttribute("aria-label", t("cart") + ": " + count);
  }

  function renderCart(cart) {
    showCartCount(cart.item_count);
    ui.cartLines.textContent = "";
    if (!cart.lines.length) {
      ui.cartLines.appendChild(el("li", { text: t("emptyCart") }));
    }
    cart.lines.forEach(function (line) {
      ui.cartLines.appendChild(
        el("li", { className: "sa-cart-line" }, [
          el("span", { text: line.quantity + " × " + line.title }),
          el("span", { text: line.line_total.display }),
        ])
      );
    });
    ui.cartTotal.textContent = t("total") + ": " + cart.total.display;
  }

  function refreshCart() {
    return api("/cart")
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (cart) {
        if (cart) {
          renderCart(cart);
        }
      });
  }

  function toggleCart() {
    var opening = ui.cart.hidden;
    ui.cart.hidden = !opening;
    ui.cartButton.setAttribute("aria-expanded", String(opening));
    if (opening) {
      refreshCart();
    }
  }

  function addToCart(card, button) {
    button.disabled = true;
    api("/cart/items", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Idempotency-Key": uuid() },
      body: JSON.stringify({ sku: card.sku, quantity: 1 }),
    })
      .then(function (response) {
        if (!response.ok) {
          return errorText(response).then(addNote);
        }
        return response.json().then(function (cart) {
          renderCart(cart);
          track("cart.updated");
          ui.announce.textContent = t("added") + card.title;
        });
      })
      .catch(function () {
        addNote(t("failed"));
      })
      .then(function () {
        button.disabled = card.availability === "out_of_stock";
      });
  }

  // ---- shopper events and the proactive guide ---------------------------------------------
  // The page says what it shows: data-page="product|cart|checkout" and data-product="<id,
  // handle or SKU>" on the script tag (or any element with data-sales-assistant-product).
  // Events are queued and sent every few seconds, and with fetch's keepalive when the page is
  // hidden (sendBeacon cannot send the session token). The answer may carry an opener, already
  // in the conversation; on a checkout page none is ever shown.

  var EVENTS_FLUSH_MS = 5000;
  var GUIDE_OFF_KEY = "sales-assistant:" + STORE + ":guide-off";
  var TEXT_GUIDE = {
    en: { reply: "Reply", off: "No more tips", dismiss: "Dismiss" },
    zh: { reply: "回复", off: "不再提示", dismiss: "关闭" },
  };
  var guide = { queue: [], page: "other", product: null, visibleMs: 0, shownFrom: null, left: false };

  function guideText(key) {
    return (TEXT_GUIDE[state.lang] || TEXT_GUIDE.en)[key];
  }

  function guideOff() {
    try {
      return window.localStorage.getItem(GUIDE_OFF_KEY) === "1";
    } catch (ignored) {
      return false;
    }
  }

  function track(kind, payload) {
    var event = Object.assign({ kind: kind }, payload || {});
    guide.queue.push(event);
    if (guide.queue.length >= 50) {
      flushEvents(false);
    }
  }

  function dwellSeconds() {
    var ms = guide.visibleMs + (guide.shownFrom ? Date.now() - guide.shownFrom : 0);
    return Math.floor(ms / 1000);
  }

  function flushEvents(leaving) {
    if (guide.page === "product" && guide.product && dwellSeconds() >= 1) {
      track("product.dwell", { product: guide.product, seconds: dwellSeconds() });
    }
    if (!guide.queue.length) {
      return Promise.resolve();
    }
    var batch = { page: guide.page, events: guide.queue.splice(0, 50) };
    return api("/events", {
      method: "POST",
      keepalive: !!leaving,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(batch),
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (answer) {
        if (answer && answer.opener) {
          showOpener(answer.opener);
        }
        return answer;
      })
      .catch(function () {
        /* events are best effort: a lost batch only means a missed tip */
      });
  }

  function showOpener(opener) {
    if (guide.page === "checkout" || guideOff()) {
      return;
    }
    state.lang = opener.language || state.lang;
    if (!ui.panel.hidden) {
      poll();
      return;
    }
    if (ui.opener) {
      ui.opener.remove();
    }
    ui.opener = el("div", { className: "sa-opener", role: "status", lang: opener.language }, [
      el("p", { className: "sa-opener-text", text: opener.text }),
      el("div", { className: "sa-opener-actions" }, [
        el("button", {
          type: "button",
          className: "sa-opener-reply",
          text: guideText("reply"),
          onclick: function () {
            ui.opener.remove();
            ui.opener = null;
            open();
            if (state.loaded) {
              poll();
            }
          },
        }),
        el("button", {
          type: "button",
          className: "sa-opener-off",
          text: guideText("off"),
          onclick: switchGuideOff,
        }),
        el("button", {
          type: "button",
          className: "sa-opener-dismiss",
          "aria-label": guideText("dismiss"),
          text: "×",
          onclick: function () {
            ui.opener.remove();
            ui.opener = null;
          },
        }),
      ]),
    ]);
    ui.root.insertBefore(ui.opener, ui.launcher);
  }

  function switchGuideOff() {
    try {
      window.localStorage.setItem(GUIDE_OFF_KEY, "1");
    } catch (ignored) {
      /* the service remembers it for the session anyway */
    }
    if (ui.opener) {
      ui.opener.remove();
      ui.opener = null;
    }
    return api("/guide/switch-off", { method: "POST" }).catch(function () {
      /* tried again with the next opener */
    });
  }

  function onLeaving(via) {
    if (guide.left) {
      return;
    }
    guide.left = true;
    track("page.leaving", { via: via });
    flushEvents(false);
  }

  function startGuide() {
    var marked = document.querySelector("[data-sales-assistant-product]");
    guide.page = script.dataset.page || (marked ? "product" : "other");
    guide.product =
      script.dataset.product || (marked && marked.getAttribute("data-sales-assistant-product"));
    if (guide.page === "checkout") {
      track("checkout.started");
    } else if (guide.product) {
      var viewed = { product: guide.product };
      if (script.dataset.sku) {
        viewed.sku = script.dataset.sku;
      }
      track("product.viewed", viewed);
    }
    guide.shownFrom = document.visibilityState === "visible" ? Date.now() : null;
    window.setInterval(function () {
      if (document.visibilityState === "visible") {
        flushEvents(false);
      }
    }, EVENTS_FLUSH_MS);
    flushEvents(false);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") {
        if (guide.shownFrom) {
          guide.visibleMs += Date.now() - guide.shownFrom;
          guide.shownFrom = null;
        }
        flushEvents(true);
      } else {
        guide.shownFrom = Date.now();
      }
    });
    // Desktop: the pointer leaves through the top of the window (towards the tabs or the
    // address bar). Phone: the back button, caught once through a history entry of our own.
    document.addEventListener("mouseout", function (event) {
      if (!event.relatedTarget && event.clientY <= 0) {
        onLeaving("pointer");
      }
    });
    if (window.matchMedia && window.matchMedia("(pointer: coarse)").matches && history.pushState) {
      history.pushState({ salesAssistant: true }, "");
      window.addEventListener("popstate", function () {
        if (guide.left) {
          return;
        }
        onLeaving("back");
        window.setTimeout(function () {
          if (!ui.opener) {
            history.back();
          }
        }, 1500);
      });
    }
  }

  // ---- cart recovery: the reminder of a left cart, and marketing consent --------------------
  // On a visit the widget asks once for a reminder waiting for this shopper (or brings back
  // the cart a reminder's link names, `?sa_resume=`), shows the cart at live prices with its
  // coupon and a button back to the cart. An identified customer (the page passes the
  // merchant-signed token as data-customer-token) sees an opt-in for e-mails in the cart.

  var RECOVERY_TEXT = {
    en: {
      reminder: "You left something in your cart",
      offer: "Use code {code} for {percent}% off",
      back: "Back to my cart",
      consent: "Email me about my cart and offers. I can unsubscribe at any time.",
      personal: "Suggest products from what I bought before.",
    },
    zh: {
      reminder: "您的购物车里还有商品",
      offer: "使用优惠码 {code} 可享 {percent}% 折扣",
      back: "返回购物车",
      consent: "通过邮件提醒我购物车和优惠信息。我可以随时退订。",
      personal: "根据我的购买记录推荐商品。",
    },
  };

  function recoveryText(key) {
    return (RECOVERY_TEXT[state.lang] || RECOVERY_TEXT.en)[key];
  }

  function recoveryIdentify() {
    var token = script.dataset.customerToken;
    if (!token || (state.session && state.session.identified)) {
      return Promise.resolve();
    }
    return api("/sessions/identify", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ customer_token: token }),
    }).then(function (response) {
      if (response.ok && state.session) {
        state.session.identified = true;
        try {
          window.localStorage.setItem(STORAGE_KEY, JSON.stringify(state.session));
        } catch (ignored) {
          /* the session lasts as long as the page */
        }
      }
    });
  }

  function recoveryBack(reminder, button) {
    button.disabled = true;
    var applied = Promise.resolve();
    if (reminder.offer) {
      applied = api("/cart/coupon", {
        method: "POST",
        headers: { "Content-Type": "application/json", "Idempotency-Key": uuid() },
        body: JSON.stringify({ code: reminder.offer.code }),
      });
    }
    applied
      .catch(function () {
        /* the cart still opens; the code is shown above */
      })
      .then(function () {
        if (ui.cart.hidden) {
          toggleCart();
        } else {
          refreshCart();
        }
        button.disabled = false;
      });
  }

  function recoveryShow(reminder) {
    var cart = reminder.cart;
    if (!cart || !cart.lines.length) {
      return;
    }
    var lines = el(
      "ul",
      { className: "sa-reminder-lines" },
      cart.lines.map(function (line) {
        return el("li", { text: line.quantity + " × " + line.title + " " + line.line_total.display });
      })
    );
    var button = el("button", { type: "button", className: "sa-reminder-back", text: recoveryText("back") });
    button.addEventListener("click", function () {
      recoveryBack(reminder, button);
    });
    var children = [
      el("h3", { text: recoveryText("reminder") }),
      lines,
      el("p", { className: "sa-reminder-total", text: t("total") + ": " + cart.total.display }),
    ];
    if (reminder.offer) {
      children.push(
        el("p", {
          className: "sa-reminder-offer",
          text: recoveryText("offer")
            .replace("{code}", reminder.offer.code)
            .replace("{percent}", String(reminder.offer.percent_off)),
        })
      );
    }
    children.push(button);
    ui.messages.appendChild(el("li", { className: "sa-msg sa-reminder" }, children));
    showCartCount(cart.item_count);
    if (ui.panel.hidden) {
      open();
    }
    scrollToEnd();
  }

  function recoveryConsent() {
    if (!state.session || !state.session.identified || ui.consent) {
      return;
    }
    var box = el("input", { type: "checkbox", id: "sa-consent", className: "sa-consent-box" });
    ui.consent = el("p", { className: "sa-consent" }, [
      box,
      el("label", { for: "sa-consent", text: recoveryText("consent") }),
    ]);
    ui.cart.appendChild(ui.consent);
    api("/recovery/consent")
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (consent) {
        box.checked = Boolean(consent && consent.granted);
      });
    box.addEventListener("change", function () {
      api("/recovery/consent", {
        method: "PUT",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ granted: box.checked, language: state.lang }),
      }).then(function (response) {
        if (!response.ok) {
          box.checked = !box.checked;
        }
      });
    });
  }

  // Personal suggestions (from the customer's purchase history) are on unless they untick this;
  // the assistant honours the choice from the next message.
  function personalisationSwitch() {
    if (!state.session || !state.session.identified || ui.personal) {
      return;
    }
    var box = el("input", { type: "checkbox", id: "sa-personal", className: "sa-consent-box" });
    ui.personal = el("p", { className: "sa-consent sa-personal" }, [
      box,
      el("label", { for: "sa-personal", text: recoveryText("personal") }),
    ]);
    ui.cart.appendChild(ui.personal);
    api("/personalisation")
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (choice) {
        box.checked = Boolean(choice && choice.enabled);
      });
    box.addEventListener("change", function () {
      api("/personalisation", {
        method: "PUT",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ enabled: box.checked }),
      }).then(function (response) {
        if (!response.ok) {
          box.checked = !box.checked;
        }
      });
    });
  }

  function recoveryStart() {
    var token = new URLSearchParams(window.location.search).get("sa_resume");
    if (!token && !state.session && !state.previousToken && !script.dataset.customerToken) {
      return;
    }
    recoveryIdentify()
      .then(function () {
        recoveryConsent();
        personalisationSwitch();
        if (token) {
          return api("/recovery/resume", {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ token: token }),
          }).then(function (response) {
            return response.ok ? response.json() : null;
          });
        }
        return api("/recovery/reminder")
          .then(function (response) {
            return response.ok ? response.json() : null;
          })
          .then(function (pending) {
            return pending && pending.reminder;
          });
      })
      .then(function (reminder) {
        if (reminder) {
          recoveryShow(reminder);
        }
      })
      .catch(function () {
        /* no reminder this time */
      });
  }

  // ---- start -------------------------------------------------------------------------------

  function init() {
    build();
    state.session = storedSession();
    if (state.session) {
      restore();
    }
    recoveryStart();
    document.addEventListener("click", function (event) {
      var target = event.target.closest && event.target.closest("[data-sales-assistant-ask]");
      if (target) {
        open();
        send(target.getAttribute("data-sales-assistant-ask"));
      }
    });
    // Back from another tab (say, the checkout page): catch up with what was written meanwhile.
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible" && state.session && state.loaded) {
        poll();
      }
    });
    startGuide();
    window.SalesAssistant = {
      open: open,
      close: close,
      track: track,
      flush: flushEvents,
      ask: function (text) {
        open();
        send(text);
      },
    };
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
