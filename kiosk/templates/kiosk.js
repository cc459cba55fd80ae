(function () {
	"use strict";
	var body = document.body;
	var dialog = document.getElementById("still-here");

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
	/* Idle: ask "are you still there?", then wipe and go back to the start. */
	var idle = Number(body.getAttribute("data-idle")) * 1000;
	var warn = Number(body.getAttribute("data-warn")) * 1000;
	var left = Number(body.getAttribute("data-left")) * 1000;
	setTimeout(function () {
		document.getElementById("main").inert = true;
		dialog.hidden = false;
		dialog.querySelector("button").focus();
	}, Math.max(0, Math.min(idle, left - warn)));
	setTimeout(function () {
		document.documentElement.hidden = true;
		location.replace("/timeout");
	}, Math.min(idle + warn, left));
})();
