/*
 * console.e2e.js - the staff console in a real browser (Debian's
 * chromium through playwright-core), started by scripts/run-e2e.sh with:
 *   CONSOLE_URL     the console (its sign-in goes to the test provider,
 *                   tests/oidc/provider.js, account "inger" / "demo",
 *                   a mentor and coordinator)
 *   KIOSK_URL       the kiosk, to see an agreement changed here there
 *   SMS_FILE        the file provider's JSONL output
 *   KIOSK_URL       a kiosk on the same database (the desk-code walk)
 *   OUT_DIR         where screenshots go
 * The demo's Mads (+4520000101) has asked to be called by SMS.
 *
 * Sign in -> requests -> reassign Mads's request and take it back (the
 * other mentor is texted) -> "Jeg har ringet" (Mads gets the SMS) -> my
 * citizens -> one citizen -> edit the agreement (the kiosk shows the
 * change; a refused value shown on the form) -> add a meeting -> absence,
 * also for a colleague -> sign out, on a 360 px phone and on a desktop
 * (the changes on the phone only).  Then the coordinator ("bo" / "demo"):
 * the SMS queue, an import (upload, preview, apply), a citizen's data (the
 * audit export and erasure of the citizen just imported, both downloads).
 * Every state is checked with axe-core (0 violations),
 * touch targets of at least 48 x 48 px, no console error and no failed
 * request of the console's.  Then the desk-code walk: "dorte" (role
 * desk) makes a one-time kiosk code for Mads from his CPR number, and
 * Mads types it on the kiosk and sees his agreement, once.  Ends with
 * "N passed, N failed".
 */
"use strict";

const fs = require("fs");
const path = require("path");
const { chromium } = require("playwright-core");

const BASE = process.env.CONSOLE_URL;
const KIOSK = process.env.KIOSK_URL;
const SMS_FILE = process.env.SMS_FILE;
const OUT = process.env.OUT_DIR || path.join(__dirname, "out");
const { counts, assert, step, smsLines, axe, touchTargets } = require("./lib");
const MADS = "+4520000101";
const MADS_CPR = JSON.parse(fs.readFileSync(path.join(__dirname, "../../demo/demo.json"),
    "utf8")).citizens.find((c) => c.id === "c-mads").cpr.replace("-", "");
const GOAL = "Komme i praktik i en butik (rettet i konsollen)";

let shots = 0;

function smsTo(mobile) {
	return smsLines(SMS_FILE).filter((l) => l.to === mobile);
}

async function waitSms(mobile, text, ms = 10000) {
	const end = Date.now() + ms;
	while (Date.now() < end) {
		if (smsTo(mobile).some((l) => l.body.includes(text)))
			return;
		await new Promise((r) => setTimeout(r, 50));
	}
	throw new Error("no SMS to " + mobile + " with \"" + text + "\" within " + ms + " ms");
}

/* The page must not be wider than the screen (no sideways scrolling). */
async function fits(page, label) {
	const over = await page.evaluate(() =>
	    document.documentElement.scrollWidth - document.documentElement.clientWidth);
	assert(over <= 0, label + " is " + over + " px wider than the screen");
}

/*
 * Plain Danish with English alongside (page_bi() in console/page.c): every
 * heading, label, button, table header, hint, list term, menu link and
 * alert of the console's with Danish text must carry its English, an
 * element with lang="en" inside it.  What is missing is gathered for the
 * last step, so one screen does not stop the walk.
 */
