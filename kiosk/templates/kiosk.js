(function () {
	"use strict";
	var body = document.body;
	var dialog = document.getElementById("still-here");
	/* Under a site (/s/NAME/...) the kiosk's own paths begin with it. */
	var base = (/^\/s\/[a-z0-9-]+(?=\/)/.exec(location.pathname) || [""])[0];

	/*
	 * MitID in a pop-up (kiosk/page_mitid.c).  In the pop-up (the
	 * window called "mitid" whose opener is a kiosk page): hand the
	 * screen to show to the opener - the agreement from /mitid/done,
	 * any other kiosk page its own address (a refusal, the start screen)
	 * - and close.  An opener gone, or one the broker's opener policy
	 * cut off, leaves this a normal kiosk window.
	 */
	if (window.name === "mitid" && window.opener) {
		try {
			if (window.opener.location.origin === location.origin) {
				var next = document.querySelector("[data-next]");
				window.opener.location.replace(next ? next.href : location.href);
				document.documentElement.hidden = true;
				window.close();
				return;
			}
		} catch (e) {
			/* Another origin, or closed: stay. */
		}
	}

	/*
	 * On the start screen: "Log ind med MitID" opens the broker in a
	 * pop-up and this window waits, showing only "MitID er åbnet i et
	 * nyt vindue" with Afbryd.  The broker's pages run no timer of ours,
	 * so this window closes the pop-up when the sign-in's time
	 * (data-mitid-timeout seconds) is up, and shows the start screen
	 * with "took too long".  /mitid/cancel forgets the sign-in on the
	 * server.  Pop-ups blocked: the link goes to the broker in this
	 * window, as without the script.
	 */
	var mitid = document.querySelector("a[data-mitid-timeout]");
	var mitidWait = document.getElementById("mitid-wait");
	if (mitid && mitidWait) {
		mitid.addEventListener("click", function (e) {
			var url = mitid.href + (mitid.href.indexOf("?") < 0 ? "?" : "&") + "popup=1";
			var popup = window.open(url, "mitid", "popup");
			var main = document.getElementById("main");
			var lang = document.querySelector(".kiosk-lang");

			if (!popup)
				return;
			e.preventDefault();
			function giveUp(why) {
				try {
					popup.close();
				} catch (err) {
					/* Nothing to close. */
				}
				location.replace(base + "/mitid/cancel" + (why ? "?why=" + why : ""));
			}
			Array.prototype.forEach.call(main.children, function (c) {
				c.hidden = c !== mitidWait;
			});
			if (lang)
				lang.hidden = true;
			document.getElementById("mitid-cancel").addEventListener("click", function () {
				giveUp(null);
			});
			setTimeout(function () {
				giveUp("late");
			}, Number(mitid.getAttribute("data-mitid-timeout")) * 1000);
			document.getElementById("mitid-wait-heading").focus();
		});
	}

	/* A page shown again from the back/forward cache asks the server. */
	window.addEventListener("pageshow", function (e) {
		if (e.persisted)
			location.reload();
	});

	function digits(v) {
		return v.replace(/[^0-9]/g, "").length;
	}

	/* Typing again takes away the old error (the server checks anew). */
	function clearError(input) {
		var group = input.closest(".form-error"), msg;
		if (!group)
			return;
		group.classList.remove("form-error");
		input.removeAttribute("aria-invalid");
		msg = group.querySelector(".form-error-message");
		if (msg)
			msg.parentNode.removeChild(msg);
	}

	/* "4 af 10 cifre" under a masked field. */
	function count(input) {
		clearError(input);
		var out = document.querySelector("[data-count-for='" + input.id + "']");
		if (out)
			out.textContent = out.getAttribute("data-pattern").replace("#", digits(input.value));
	}

	/* The on-screen keypad types into its field without a round trip. */
	Array.prototype.forEach.call(document.querySelectorAll("[data-for]"), function (pad) {
		var input = document.getElementById(pad.getAttribute("data-for"));
		if (!input)
			return;
		input.addEventListener("input", function () { count(input); });
		pad.addEventListener("click", function (e) {
			var key = e.target.closest("button"), v = input.value;
			if (!key)
				return;
			e.preventDefault();
			if (key.value === "back")
				v = v.slice(0, -1);
			else if (key.value === "clear")
				v = "";
			else if (v.length < input.maxLength)
				v += key.value;
			input.value = v;
			count(input);
		});
	});

	if (!dialog)
		return;

	/*
	 * Time limits.  Idle: every tap, key and pointer movement starts the
	 * idle time again, and tells the server (at most every few seconds,
	 * always after the last activity), so the server's own limit, a little
	 * longer, never ends a session someone is using.  After "idle" seconds
	 * without activity the dialog hides the page and counts down "warn"
	 * seconds; then the page wipes itself.  Absolute: "warn" seconds
	 * before the session's end the dialog offers more time (a fixed number
	 * of times).  The dialog's button keeps the page as it is.
	 */
	var num = function (name) { return Number(body.getAttribute(name)); };
	var idle = num("data-idle") * 1000, warn = num("data-warn") * 1000;
	var max = num("data-max") * 1000, extendsLeft = num("data-extend");
	var deadline = Date.now() + num("data-left") * 1000;
	var last = Date.now(), pinged = last, pingTimer = null;
	var pingEvery = Math.min(10000, idle / 4);
	var mode = null, seen = false, before = null;
	var form = dialog.querySelector("form");
	var button = form.querySelector("button");
	var counter = document.getElementById("still-here-count");
	/*
	 * The countdown's plural comes from the server: every form of the
	 * catalogue's text ("#" for the number) and, for each number of
	 * seconds, which form it takes (one digit each), so the script
	 * needs no plural rule of its own (Arabic has six forms).
	 */
	var forms = JSON.parse(counter.getAttribute("data-forms"));
	var formOf = counter.getAttribute("data-form-of");
	var parts = ["still-here-title", "still-here-text"].map(function (id) {
		return document.getElementById(id);
	});
	var page = [".kiosk-header", ".kiosk-lang", "#main"].map(function (s) {
		return document.querySelector(s);
	});

	function send(extend) {
		return fetch(base + "/active", {
			method: "POST",
			credentials: "same-origin",
			headers: { "Content-Type": "application/x-www-form-urlencoded" },
			body: "csrf=" + encodeURIComponent(form.elements.csrf.value) +
			    (extend ? "&extend=1" : ""),
		});
	}

	/* The server has ended the session: show where it sends us. */
	function ended(r) {
		document.documentElement.hidden = true;
		location.replace(r.redirected ? r.url : base + "/");
	}

	function ping() {
		pingTimer = null;
		pinged = Date.now();
		send(false).then(function (r) {
			if (r.redirected || !r.ok)
				ended(r);
		}, function () {});
	}

	function active() {
		if (mode)
			return;
		last = Date.now();
		if (!pingTimer)
			pingTimer = setTimeout(ping, Math.max(0, pinged + pingEvery - last));
	}
	["pointerdown", "pointermove", "keydown", "touchstart", "wheel", "input"].forEach(function (t) {
		document.addEventListener(t, active, { capture: true, passive: true });
	});

	function setTexts(m) {
		parts.concat([button]).forEach(function (e) {
			e.textContent = e.getAttribute("data-" + m);
		});
	}

	/* Show the dialog in mode m ("idle", "session" or "last"). */
	function show(m) {
		if (mode === m)
			return;
		if (!mode) {
			before = document.activeElement;
			body.classList.add("kiosk-veiled");
			page.forEach(function (e) { if (e) e.inert = true; });
		}
		mode = m;
		setTexts(m);
		dialog.hidden = false;
		button.focus();
	}

	function hide() {
		mode = null;
		dialog.hidden = true;
		body.classList.remove("kiosk-veiled");
		page.forEach(function (e) { if (e) e.inert = false; });
		if (before && before.focus)
			before.focus({ preventScroll: true });
	}

	function wipe(why) {
		document.documentElement.hidden = true;
		location.replace(base + "/timeout?why=" + why);
	}

	function tick() {
		var now = Date.now(), idleEnd = last + idle + warn;
		var end = Math.min(idleEnd, deadline), n;

		if (now >= end) {
			wipe(deadline <= idleEnd ? "ended" : "idle");
			return;
		}
		if (now >= deadline - warn && !seen)
			show(extendsLeft > 0 ? "session" : "last");
		else if (now >= last + idle)
			show(mode || "idle");
		if (mode) {
			n = Math.ceil((end - now) / 1000);
			counter.textContent = forms[Number(formOf.charAt(
			    Math.min(n, formOf.length - 1)))].replace("#", n);
		}
		setTimeout(tick, 1000 - (now % 1000));
	}

	form.addEventListener("submit", function (e) {
		var extend = mode === "session";

		e.preventDefault();
		if (mode === "last") {
			seen = true;
			hide();
			return;
		}
		form.elements.extend.value = extend ? "1" : "0";
		send(extend).then(function (r) {
			if (r.status === 409) {
				extendsLeft = 0;
				show("last");
				return;
			}
			if (r.redirected || !r.ok)
				return ended(r);
			if (extend) {
				extendsLeft--;
				deadline = Date.now() + max;
			}
			last = pinged = Date.now();
			hide();
		}, function () {
			form.submit();
		});
	});

	tick();
})();
