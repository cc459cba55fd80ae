/*
 * kiosk.e2e.js - the kiosk in a real browser (Debian's chromium through
 * playwright-core), started by scripts/run-e2e.sh with:
 *   KIOSK_URL       a kiosk with the normal idle times
 *   KIOSK_IDLE_URL  a kiosk with idle_seconds 10, warn_seconds 5
 *   KIOSK_SITES_URL a kiosk with two sites, [site.nord] and [site.syd]
 *   SMS_FILE        the file provider's JSONL output (codes are read here)
 *   OUT_DIR         where screenshots go
 *   SHOTS_DIR       where the walk in every language puts its screenshots
 *                   (LANG/NN-screen.png; languages.js)
 *
 * Every screen state is checked with axe-core (WCAG 2.1 A and AA, plus
 * 2.2 AA and best practice) and must have no violations; touch targets
 * must be at least 48 x 48 px; no console error, failed request or
 * unexpected 4xx/5xx may happen.  Prints one line per test and ends with
 * "N passed, N failed".
 */
"use strict";

const fs = require("fs");
const os = require("os");
const path = require("path");
const { chromium } = require("playwright-core");

const KIOSK = process.env.KIOSK_URL;
const KIOSK_IDLE = process.env.KIOSK_IDLE_URL;
const KIOSK_SITES = process.env.KIOSK_SITES_URL;
const SMS_FILE = process.env.SMS_FILE;
const OUT = process.env.OUT_DIR || path.join(__dirname, "out");
const SHOTS = process.env.SHOTS_DIR || path.join(OUT, "languages");
const lib = require("./lib");
const languages = require("./languages");
const { AXE_TAGS, counts, assert, step, touchTargets } = lib;

/* The demo citizens (demo/demo.json) plus three that run-e2e.sh adds. */
function citizens() {
	const demo = JSON.parse(fs.readFileSync(process.env.DEMO_JSON ||
	    path.join(__dirname, "../../demo/demo.json"), "utf8"));
	const out = {
		ida: { cpr: "1204901357", mobile: "+4520000106" },
		kim: { cpr: "0210852460", mobile: "+4520000107" },
		lis: { cpr: "0404904567", mobile: "+4520000108" },
	};
	const names = { "c-mads": "mads", "c-laerke": "laerke", "c-bjoern": "bjoern",
	    "c-soeren": "soeren", "c-emma": "emma" };
	for (const c of demo.citizens)
		if (names[c.id])
			out[names[c.id]] = { cpr: c.cpr.replace("-", ""), mobile: c.mobile };
	return out;
}
const CITIZENS = citizens();

let shots = 0;
const axeReport = [];

/* Lines of the SMS file so far. */
function smsLines() {
	return lib.smsLines(SMS_FILE);
}

/* Wait for a new SMS to mobile after line `after`; returns it. */
async function waitSms(mobile, after, ms = 10000) {
	const end = Date.now() + ms;
	while (Date.now() < end) {
		const lines = smsLines().slice(after).filter((l) => l.to === mobile);
		if (lines.length > 0)
			return lines[lines.length - 1];
		await new Promise((r) => setTimeout(r, 50));
	}
	throw new Error("no SMS to " + mobile + " within " + ms + " ms");
}

/* axe on the page as it is now; records and asserts 0 violations. */
function axe(page, label) {
	return lib.axe(page, label, axeReport);
}

/* Screenshot, axe and touch targets for one screen state. */
async function check(page, label) {
	await page.evaluate(() => document.fonts.ready);
	shots++;
	const name = String(shots).padStart(2, "0") + "-" + label + ".png";
	await page.screenshot({ path: path.join(OUT, name), fullPage: true });
	await axe(page, label);
	await touchTargets(page, label);
}

async function text(page) {
	return page.locator("main").innerText();
}

/* Type digits on the on-screen keypad. */
async function keypad(page, digits) {
	for (const d of digits)
		await page.locator(".kiosk-keypad button[value='" + d + "']").tap();
}

