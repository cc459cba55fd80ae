/*
 * mitid.e2e.js - the kiosk's MitID sign-in in a real browser (Debian's
 * chromium through playwright-core), started by scripts/run-e2e.sh with:
 *   KIOSK_URL   a kiosk with [kiosk] login = sms, mitid whose
 *               [oidc.citizen] is the test provider (tests/oidc/provider.js)
 *               acting as the MitID broker: accounts mads (substantial),
 *               bjoern (low) and ukendt (a CPR number the database lacks),
 *               password "demo"
 *   CLOCK_FILE  the kiosk's clock offset (MENTORLINK_CLOCK_FILE)
 *   OUT_DIR     where screenshots go
 *
 * With JavaScript the sign-in runs in a pop-up (kiosk.js): start screen
 * (MitID first) -> MitID opens the broker's form in a pop-up while the
 * start screen says "MitID er åbnet i et nyt vindue" -> the agreement in
 * the main window, the pop-up closed -> log out (through the broker's
 * sign-out) -> MitID asks for credentials again; Afbryd closes the
 * pop-up; the sign-in's deadline (the page's clock moved past
 * mitid_timeout) closes the pop-up and shows "took too long"; the idle
 * timeout ends the broker's session too; a citizen with assurance "low"
 * and one the kiosk does not know get a calm screen (in English too); a
 * sign-in finished after mitid_timeout (the kiosk's clock moved) is
 * refused.  Pop-ups blocked (window.open gives null) and without
 * JavaScript: the same window goes to the broker and back to the
 * agreement, as before the pop-up.  Every kiosk screen
 * (the wait block and /mitid/done too): axe 0 violations, 48 x 48 px
 * touch targets (not in the context without JavaScript: axe needs it).
 * Every wait has a timeout.  Ends with "N passed, N failed".
 */
"use strict";

const fs = require("fs");
const path = require("path");
const { chromium } = require("playwright-core");
const { counts, assert, step, axe, touchTargets } = require("./lib");

const KIOSK = process.env.KIOSK_URL;
const CLOCK_FILE = process.env.CLOCK_FILE;
const OUT = process.env.OUT_DIR || path.join(__dirname, "out");
const WAIT = 10000;

let shots = 0;

async function shot(page, label) {
	shots++;
	const name = "mitid-" + String(shots).padStart(2, "0") + "-" + label + ".png";
	await page.screenshot({ path: path.join(OUT, name), fullPage: true, timeout: WAIT });
}

async function check(page, label) {
	await shot(page, label);
	await axe(page, "mitid " + label);
	await touchTargets(page, "mitid " + label);
}

async function text(page) {
	return page.locator("main").innerText({ timeout: WAIT });
}

/* On the kiosk, at path (a RegExp on path and query). */
async function onKiosk(page, re) {
	try {
		await page.waitForURL((u) => u.href.startsWith(KIOSK) && re.test(u.pathname + u.search),
		    { timeout: WAIT });
	} catch (e) {
		throw new Error("not at " + re + " but at " + page.url());
	}
}

/*
 * Tap the MitID link (name: its text) on page: the pop-up it opens, at
 * the broker's form.
 */
async function openMitid(page, name) {
	const [popup] = await Promise.all([
		page.waitForEvent("popup", { timeout: WAIT }),
		page.getByRole("link", { name: name || "Log ind med MitID" }).click({ timeout: WAIT }),
	]);
	popup.setDefaultTimeout(WAIT);
	await popup.waitForSelector("#login");
	assert(!popup.url().startsWith(KIOSK), "the pop-up at the broker");
	assert(await popup.evaluate(() => window.name) === "mitid", "the pop-up is called mitid");
	return popup;
}

/* Sign in on the broker's form in popup as login; it closes itself. */
async function brokerForm(popup, login, beforeSubmit) {
	await popup.fill("#login", login);
	await popup.fill("#password", "demo");
	if (beforeSubmit)
		await beforeSubmit();
	await Promise.all([
		popup.waitForEvent("close", { timeout: WAIT }),
		popup.click("button[type=submit]").catch((e) => {
			if (!popup.isClosed())
				throw e;
		}),
	]);
}