const noEnglish = [];
async function bilingual(page, label) {
	const bare = await page.evaluate(() => {
		const sel = "h1, h2, h3, label, button, th, legend, summary, dt, " +
		    ".form-hint, [role=alert], [role=status], nav a, .badge";
		/* Words that are the same in English (the catalogue has no entry). */
		const same = new Set(["Mentor", "Status", "Note"]);
		/* The text of el without names (translate="no"). */
		const text = (el) => {
			const c = el.cloneNode(true);
			c.querySelectorAll("[translate=no]").forEach((n) => n.remove());
			return el.getAttribute("translate") === "no" ? "" :
			    c.textContent.replace(/\s+/g, " ").trim();
		};
		return [...document.querySelectorAll(sel)].filter((el) => {
			const t = text(el);
			return /\p{L}/u.test(t) && !same.has(t) && !el.closest("[lang=en]") &&
			    el.querySelector("[lang=en]") === null;
		}).map((el) => el.tagName.toLowerCase() + " \"" +
		    el.innerText.trim().replace(/\s+/g, " ").slice(0, 60) + "\"");
	});
	for (const b of bare)
		noEnglish.push(label + ": " + b);
}

async function check(page, label) {
	await bilingual(page, label);
	shots++;
	const name = "console-" + String(shots).padStart(2, "0") + "-" + label + ".png";
	await page.screenshot({ path: path.join(OUT, name), fullPage: true });
	await axe(page, label);
	await touchTargets(page, label);
	await fits(page, label);
}

/* A page with error watchers (the console's own requests only). */
async function newPage(browser, viewport, errors) {
	const ctx = await browser.newContext({ viewport, bypassCSP: true });
	const page = await ctx.newPage();
	page.on("console", (m) => {
		if (m.type() === "error" && page.url().startsWith(BASE))
			errors.push("console: " + m.text());
	});
	page.on("response", (r) => {
		if (r.url().startsWith(BASE) && r.status() >= 400)
			errors.push(r.status() + " " + r.url());
	});
	return page;
}

async function signIn(page, user) {
	await page.goto(BASE + "/");
	await page.fill("#login", user);
	await page.fill("#password", "demo");
	await page.click("button[type=submit]");
	await page.waitForURL(BASE + "/");
}

