-- webhook.lua - wrk script for the webhook intake benchmark.
--
--   BENCH_KIND=dlr wrk -t1 -c32 -d10s -s bench/webhook.lua http://127.0.0.1:PORT
--
-- BENCH_KIND is "dlr" (GatewayAPI delivery reports, the default) or "mo"
-- (GatewayAPI incoming SMS from a short code, which the router records
-- and never answers).  With BENCH_RATE set (requests per second, for
-- each wrk thread) requests leave on a fixed schedule, one every
-- 1/BENCH_RATE s over all connections, instead of as fast as answers
-- come back; a request whose slot has passed leaves at once, and its
-- latency is counted from when it left (as wrk counts).  Every request carries a unique id and is signed
-- as GatewayAPI signs it: a JWT (HS256, via libcrypto through LuaJIT's
-- FFI) whose payload is the body.  The secret comes from BENCH_SECRET.
-- done() prints one line of figures for scripts/run-bench.sh.

local ffi = require("ffi")
local bit = require("bit")

ffi.cdef [[
struct timespec { long tv_sec; long tv_nsec; };
int clock_gettime(int, struct timespec *);
unsigned char *HMAC(const void *md, const void *key, int keylen,
    const unsigned char *d, size_t n, unsigned char *out,
    unsigned int *outlen);
const void *EVP_sha256(void);
]]
local crypto = ffi.load("crypto")
local mac = ffi.new("unsigned char[32]")
local maclen = ffi.new("unsigned int[1]")

local alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
local enc = {}
for i = 1, 64 do enc[i - 1] = alphabet:sub(i, i) end

-- base64url without padding
local function b64url(s)
	local out, n = {}, #s
	for i = 1, n, 3 do
		local a, b, c = s:byte(i, i + 2)
		local v = bit.bor(bit.lshift(a, 16), bit.lshift(b or 0, 8), c or 0)
		out[#out + 1] = enc[bit.band(bit.rshift(v, 18), 63)]
		out[#out + 1] = enc[bit.band(bit.rshift(v, 12), 63)]
		if b then out[#out + 1] = enc[bit.band(bit.rshift(v, 6), 63)] end
		if c then out[#out + 1] = enc[bit.band(v, 63)] end
	end
	return table.concat(out)
end

local header = b64url('{"typ":"JWT","alg":"HS256"}')
local secret = os.getenv("BENCH_SECRET") or "bench-secret"

local function jwt(payload)
	local signing = header .. "." .. b64url(payload)
	crypto.HMAC(crypto.EVP_sha256(), secret, #secret, signing, #signing,
	    mac, maclen)
	return signing .. "." .. b64url(ffi.string(mac, maclen[0]))
end

local ts = ffi.new("struct timespec")

-- CLOCK_MONOTONIC in milliseconds
local function now_ms()
	ffi.C.clock_gettime(1, ts)
	return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local threads = {}

function setup(thread)
	thread:set("tid", #threads + 1)
	table.insert(threads, thread)
end

-- Read in every Lua state wrk makes (setup, threads, done).
local kind = os.getenv("BENCH_KIND") or "dlr"
local rate = tonumber(os.getenv("BENCH_RATE") or "")
local path, counter, errors, base, slot

function init(args)
	path = kind == "mo" and "/webhooks/gatewayapi/mo" or
	    "/webhooks/gatewayapi/dlr"
	counter, errors = 0, 0
	base = (os.time() % 100000) * 1000000000 + tid * 100000000
end

-- With BENCH_RATE: wait for the next free slot on the schedule.
if rate then
	function delay()
		local now = now_ms()
		slot = slot and slot + 1000 / rate or now
		return slot > now and math.floor(slot - now) or 0
	end
end

function request()
	counter = counter + 1
	local id = base + counter
	local body
	if kind == "mo" then
		body = string.format('{"id":%d,"msisdn":1204,"receiver":4512345678,' ..
		    '"message":"Bench %d"}', id, counter)
	else
		body = string.format('{"id":%d,"msisdn":4520999999,"status":' ..
		    '"DELIVERED","userref":"%d"}', id, id)
	end
	return wrk.format("POST", path, {
		["Content-Type"] = "application/json",
		["X-Gwapi-Signature"] = jwt(body),
	}, body)
end

function response(status, headers, body)
	if status ~= 200 then errors = errors + 1 end
end

function done(summary, latency, requests)
	local secs = summary.duration / 1e6
	io.write(string.format("webhook %-3s %s requests %d  req/s %.0f  " ..
	    "p50 %.2f ms  p99 %.2f ms  max %.2f ms  non-2xx %d  errors %d\n",
	    kind, rate and string.format("at %d/s", rate) or "full load",
	    summary.requests, summary.requests / secs,
	    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
	    latency.max / 1000, summary.errors.status,
	    summary.errors.connect + summary.errors.read +
	    summary.errors.write + summary.errors.timeout))
end
