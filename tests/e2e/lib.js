/*
 * lib.js - what the kiosk's and the console's browser tests share: the
 * step counter ("N passed, N failed"), assert, the SMS file, axe-core with
 * the WCAG tags we hold to, and the 48 x 48 px touch-target check.
 */
"use strict";

const fs = require("fs");

const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

/* Steps run so far. */
const counts = { passed: 0, failed: 0 };

function assert(cond, what) {
	if (!cond)
		throw new Error(what);
}

/* Run one named step; a failure is counted and printed, not thrown. */
async function step(name, fn) {
	try {
		await fn();
		counts.passed++;
		console.log("ok   " + name);
	} catch (e) {
		counts.failed++;
		console.log("FAIL " + name + ": " + (e && e.stack ? e.stack.split("\n").slice(0, 3).join(" | ") : e));
	}
}

/* The lines of the file provider's SMS file so far, parsed. */
function smsLines(file) {
	try {
		return fs.readFileSync(file, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
	} catch (e) {
		return [];
	}
}

/*
 * axe on the page as it is now; adds a line to report (when given) and
 * asserts 0 violations.
 */
async function axe(page, label, report) {
	await page.evaluate(AXE_SOURCE);
	const res = await page.evaluate((tags) => window.axe.run(document, {
		runOnly: { type: "tag", values: tags },
		resultTypes: ["violations"],
	}), AXE_TAGS);
	if (report)
		report.push({ state: label, violations: res.violations.length, passes: (res.passes || []).length });
	const v = res.violations.map((x) => x.id + " (" + x.impact + "): " +
	    x.nodes.slice(0, 2).map((n) => n.target.join(" ")).join(", "));
	assert(res.violations.length === 0, "axe " + label + ": " + v.join("; "));
}

/* Every visible control must be at least 48 x 48 px. */
async function touchTargets(page, label) {
	const small = await page.evaluate(() => {
		const out = [];
		for (const el of document.querySelectorAll("a, button, input:not([type=hidden]), select")) {
			const r = el.getBoundingClientRect();
			const s = getComputedStyle(el);
			if (r.width === 0 || s.visibility === "hidden" || el.closest("[hidden]"))
				continue;
			if (r.width < 48 || r.height < 48)
				out.push((el.textContent || el.name || el.tagName).trim().slice(0, 30) +
				    " " + Math.round(r.width) + "x" + Math.round(r.height));
		}
		return out;
	});
	assert(small.length === 0, "small touch targets on " + label + ": " + small.join(", "));
}

module.exports = { AXE_TAGS, counts, assert, step, smsLines, axe, touchTargets };
