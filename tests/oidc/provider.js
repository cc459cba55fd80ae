#!/usr/bin/env node
// provider.js - a real OpenID Connect provider (npm oidc-provider) on
// loopback, for Mentorlink's tests and `make run`.  Not for production.
//
//   node tests/oidc/provider.js --config FILE [--port N] [--port-file FILE]
//
// Listens on 127.0.0.1 (port 0 = any free port; the default), prints
// "oidc-provider: issuer http://127.0.0.1:PORT" on stdout and, with
// --port-file, writes the port number there once it accepts requests.
//
// FILE is JSON:
//   {
//     "clients": [ { "client_id": "console", "client_secret": "...",
//                    (or "client_secret_file": "oidc-staff.secret", the
//                    file Mentorlink reads too; relative to FILE's folder)
//                    "redirect_uris": ["http://127.0.0.1:8090/callback"],
//                    "post_logout_redirect_uris": [...],            (optional)
//                    "token_endpoint_auth_method": "client_secret_basic",
//                    "id_token_signed_response_alg": "RS256" } ],  (or PS256, ES256)
//     "accounts": [ { "sub": "staff-1", "login": "mette", "password": "demo",
//                     "acr": "substantial",                           (optional)
//                     "claims": { "preferred_username": "mette",
//                                 "name": "Mette Hansen", ... } } ],
//     "scopes": { "mitid": ["cpr", "loa"] },   (optional: scope -> claims)
//     "acr_values": ["low", "substantial"],    (optional)
//     "auto_logout": true                       (optional, see below)
//   }
// As a "MitID broker" for the kiosk (scripts/run-e2e.sh, make run, the
// benchmark): test citizens are accounts whose claims carry a CPR number
// and an assurance level ("dk.cpr": "0101901234", "loa": "substantial"),
// released by a scope such as "mitid" above.  With auto_logout the
// end-session page signs out at once (as a broker does for a relying
// party that sends id_token_hint) instead of asking "Log ud?".

// An account's claims are released by the scopes that name them (profile:
// preferred_username, name, given_name, family_name; email: email,
// email_verified; plus "scopes" above), and they go into the ID token.
//
// Sign-in needs no browser: GET /auth?... redirects to /interaction/UID, a
// plain HTML form; POST login=...&password=... to /interaction/UID/login;
// consent is granted without asking (the clients are the municipality's
// own).  Signing keys (RSA for RS256/PS256, EC P-256 for ES256) are made at
// start and never written anywhere.  POST /test/rotate-keys replaces them
// with new ones (new kid), for the relying party's key-rotation test.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';

import Provider from 'oidc-provider';

const LOGIN_PAGE_MAX = 8192;

function usage(msg) {
  process.stderr.write(`provider.js: ${msg}\n` +
    'usage: provider.js --config FILE [--port N] [--port-file FILE]\n');
  process.exit(2);
}

function parseArgs(argv) {
  const opt = { port: 0 };
  for (let i = 0; i < argv.length; i += 2) {
    const v = argv[i + 1];
    if (v === undefined) usage(`${argv[i]} needs a value`);
    if (argv[i] === '--config') opt.config = v;
    else if (argv[i] === '--port') opt.port = Number.parseInt(v, 10);
    else if (argv[i] === '--port-file') opt.portFile = v;
    else usage(`unknown argument ${argv[i]}`);
  }
  if (!opt.config) usage('--config is required');
  if (!Number.isInteger(opt.port) || opt.port < 0 || opt.port > 65535) usage('bad --port');
  return opt;
}

// Fresh signing keys, private JWKs with a random kid each.
function makeKeys() {
  const kid = () => crypto.randomBytes(9).toString('base64url');
  const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  return [
    { ...rsa.export({ format: 'jwk' }), kid: kid(), use: 'sig' },
    { ...ec.export({ format: 'jwk' }), kid: kid(), use: 'sig' },
  ];
}

function page(title, body) {
  return `<!DOCTYPE html>
<html lang="da"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title></head>
<body><main><h1>${title}</h1>${body}</main></body></html>`;
}

function esc(s) {
  return String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// The clients of conf, with client_secret_file read into client_secret.
function clients(conf, dir) {
  return (conf.clients || []).map((c) => {
    const out = {
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      ...c,
    };
    if (c.client_secret_file) {
      const f = path.resolve(dir, c.client_secret_file);
      out.client_secret = fs.readFileSync(f, 'utf8').replace(/[\r\n]+$/, '');
      delete out.client_secret_file;
    }
    return out;
  });
}

function providerConfig(conf, keys, cookieKeys) {
  const claims = {
    openid: ['sub'],
    profile: ['preferred_username', 'name', 'given_name', 'family_name'],
    email: ['email', 'email_verified'],
    ...(conf.scopes || {}),
  };
  const accounts = new Map((conf.accounts || []).map((a) => [a.sub, a]));
  return {
    clients: conf.clients,
    claims,
    acrValues: conf.acr_values || [],
    conformIdTokenClaims: false,
    cookies: { keys: cookieKeys },
    jwks: { keys },
    pkce: { required: () => true },
    ttl: {
      AccessToken: 3600,
      AuthorizationCode: 60,
      Grant: 36000,
      IdToken: 3600,
      Interaction: 3600,
      Session: 36000,
    },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          if (conf.auto_logout) {
            ctx.body = page('Log ud', `${form}
<input type="hidden" form="op.logoutForm" name="logout" value="yes">
<script>document.getElementById('op.logoutForm').submit();</script>`);
            return;
          }
          ctx.body = page('Log ud', `${form}
<p>Vil du logge ud? / Sign out?</p>
<button type="submit" form="op.logoutForm" name="logout" value="yes">Log ud</button>`);
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.body = page('Du er logget ud', '<p>You are signed out.</p>');
        },
      },
    },
    interactions: { url: async (ctx, interaction) => `/interaction/${interaction.uid}` },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = page('Fejl', Object.entries(out)
        .map(([k, v]) => `<p>${esc(k)}: ${esc(v)}</p>`).join(''));
    },
    findAccount: async (ctx, sub) => {
      const a = accounts.get(sub);
      if (!a) return undefined;
      return { accountId: sub, claims: async () => ({ ...(a.claims || {}), sub }) };
    },
  };
}