/* From the start screen to the agreement page for citizen c. */
async function login(page, base, c, opts = {}) {
	await page.goto(base + "/");
	await page.getByRole("link", { name: /^(Start)$/ }).tap();
	await page.waitForURL(/\/cpr$/);
	const before = smsLines().length;
	if (opts.scanner) {
		await page.locator("#cpr").fill(c.cpr.slice(0, 6) + "-" + c.cpr.slice(6));
		await page.locator("#cpr").press("Enter");
	} else {
		await keypad(page, c.cpr);
		await page.locator("button[value=send]").tap();
	}
	await page.waitForURL(/\/code$/);
	if (opts.stopAtCode)
		await opts.stopAtCode();
	const sms = await waitSms(c.mobile, before);
	const code = sms.body.match(/\b(\d{6})\b/)[1];
	await page.locator("#code").fill(code);
	await page.locator("button[value=send]").tap();
	await page.waitForURL(/\/agreement$/);
	return code;
}

/* Tap "Log ud" and wait for the start screen. */
async function logout(page) {
	await page.getByRole("button", { name: "Log ud" }).tap();
	await page.waitForURL(/\/\?m=logout$/);
}

async function newPage(browser, problems, width = 1280, height = 1024) {
	const ctx = await browser.newContext({
		viewport: { width, height },
		locale: "da-DK",
		hasTouch: true,
	});
	const page = await ctx.newPage();
	page.setDefaultTimeout(10000);
	page.on("console", (m) => {
		if (m.type() === "error" && !/Failed to load resource/.test(m.text()))
			problems.push("console: " + m.text());
	});
	page.on("pageerror", (e) => problems.push("page error: " + e.message));
	page.on("requestfailed", (r) => {
		if (!/ERR_ABORTED/.test(r.failure().errorText))
			problems.push("request failed: " + r.url() + " " + r.failure().errorText);
	});
	page.on("response", (r) => {
		if (r.status() >= 400)
			problems.push("HTTP " + r.status() + " " + r.url());
	});
	return page;
}

/*
 * One server, two lobbies (kiosk/site.h): the list at /, each site's own
 * desk and hours, a whole session under /s/syd/ (the script's calls
 * too), and an unknown site's 404 in the reader's language.
 */
async function sites(browser) {
	const problems = [];
	const page = await newPage(browser, problems);

	await step("two sites: / lists them; each start screen names its own desk and hours", async () => {
		await page.goto(KIOSK_SITES + "/");
		assert(/Hvor er du\?/.test(await text(page)), "the list's heading");
		await check(page, "sites");
		await page.getByRole("link", { name: "Nørregade 5, 2730 Herlev" }).tap();
		await page.waitForURL(/\/s\/nord\/$/);
		let t = await text(page);
		for (const want of ["Spørg ved skranken i stueetagen.", "Nørregade 5", "Mandag-fredag 9-15"])
			assert(t.includes(want), "nord lacks: " + want);
		assert(!/receptionen|Tirsdag/.test(t), "nothing of syd at nord");
		await check(page, "site-nord");
		await page.goto(KIOSK_SITES + "/s/syd/");
		t = await text(page);
		for (const want of ["Spørg ved receptionen på 1. sal.", "Sydvej 2", "Tirsdag og torsdag 10-14"])
			assert(t.includes(want), "syd lacks: " + want);
		assert(!/stueetagen|Mandag/.test(t), "nothing of nord at syd");
		await check(page, "site-syd");
	});

	await step("a session at a site: sign in, the script's calls, call me, log out to the site's start", async () => {
		await login(page, KIOSK_SITES + "/s/syd", CITIZENS.soeren);
		assert(/\/s\/syd\/agreement$/.test(page.url()), "agreement under /s/syd/");
		const active = page.waitForResponse((r) => r.url() === KIOSK_SITES + "/s/syd/active",
		    { timeout: 15000 });
		await page.mouse.move(50, 50);
		await page.mouse.move(60, 60);
		assert((await active).status() === 204, "activity told to /s/syd/active");
		await page.goto(KIOSK_SITES + "/s/syd/call-me");
		await page.locator("main form button[type=submit]").tap();
		await page.waitForURL(/\/s\/syd\/call-me\/done$/);
		await logout(page);
		assert(/\/s\/syd\/\?m=logout$/.test(page.url()), "back at syd's start: " + page.url());
		assert(/receptionen på 1\. sal/.test(await text(page)), "syd's desk");
	});

	await step("unknown site: a calm 404 in the reader's language, the way back lists the sites", async () => {
		await page.goto(KIOSK_SITES + "/s/nord/");
		await page.getByRole("link", { name: "English" }).tap();
		await page.waitForURL(/\/s\/nord\/$/);
		assert(/Ask at the desk on the ground floor\./.test(await text(page)), "nord in English");
		assert(/Monday to Friday 9-15/.test(await text(page)), "hours in English");
		const r = await page.goto(KIOSK_SITES + "/s/vest/");
		assert(r.status() === 404, "status " + r.status());
		assert(/Page not found/.test(await text(page)), "English 404");
		await check(page, "site-unknown");
		await page.locator("main a").first().tap();
		await page.waitForURL(KIOSK_SITES + "/");
		assert(/Where are you\?/.test(await text(page)), "the list in English");
	});

	await page.context().close();
	const unexpected = problems.filter((p) => !p.endsWith("/s/vest/"));
	await step("two sites: no console errors, failed requests or other HTTP errors", async () => {
		assert(unexpected.length === 0, unexpected.slice(0, 5).join("; "));
	});
}