/* From the start screen through the broker's form as mads, in this window. */
async function signInHere(p) {
	await p.getByRole("link", { name: "Log ind med MitID" }).click();
	await p.waitForSelector("#login");
	assert(!p.url().startsWith(KIOSK), "this window at the broker");
	await p.fill("#login", "mads");
	await p.fill("#password", "demo");
	await p.click("button[type=submit]");
	await onKiosk(p, /^\/agreement$/);
	assert(/Mads/.test(await text(p)), "Mads's agreement");
}

/*
 * From the start screen through the broker's form in the pop-up as
 * login; the pop-up has closed.  Returns the broker's address.
 */
async function mitid(page, login, beforeSubmit) {
	await page.goto(KIOSK + "/");
	const popup = await openMitid(page);
	const auth = new URL(popup.url());
	await brokerForm(popup, login, beforeSubmit);
	return auth;
}

async function newPage(browser, problems, options) {
	const ctx = await browser.newContext({ viewport: { width: 1280, height: 1024 }, locale: "da-DK",
	    ...(options || {}) });
	ctx.setDefaultTimeout(WAIT);
	ctx.on("page", (p) => p.on("pageerror", (e) => problems.push("page error: " + e.message)));
	ctx.on("response", (r) => {
		if (r.url().startsWith(KIOSK) && r.status() >= 400)
			problems.push("HTTP " + r.status() + " " + r.url());
	});
	return ctx.newPage();
}

/* The last request the browser sent to the broker whose path is p. */
function brokerRequest(sent, p) {
	const hits = sent.filter((u) => !u.startsWith(KIOSK) && new URL(u).pathname === p);
	assert(hits.length > 0, "no request to the broker's " + p);
	return new URL(hits[hits.length - 1]);
}

