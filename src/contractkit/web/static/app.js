// contractkit serve: what htmx does not do by itself. No inline scripts (the pages' Content-Security-Policy).
(function () {
  "use strict";

  // A request htmx could not complete (refused, too large, server down): say so where the page shows messages,
  // instead of leaving the button looking as if nothing happened.
  // The page's words for these messages, in its language (data-say-* on <body>), with {name} to fill in.
  function say(name, fallback, values) {
    var text = (document.body && document.body.getAttribute("data-say-" + name)) || fallback;
    Object.keys(values || {}).forEach(function (key) {
      text = text.split("{" + key + "}").join(String(values[key]));
    });
    return text;
  }

  function showError(text) {
    var flash = document.getElementById("flash");
    if (!flash) return;
    flash.className = "flash error";
    flash.textContent = text;
    flash.hidden = false;
    flash.scrollIntoView({ block: "nearest" });
  }

  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    var text = (xhr && xhr.responseText) || "";
    var parsed = new DOMParser().parseFromString(text, "text/html");
    var message = parsed.querySelector("#message-text");
    showError(
      message
        ? message.textContent.trim()
        : say("refused", "The request was refused ({status}).", { status: xhr ? xhr.status : "?" })
    );
  });

  document.addEventListener("htmx:sendError", function () {
    showError(say("unreachable", "The contractkit server cannot be reached: is `contractkit serve` still running?"));
  });

  // A file larger than the server takes is refused before it is sent.
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input || input.type !== "file" || !input.files || !input.files.length) return;
    var limit = parseInt(input.getAttribute("data-max-bytes") || "0", 10);
    if (limit && input.files[0].size > limit) {
      input.setCustomValidity(
        say("too-large", "This file is larger than the server takes ({mib} MiB).", { mib: Math.floor(limit / 1048576) })
      );
    } else {
      input.setCustomValidity("");
    }
    input.reportValidity();
  });
})();

// A link to a closed editor (the schedule's table links to each node) opens it.
(function () {
  "use strict";
  function openTarget() {
    var id = decodeURIComponent((window.location.hash || "").slice(1));
    var target = id && document.getElementById(id);
    if (target && target.tagName === "DETAILS") target.open = true;
  }
  window.addEventListener("hashchange", openTarget);
  document.addEventListener("DOMContentLoaded", openTarget);
})();
