// An OpenID provider for qyzmet's tests and demo: the certified `oidc-provider` package, one
// confidential client (authorization code flow, PKCE required), and a login page where the
// login typed is the person's IIN (the `iin` claim of the ID token). Not for real people: it
// signs in anyone as whoever they type.
//
// Environment (all optional):
//   PORT                    port on 127.0.0.1 (9090)
//   ISSUER                  the issuer URL (http://127.0.0.1:PORT)
//   OIDC_CLIENT_ID          the client (qyzmet)
//   OIDC_CLIENT_SECRET      its secret (qyzmet-demo-secret)
//   OIDC_CLIENT_AUTH        client_secret_basic (default) or client_secret_post
//   OIDC_REDIRECT_URIS      comma-separated redirect URIs of the client (the demo's callbacks,
//                           http://127.0.0.1:8000/sign-in/oidc/callback/ and the back office's
//                           /back-office/sign-in/oidc/callback/, and on localhost)
//   OIDC_KEY_ID             the signing key's `kid` (random: a new key, a new kid)
//   OIDC_ID_TOKEN_TTL       seconds an ID token is valid (3600)
// For tests that need a provider which misbehaves:
//   OIDC_CLOCK_SKEW_SECONDS the provider's clock runs this far off (-600, with a TTL of 60:
//                           its ID tokens expired on arrival)
//   OIDC_ID_TOKEN_AUDIENCE  ID tokens name this audience instead of the client

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';

const skew = Number(process.env.OIDC_CLOCK_SKEW_SECONDS || 0) * 1000;
if (skew) {
  const realNow = Date.now;
  Date.now = () => realNow() + skew;
}

const { default: Provider } = await import('oidc-provider');

const port = Number(process.env.PORT || 9090);
const issuer = process.env.ISSUER || `http://127.0.0.1:${port}`;
const clientId = process.env.OIDC_CLIENT_ID || 'qyzmet';
const demoRedirectUris = ['http://127.0.0.1:8000', 'http://localhost:8000']
  .flatMap((site) => [`${site}/sign-in/oidc/callback/`, `${site}/back-office/sign-in/oidc/callback/`])
  .join(',');
const redirectUris = (process.env.OIDC_REDIRECT_URIS || demoRedirectUris)
  .split(',').map((uri) => uri.trim()).filter(Boolean);

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = {
  ...privateKey.export({ format: 'jwk' }),
  kid: process.env.OIDC_KEY_ID || randomBytes(8).toString('hex'),
  use: 'sig',
  alg: 'RS256',
};

const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId,
    client_secret: process.env.OIDC_CLIENT_SECRET || 'qyzmet-demo-secret',
    redirect_uris: redirectUris,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: process.env.OIDC_CLIENT_AUTH || 'client_secret_basic',
  }],
  jwks: { keys: [signingKey] },
  pkce: { required: () => true },
  ttl: { IdToken: Number(process.env.OIDC_ID_TOKEN_TTL || 3600) },
  // The IIN travels in the ID token itself (as national providers put the person's code there).
  claims: { openid: ['sub', 'iin'] },
  conformIdTokenClaims: false,
  findAccount: async (ctx, login) => ({
    accountId: login,
    claims: async () => ({ sub: login, iin: login }),
  }),
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  renderError: async (ctx, out) => {
    ctx.type = 'html';
    ctx.body = page('Error', `<h1>Sign-in error</h1><p id="error">${escape(out.error)}: ${escape(out.error_description || '')}</p>`);
  },
});

const audience = process.env.OIDC_ID_TOKEN_AUDIENCE;
if (audience) {
  const issue = provider.IdToken.prototype.issue;
  provider.IdToken.prototype.issue = function issueForAnother(options) {
    const client = this.client;
    this.client = new Proxy(client, {
      get: (target, name) => (name === 'clientId' ? audience : Reflect.get(target, name, target)),
    });
    return issue.call(this, options);
  };
}

function escape(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title, body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>
<style>body{font-family:sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}
label,input,button{display:block;font-size:1.1rem;margin:.5rem 0}input{width:100%;padding:.4rem}
button{padding:.5rem 1rem}</style></head><body>${body}</body></html>`;
}

function loginPage(uid, clientName) {
  return page('Test OpenID provider: sign in', `
<h1>Test OpenID provider</h1>
<p>${escape(clientName)} asks who you are. Type the IIN to sign in as (a test provider: no password).</p>
<form method="post" action="/interaction/${uid}/login">
  <label for="login">Login (IIN)</label>
  <input id="login" name="login" inputmode="numeric" autocomplete="username" autofocus required>
  <button type="submit" id="sign-in">Sign in</button>
</form>
<form method="post" action="/interaction/${uid}/abort">
  <button type="submit" id="cancel">Cancel</button>
</form>`);
}

async function formBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

async function interaction(req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) throw new Error('interaction mismatch');
  const { prompt, params, session } = details;
  if (action === 'abort') {
    return provider.interactionFinished(req, res, {
      error: 'access_denied', error_description: 'The person cancelled signing in.',
    }, { mergeWithLastSubmission: false });
  }
  if (prompt.name === 'login' && action === 'login') {
    const login = ((await formBody(req)).get('login') || '').trim();
    if (login) {
      return provider.interactionFinished(req, res, { login: { accountId: login } }, {
        mergeWithLastSubmission: false,
      });
    }
  }
  if (prompt.name === 'consent') {
    // The state's portal is a first-party client: consent is given without asking.
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
    if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
    const grantId = await grant.save();
    return provider.interactionFinished(req, res, { consent: { grantId } }, {
      mergeWithLastSubmission: true,
    });
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  return res.end(loginPage(uid, params.client_id));
}

const handle = provider.callback();
const server = createServer(async (req, res) => {
  const match = req.url.match(/^\/interaction\/([\w-]+)(?:\/(login|abort))?$/);
  if (!match) return handle(req, res);
  try {
    return await interaction(req, res, match[1], match[2]);
  } catch (error) {
    res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
    return res.end(`interaction failed: ${error.message}`);
  }
});

server.listen(port, '127.0.0.1', () => {
  console.log(`OpenID provider ${issuer} (client ${clientId}, key ${signingKey.kid}) ready`);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