async function run(browser, label, viewport, acknowledge) {
	const errors = [];
	const page = await newPage(browser, viewport, errors);

	await step(label + ": sign in, requests", async () => {
		await signIn(page, "inger");
		const main = await page.locator("main").innerText();
		assert((await page.locator("h1").innerText()).includes("henvendelser"),
		    "no heading: " + main);
		assert(main.includes("Mads"), "Mads's request missing: " + main);
		assert(await page.locator("a[href='tel:" + MADS + "']").count() === 1, "no tel: link");
		await check(page, label + "-requests");
	});
	if (acknowledge)
		await step(label + ": reassign Mads's request and take it back", async () => {
			const item = page.locator("li", { hasText: "Mads" }).first();
			/* Someone who is there today (a person away is refused). */
			const names = await item.locator("select[name=to] option").allInnerTexts();
			const name = names.find((n) => !n.includes("væk"));
			await item.locator("select[name=to]").selectOption({ label: name });
			await item.locator("form[action='/reassign'] button").click();
			await page.waitForURL(BASE + "/?reassigned=1");
			assert((await page.locator("main").innerText()).includes("Sendt til " + name),
			    "not passed on to " + name);
			await check(page, label + "-reassigned");
			const again = page.locator("li", { hasText: "Mads" }).first();
			await again.locator("select[name=to]").selectOption({ label: "Inger Holm" });
			await again.locator("form[action='/reassign'] button").click();
			await page.waitForURL(BASE + "/?reassigned=1");
		});
	if (acknowledge)
		await step(label + ": Jeg har ringet", async () => {
			await page.click("button[value=called]");
			await page.waitForURL(BASE + "/?done=1");
			assert((await page.locator("main").innerText()).includes("Borgeren får en SMS"),
			    "no confirmation");
			await waitSms(MADS, "har set din besked");
			await check(page, label + "-acknowledged");
		});
	await step(label + ": my citizens, one citizen", async () => {
		await page.click("nav a[href='/citizens']");
		await page.waitForURL(BASE + "/citizens");
		await check(page, label + "-citizens");
		await page.click("main a[href^='/citizen?']");
		assert((await page.locator("h1").innerText()).length > 0, "no heading");
		assert((await page.locator("main").innerText()).includes("Aftalen"), "no agreement");
		await check(page, label + "-citizen");
	});
	if (acknowledge)
		await step(label + ": edit the agreement; the kiosk shows it", async () => {
			await page.click("a.console-edit");
			await page.waitForURL(/\/agreement\?id=/);
			await check(page, label + "-agreement");
			await page.fill("#hours", "mange");
			await page.selectOption("#per", "week");
			await page.click("form[action='/agreement'] button[type=submit]");
			assert((await page.locator("[role=alert]").innerText()).includes("Timer"),
			    "no error for hours");
			errors.splice(0);	/* the 400 of the refused form is meant */
			await check(page, label + "-agreement-error");
			await page.fill("#hours", "");
			await page.selectOption("#per", "");
			await page.fill("#goal", GOAL);
			await page.click("form[action='/agreement'] button[type=submit]");
			await page.waitForURL(/saved=1/);
			await check(page, label + "-agreement-saved");
			const kiosk = await page.context().newPage();
			await kiosk.goto(KIOSK + "/");
			await kiosk.getByRole("link", { name: /^(Start)$/ }).click();
			await kiosk.waitForURL(/\/cpr$/);
			const before = smsTo(MADS).length;
			await kiosk.locator("#cpr").fill(MADS_CPR.slice(0, 6) + "-" + MADS_CPR.slice(6));
			await kiosk.locator("#cpr").press("Enter");
			await kiosk.waitForURL(/\/code$/);
			const end = Date.now() + 10000;
			while (smsTo(MADS).length <= before && Date.now() < end)
				await new Promise((r) => setTimeout(r, 50));
			const code = smsTo(MADS).slice(before)[0].body.match(/\b(\d{6})\b/)[1];
			await kiosk.locator("#code").fill(code);
			await kiosk.locator("button[value=send]").click();
			await kiosk.waitForURL(/\/agreement$/);
			assert((await kiosk.locator("main").innerText()).includes(GOAL),
			    "the kiosk does not show the new goal");
			await kiosk.close();
		});
	if (acknowledge)
		await step(label + ": add a meeting", async () => {
			await page.click("a[href^='/citizen?']");
			await page.click("a[href^='/meeting/new']");
			await page.waitForURL(/\/meeting\/new/);
			await check(page, label + "-meeting-new");
			await page.fill("#starts", "2030-03-04T10:00");
			await page.fill("#ends", "2030-03-04T11:00");
			await page.fill("#place", "Jobcentret");
			await page.click("form[action='/meeting/new'] button[type=submit]");
			await page.waitForURL(/\/meeting\?id=\d+&saved=1/);
			assert((await page.locator("main").innerText()).includes("Jobcentret"), "no place");
			await check(page, label + "-meeting");
		});
	await step(label + ": absence", async () => {
		await page.click("nav a[href='/absence']");
		await page.waitForURL(BASE + "/absence");
		await check(page, label + "-absence");
		await page.fill("#from", "2026-01-10");
		await page.fill("#until", "2026-01-01");
		await page.click("button:text('Gem')");
		assert((await page.locator("[role=alert]").innerText()).includes("før startdatoen"),
		    "no error for a period backwards");
		errors.splice(0);	/* the 400 of the refused form is meant */
		await check(page, label + "-absence-error");
	});
	if (acknowledge)
		await step(label + ": absence for a colleague", async () => {
			const pick = page.locator("#staff option").nth(1);
			const value = await pick.getAttribute("value");
			await page.selectOption("#staff", value);
			await page.click("form[action='/absence'][method=get] button");
			await page.waitForURL(BASE + "/absence?staff=" + value);
			await page.fill("#from", "2030-01-10");
			await page.fill("#until", "2030-01-20");
			await page.selectOption("#deputy", "0");
			await page.click("form[method=post][action='/absence'] button:not([name])");
			await page.waitForURL(BASE + "/absence?saved=1&staff=" + value);
			await check(page, label + "-absence-colleague");
		});
	await step(label + ": sign out", async () => {
		await page.click("button:text('Log ud')");
		/* The provider asks; then it sends the browser back to us. */
		await page.click("button[value=yes]");
		await page.waitForURL(BASE + "/signed-out");
		assert((await page.locator("h1").innerText()).includes("logget ud"), "not signed out");
		await check(page, label + "-signed-out");
		await page.goto(BASE + "/citizens");
		assert(!page.url().startsWith(BASE + "/citizens"), "still signed in after sign-out");
	});
	await step(label + ": no console errors or failed requests", async () => {
		assert(errors.length === 0, errors.join("; "));
	});
	await page.context().close();
}