function readForm(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d) => {
      body += d;
      if (body.length > LOGIN_PAGE_MAX) reject(new Error('body too large'));
    });
    req.on('end', () => resolve(new URLSearchParams(body)));
    req.on('error', reject);
  });
}

// Consent for a first-party client: grant what the prompt says is missing.
async function grantConsent(provider, details) {
  const { prompt: { details: missing }, params, session } = details;
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [ind, s] of Object.entries(missing.missingResourceScopes || {})) {
    grant.addResourceScope(ind, s.join(' '));
  }
  return { consent: { grantId: await grant.save() } };
}

function loginForm(uid, error) {
  return page('Log ind (test)', `${error ? `<p role="alert">${esc(error)}</p>` : ''}
<form method="post" action="/interaction/${esc(uid)}/login" autocomplete="off">
<p><label for="login">Brugernavn / User name</label><br>
<input id="login" name="login" required autofocus></p>
<p><label for="password">Adgangskode / Password</label><br>
<input id="password" name="password" type="password" required></p>
<p><button type="submit">Log ind</button></p>
</form>`);
}

async function interaction(state, req, res, uid, action) {
  const provider = state.provider;
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) throw new Error('interaction mismatch');
  if (details.prompt.name === 'consent') {
    await provider.interactionFinished(req, res, await grantConsent(provider, details),
      { mergeWithLastSubmission: true });
    return;
  }
  if (action === 'login' && req.method === 'POST') {
    const form = await readForm(req);
    const a = state.conf.accounts.find((x) => x.login === form.get('login'));
    if (a && typeof a.password === 'string' && form.get('password') === a.password) {
      const login = { accountId: a.sub };
      if (a.acr) login.acr = a.acr;
      await provider.interactionFinished(req, res, { login },
        { mergeWithLastSubmission: false });
      return;
    }
    res.statusCode = 200;
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(loginForm(uid, 'Forkert brugernavn eller adgangskode.'));
    return;
  }
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(loginForm(uid));
}

function makeProvider(state) {
  const p = new Provider(state.issuer, providerConfig(state.conf, state.keys, state.cookieKeys));
  p.on('server_error', (ctx, err) => process.stderr.write(`oidc-provider: ${err.stack}\n`));
  return p;
}

async function handle(state, req, res) {
  const url = new URL(req.url, state.issuer);
  const m = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login))?$/.exec(url.pathname);
  if (m) {
    await interaction(state, req, res, m[1], m[2]);
  } else if (url.pathname === '/test/rotate-keys' && req.method === 'POST') {
    state.keys = makeKeys();
    state.provider = makeProvider(state);
    state.callback = state.provider.callback();
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ kids: state.keys.map((k) => k.kid) }));
  } else {
    state.callback(req, res);
  }
}

function main() {
  if (typeof URL.parse !== 'function') {
    process.stderr.write('provider.js: oidc-provider 9 needs Node.js 20.18 or later\n');
    process.exit(1);
  }
  const opt = parseArgs(process.argv.slice(2));
  const conf = JSON.parse(fs.readFileSync(opt.config, 'utf8'));
  conf.accounts = conf.accounts || [];
  conf.clients = clients(conf, path.dirname(opt.config));
  const state = {
    conf,
    keys: makeKeys(),
    cookieKeys: [crypto.randomBytes(32).toString('base64url')],
  };
  const server = http.createServer((req, res) => {
    handle(state, req, res).catch((err) => {
      process.stderr.write(`oidc-provider: ${req.method} ${req.url}: ${err.message}\n`);
      if (!res.headersSent) {
        res.statusCode = 400;
        res.setHeader('Content-Type', 'text/html; charset=utf-8');
        res.end(page('Fejl', `<p>${esc(err.message)}</p>`));
      }
    });
  });
  server.listen(opt.port, '127.0.0.1', () => {
    const { port } = server.address();
    state.issuer = `http://127.0.0.1:${port}`;
    state.provider = makeProvider(state);
    state.callback = state.provider.callback();
    process.stdout.write(`oidc-provider: issuer ${state.issuer}\n`);
    if (opt.portFile) {
      fs.writeFileSync(`${opt.portFile}.tmp`, `${port}\n`, { mode: 0o600 });
      fs.renameSync(`${opt.portFile}.tmp`, opt.portFile);
    }
  });
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main();