async function run(browser) {
	const problems = [];
	const page = await newPage(browser, problems);
	const sent = [];

	page.context().on("request", (r) => sent.push(r.url()));

	await step("start screen: MitID first, then the code by SMS, then the desk code", async () => {
		await page.goto(KIOSK + "/");
		const links = await page.locator("a.kiosk-start").allInnerTexts();
		assert(links.length === 3 && links[0] === "Log ind med MitID" &&
		    links[1] === "Log ind med kode på SMS" &&
		    links[2] === "Jeg har fået en kode i skranken", "buttons: " + links.join(" | "));
		assert(!(await page.locator("#mitid-wait").isVisible()), "the wait block hidden");
		await check(page, "start");
	});
	await step("MitID in a pop-up: a fresh sign-in at the broker, then the agreement here", async () => {
		await page.goto(KIOSK + "/");
		sent.length = 0;
		const popup = await openMitid(page);
		assert(sent.includes(KIOSK + "/mitid?popup=1"), "the pop-up asked for /mitid?popup=1");
		const q = brokerRequest(sent, "/auth");
		assert(q.searchParams.get("prompt") === "login" && q.searchParams.get("max_age") === "0",
		    "fresh authentication asked for: " + q.search);
		assert(q.searchParams.get("code_challenge_method") === "S256" &&
		    q.searchParams.get("state") && q.searchParams.get("nonce"), "PKCE, state, nonce");
		assert(q.host !== new URL(KIOSK).host, "the broker is elsewhere");
		assert(page.url() === KIOSK + "/", "the start screen stays: " + page.url());
		const wait = page.locator("#mitid-wait");
		assert(await wait.isVisible(), "the wait block shown");
		assert(/MitID er åbnet i et nyt vindue/.test(await wait.innerText()), "says where MitID is");
		assert(!(await page.locator("a.kiosk-start").first().isVisible()), "the buttons hidden");
		await check(page, "wait");
		await brokerForm(popup, "mads");
		await onKiosk(page, /^\/agreement$/);
		assert(/Mads/.test(await text(page)), "Mads's agreement: " + (await text(page)).slice(0, 80));
		const agreements = sent.filter((u) => u === KIOSK + "/agreement").length;
		assert(agreements === 1, "the agreement asked for once, not " + agreements);
		assert(sent.includes(KIOSK + "/mitid/done"), "the pop-up ended at /mitid/done");
		const cookies = await page.context().cookies(KIOSK);
		const c = cookies.find((x) => x.name === "kiosk_session");
		assert(c && c.sameSite === "Strict" && c.httpOnly, "a Strict session cookie after sign-in");
		await check(page, "agreement");
	});
	await step("/mitid/done: no citizen data, a way on to the agreement", async () => {
		await page.goto(KIOSK + "/mitid/done");
		const t = await text(page);
		assert(/Du er logget ind/.test(t) && !/Mads/.test(t), "done page: " + t.slice(0, 80));
		await check(page, "done");
		await page.getByRole("link", { name: "Se din aftale" }).click();
		await onKiosk(page, /^\/agreement$/);
	});
	await step("log out: through the broker's sign-out back to the start screen", async () => {
		sent.length = 0;
		await page.getByRole("button", { name: "Log ud" }).click();
		await onKiosk(page, /^\/\?m=logout$/);
		const end = brokerRequest(sent, "/session/end");
		assert(end.searchParams.get("id_token_hint") && end.searchParams.get("state") === "logout",
		    "the broker's end-session with the token as hint");
		assert(/Du er logget ud/.test(await text(page)), "logged-out message");
	});
	await step("the next MitID sign-in asks for credentials again; Afbryd closes the pop-up", async () => {
		await page.goto(KIOSK + "/");
		const popup = await openMitid(page);
		assert(await popup.locator("#login").isVisible() &&
		    await popup.locator("#password").isVisible(), "the broker's form, not a silent sign-in");
		await Promise.all([
			popup.waitForEvent("close", { timeout: WAIT }),
			page.getByRole("button", { name: "Afbryd" }).click(),
		]);
		await onKiosk(page, /^\/$/);
		assert(await page.locator("a.kiosk-start").first().isVisible(), "the start screen again");
		await page.goto(KIOSK + "/agreement");
		await onKiosk(page, /^\/(\?m=\w+)?$/);
	});
	await step("the idle timeout also ends the broker's session", async () => {
		await mitid(page, "mads");
		await onKiosk(page, /^\/agreement$/);
		sent.length = 0;
		/* What the page's script does when the countdown runs out. */
		await page.goto(KIOSK + "/timeout?why=idle");
		await onKiosk(page, /^\/\?m=timeout$/);
		const end = brokerRequest(sent, "/session/end");
		assert(end.searchParams.get("state") === "timeout", "state timeout");
		await page.goto(KIOSK + "/agreement");
		await onKiosk(page, /^\/(\?m=\w+)?$/);
	});
	await step("assurance low: refused with a calm screen, no agreement", async () => {
		await mitid(page, "bjoern");
		await onKiosk(page, /^\/mitid\/refused\?why=low$/);
		const t = await text(page);
		assert(/Du kan ikke logge ind på den måde her/.test(t), "heading: " + t.slice(0, 80));
		assert(/MitID-appen/.test(t), "says how");
		await check(page, "refused-low");
		await page.goto(KIOSK + "/agreement");
		await onKiosk(page, /^\/(\?m=\w+)?$/);
	});
	await step("assurance low in English: the screen in the citizen's language", async () => {
		await page.goto(KIOSK + "/lang?to=en&back=start");
		const popup = await openMitid(page, "Log in with MitID");
		assert(/MitID has opened in a new window/.test(await page.locator("#mitid-wait").innerText()),
		    "the wait block in English");
		await check(page, "wait-en");
		await brokerForm(popup, "bjoern");
		await onKiosk(page, /^\/mitid\/refused\?why=low$/);
		assert(await page.getAttribute("html", "lang") === "en", "lang en");
		assert(/You cannot log in that way here/.test(await text(page)), "English heading");
		await check(page, "refused-low-en");
		await page.goto(KIOSK + "/lang?to=da&back=start");
	});
	await step("a citizen the kiosk does not know: told so calmly", async () => {
		await mitid(page, "ukendt");
		await onKiosk(page, /^\/mitid\/refused\?why=unknown$/);
		assert(/Vi kan ikke finde dig/.test(await text(page)), "heading");
		await check(page, "refused-unknown");
	});
	await step("a sign-in finished after mitid_timeout is refused", async () => {
		try {
			await mitid(page, "mads", async () => fs.writeFileSync(CLOCK_FILE, "+200\n"));
			await onKiosk(page, /^\/\?m=mitid-late$/);
		} finally {
			fs.writeFileSync(CLOCK_FILE, "+0\n");
		}
		assert(/tog for lang tid/.test(await text(page)), "the late message");
		await check(page, "late");
		await page.goto(KIOSK + "/agreement");
		await onKiosk(page, /^\/(\?m=\w+)?$/);
	});
	await step("a forged callback (state not ours) is refused", async () => {
		await page.goto(KIOSK + "/mitid/callback?code=x&state=forged");
		await onKiosk(page, /^\/\?m=mitid(-late)?$/);
		assert(/MitID/.test(await text(page)), "a message about MitID");
	});
	await page.context().close();

	await step("the deadline: the start screen closes the pop-up and says it took too long", async () => {
		const p = await newPage(browser, problems);
		try {
			await p.clock.install();
			await p.goto(KIOSK + "/");
			const secs = Number(await p.getAttribute("a[data-mitid-timeout]", "data-mitid-timeout"));
			assert(secs >= 30, "the time limit on the link: " + secs);
			const popup = await openMitid(p);
			await Promise.all([
				popup.waitForEvent("close", { timeout: WAIT }),
				p.clock.runFor((secs + 1) * 1000),
			]);
			await onKiosk(p, /^\/\?m=mitid-late$/);
			assert(/tog for lang tid/.test(await text(p)), "the late message");
			await p.goto(KIOSK + "/agreement");
			await onKiosk(p, /^\/(\?m=\w+)?$/);
		} finally {
			await p.context().close();
		}
	});
	await step("pop-ups blocked (window.open gives null): the same window to the broker", async () => {
		const p = await newPage(browser, problems);
		let popups = 0;
		p.on("popup", () => popups++);
		try {
			await p.addInitScript(() => {
				window.open = function () {
					return null;
				};
			});
			await p.goto(KIOSK + "/");
			await signInHere(p);
			assert(popups === 0, "no pop-up");
		} finally {
			await p.context().close();
		}
	});
	await step("without JavaScript: the same window to the broker and back", async () => {
		const p = await newPage(browser, problems, { javaScriptEnabled: false });
		let popups = 0;
		p.on("popup", () => popups++);
		try {
			await p.goto(KIOSK + "/");
			assert(!(await p.locator("#mitid-wait").isVisible()), "the wait block hidden");
			await signInHere(p);
			assert(popups === 0, "no pop-up");
			await shot(p, "agreement-nojs");
		} finally {
			await p.context().close();
		}
	});
	await step("no failed request of the kiosk's", async () => {
		assert(problems.length === 0, problems.join("; "));
	});
}

async function main() {
	assert(KIOSK && CLOCK_FILE, "KIOSK_URL and CLOCK_FILE must be set");
	fs.mkdirSync(OUT, { recursive: true });
	const browser = await chromium.launch({
		executablePath: "/usr/bin/chromium",
		headless: true,
		args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		    "--disable-background-networking", "--disable-component-update",
		    "--disable-sync"],
	});
	try {
		await run(browser);
	} finally {
		await browser.close();
	}
	console.log(counts.passed + " passed, " + counts.failed + " failed");
	process.exitCode = counts.failed === 0 ? 0 : 1;
}

main().catch((e) => {
	console.log("FAIL e2e: " + e.stack);
	console.log(counts.passed + " passed, " + (counts.failed + 1) + " failed");
	process.exitCode = 1;
});
