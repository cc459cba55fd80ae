/*
 * languages.js - the kiosk walked in every language it offers: start,
 * sign in (CPR and code), agreement, ask to be called, the confirmation,
 * complaints, sign out.  Run from kiosk.e2e.js with its browser and
 * kiosk; scripts/run-e2e.sh adds one citizen per language (c-lang-LANG,
 * CPR 15057N-2468, mobile +45200002N0, N its place in that list).
 *
 * The languages are the kiosk's own switcher (lang.c's table through the
 * server), so an eighth language is walked without touching this file.
 * Every screen state, in every language:
 *   - <html lang> is the language, dir="rtl" for Arabic, "ltr" otherwise;
 *   - axe-core finds no violation;
 *   - no raw text: no fragment of a Danish msgid (the source) and no
 *     fragment of an English text shows in a page of another language,
 *     unless that language's own catalogue holds it too; text marked
 *     with another lang (staff text lang="da", the switcher's names) is
 *     left out; no {placeholder} is left;
 *   - nothing is wider than the screen at 1280 x 1024 and at 320 px:
 *     scrollWidth <= clientWidth for the page and the kiosk's containers,
 *     and no element reaches past either edge (right to left, content
 *     that overflows to the left does not scroll, so scrollWidth alone
 *     would miss it);
 *   - a screenshot in SHOTS_DIR/LANG/ (at 320 px too for start, CPR and
 *     agreement).
 * Arabic also: the number pad is not mirrored (1 2 3 from the left) and
 * types its digits in order.  Every language but Danish: staff text is
 * marked lang="da" (and dir="ltr" right to left), the crisis line's
 * English fallback lang="en"; the configured desk.ar reaches the Arabic
 * page, the others get English, never the Danish desk text; the idle
 * countdown's forms are the catalogue's.
 */
"use strict";

const fs = require("fs");
const path = require("path");
const lib = require("./lib");
const { assert, step } = lib;

const PO_DIR = path.join(__dirname, "../../po");
const WIDE = { width: 1280, height: 1024 };
const NARROW = { width: 320, height: 640 };
/* Screenshots at 320 px too (each costs as much as an axe run). */
const NARROW_SHOTS = new Set(["start", "cpr", "agreement"]);
/* Shorter fragments ("OK", "Start", a name) may rightly be the same. */
const FRAGMENT_MIN = 12;

/* One .po string: the quoted parts of a keyword line and what follows. */
function poString(lines, i) {
	let s = "";
	const take = (l) => JSON.parse(l.slice(l.indexOf("\"")));
	s += take(lines[i]);
	while (i + 1 < lines.length && lines[i + 1].startsWith("\""))
		s += take(lines[++i]);
	return { s, next: i };
}

