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
 * Start screen (MitID first) -> MitID -> the broker's form -> the
 * agreement -> log out (through the broker's sign-out) -> MitID asks for
 * credentials again; the idle timeout ends the broker's session too; a citizen with assurance "low" and one the kiosk
 * does not know get a calm screen (in English too); a sign-in finished
 * after mitid_timeout is refused.  Every kiosk screen: axe 0 violations,
 * 48 x 48 px touch targets.  Ends with "N passed, N failed".
 */
"use strict";

const fs = require("fs");
const path = require("path");
const { chromium } = require("playwright-core");
const { counts, assert, step, axe, touchTargets } = require("./lib");

const KIOSK = process.env.KIOSK_URL;
const CLOCK_FILE = process.env.CLOCK_FILE;
const OUT = process.env.OUT_DIR || path.join(__dirname, "out");

let shots = 0;

async function check(page, label) {
	shots++;
	const name = "mitid-" + String(shots).padStart(2, "0") + "-" + label + ".png";
	await page.screenshot({ path: path.join(OUT, name), fullPage: true });
	await axe(page, "mitid " + label);
	await touchTargets(page, "mitid " + label);
}

async function text(page) {
	return page.locator("main").innerText();
}

/* On the kiosk, at path (a RegExp on path and query). */
async function onKiosk(page, re) {
	try {
		await page.waitForURL((u) => u.href.startsWith(KIOSK) && re.test(u.pathname + u.search));
	} catch (e) {
		throw new Error("not at " + re + " but at " + page.url());
	}
}

/* From the start screen through the broker's form as login. */
async function mitid(page, login, beforeSubmit) {
	await page.goto(KIOSK + "/");
	await page.getByRole("link", { name: "Log ind med MitID" }).click();
	await page.waitForSelector("#login");
	assert(!page.url().startsWith(KIOSK), "at the broker");
	const auth = new URL(page.url());
	await page.fill("#login", login);
	await page.fill("#password", "demo");
	if (beforeSubmit)
		await beforeSubmit();
	await page.click("button[type=submit]");
	return auth;
}

async function newPage(browser, problems) {
	const ctx = await browser.newContext({ viewport: { width: 1280, height: 1024 }, locale: "da-DK" });
	const page = await ctx.newPage();
	page.setDefaultTimeout(10000);
	page.on("pageerror", (e) => problems.push("page error: " + e.message));
	page.on("response", (r) => {
		if (r.url().startsWith(KIOSK) && r.status() >= 400)
			problems.push("HTTP " + r.status() + " " + r.url());
	});
	return page;
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

	page.on("request", (r) => sent.push(r.url()));

	await step("start screen: MitID first, then the code by SMS, then the desk code", async () => {
		await page.goto(KIOSK + "/");
		const links = await page.locator("a.kiosk-start").allInnerTexts();
		assert(links.length === 3 && links[0] === "Log ind med MitID" &&
		    links[1] === "Log ind med kode på SMS" &&
		    links[2] === "Jeg har fået en kode i skranken", "buttons: " + links.join(" | "));
		await check(page, "start");
	});
	await step("MitID: the broker is asked for a fresh sign-in, then the agreement", async () => {
		await page.goto(KIOSK + "/");
		await page.getByRole("link", { name: "Log ind med MitID" }).click();
		await page.waitForSelector("#login");
		const q = brokerRequest(sent, "/auth");
		assert(q.searchParams.get("prompt") === "login" && q.searchParams.get("max_age") === "0",
		    "fresh authentication asked for: " + q.search);
		assert(q.searchParams.get("code_challenge_method") === "S256" &&
		    q.searchParams.get("state") && q.searchParams.get("nonce"), "PKCE, state, nonce");
		await page.fill("#login", "mads");
		await page.fill("#password", "demo");
		await page.click("button[type=submit]");
		await onKiosk(page, /^\/agreement$/);
		assert(/Mads/.test(await text(page)), "Mads's agreement: " + (await text(page)).slice(0, 80));
		assert(q.host !== new URL(KIOSK).host, "the broker is elsewhere");
		const cookies = await page.context().cookies(KIOSK);
		const c = cookies.find((x) => x.name === "kiosk_session");
		assert(c && c.sameSite === "Strict" && c.httpOnly, "a Strict session cookie after sign-in");
		await check(page, "agreement");
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
	await step("the next MitID sign-in asks for credentials again", async () => {
		await page.goto(KIOSK + "/");
		await page.getByRole("link", { name: "Log ind med MitID" }).click();
		await page.waitForSelector("#password");
		assert(await page.locator("#login").isVisible(), "the broker's form, not a silent sign-in");
		await page.goto(KIOSK + "/");
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
		await page.getByRole("link", { name: "Log in with MitID" }).click();
		await page.waitForSelector("#login");
		await page.fill("#login", "bjoern");
		await page.fill("#password", "demo");
		await page.click("button[type=submit]");
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
