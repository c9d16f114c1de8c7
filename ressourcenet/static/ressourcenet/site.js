// Start DKFDS components (accordions, details, alerts) once the page is parsed.
document.addEventListener("DOMContentLoaded", function () {
  if (window.DKFDS && typeof window.DKFDS.init === "function") {
    window.DKFDS.init();
  }
});

// An error summary that htmx swaps in gets DKFDS's links as well (DKFDS.init starts only
// the one a page loads with): each moves to its field with the field's label in view.
// htmx:load comes before htmx:afterSettle, so the focus below still has the last word.
document.addEventListener("htmx:load", function (event) {
  var root = event.target;
  if (root === document.body || !root.querySelectorAll || !window.DKFDS) {
    return;
  }
  var selector = '[data-module="error-summary"]';
  var summaries = Array.prototype.slice.call(root.querySelectorAll(selector));
  if (root.matches(selector)) {
    summaries.unshift(root);
  }
  summaries.forEach(function (summary) {
    new window.DKFDS.ErrorSummary(summary).init();
  });
});

// Feedback where the eye is. After a page load or an htmx swap, the element that
// carries the result of the action gets the focus (so the page scrolls to it and a
// screen reader starts reading there) and its text is read out through one lasting
// live region (a region that is swapped in is not reliably announced).
//
//   data-focus-here   the message or error summary to move to; the first one wins
//   data-announce     text to read out when it arrives (the attribute's value, or the
//                     element's own text when the value is empty)
//   data-focus-after-swap
//                     a swapped region to fall back to when it holds no message
(function () {
  function announce(text) {
    var region = document.getElementById("announcer");
    if (!region || !text) {
      return;
    }
    // Clear first: the same sentence twice in a row is otherwise not read again.
    region.textContent = "";
    window.setTimeout(function () {
      region.textContent = text;
    }, 100);
  }

  function announcementIn(root) {
    var parts = [];
    var elements = root.querySelectorAll("[data-announce]");
    if (root.hasAttribute && root.hasAttribute("data-announce")) {
      elements = [root].concat(Array.prototype.slice.call(elements));
    }
    Array.prototype.forEach.call(elements, function (element) {
      var text = element.getAttribute("data-announce") || element.textContent;
      text = text.replace(/\s+/g, " ").trim();
      if (text) {
        parts.push(text);
      }
    });
    return parts.join(" ");
  }

  function focusWithin(root) {
    var target = root.matches && root.matches("[data-focus-here]") ? root : root.querySelector("[data-focus-here]");
    if (!target && root.matches && root.matches("[data-focus-after-swap]")) {
      target = root;
    }
    if (target && target.isConnected) {
      if (!target.hasAttribute("tabindex")) {
        target.setAttribute("tabindex", "-1");
      }
      target.focus();
      return true;
    }
    return false;
  }

  function settle(root) {
    focusWithin(root);
    announce(announcementIn(root));
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (document.querySelector("[data-focus-here]")) {
      settle(document.body);
    } else {
      announce(announcementIn(document.body));
    }
  });

  // A page opened at a fragment (a refused form posts to its own anchor, a saved change
  // returns to #main-content, so that without JavaScript too the page opens where the
  // message is): the browser's move to the fragment comes after the focus above and takes
  // it away, or to the fragment's element. Give it back, once the page has loaded.
  window.addEventListener("load", function () {
    var active = document.activeElement;
    var fragment = window.location.hash && document.getElementById(window.location.hash.slice(1));
    if (fragment && (active === document.body || active === fragment)) {
      focusWithin(document.body);
    }
  });

  // afterSettle, not afterSwap: with an outerHTML swap the event's target is the old,
  // removed element, so look the new one up again by its id.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    if (target && !target.isConnected && target.id) {
      target = document.getElementById(target.id);
    }
    // htmx reports every element it settled, out-of-band ones too (a design check beside
    // an agenda): act once, for the request's own target, or the result is read out twice.
    if (event.target !== target) {
      return;
    }
    if (target && target.isConnected) {
      settle(target);
    }
  });
})();

// The live board (live/_mark_form.html): while the note-taker has an idea's marking form
// open, the board's poll does not replace it, or the choice half made would be lost. The
// board catches up at the first poll after the form is closed.
document.addEventListener("htmx:beforeSwap", function (event) {
  var target = event.detail.target;
  if (target && target.id === "live-board" && target.querySelector("details.live-mark[open]")) {
    event.detail.shouldSwap = false;
  }
});

// When the board's poll takes away the element that had the focus (the answer to a +1
// once the board has changed), the focus goes back to that idea, not to the page's top.
(function () {
  var lostIdea = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    var active = document.activeElement;
    lostIdea = null;
    if (target && target.id === "live-board" && active && target.contains(active)) {
      var idea = active.closest("li.live-idea[id]");
      lostIdea = idea ? idea.id : null;
    }
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    if (!lostIdea || !target || target.id !== "live-board") {
      return;
    }
    var active = document.activeElement;
    if (!active || active === document.body || !active.isConnected) {
      var idea = document.getElementById(lostIdea);
      if (idea) {
        idea.setAttribute("tabindex", "-1");
        idea.focus();
      }
    }
    lostIdea = null;
  });
})();

// The time-keeper's clock (meetings/clock.html): its poll refreshes the buttons too, so
// that they name the item running now. It waits while a button is being pressed or one of
// its moves is on its way, so a poll never takes a button from under the finger; a button
// that has the focus gets it back after the swap (htmx keeps the focus of an element
// with an id).
document.addEventListener("htmx:beforeSwap", function (event) {
  var target = event.detail.target;
  if (
    target &&
    target.id === "clock-live" &&
    target.querySelector("button:active, form.htmx-request, button.htmx-request")
  ) {
    event.detail.shouldSwap = false;
  }
});