/* The entries of one .po file: { id, plural, strs[] }, header left out. */
function parsePo(file) {
	const lines = fs.readFileSync(file, "utf8").split("\n");
	const out = [];
	let e = null;
	for (let i = 0; i < lines.length; i++) {
		const l = lines[i];
		const kw = l.match(/^(msgid|msgid_plural|msgstr(\[\d+\])?) "/);
		if (!kw)
			continue;
		const r = poString(lines, i);
		i = r.next;
		if (kw[1] === "msgid") {
			e = { id: r.s, plural: "", strs: [] };
			out.push(e);
		} else if (kw[1] === "msgid_plural") {
			e.plural = r.s;
		} else {
			e.strs.push(r.s);
		}
	}
	return out.filter((x) => x.id !== "");
}

/* A language's catalogue: po/LANG.po and its fragments po/LANG/*.po. */
function catalogue(lang) {
	const files = [path.join(PO_DIR, lang + ".po")];
	const dir = path.join(PO_DIR, lang);
	if (fs.existsSync(dir))
		for (const f of fs.readdirSync(dir).sort())
			if (f.endsWith(".po"))
				files.push(path.join(dir, f));
	return files.filter((f) => fs.existsSync(f)).flatMap(parsePo);
}

/* The pieces of a text between its {placeholders} worth looking for. */
function fragments(text) {
	return text.split(/\{[a-z_]+\}|\n/).map((s) => s.trim())
	    .filter((s) => s.length >= FRAGMENT_MIN && /\s/.test(s));
}

/*
 * The fragments that must not show in a page in lang: Danish msgids
 * (unless lang is Danish) and English texts (unless lang is English),
 * less those lang's own texts hold as well.
 */
function forbidden(lang, english) {
	const own = lang === "da" ?
	    english.flatMap((e) => [e.id, e.plural]).join("\n") :
	    catalogue(lang).flatMap((e) => e.strs).join("\n");
	const set = new Set();
	for (const e of english) {
		if (lang !== "da")
			for (const f of fragments(e.id + "\n" + e.plural))
				set.add(f);
		if (lang !== "en")
			for (const s of e.strs)
				for (const f of fragments(s))
					set.add(f);
	}
	return [...set].filter((f) => !own.includes(f));
}

/*
 * In the page: the text written in lang (text nodes whose nearest lang
 * attribute is lang, and the attributes people hear or the script shows).
 */
function pageText(page, lang) {
	return page.evaluate((lang) => {
		const out = [document.title];
		const inLang = (el) => {
			const l = el.closest("[lang]");
			return l !== null && l.getAttribute("lang") === lang;
		};
		const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
		for (let n = walk.nextNode(); n; n = walk.nextNode()) {
			const el = n.parentElement;
			if (el && !/^(SCRIPT|STYLE)$/.test(el.tagName) && inLang(el))
				out.push(n.nodeValue);
		}
		const attrs = ["aria-label", "title", "alt", "placeholder", "data-idle",
		    "data-session", "data-last", "data-forms", "data-pattern"];
		for (const el of document.body.querySelectorAll("*"))
			if (inLang(el))
				for (const a of attrs)
					if (el.hasAttribute(a))
						out.push(el.getAttribute(a));
		return out.join("\n");
	}, lang);
}

/* What is wider than the screen now: a list of "what: numbers". */
function overflow(page) {
	return page.evaluate(() => {
		const out = [];
		const w = document.documentElement.clientWidth;
		for (const sel of ["html", "body", "header", "nav", "main", ".kiosk-columns",
		    ".kiosk-keypad", ".kiosk-actions", ".kiosk-facts", ".kiosk-meetings", ".alert"])
			for (const el of document.querySelectorAll(sel))
				if (el.scrollWidth > el.clientWidth + 1)
					out.push(sel + " scrollWidth " + el.scrollWidth + " > " + el.clientWidth);
		for (const el of document.body.querySelectorAll("*")) {
			const r = el.getBoundingClientRect();
			if (r.width === 0 || el.closest("[hidden], .sr-only") ||
			    getComputedStyle(el).visibility === "hidden")
				continue;
			if (r.left < -1 || r.right > w + 1)
				out.push(el.tagName.toLowerCase() + "." + [...el.classList].join(".") +
				    " at " + Math.round(r.left) + ".." + Math.round(r.right) + " of " + w);
		}
		return out.slice(0, 5);
	});
}

/*
 * Check one screen state in lang: language and direction, axe, raw
 * texts, overflow and screenshots at both widths.
 */
async function checkState(ctx, lang, label) {
	const page = ctx.page;
	await page.evaluate(() => document.fonts.ready);
	assert(await page.getAttribute("html", "lang") === lang, label + ": html lang");
	const dir = await page.getAttribute("html", "dir");
	assert(dir === (ctx.rtl.has(lang) ? "rtl" : "ltr"), label + ": dir " + dir);
	await lib.axe(page, lang + " " + label, ctx.axeReport);
	const t = await pageText(page, lang);
	const raw = ctx.forbidden[lang].filter((f) => t.includes(f));
	assert(raw.length === 0, label + ": text not in " + lang + ": " +
	    raw.slice(0, 3).map((f) => JSON.stringify(f)).join(", "));
	const ph = t.match(/\{[a-z_]+\}/);
	assert(!ph, label + ": placeholder left: " + (ph && ph[0]));
	const n = String(++ctx.shots[lang]).padStart(2, "0");
	const dirOut = path.join(ctx.shotsDir, lang);
	let wide = await overflow(page);
	assert(wide.length === 0, label + " at 1280 px: " + wide.join("; "));
	await page.screenshot({ path: path.join(dirOut, n + "-" + label + ".png"), fullPage: true });
	await page.setViewportSize(NARROW);
	wide = await overflow(page);
	if (NARROW_SHOTS.has(label))
		await page.screenshot({ path: path.join(dirOut, n + "-" + label + "-320.png"), fullPage: true });
	await page.setViewportSize(WIDE);
	assert(wide.length === 0, label + " at 320 px: " + wide.join("; "));
}

/* Wait for a new SMS to mobile after line `after`; returns it. */
async function waitSms(file, mobile, after) {
	const end = Date.now() + 10000;
	while (Date.now() < end) {
		const lines = lib.smsLines(file).slice(after).filter((l) => l.to === mobile);
		if (lines.length > 0)
			return lines[lines.length - 1];
		await new Promise((r) => setTimeout(r, 50));
	}
	throw new Error("no SMS to " + mobile);
}

/* Arabic: the pad keeps 1 2 3 from the left and types in order. */
async function padNotMirrored(page, cpr) {
	const x = [];
	for (const d of ["1", "2", "3"])
		x.push((await page.locator(".kiosk-keypad button[value='" + d + "']").boundingBox()).x);
	assert(x[0] < x[1] && x[1] < x[2], "number pad mirrored: 1 2 3 at " + x.join(", "));
	for (const d of cpr)
		await page.locator(".kiosk-keypad button[value='" + d + "']").tap();
	assert(await page.locator("#cpr").inputValue() === cpr, "pad typed in order");
	assert(await page.locator("#cpr").getAttribute("dir") === "ltr", "CPR field left to right");
}

/* Every text a citizen reads on the agreement page, in lang. */
async function agreementChecks(page, lang, rtl) {
	if (lang === "da")
		return;
	const d = rtl ? "[dir=ltr]" : "";
	for (const [sel, text] of [["main p[lang=da]" + d, "Finde et fast arbejde"],
	    ["main li[lang=da]" + d, "Øve jobsamtaler"], ["main p[lang=da]" + d, "Herlev Bibliotek"]])
		assert(await page.locator(sel, { hasText: text }).count() >= 1,
		    "staff text not marked lang=da" + d + ": " + text);
	const main = await page.locator("main").innerText();
	assert(main.includes("+45 20 00 00 01"), "mentor's phone number in order");
}

/*
 * The idle countdown's texts as kiosk.js gets them (data-forms,
 * data-form-of): for 1, 2, 5 and 11 seconds the catalogue's own forms,
 * "#" for the number; in Arabic four different ones.
 */
async function countdownChecks(page, lang) {
	const got = await page.locator("#still-here-count").evaluate((el) => {
		const forms = JSON.parse(el.getAttribute("data-forms"));
		const of = el.getAttribute("data-form-of");
		return [1, 2, 5, 11].map((n) => forms[Number(of.charAt(n))]);
	});
	const entry = (lang === "da" ? [] : catalogue(lang))
	    .find((e) => e.id === "Siden lukker om {n} sekund.");
	const own = entry ? entry.strs : ["Siden lukker om {n} sekund.", "Siden lukker om {n} sekunder."];
	for (const t of got)
		assert(own.includes(t.replace("#", "{n}")), "countdown text not the catalogue's: " + t);
	if (lang === "ar")
		assert(new Set(got).size === 4, "Arabic countdown: 1, 2, 5 and 11 alike: " + got.join(" | "));
}

/*
 * Arabic letters in Noto Sans Arabic from the kiosk's own assets when
 * the build had the font (fonts-noto-core); without it, no @font-face
 * may point at a missing file (the browser's own font is used, and the
 * kiosk logs it) — except under CI=true, where scripts/deps.sh has
 * installed the font.  Returns a line for the log.
 */
async function arabicFont(page, kiosk) {
	const url = "/assets/fonts/NotoSansArabic/NotoSansArabic-Regular.ttf";
	const have = (await fetch(kiosk + url)).status === 200;
	const faces = await page.evaluate(async () => {
		await document.fonts.ready;
		await document.fonts.load("16px 'Noto Sans Arabic'", "ع");
		return [...document.fonts].filter((f) => /Noto Sans Arabic/.test(f.family))
		    .map((f) => f.status);
	});
	if (!have) {
		assert(process.env.CI !== "true",
		    "no Noto Sans Arabic served, though CI installs fonts-noto-core (scripts/deps.sh)");
		assert(faces.length === 0, "@font-face for a font the build lacks");
		return "no Noto Sans Arabic in this build (fonts-noto-core): the browser's own Arabic font";
	}
	assert(faces.includes("loaded"), "Noto Sans Arabic not loaded: " + faces.join(" "));
	const family = await page.locator("h1").evaluate((e) => getComputedStyle(e).fontFamily);
	assert(/^"?Noto Sans Arabic/.test(family), "Arabic heading font: " + family);
	return "Noto Sans Arabic served by the kiosk and used";
}

/* The desk text: desk.ar for Arabic, English for the others, never Danish. */
async function deskChecks(page, lang) {
	const t = await page.locator("main").innerText();
	if (lang === "da")
		return;
	assert(!t.includes("Skranken i stueetagen"), "Danish desk text in " + lang);
	if (lang === "ar")
		assert(t.includes("مكتب الاستقبال في الطابق الأرضي"), "desk.ar not shown");
	else
		assert(t.includes("the front desk"), "English desk text not shown in " + lang);
}

/* Walk the kiosk in lang as citizen c (index i of run-e2e.sh's list). */
async function walk(ctx, lang, c) {
	const page = ctx.page;
	const K = ctx.kiosk;
	await page.goto(K + "/");
	if (lang !== "da") {
		await Promise.all([page.waitForEvent("load"),
		    page.locator("a.kiosk-lang-link[hreflang='" + lang + "']").tap()]);
	}
	if (lang === "ar")
		console.log("note ar font: " + await arabicFont(page, K));
	await checkState(ctx, lang, "start");
	await page.locator("a.kiosk-start[href$='/cpr']").tap();
	await page.waitForURL(/\/cpr$/);
	await checkState(ctx, lang, "cpr");
	const before = lib.smsLines(ctx.smsFile).length;
	if (ctx.rtl.has(lang)) {
		await padNotMirrored(page, c.cpr);
	} else {
		await page.locator("#cpr").fill(c.cpr);
	}
	await page.locator("button[value=send]").tap();
	await page.waitForURL(/\/code$/);
	await deskChecks(page, lang);
	await checkState(ctx, lang, "code");
	const sms = await waitSms(ctx.smsFile, c.mobile, before);
	await page.locator("#code").fill(sms.body.match(/\b(\d{6})\b/)[1]);
	await page.locator("button[value=send]").tap();
	await page.waitForURL(/\/agreement$/);
	await agreementChecks(page, lang, ctx.rtl.has(lang));
	await countdownChecks(page, lang);
	await checkState(ctx, lang, "agreement");
	await page.locator("main a[href='/call-me']").first().tap();
	await page.waitForURL(/\/call-me$/);
	await checkState(ctx, lang, "call-me");
	await page.locator("main form[action='/call-me'] button").tap();
	await page.waitForURL(/\/call-me\/done$/);
	if (lang !== "da" && lang !== "en") {
		/* The crisis line has no text for lang in the file: English, marked. */
		const d = ctx.rtl.has(lang) ? "[dir=ltr]" : "";
		assert(await page.locator("main p[lang=en]" + d, { hasText: "If it is urgent" }).count() === 1,
		    "English crisis text not marked lang=en" + d);
	}
	await checkState(ctx, lang, "call-me-done");
	await page.goto(K + "/agreement");
	await page.locator("main a[href='/complaints']").first().tap();
	await page.waitForURL(/\/complaints$/);
	await checkState(ctx, lang, "complaints");
	await page.locator(".kiosk-logout-button").tap();
	await page.waitForURL(/\/\?m=logout$/);
	assert(!(await page.locator("body").innerText()).includes(c.name), "signed out: nothing personal");
}

/*
 * Walk every language of the switcher, each as one step.  opts: kiosk
 * (URL), smsFile, shotsDir, axeReport (array or null), newPage(width,
 * height) giving a page that reports problems like the other tests',
 * only (a list of codes, or null for all: E2E_LANGS="ar uk" while
 * working on one).
 */
async function run(opts) {
	const english = catalogue("en");
	const first = await opts.newPage(WIDE.width, WIDE.height);
	await first.goto(opts.kiosk + "/");
	const langs = await first.locator("a.kiosk-lang-link").evaluateAll((as) =>
	    as.map((a) => a.getAttribute("hreflang")));
	const shared = {
		kiosk: opts.kiosk, smsFile: opts.smsFile, shotsDir: opts.shotsDir,
		axeReport: opts.axeReport, forbidden: {}, shots: {},
		/* Written right to left (lang.c's rtl column); add a new one here. */
		rtl: new Set(["ar", "fa", "he", "ur"]),
	};
	/* run-e2e.sh's order: Danish, then po/*.po by name. */
	const order = ["da", ...fs.readdirSync(PO_DIR).filter((f) => f.endsWith(".po"))
	    .map((f) => f.slice(0, -3)).sort()];
	await step("languages: the switcher offers 7 or more, Danish and English first", async () => {
		assert(langs.length >= 7 && langs[0] === "da" && langs[1] === "en",
		    "switcher: " + langs.join(" "));
	});
	const todo = langs.filter((l) => !opts.only || opts.only.includes(l));
	/* Two pages at a time in the one browser: a language each, in turn. */
	const worker = async (page) => {
		const ctx = Object.assign({ page }, shared);
		for (let lang = todo.shift(); lang; lang = todo.shift()) {
			const i = order.indexOf(lang);
			ctx.forbidden[lang] = forbidden(lang, english);
			ctx.shots[lang] = 0;
			fs.rmSync(path.join(ctx.shotsDir, lang), { recursive: true, force: true });
			fs.mkdirSync(path.join(ctx.shotsDir, lang), { recursive: true });
			await step("language " + lang + ": start, sign in, agreement, call me, complaints, sign out",
			    () => {
				assert(i >= 0, lang + ": no po/" + lang + ".po, so no citizen from run-e2e.sh");
				return walk(ctx, lang, { cpr: "15057" + i + "2468",
				    mobile: "+45200002" + i + "0", name: "Sam" + lang });
			});
		}
		await page.context().close();
	};
	await Promise.all([worker(first), worker(await opts.newPage(WIDE.width, WIDE.height))]);
}

module.exports = { run, catalogue, forbidden, fragments };