async function main() {
	assert(KIOSK && KIOSK_IDLE && KIOSK_SITES && SMS_FILE,
	    "KIOSK_URL, KIOSK_IDLE_URL, KIOSK_SITES_URL and SMS_FILE must be set");
	fs.mkdirSync(OUT, { recursive: true });
	for (const f of fs.readdirSync(OUT))
		if (f.endsWith(".png"))
			fs.unlinkSync(path.join(OUT, f));
	const browser = await chromium.launch({
		executablePath: "/usr/bin/chromium",
		headless: true,
		args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
		    "--no-first-run", "--disable-background-networking",
		    "--disable-component-update", "--disable-sync",
		    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"],
	});
	const problems = [];
	const page = await newPage(browser, problems);
	let code;

	await step("start screen: Danish, styled, what the kiosk shows", async () => {
		await page.goto(KIOSK + "/");
		assert(await page.getAttribute("html", "lang") === "da", "lang da");
		assert(/Se din aftale om mentorstøtte/.test(await text(page)), "heading");
		const font = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
		assert(/IBM Plex Sans/.test(font), "DKFDS font: " + font);
		const bg = await page.locator("a.kiosk-start.button-primary").evaluate((e) => getComputedStyle(e).backgroundColor);
		assert(bg === "rgb(68, 131, 30)", "borger.dk green button: " + bg);
		await check(page, "start");
	});

	await step("privacy notice: from the start screen, without logging in", async () => {
		await page.getByRole("link", { name: "Sådan passer vi på dine oplysninger" }).tap();
		await page.waitForURL(/\/privacy$/);
		const t = await text(page);
		for (const want of ["Hvem har ansvaret?", "Herlev Kommune har ansvaret", "+45 44 52 00 00",
		    "Hvad bruger vi dine oplysninger til?", "Hvorfor må vi det?", "beskæftigelsesindsats",
		    "Hvem får dine oplysninger?", "Hvor længe gemmer vi dem?", "efter 90 dage", "i 5 år",
		    "Dine rettigheder", "Hvem kan du spørge?", "Hvis du vil klage", "Datatilsynet"])
			assert(t.includes(want), "missing: " + want);
		assert((t.match(/Det står ikke her endnu/g) || []).length === 2, "missing facts said plainly");
		assert(await page.getByRole("button", { name: "Log ud" }).count() === 0, "no login");
		await check(page, "privacy");
		await page.getByRole("link", { name: "English" }).tap();
		await page.waitForURL(/\/privacy$/);
		assert(/How we look after your information/.test(await text(page)), "English notice");
		assert(/Data Protection Agency/.test(await text(page)), "English complaint text");
		await check(page, "privacy-en");
		await page.getByRole("link", { name: "Dansk" }).tap();
		await page.waitForURL(/\/privacy$/);
		await page.getByRole("link", { name: "Til start" }).tap();
		await page.waitForURL(/\/$/);
	});

	await step("CPR screen: letters give a calm message, nothing sent", async () => {
		await page.getByRole("link", { name: "Start" }).tap();
		await page.waitForURL(/\/cpr$/);
		await check(page, "cpr");
		const before = smsLines().length;
		await page.locator("#cpr").fill("12a4");
		await page.locator("button[value=send]").tap();
		await page.waitForSelector(".form-error-message");
		assert(/Brug kun tal/.test(await text(page)), "message");
		assert(await page.locator("#cpr").getAttribute("aria-invalid") === "true", "aria-invalid");
		await check(page, "cpr-error");
		await new Promise((r) => setTimeout(r, 400));
		assert(smsLines().length === before, "no SMS for bad input");
	});

	await step("CPR screen: after a wrong date the digits are not sent back", async () => {
		await page.locator("#cpr").fill("3201901234");
		await page.locator("#cpr").press("Enter");
		await page.waitForSelector("#cpr-error");
		assert(/fødselsdag/.test(await text(page)), "message");
		assert(await page.locator("#cpr").inputValue() === "", "field empty");
		assert(!(await page.content()).includes("320190"), "digits in the page");
		const tree = await page.locator("main").ariaSnapshot();
		assert(!/320190/.test(tree), "digits in the accessibility tree");
		assert(/0 af 10 cifre/.test(await page.locator("#cpr-count").innerText()), "count reset");
		await check(page, "cpr-wrong-date");
	});

	await step("CPR screen: keypad types masked digits and counts them", async () => {
		await page.locator(".kiosk-keypad button[value=clear]").tap();
		await keypad(page, CITIZENS.mads.cpr);
		assert(await page.locator("#cpr").inputValue() === CITIZENS.mads.cpr, "value");
		assert(/10 af 10 cifre/.test(await page.locator("#cpr-count").innerText()), "count");
		const sec = await page.locator("#cpr").evaluate((e) => getComputedStyle(e).webkitTextSecurity);
		assert(sec === "disc", "masked: " + sec);
		await check(page, "cpr-typed");
	});

	await step("code screen: neutral text, wrong code explained", async () => {
		const before = smsLines().length;
		await page.locator("button[value=send]").tap();
		await page.waitForURL(/\/code$/);
		assert(/Hvis vi kender dit CPR-nummer/.test(await text(page)), "neutral text");
		assert(/Skranken i stueetagen/.test(await text(page)), "desk named");
		await check(page, "code");
		const sms = await waitSms(CITIZENS.mads.mobile, before);
		code = sms.body.match(/\b(\d{6})\b/)[1];
		const wrong = code === "000000" ? "111111" : "000000";
		await page.locator("#code").fill(wrong);
		await page.locator("button[value=send]").tap();
		await page.waitForSelector(".form-error-message");
		assert(/Koden passer ikke/.test(await text(page)), "wrong code message");
		assert(/4 gange mere/.test(await text(page)), "tries left");
		await check(page, "code-wrong");
	});

	await step("agreement page: every item for Mads", async () => {
		await page.locator(".kiosk-keypad button[value=clear]").tap();
		await keypad(page, code);
		await page.locator("button[value=send]").tap();
		await page.waitForURL(/\/agreement$/);
		const t = await text(page);
		for (const want of ["Hej Mads", "Inger Holm", "+45 20 00 00 01", "inger.holm@example.dk",
		    "Mandag-torsdag 9-15", "fast hverdag", "Følge Mads", "planlægge ugen", "dage tilbage",
		    "4 timer om ugen", "Herlev Bibliotek", "Møde med din mentor", "Møde med din sagsbehandler",
		    "Sådan klager du", "Bed min mentor ringe til mig"])
			assert(t.includes(want), "missing: " + want);
		assert(!/Ikke skrevet ned/.test(t), "nothing missing for Mads");
		assert(await page.getByRole("button", { name: "Log ud" }).count() === 1, "log out");
		await check(page, "agreement");
	});

	await step("ask my mentor to call: opens a request, names who calls", async () => {
		await page.getByRole("link", { name: "Bed min mentor ringe til mig" }).tap();
		await page.waitForURL(/\/call-me$/);
		await check(page, "call-me");
		const before = smsLines().length;
		await page.getByRole("button", { name: "Ring mig op" }).tap();
		await page.waitForURL(/\/call-me\/done$/);
		const t = await text(page);
		assert(/Inger Holm/.test(t), "caller named");
		assert(/ring 112/.test(t), "crisis text");
		await check(page, "call-me-done");
		await waitSms("+4520000001", before);
		await waitSms(CITIZENS.mads.mobile, before);
	});

	await step("asking again: you have already asked", async () => {
		await page.goto(KIOSK + "/call-me");
		await page.getByRole("button", { name: "Ring mig op" }).tap();
		await page.waitForURL(/\/call-me\/done$/);
		assert(/allerede bedt om/.test(await text(page)), "already open");
		await check(page, "call-me-again");
	});

	await step("complaint page: appeal, dissatisfaction, help", async () => {
		await page.goto(KIOSK + "/agreement");
		await page.getByRole("link", { name: "Sådan klager du" }).first().tap();
		await page.waitForURL(/\/complaints$/);
		const t = await text(page);
		for (const want of ["Ankestyrelsen", "4 uger", "utilfreds", "hjælp", "+45 44 52 00 00"])
			assert(t.includes(want), "missing: " + want);
		await check(page, "complaints");
	});

	await step("who has seen my data: roles and reasons, from the agreement page", async () => {
		await page.goto(KIOSK + "/agreement");
		await page.getByRole("link", { name: "Hvem har set mine oplysninger" }).tap();
		await page.waitForURL(/\/access-log$/);
		const t = await text(page);
		for (const want of ["Hvem har set mine oplysninger", "Selvbetjeningsskærmen i Herlev Kommune",
		    "Loggede ind", "Dig selv, på skærmen i Herlev Kommune", "Så din aftale",
		    "Bad om at blive ringet op", "Så, hvem der har set dine oplysninger", "Vi viser ikke navne"])
			assert(t.includes(want), "missing: " + want);
		assert(!/e2e-lobby/.test(t), "no kiosk or staff names");
		await check(page, "access-log");
		await page.getByRole("link", { name: "Sådan passer vi på dine oplysninger" }).tap();
		await page.waitForURL(/\/privacy$/);
		assert(await page.getByRole("button", { name: "Log ud" }).count() === 1, "still logged in");
		await page.getByRole("link", { name: "Tilbage til min aftale" }).tap();
		await page.waitForURL(/\/agreement$/);
		await page.getByRole("link", { name: "Sådan klager du" }).first().tap();
		await page.waitForURL(/\/complaints$/);
	});

	await step("language: English one tap away, and back", async () => {
		await page.getByRole("link", { name: "English" }).tap();
		await page.waitForURL(/\/complaints$/);
		assert(await page.getAttribute("html", "lang") === "en", "lang en");
		assert(/Ankestyrelsen/.test(await text(page)), "guidance in English");
		assert(/If you disagree with a decision/.test(await text(page)), "English heading");
		await check(page, "complaints-en");
		await page.goto(KIOSK + "/agreement");
		const t = await text(page);
		assert(/Hello Mads/.test(t), "greeting");
		assert(/4 hours a week/.test(t), "hours");
		assert(await page.locator("main li[lang=da]", { hasText: "Følge Mads" }).count() === 1, "task marked Danish");
		assert(await page.locator("main p[lang=da]", { hasText: "Herlev Bibliotek" }).count() >= 1, "place marked Danish");
		assert(/Log out/.test(await page.locator("header").innerText()), "log out");
		await check(page, "agreement-en");
		await page.getByRole("link", { name: "Dansk" }).tap();
		await page.waitForURL(/\/agreement$/);
		assert(await page.getAttribute("html", "lang") === "da", "back to Danish");
	});

	await step("log out: start screen, nothing personal; Back and reload show nothing", async () => {
		await page.getByRole("button", { name: "Log ud" }).tap();
		await page.waitForURL(/\/\?m=logout$/);
		assert(/Du er logget ud/.test(await text(page)), "logged out message");
		await check(page, "logged-out");
		await page.goBack();
		await page.waitForLoadState();
		let body = await page.locator("body").innerText();
		assert(!/Inger Holm|Mads|Herlev Bibliotek/.test(body), "Back shows personal data: " + page.url());
		await page.reload();
		body = await page.locator("body").innerText();
		assert(!/Inger Holm|Mads|Herlev Bibliotek/.test(body), "reload shows personal data");
		const r = await page.goto(KIOSK + "/agreement");
		assert(new URL(page.url()).pathname === "/", "agreement without login goes to start");
		assert(r.status() === 200, "start page");
		await check(page, "back-after-logout");
	});

	await step("missing items say 'not recorded'; mentor away shows the deputy", async () => {
		await login(page, KIOSK, CITIZENS.laerke, { scanner: true });
		const t = await text(page);
		assert(/Hej Lærke/.test(t), "greeting");
		assert((t.match(/Ikke skrevet ned – spørg din mentor/g) || []).length >= 3, "goal, tasks, hours missing");
		assert(/ikke på arbejde/.test(t) && /Inger Holm/.test(t), "deputy while away");
		await check(page, "agreement-missing");
		await logout(page);
	});

	await step("mentor who is also the caseworker is explained; cancelled meeting shown", async () => {
		await login(page, KIOSK, CITIZENS.bjoern);
		const t = await text(page);
		assert(/også din sagsbehandler/.test(t), "caseworker note");
		assert(/aflyst/.test(t), "cancelled meeting");
		assert(/30 timer i alt/.test(t), "total hours");
		await check(page, "agreement-caseworker");
		await logout(page);
	});

	await step("the at-least-6-months right, without naming psychiatry", async () => {
		await login(page, KIOSK, CITIZENS.soeren);
		const t = await text(page);
		assert(/mindst 6 måneder/.test(t), "right shown");
		const mine = await page.locator(".kiosk-note").allInnerTexts();
		assert(!/psykiatri|udskriv/i.test(mine.join(" ")), "our texts name no psychiatry");
		await check(page, "agreement-6-months");
		await logout(page);
	});

	await step("no agreement: a kind page saying whom to ask", async () => {
		await login(page, KIOSK, CITIZENS.ida);
		const t = await text(page);
		assert(/Hej Ida/.test(t) && /Vi kan ikke finde en aftale/.test(t), "kind page");
		assert(/Skranken i stueetagen/.test(t), "whom to ask");
		await check(page, "no-agreement");
		await logout(page);
	});

	await step("mentor and deputy both away: nobody is promised, the confirmation says so", async () => {
		await login(page, KIOSK, CITIZENS.lis);
		let t = await text(page);
		assert(/ikke på arbejde/.test(t), "mentor away");
		assert(!/Vera Vikar|får besked/.test(t), "no deputy promised on the agreement page");
		await page.getByRole("link", { name: "Bed min mentor ringe til mig" }).tap();
		await page.waitForURL(/\/call-me$/);
		t = await text(page);
		assert(/kan ikke sende beskeden videre/.test(t), "says nobody can be told: " + t.slice(0, 300));
		assert(!/Vera Vikar|kollega|får besked/.test(t), "promises nobody");
		await check(page, "call-me-nobody");
		await page.getByRole("button", { name: "Ring mig op" }).tap();
		await page.waitForURL(/\/call-me\/done$/);
		t = await text(page);
		assert(/Vi har gemt din besked/.test(t) && /Skranken i stueetagen/.test(t), "kept, ask at the desk");
		assert(!/ringer til dig/.test(t), "nobody will call");
		await check(page, "call-me-done-nobody");
		await logout(page);
	});

	await step("an empty agreement: every item 'not recorded'", async () => {
		await login(page, KIOSK, CITIZENS.kim);
		const t = await text(page);
		assert((t.match(/Ikke skrevet ned/g) || []).length >= 5, "items missing");
		await check(page, "agreement-empty");
		await logout(page);
	});

	await step("unknown CPR: the same code screen, no SMS", async () => {
		await page.goto(KIOSK + "/cpr");
		const before = smsLines().length;
		await page.locator("#cpr").fill("1111111118");
		await page.locator("#cpr").press("Enter");
		await page.waitForURL(/\/code$/);
		assert(/Hvis vi kender dit CPR-nummer/.test(await text(page)), "same neutral text");
		await new Promise((r) => setTimeout(r, 800));
		assert(smsLines().length === before, "no SMS for an unknown CPR");
		await page.getByRole("button", { name: "Afbryd" }).tap();
		await page.waitForURL(/\/$/);
	});

	/*
	 * Time limits with Playwright's clock (the page's timers; the server
	 * runs on real time, so its own limits are far away): the main kiosk,
	 * idle 120 s, warning 30 s, session 900 s.
	 */
	const tp = await newPage(browser, problems);
	await tp.clock.install();
	await step("desk code screen: from the start screen; a code that is no code explained", async () => {
		await page.goto(KIOSK + "/");
		await page.getByRole("link", { name: "Jeg har fået en kode i skranken" }).tap();
		await page.waitForURL(/\/desk$/);
		assert(/Skriv koden, du har fået i skranken/.test(await text(page)), "heading");
		assert(!/CPR-nummer:/.test(await text(page)), "asks for no CPR number");
		await check(page, "desk");
		await keypad(page, "12345");
		await page.locator("button[value=send]").tap();
		await page.waitForSelector(".form-error-message");
		assert(/Koden har 6 cifre/.test(await text(page)), "format message");
		await check(page, "desk-error");
	});

	await step("idle: every tap starts the idle time again, and the server is told", async () => {
		await tp.goto(KIOSK + "/cpr");
		await keypad(tp, "0101");
		await tp.clock.runFor(100000);
		assert(await tp.locator("#still-here").isHidden(), "no warning 100 s after typing");
		const ping = tp.waitForRequest((r) => new URL(r.url()).pathname === "/active" &&
		    r.method() === "POST" && !/extend=1/.test(r.postData()));
		await keypad(tp, "9");
		await tp.clock.runFor(11000);
		await ping;
		await tp.mouse.move(200, 300);
		await tp.clock.runFor(115000);
		assert(await tp.locator("#still-here").isHidden(), "no warning 115 s after the last pointer movement");
	});

	await step("idle: the warning counts down and hides the page; 'still here' keeps what was typed", async () => {
		await tp.clock.runFor(6000);
		await tp.waitForSelector("#still-here:not([hidden])");
		assert(await tp.locator("#still-here button").evaluate((b) => b === document.activeElement), "focus on button");
		assert(!(await tp.locator("main").isVisible()), "the page is hidden, not only dimmed");
		assert(!(await tp.locator("#cpr").isVisible()), "the field is hidden");
		const seconds = async () => {
			const t = await tp.locator("#still-here-count").innerText();
			assert(/^Siden lukker om \d+ sekunder\.$/.test(t), "countdown: " + t);
			return Number(t.match(/\d+/)[0]);
		};
		const n1 = await seconds();
		assert(n1 > 20 && n1 <= 30, "countdown starts near 30: " + n1);
		await tp.clock.runFor(5000);
		assert(await seconds() === n1 - 5, "counts down by the second");
		await check(tp, "still-here-countdown");
		await tp.evaluate(() => { window.kioskNotReloaded = true; });
		await tp.locator("#still-here button").tap();
		await tp.waitForSelector("#still-here", { state: "hidden" });
		assert(await tp.evaluate(() => window.kioskNotReloaded === true), "no reload");
		assert(await tp.locator("#cpr").inputValue() === "01019", "typed digits kept");
		assert(await tp.locator("main").isVisible(), "the page is back");
		assert(new URL(tp.url()).pathname === "/cpr", "same screen");
	});

	await step("idle: left alone, the page wipes itself and says why", async () => {
		await tp.clock.runFor(151000);
		await tp.waitForURL(/\/\?m=timeout$/);
		const body = await tp.locator("body").innerText();
		assert(/ikke skete noget/.test(body), "idle reason: " + body.slice(0, 200));
		await check(tp, "timed-out");
	});

	const ap = await newPage(browser, problems);
	await ap.clock.install();
	await step("session limit: warned, extended ten times with one tap, then ends saying why", async () => {
		await login(ap, KIOSK, CITIZENS.bjoern);
		const extend = [];
		ap.on("request", (r) => {
			if (new URL(r.url()).pathname === "/active" && /extend=1/.test(r.postData() || ""))
				extend.push(r);
		});
		for (let k = 0; k <= 10; k++) {
			/* Busy for 875 s: a pointer movement every 100 s. */
			for (let i = 0; i < 8; i++) {
				await ap.mouse.move(100 + k, 100 + i);
				await ap.clock.runFor(100000);
				assert(await ap.locator("#still-here").isHidden(), "no warning while active, round " + k);
			}
			await ap.mouse.move(300, 300);
			await ap.clock.runFor(75000);
			await ap.waitForSelector("#still-here:not([hidden])");
			const t = await ap.locator("#still-here").innerText();
			if (k < 10) {
				assert(/Vil du have mere tid\?/.test(t) && /Ja, giv mig mere tid/.test(t), "offers more time: " + t);
				if (k === 0)
					await check(ap, "session-more-time");
				await ap.locator("#still-here button").tap();
				await ap.waitForSelector("#still-here", { state: "hidden" });
				assert(/Hej Bjørn/.test(await text(ap)), "still the same page");
			} else {
				assert(!/giv mig mere tid/.test(t) && /mange gange/.test(t), "no more time: " + t);
				await check(ap, "session-last");
				await ap.locator("#still-here button").tap();
			}
		}
		assert(extend.length === 10, "ten extensions asked for: " + extend.length);
		await ap.clock.runFor(31000);
		await ap.waitForURL(/\/\?m=ended$/);
		const body = await ap.locator("body").innerText();
		assert(/logget ind i lang tid/.test(body), "the real reason: " + body.slice(0, 200));
		assert(!/Bjørn/.test(body), "nothing personal");
		await check(ap, "session-ended");
	});

	/* The real clock, short limits (idle 10 s, warning 5 s): no tap, wiped. */
	const idle = await newPage(browser, problems);
	await step("idle (real time): without a tap the screen is wiped and back at the start", async () => {
		await login(idle, KIOSK_IDLE, CITIZENS.emma);
		assert(/Hello Emma/.test(await text(idle)), "English for Emma");
		await idle.waitForSelector("#still-here:not([hidden])", { timeout: 15000 });
		assert(/The page closes in \d+ seconds?\./.test(await idle.locator("#still-here-count").innerText()), "English countdown");
		await check(idle, "still-here-en");
		await idle.waitForURL(/\/\?m=timeout$/, { timeout: 25000 });
		const body = await idle.locator("body").innerText();
		assert(!/Emma|Jørn/.test(body), "nothing personal");
		/* The session and its language are gone: the start is Danish. */
		assert(/ikke skete noget/.test(body), "timeout message");
		await idle.goBack();
		await idle.waitForLoadState();
		assert(!/Emma|Jørn/.test(await idle.locator("body").innerText()), "Back shows nothing");
	});

	await sites(browser);

	/* WCAG 1.4.10: 320 CSS px wide, nothing scrolls sideways. */
	const narrow = await newPage(browser, problems, 320, 640);
	await step("320 px: every screen reflows without sideways scrolling", async () => {
		const wide = [];
		const measure = async (label) => {
			await narrow.evaluate(() => document.fonts.ready);
			const r = await narrow.evaluate(() => [document.documentElement.scrollWidth,
			    document.documentElement.clientWidth]);
			if (r[0] > r[1])
				wide.push(label + " " + r[0] + " > " + r[1]);
		};
		await narrow.goto(KIOSK + "/");
		await measure("start");
		await narrow.goto(KIOSK + "/cpr");
		await measure("cpr");
		await narrow.locator("#cpr").fill("3201901234");
		await narrow.locator("button[value=send]").tap();
		await narrow.waitForSelector(".form-error-message");
		await measure("cpr-error");
		await login(narrow, KIOSK, CITIZENS.laerke, { stopAtCode: async () => measure("code") });
		await measure("agreement");
		await narrow.goto(KIOSK + "/desk");
		await measure("desk");
		for (const path of ["/call-me", "/complaints", "/access-log", "/privacy"]) {
			await narrow.goto(KIOSK + path);
			await measure(path);
		}
		await logout(narrow);
		assert(wide.length === 0, "sideways scrolling: " + wide.join(", "));
	});

	/* Every language of the switcher: start to sign out (languages.js). */
	await languages.run({
		kiosk: KIOSK, smsFile: SMS_FILE, axeReport, shotsDir: SHOTS,
		only: process.env.E2E_LANGS ? process.env.E2E_LANGS.split(/[ ,]+/) : null,
		newPage: (w, h) => newPage(browser, problems, w, h),
	});

	await step("no console errors, failed requests or unexpected HTTP errors", async () => {
		assert(problems.length === 0, problems.slice(0, 5).join("; "));
	});

	await browser.close();
	fs.writeFileSync(path.join(OUT, "axe.json"), JSON.stringify(axeReport, null, 1));
	console.log("axe: " + axeReport.length + " screen states, " +
	    axeReport.reduce((n, r) => n + r.violations, 0) + " violations (tags " + AXE_TAGS.join(" ") + ")");
	console.log("screenshots: " + shots + " in " + OUT);
	console.log(counts.passed + " passed, " + counts.failed + " failed");
	process.exitCode = counts.failed === 0 ? 0 : 1;
}

main().catch((e) => {
	console.log("FAIL e2e: " + e.stack);
	console.log(counts.passed + " passed, " + (counts.failed + 1) + " failed");
	process.exitCode = 1;
});
