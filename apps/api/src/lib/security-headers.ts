// Security headers of every API answer (hono's secureHeaders): no framing, no sniffing, no
// referrer, a Content-Security-Policy that allows nothing for JSON and files, HSTS over https.
// The API reference page (/api/docs, Scalar) loads its viewer from a CDN: its policy allows that
// CDN and nothing else. The open-data routes (/api/v1/public/…) may be read from any site (CORS),
// without cookies.
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';

type SecureHeadersOptions = NonNullable<Parameters<typeof secureHeaders>[0]>;
import type { AppEnv } from '../env.ts';

const common: SecureHeadersOptions = {
  xFrameOptions: 'DENY',
  referrerPolicy: 'no-referrer',
  xContentTypeOptions: 'nosniff',
  crossOriginOpenerPolicy: 'same-origin',
  // Files and JSON are read by the portal (same origin) and, for open data, by anyone (CORS).
  crossOriginResourcePolicy: false,
  crossOriginEmbedderPolicy: false,
  originAgentCluster: false,
  xDnsPrefetchControl: 'off',
  xDownloadOptions: 'noopen',
  xPermittedCrossDomainPolicies: 'none',
  xXssProtection: false,
  permissionsPolicy: { camera: false, microphone: false, geolocation: false },
};

const HSTS = 'max-age=31536000; includeSubDomains';

const apiHeaders = secureHeaders({
  ...common,
  strictTransportSecurity: false,
  contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] },
});

const CDN = 'https://cdn.jsdelivr.net';
const docsHeaders = secureHeaders({
  ...common,
  strictTransportSecurity: false,
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    // Scalar's page configures itself with an inline script and loads its viewer from the CDN.
    scriptSrc: ["'self'", "'unsafe-inline'", CDN],
    styleSrc: ["'self'", "'unsafe-inline'", CDN, 'https://fonts.googleapis.com'],
    fontSrc: ["'self'", 'data:', CDN, 'https://fonts.gstatic.com'],
    imgSrc: ["'self'", 'data:', 'https:'],
    connectSrc: ["'self'"],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'none'"],
  },
});

const openData = cors({ origin: '*', allowMethods: ['GET', 'HEAD', 'OPTIONS'], exposeHeaders: ['ETag', 'Link'], credentials: false });

/** Over https (directly or behind a proxy that says so), browsers are told to stay on https. */
function isHttps(url: string, forwardedProto: string | undefined): boolean {
  return url.startsWith('https:') || forwardedProto === 'https';
}

export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const path = c.req.path;
    const run = path === '/api/docs' ? docsHeaders : apiHeaders;
    const handler = path.startsWith('/api/v1/public/') ? openData : null;
    await run(c, async () => {
      if (handler) await handler(c, next);
      else await next();
    });
    if (isHttps(c.req.url, c.req.header('x-forwarded-proto'))) c.res.headers.set('strict-transport-security', HSTS);
  };
}
