/*
 * mitid_bench.js - the kiosk's MitID sign-in round trip against the local
 * test provider as broker (scripts/run-bench.sh, section mitid).  Figures
 * only, no assertions beyond "it signed in".
 *
 *   node bench/mitid_bench.js KIOSK_URL LOGIN PASSWORD ROUNDS
 *
 * One round: GET /mitid on the kiosk, the broker's authorization and
 * login form (POST login and password), the redirects back to
 * /mitid/callback (the kiosk's token request and ID token checks) and
 * the agreement page; then log out, through the broker's end-session
 * endpoint, back to the start screen.  Plain HTTP with a cookie jar per
 * port (no browser), so the time is the servers' and the redirects'.
 * Prints the median, 95th percentile and slowest of each half.
 */
"use strict";

const [KIOSK, LOGIN, PASSWORD, ROUNDS] = process.argv.slice(2);

/* Cookies by port: "name=value" by name. */
const jars = new Map();

function jar(url) {
	const port = new URL(url).port;
	if (!jars.has(port))
		jars.set(port, new Map());
	return jars.get(port);
}

/* One request without following redirects; cookies kept. */
async function request(url, opts = {}) {
	const j = jar(url);
	const headers = { ...(opts.headers || {}) };
	if (j.size > 0)
		headers.Cookie = [...j.values()].join("; ");
	const r = await fetch(url, { ...opts, headers, redirect: "manual" });
	for (const c of r.headers.getSetCookie()) {
		const nv = c.split(";")[0];
		const name = nv.split("=")[0];
		if (/=;|=$/.test(nv) || /Max-Age=0/i.test(c))
			j.delete(name);
		else
			j.set(name, nv);
	}
	return { status: r.status, location: r.headers.get("location"), body: await r.text(), url };
}

/* Follow redirects from url; answer the broker's login form; returns the last answer. */
async function follow(url, opts) {
	let r = await request(url, opts);
	for (let hops = 0; hops < 20; hops++) {
		if (r.status >= 300 && r.status < 400) {
			r = await request(new URL(r.location, r.url).href);
			continue;
		}
		const form = /action="(\/interaction\/[^"]+\/login)"/.exec(r.body);
		const auto = /<form id="op\.logoutForm"[^>]*action="([^"]+)"[\s\S]*?name="xsrf" value="([^"]+)"/.exec(r.body);
		if (form) {
			r = await request(new URL(form[1], r.url).href, {
				method: "POST",
				headers: { "Content-Type": "application/x-www-form-urlencoded" },
				body: new URLSearchParams({ login: LOGIN, password: PASSWORD }).toString(),
			});
		} else if (auto) {
			r = await request(new URL(auto[1], r.url).href, {
				method: "POST",
				headers: { "Content-Type": "application/x-www-form-urlencoded" },
				body: new URLSearchParams({ xsrf: auto[2], logout: "yes" }).toString(),
			});
		} else {
			return r;
		}
	}
	throw new Error("too many redirects from " + url);
}

function csrf(body) {
	const m = /name="csrf" value="([0-9a-f]+)"/.exec(body);
	if (!m)
		throw new Error("no CSRF token on the page");
	return m[1];
}

function stats(label, ms) {
	const s = [...ms].sort((a, b) => a - b);
	const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
	console.log("mitid bench: " + label + ": " + s.length + " rounds, median " +
	    at(0.5).toFixed(1) + " ms, p95 " + at(0.95).toFixed(1) + " ms, max " +
	    s[s.length - 1].toFixed(1) + " ms");
}

async function main() {
	const rounds = Number.parseInt(ROUNDS || "20", 10);
	const signIn = [], signOut = [];
	for (let i = 0; i < rounds; i++) {
		let t = performance.now();
		const page = await follow(KIOSK + "/mitid");
		if (page.status !== 200 || !page.url.endsWith("/agreement"))
			throw new Error("round " + i + ": not signed in (" + page.status + " " + page.url + ")");
		signIn.push(performance.now() - t);
		t = performance.now();
		const out = await follow(KIOSK + "/logout", {
			method: "POST",
			headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: KIOSK },
			body: "csrf=" + csrf(page.body),
		});
		if (!/\/\?m=logout$/.test(out.url))
			throw new Error("round " + i + ": log out ended at " + out.url);
		signOut.push(performance.now() - t);
	}
	stats("sign-in (kiosk -> broker login -> callback -> agreement)", signIn);
	stats("log out (kiosk -> broker end-session -> start)", signOut);
}

main().catch((e) => {
	console.log("mitid bench: failed: " + e.message);
	process.exitCode = 1;
});