/* Type code on the kiosk's desk screen, from its start screen. */
async function kioskDesk(kiosk, code) {
	await kiosk.goto(KIOSK + "/");
	await kiosk.getByRole("link", { name: "Jeg har fået en kode i skranken" }).click();
	await kiosk.waitForURL(KIOSK + "/desk");
	await kiosk.fill("#code", code);
	await kiosk.click("button[value=send]");
	await kiosk.waitForLoadState();
}

/* Desk-assisted sign-in: the staff member's code, the citizen's kiosk. */
async function deskWalk(browser) {
	const errors = [];
	const page = await newPage(browser, { width: 1280, height: 900 }, errors);
	let code = "";

	await step("desk: sign in, make a kiosk code for Mads from his CPR number", async () => {
		await signIn(page, "dorte");
		await page.click("nav a[href='/desk']");
		await page.waitForURL(BASE + "/desk");
		assert((await page.locator("h1").innerText()).includes("Hjælp en borger"), "no heading");
		await check(page, "desk-form");
		await page.fill("#cpr", "010190-1234");
		await page.click("button:text('Lav en kode')");
		await page.waitForSelector("#desk-code");
		code = (await page.locator("#desk-code").innerText()).replace(/\s/g, "");
		assert(/^\d{6}$/.test(code), "no code: " + code);
		assert((await page.locator("main").innerText()).includes("Koden til Mads"), "not Mads's");
		await check(page, "desk-code");
	});
	await step("desk: Mads types the code on the kiosk and sees his agreement, once", async () => {
		const ctx = await browser.newContext({ viewport: { width: 1280, height: 1024 } });
		const kiosk = await ctx.newPage();
		await kiosk.goto(KIOSK + "/desk");
		await axe(kiosk, "kiosk-desk");
		await touchTargets(kiosk, "kiosk-desk");
		await kioskDesk(kiosk, code);
		assert(kiosk.url() === KIOSK + "/agreement", "not signed in: " + kiosk.url());
		assert((await kiosk.locator("main").innerText()).includes("Mads"), "not Mads's agreement");
		await kiosk.click("button:text('Log ud')");
		await kioskDesk(kiosk, code);
		assert(kiosk.url() === KIOSK + "/desk", "a used code worked: " + kiosk.url());
		assert((await kiosk.locator("main").innerText()).includes("Koden virker ikke"),
		    "no message for a used code");
		await axe(kiosk, "kiosk-desk-used");
		await ctx.close();
	});
	await step("desk: no console errors or failed requests", async () => {
		assert(errors.length === 0, errors.join("; "));
	});
	await page.context().close();
}

/* The text of a download the click starts. */
async function download(page, click) {
	const [d] = await Promise.all([page.waitForEvent("download"), click()]);
	return fs.readFileSync(await d.path(), "utf8");
}

/* The coordinator's pages: queue, import, a citizen's data. */
async function coordinator(browser, label, viewport) {
	const errors = [];
	const page = await newPage(browser, viewport, errors);
	const ext = "c-e2e-" + label;
	const file = path.join(OUT, "import-" + label + ".json");

	fs.writeFileSync(file, JSON.stringify({ citizens: [{ id: ext,
	    cpr: label === "phone" ? "010203-4567" : "020304-5678",
	    given_name: "Ida", mobile: label === "phone" ? "+4520000181" : "+4520000182",
	    language: "da" }] }));
	await step(label + ": coordinator, SMS queue", async () => {
		await signIn(page, "bo");
		assert((await page.locator("h1").innerText()).includes("Alle åbne"), "not all requests");
		await page.click("nav a[href='/outbox']");
		await page.waitForURL(BASE + "/outbox");
		const main = await page.locator("main").innerText();
		assert(main.includes("Beskeder efter status") && main.includes("Seneste fejl"),
		    "no queue figures: " + main);
		assert(!main.includes("Din kode"), "a text is shown");
		await check(page, label + "-outbox");
	});
	await step(label + ": import, preview, apply", async () => {
		await page.click("nav a[href='/import']");
		await page.waitForURL(BASE + "/import");
		await check(page, label + "-import");
		await page.setInputFiles("#file", file);
		await page.click("main button[type=submit]");
		assert((await page.locator("h1").innerText()).includes("Det vil importen ændre"),
		    "no preview");
		assert((await page.locator("main").innerText()).includes(ext + ": ny"), "change not listed");
		await check(page, label + "-import-preview");
		await page.click("button:text('Gem ændringerne')");
		assert((await page.locator("main").innerText()).includes("Filen er importeret"),
		    "not imported");
		await check(page, label + "-import-done");
	});
	await step(label + ": a citizen's data, audit export, erasure", async () => {
		await page.click("nav a[href='/erase']");
		await page.waitForURL(BASE + "/erase");
		await check(page, label + "-citizen-data-find");
		await page.fill("#ext", "c-mads");
		await page.click("main button[type=submit]");
		assert((await page.locator("main").innerText()).includes("kan ikke slettes nu"),
		    "Mads's open agreement does not block erasure");
		await check(page, label + "-citizen-data-blocked");
		await page.goto(BASE + "/erase?ext=" + ext);
		await check(page, label + "-citizen-data");
		const audit = await download(page, () => page.click("main a[href^='/audit-export']"));
		assert(audit.includes("\"action\":\"view_erase\""), "audit export: " + audit);
		await page.check("#confirm");
		const journal = await download(page, () => page.click("button:text('Slet borgeren')"));
		assert(journal.includes("\"given_name\":\"Ida\""), "no journal: " + journal);
		/* Erased: the case system's id is gone with the rest. */
		await page.goto(BASE + "/erase?ext=" + ext);
		assert((await page.locator("h1").innerText()).includes("findes ikke"),
		    "still found after erasure");
		await bilingual(page, label + "-citizen-data-gone");
		errors.splice(0);	/* that 404 is meant */
	});
	await step(label + ": coordinator, no console errors or failed requests", async () => {
		assert(errors.length === 0, errors.join("; "));
	});
	await page.context().close();
}

(async () => {
	fs.mkdirSync(OUT, { recursive: true });
	const browser = await chromium.launch({ executablePath: "/usr/bin/chromium",
	    args: ["--no-sandbox"] });
	try {
		await run(browser, "phone", { width: 360, height: 740 }, true);
		await run(browser, "desktop", { width: 1280, height: 900 }, false);
		await deskWalk(browser);
		await coordinator(browser, "phone", { width: 360, height: 740 });
		await coordinator(browser, "desktop", { width: 1280, height: 900 });
		await step("every console screen Danish with English alongside", async () => {
			assert(noEnglish.length === 0, noEnglish.length +
			    " without English: " + [...new Set(noEnglish)].join("; "));
		});
	} finally {
		await browser.close();
	}
	console.log(counts.passed + " passed, " + counts.failed + " failed");
	process.exit(counts.failed > 0 ? 1 : 0);
})().catch((e) => {
	console.log("FAIL console.e2e.js: " + e);
	console.log(counts.passed + " passed, " + (counts.failed + 1) + " failed");
	process.exit(1);
});
